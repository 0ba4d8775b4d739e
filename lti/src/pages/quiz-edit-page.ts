import { MAX_QUIZ_TITLE_CHARS, QUESTION_LIMITS } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { hiddenFields, type PageContext, pageUrl, postButton } from "./page-context.ts";
import { notice, type PageNotice } from "./page-parts.ts";
import { approveExplanation } from "./quiz-discard-page.ts";

/** A stored question as the edit form shows it. */
export interface EditableQuestion {
  position: number;
  kind: "SINGLE_CHOICE" | "MULTIPLE_SELECT" | "TRUE_FALSE" | "SHORT_TEXT" | "NUMERIC";
  prompt: string;
  choices: string[];
  correctChoices: number[];
  acceptedAnswers: string[];
  numericAnswer: number | null;
  tolerance: number | null;
  explanation: string | null;
  sourceTitle: string | null;
}

export interface QuizEditData {
  courseName: string;
  quiz: { id: string; title: string; status: string };
  questions: EditableQuestion[];
  notice?: PageNotice;
  /** The question whose save failed: its form shows what was typed and the error. */
  failed?: { position: number; message: string };
  /** Why the last rename was refused. */
  renameError?: string;
}

const KIND_LABEL: Record<EditableQuestion["kind"], string> = {
  SINGLE_CHOICE: "One correct choice",
  MULTIPLE_SELECT: "Several correct choices",
  TRUE_FALSE: "True or false",
  SHORT_TEXT: "Typed answer",
  NUMERIC: "Number",
};

/** A draft's questions, each in its own form (prompt, choices, correct answers, explanation). */
export function quizEditPage(data: QuizEditData, ctx: PageContext): { title: string; body: SafeHtml } {
  const { quiz } = data;
  const forms = data.questions.map((q) => questionForm(quiz.id, q, ctx, data.failed));
  const body = html`<header><p class="muted">StudyHall · ${data.courseName}</p><h1>Edit “${quiz.title}”</h1>
<nav aria-label="StudyHall"><ul><li><a href="${pageUrl(ctx, "/course")}">Back to the course page</a></li><li><a href="${pageUrl(ctx, `/course/quizzes/${quiz.id}`)}">Review the quiz</a></li></ul></nav></header>
${notice(data.notice)}
${renameForm(quiz, ctx, data.renameError)}
${quiz.status === "DRAFT" ? "" : html`<p class="notice warning" role="note">This quiz is ${quiz.status.toLowerCase()}: students may already have taken it. Edits change what later players see.</p>`}
${forms}
${quiz.status === "DRAFT" ? html`${approveExplanation()}<p>${postButton(ctx, `/course/quizzes/${quiz.id}/approve`, "Approve")} <a href="${pageUrl(ctx, `/course/quizzes/${quiz.id}/discard`)}">Discard this draft</a></p>` : ""}`;
  return { title: `Edit ${quiz.title}`, body };
}

/** The quiz's title, which students, results and a new gradebook column show. */
function renameForm(quiz: QuizEditData["quiz"], ctx: PageContext, error: string | undefined): SafeHtml {
  return html`<form method="post" action="${`${ctx.toolUrl}/course/quizzes/${quiz.id}/title`}">${hiddenFields(ctx)}
${error ? html`<p class="notice error" role="alert" id="quiz-title-error">${error}</p>` : ""}
<label class="block" for="quiz-title">Title <span class="muted">(students see it on their page, and so does the gradebook column StudyHall makes for it)</span></label>
<input type="text" id="quiz-title" name="title" value="${quiz.title}" maxlength="${MAX_QUIZ_TITLE_CHARS}" required${error ? html` aria-describedby="quiz-title-error"` : ""}>
<button type="submit" class="secondary">Rename</button></form>`;
}

function questionForm(
  quizId: string,
  q: EditableQuestion,
  ctx: PageContext,
  failed: QuizEditData["failed"],
): SafeHtml {
  const id = `q${q.position}`;
  const error = failed?.position === q.position ? failed.message : undefined;
  return html`<section aria-labelledby="${id}-h"><h2 id="${id}-h" tabindex="-1">Question ${q.position + 1} <span class="muted">· ${KIND_LABEL[q.kind]}</span></h2>
${error ? html`<p class="notice error" role="alert" id="${id}-error">${error}</p>` : ""}
<form method="post" action="${`${ctx.toolUrl}/course/quizzes/${quizId}/questions/${q.position}`}">${hiddenFields(ctx)}
<input type="hidden" name="kind" value="${q.kind}">
<label class="block" for="${id}-prompt">Question</label>
<textarea id="${id}-prompt" name="prompt" rows="2" cols="60" maxlength="${QUESTION_LIMITS.promptChars}" required${error ? html` aria-describedby="${id}-error"` : ""}>${q.prompt}</textarea>
${answerFields(id, q)}
<label class="block" for="${id}-explanation">Explanation <span class="muted">(shown after answering)</span></label>
<textarea id="${id}-explanation" name="explanation" rows="2" cols="60" maxlength="${QUESTION_LIMITS.explanationChars}">${q.explanation ?? ""}</textarea>
${q.sourceTitle ? html`<p class="muted">Written from: ${q.sourceTitle}</p>` : ""}
<p><button type="submit">Save question ${q.position + 1}</button></p></form></section>`;
}

function answerFields(id: string, q: EditableQuestion): SafeHtml {
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
      return html`<fieldset><legend>Choices (${QUESTION_LIMITS.minChoices} to ${QUESTION_LIMITS.maxChoices}; leave extra boxes empty) and the correct ${q.kind === "SINGLE_CHOICE" ? "one" : "ones"}</legend><table><tbody>${rows}</tbody></table></fieldset>`;
    }
    case "TRUE_FALSE": {
      const answer = q.correctChoices[0] === 0;
      return html`<fieldset><legend>The statement is</legend>
<input type="radio" id="${id}-true" name="answer" value="true"${answer ? html` checked` : ""}> <label for="${id}-true">True</label>
<input type="radio" id="${id}-false" name="answer" value="false"${answer ? "" : html` checked`}> <label for="${id}-false">False</label></fieldset>`;
    }
    case "SHORT_TEXT":
      return html`<label class="block" for="${id}-accepted">Accepted answers, one per line <span class="muted">(case, accents and punctuation are ignored)</span></label>
<textarea id="${id}-accepted" name="acceptedAnswers" rows="3" cols="40" required>${q.acceptedAnswers.join("\n")}</textarea>`;
    case "NUMERIC":
      return html`<label class="block" for="${id}-number">Correct number</label>
<input type="text" inputmode="decimal" id="${id}-number" name="numericAnswer" value="${q.numericAnswer ?? ""}" required>
<label class="block" for="${id}-tolerance">Accepted difference (±)</label>
<input type="text" inputmode="decimal" id="${id}-tolerance" name="tolerance" value="${q.tolerance ?? 0}">`;
  }
}
