import { QUESTION_LIMITS, type QuestionField, type QuestionProblem } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";

/** A question as its form shows it: stored values, or what was typed when a save was refused. */
export interface QuestionFieldValues {
  kind: "SINGLE_CHOICE" | "MULTIPLE_SELECT" | "TRUE_FALSE" | "SHORT_TEXT" | "NUMERIC";
  prompt: string;
  choices: string[];
  correctChoices: number[];
  acceptedAnswers: string[];
  numericAnswer: number | string | null;
  tolerance: number | string | null;
  explanation: string | null;
  hint: string | null;
  points: number | string | null;
  timeLimitSec: number | string | null;
}

export const KIND_LABEL: Record<QuestionFieldValues["kind"], string> = {
  SINGLE_CHOICE: "One correct choice",
  MULTIPLE_SELECT: "Several correct choices",
  TRUE_FALSE: "True or false",
  SHORT_TEXT: "Typed answer",
  NUMERIC: "Number",
};

/**
 * Every field of one question's form, each refused field's problem shown just above it and named by
 * `aria-describedby`. `id` prefixes the element ids (one page holds many forms).
 */
export function questionFields(
  id: string,
  q: QuestionFieldValues,
  problems: QuestionProblem[] = [],
): SafeHtml {
  const err = (...fields: QuestionField[]) => fieldError(id, problems, fields);
  const described = (...fields: QuestionField[]) =>
    problems.some((p) => fields.includes(p.field)) ? html` aria-describedby="${id}-${fields[0]!}-error"` : "";
  return html`<input type="hidden" name="kind" value="${q.kind}">
${err("kind")}
${err("prompt")}<label class="block" for="${id}-prompt">Question</label>
<textarea id="${id}-prompt" name="prompt" rows="2" cols="60" maxlength="${QUESTION_LIMITS.promptChars}" required${described("prompt")}>${q.prompt}</textarea>
${answerFields(id, q, err)}
${err("hint")}<label class="block" for="${id}-hint">Hint <span class="muted">(optional; shown under the question when a student takes the quiz on their LMS page)</span></label>
<input type="text" id="${id}-hint" name="hint" value="${q.hint ?? ""}" maxlength="300" size="60"${described("hint")}>
${err("explanation")}<label class="block" for="${id}-explanation">Explanation <span class="muted">(shown after answering)</span></label>
<textarea id="${id}-explanation" name="explanation" rows="2" cols="60" maxlength="${QUESTION_LIMITS.explanationChars}"${described("explanation")}>${q.explanation ?? ""}</textarea>
${err("points")}<label class="block" for="${id}-points">Points for a right answer <span class="muted">(0 to ${QUESTION_LIMITS.maxPoints}; 1000 if empty)</span></label>
<input type="number" id="${id}-points" name="points" value="${q.points ?? ""}" min="0" max="${QUESTION_LIMITS.maxPoints}" step="1"${described("points")}>
${err("timeLimitSec")}<label class="block" for="${id}-time">Seconds to answer in a live game <span class="muted">(${QUESTION_LIMITS.minSeconds} to ${QUESTION_LIMITS.maxSeconds}; 20 if empty)</span></label>
<input type="number" id="${id}-time" name="timeLimitSec" value="${q.timeLimitSec ?? ""}" min="${QUESTION_LIMITS.minSeconds}" max="${QUESTION_LIMITS.maxSeconds}" step="1"${described("timeLimitSec")}>`;
}

function fieldError(id: string, problems: QuestionProblem[], fields: QuestionField[]): SafeHtml | "" {
  const found = problems.filter((p) => fields.includes(p.field));
  if (!found.length) return "";
  return html`<p class="notice error" role="alert" id="${id}-${fields[0]!}-error">${found.map((p) => p.message).join(" ")}</p>`;
}

type ErrorSlot = (...fields: QuestionField[]) => SafeHtml | "";

function answerFields(id: string, q: QuestionFieldValues, err: ErrorSlot): SafeHtml {
  switch (q.kind) {
    case "SINGLE_CHOICE":
    case "MULTIPLE_SELECT": {
      const type = q.kind === "SINGLE_CHOICE" ? "radio" : "checkbox";
      const rows = Array.from({ length: QUESTION_LIMITS.maxChoices }, (_, i) => {
        const value = q.choices[i] ?? "";
        const checked = q.correctChoices.includes(i);
        return html`<tr><td><label for="${id}-c${i}" class="visually-hidden">Choice ${i + 1}</label><input type="text" id="${id}-c${i}" name="choice${i}" value="${value}" maxlength="${QUESTION_LIMITS.choiceChars}"></td>
<td><input type="${type}" id="${id}-ok${i}" name="correct" value="${i}"${checked ? html` checked` : ""}> <label for="${id}-ok${i}">Correct<span class="visually-hidden"> (choice ${i + 1})</span></label></td></tr>`;
      });
      return html`<fieldset><legend>Choices (${QUESTION_LIMITS.minChoices} to ${QUESTION_LIMITS.maxChoices}; leave extra boxes empty) and the correct ${q.kind === "SINGLE_CHOICE" ? "one" : "ones"}</legend>${err("choices", "correctChoices")}<table><tbody>${rows}</tbody></table></fieldset>`;
    }
    case "TRUE_FALSE": {
      const answer = q.correctChoices[0];
      return html`<fieldset><legend>The statement is</legend>${err("answer")}
<input type="radio" id="${id}-true" name="answer" value="true"${answer === 0 ? html` checked` : ""}> <label for="${id}-true">True</label>
<input type="radio" id="${id}-false" name="answer" value="false"${answer === 1 ? html` checked` : ""}> <label for="${id}-false">False</label></fieldset>`;
    }
    case "SHORT_TEXT":
      return html`${err("acceptedAnswers")}<label class="block" for="${id}-accepted">Accepted answers, one per line <span class="muted">(case, accents and punctuation are ignored)</span></label>
<textarea id="${id}-accepted" name="acceptedAnswers" rows="3" cols="40" required>${q.acceptedAnswers.join("\n")}</textarea>`;
    case "NUMERIC":
      return html`${err("numericAnswer")}<label class="block" for="${id}-number">Correct number</label>
<input type="text" inputmode="decimal" id="${id}-number" name="numericAnswer" value="${q.numericAnswer ?? ""}" required>
${err("tolerance")}<label class="block" for="${id}-tolerance">Accepted difference (±)</label>
<input type="text" inputmode="decimal" id="${id}-tolerance" name="tolerance" value="${q.tolerance ?? 0}">`;
  }
}
