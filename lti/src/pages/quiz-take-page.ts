import { type AttemptResult, choiceLabel, type QuestionToAnswer } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { localTime } from "./local-time.ts";
import { hiddenFields, type PageContext, pageUrl } from "./page-context.ts";
import { countOf, notice, type PageNotice } from "./page-parts.ts";

export interface QuizTakeData {
  courseName: string;
  quiz: { id: string; title: string; questions: QuestionToAnswer[] };
  attempt: AttemptResult | null;
  notice?: PageNotice;
  /** Core's archived sentence when the course is archived: the quiz is shown, not taken. */
  archived?: string | null;
  /** Course staff get a way back to their page. */
  staff: boolean;
}

/** A quiz to take (one form, every question), or the stored result once it was submitted. */
export function quizTakePage(data: QuizTakeData, ctx: PageContext): { title: string; body: SafeHtml } {
  const back = html`<nav aria-label="StudyHall"><ul><li><a href="${pageUrl(ctx, "/learn")}">Back to the course</a></li>${data.staff ? html`<li><a href="${pageUrl(ctx, `/course/quizzes/${data.quiz.id}/results`)}">Results (staff)</a></li>` : ""}</ul></nav>`;
  const body = html`<header><p class="muted">StudyHall · ${data.courseName}</p><h1>${data.quiz.title}</h1>${back}</header>
${notice(data.notice)}
${data.attempt ? resultView(data.attempt) : data.archived ? notice({ tone: "info", text: data.archived }) : takeForm(data.quiz, ctx)}`;
  return { title: data.quiz.title, body };
}

function takeForm(quiz: QuizTakeData["quiz"], ctx: PageContext): SafeHtml {
  const questions = quiz.questions.map((q, i) => questionFields(q, i));
  return html`<p>${countOf(quiz.questions.length, "question")}. You can submit once; then you see the answers and explanations.</p>
<form method="post" action="${`${ctx.toolUrl}/learn/quizzes/${quiz.id}`}">${hiddenFields(ctx)}
${questions}
<p><button type="submit">Submit my answers</button></p></form>`;
}

function questionFields(q: QuestionToAnswer, index: number): SafeHtml {
  const name = `q-${q.id}`;
  const legend = html`<legend><strong>${index + 1}.</strong> ${q.prompt}</legend>`;
  const hint = q.hint ? html`<p class="muted" id="${name}-hint">Hint: ${q.hint}</p>` : "";
  switch (q.kind) {
    case "SINGLE_CHOICE":
    case "TRUE_FALSE":
    case "MULTIPLE_SELECT": {
      const type = q.kind === "MULTIPLE_SELECT" ? "checkbox" : "radio";
      const options = q.choices.map(
        (choice, i) =>
          html`<p><input type="${type}" name="${name}" id="${name}-${i}" value="${i}"> <label for="${name}-${i}">${choiceLabel(q.kind, i, choice)}</label></p>`,
      );
      const multi =
        q.kind === "MULTIPLE_SELECT" ? html`<p class="muted">Choose every correct answer.</p>` : "";
      return html`<fieldset>${legend}${multi}${hint}${options}</fieldset>`;
    }
    case "SHORT_TEXT":
      return html`<fieldset>${legend}${hint}<label for="${name}">Your answer</label> <input type="text" name="${name}" id="${name}" maxlength="300" autocomplete="off"></fieldset>`;
    case "NUMERIC":
      return html`<fieldset>${legend}${hint}<label for="${name}">Your answer (a number)</label> <input type="text" inputmode="decimal" name="${name}" id="${name}" maxlength="40" autocomplete="off"></fieldset>`;
  }
}

function resultView(attempt: AttemptResult): SafeHtml {
  const items = attempt.questions.map((q, i) => {
    const verdict = q.correct
      ? "Correct"
      : q.credit > 0
        ? `Partly correct (${Math.round(q.credit * 100)}%)`
        : q.given
          ? "Not correct"
          : "Not answered";
    return html`<li><p><strong>${i + 1}. ${q.prompt}</strong></p>
<p><span class="${q.correct ? "ok" : "wrong"}">${q.correct ? "✓" : "✗"} ${verdict}.</span>${q.given ? html` Your answer: ${q.given}.` : ""}</p>
<p>Correct answer: <strong>${q.correctAnswer}</strong></p>
${q.explanation ? html`<p>${q.explanation}</p>` : ""}
${q.citation ? html`<p class="muted">Source: ${q.citation.title}${q.citation.anchor ? `, ${q.citation.anchor}` : ""}</p>` : ""}</li>`;
  });
  return html`<section aria-labelledby="result-h"><h2 id="result-h" tabindex="-1">Your result: ${Math.round(attempt.accuracy * 100)}%</h2>
<p>${attempt.correctCount} correct, ${attempt.partialCount} partly correct, ${attempt.incorrectCount} not correct, ${attempt.unanswered} not answered. Submitted ${localTime(attempt.submittedAt)}.</p>
<ol class="plain">${items}</ol></section>`;
}
