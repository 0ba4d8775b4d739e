import { MAX_QUIZ_QUESTIONS, MAX_QUIZ_TITLE_CHARS, type QuestionProblem } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { hiddenFields, type PageContext, pageUrl, postButton } from "./page-context.ts";
import { notice, type PageNotice } from "./page-parts.ts";
import { KIND_LABEL, type QuestionFieldValues, questionFields } from "./question-fields.ts";
import { approveExplanation } from "./quiz-discard-page.ts";

/** A stored question as the edit form shows it. */
export interface EditableQuestion extends QuestionFieldValues {
  id: string;
  position: number;
  sourceTitle: string | null;
}

export interface QuizEditData {
  courseName: string;
  quiz: { id: string; title: string; status: string };
  questions: EditableQuestion[];
  notice?: PageNotice;
  /** The question whose save failed ("new": the add form): its form shows what was typed and why. */
  failed?: {
    position: number | "new";
    message: string;
    problems?: QuestionProblem[];
    typed?: QuestionFieldValues;
  };
  /** The kind of question the add form is open for. */
  adding?: QuestionFieldValues["kind"];
  /** Why the last rename was refused. */
  renameError?: string;
}

/**
 * A quiz's questions, each in its own form (prompt, answers, hint, explanation, points, time) with
 * Move up / Move down / Delete beside it, and a form to add one of any kind at the end. Plain forms:
 * works without JavaScript.
 */
export function quizEditPage(data: QuizEditData, ctx: PageContext): { title: string; body: SafeHtml } {
  const { quiz } = data;
  const last = data.questions.length - 1;
  const forms = data.questions.map((q) => questionSection(quiz.id, q, last, ctx, data.failed));
  const body = html`<header><p class="muted">StudyHall · ${data.courseName}</p><h1>Edit “${quiz.title}”</h1>
<nav aria-label="StudyHall"><ul><li><a href="${pageUrl(ctx, "/course")}">Back to the course page</a></li><li><a href="${pageUrl(ctx, `/course/quizzes/${quiz.id}`)}">Review the quiz</a></li></ul></nav></header>
${notice(data.notice)}
${renameForm(quiz, ctx, data.renameError)}
${quiz.status === "DRAFT" ? "" : html`<p class="notice warning" role="note">This quiz is ${quiz.status.toLowerCase()}: students may already have taken it. Edits change what later players see; questions someone answered cannot be deleted or moved.</p>`}
${data.questions.length ? "" : html`<p class="muted">This quiz has no questions yet. Add the first one below.</p>`}
${forms}
${addSection(data, ctx)}
${quiz.status === "DRAFT" && data.questions.length ? html`${approveExplanation()}<p>${postButton(ctx, `/course/quizzes/${quiz.id}/approve`, "Approve")} <a href="${pageUrl(ctx, `/course/quizzes/${quiz.id}/discard`)}">Discard this draft</a></p>` : ""}`;
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

function questionSection(
  quizId: string,
  q: EditableQuestion,
  last: number,
  ctx: PageContext,
  failed: QuizEditData["failed"],
): SafeHtml {
  const id = `q${q.position}`;
  const mine = failed?.position === q.position ? failed : undefined;
  const shown = mine?.typed ?? q;
  const base = `/course/quizzes/${quizId}/questions/${q.position}`;
  const number = q.position + 1;
  const move = (direction: "up" | "down", label: string) =>
    postButton(ctx, `${base}/move`, label, { style: "secondary", fields: { direction, question: q.id } });
  return html`<section aria-labelledby="${id}-h"><h2 id="${id}-h" tabindex="-1">Question ${number} <span class="muted">· ${KIND_LABEL[q.kind]}</span></h2>
${mine && !mine.problems?.length ? html`<p class="notice error" role="alert" id="${id}-error">${mine.message}</p>` : ""}
<p>${q.position > 0 ? move("up", `Move question ${number} up`) : ""} ${q.position < last ? move("down", `Move question ${number} down`) : ""} <a href="${pageUrl(ctx, `${base}/delete`)}">Delete question ${number}</a></p>
<form method="post" action="${`${ctx.toolUrl}${base}`}">${hiddenFields(ctx)}<input type="hidden" name="question" value="${q.id}">
${questionFields(id, shown, mine?.problems)}
${q.sourceTitle ? html`<p class="muted">Written from: ${q.sourceTitle}</p>` : ""}
<p><button type="submit">Save question ${number}</button></p></form></section>`;
}

const BLANK: Omit<QuestionFieldValues, "kind"> = {
  prompt: "",
  choices: [],
  correctChoices: [],
  acceptedAnswers: [],
  numericAnswer: null,
  tolerance: null,
  explanation: null,
  hint: null,
  points: null,
  timeLimitSec: null,
};

/** "Add a question": a link per kind (no script needed), then a blank form of the kind chosen. */
function addSection(data: QuizEditData, ctx: PageContext): SafeHtml {
  const { quiz } = data;
  if (data.questions.length >= MAX_QUIZ_QUESTIONS)
    return html`<p class="muted">A quiz holds at most ${MAX_QUIZ_QUESTIONS} questions.</p>`;
  const failed = data.failed?.position === "new" ? data.failed : undefined;
  const kind = failed?.typed?.kind ?? data.adding;
  const kinds = (Object.keys(KIND_LABEL) as QuestionFieldValues["kind"][]).map(
    (k) =>
      html`<li><a href="${pageUrl(ctx, `/course/quizzes/${quiz.id}/edit`, { add: k })}#add-h"${k === kind ? html` aria-current="true"` : ""}>${KIND_LABEL[k]}</a></li>`,
  );
  const form = kind
    ? html`${failed && !failed.problems?.length ? html`<p class="notice error" role="alert">${failed.message}</p>` : ""}<form method="post" action="${`${ctx.toolUrl}/course/quizzes/${quiz.id}/questions`}">${hiddenFields(ctx)}
${questionFields("new", failed?.typed ?? { kind, ...BLANK }, failed?.problems)}
<p><button type="submit">Add question ${data.questions.length + 1}</button></p></form>`
    : "";
  return html`<section aria-labelledby="add-h"><h2 id="add-h" tabindex="-1">Add a question${kind ? html` <span class="muted">· ${KIND_LABEL[kind]}</span>` : ""}</h2>
<p>Choose its type:</p><ul>${kinds}</ul>
${form}</section>`;
}

/** The confirm step before a question is deleted (no script: a page of its own). */
export function deleteQuestionPage(
  quiz: { id: string; title: string },
  question: { id: string; position: number; prompt: string },
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const number = question.position + 1;
  const body = html`<h1>Delete question ${number} of “${quiz.title}”?</h1>
<blockquote>${question.prompt}</blockquote>
<p>The question is deleted and the ones after it move up. This cannot be undone.</p>
<form method="post" action="${`${ctx.toolUrl}/course/quizzes/${quiz.id}/questions/${question.position}/delete`}">${hiddenFields(ctx)}<input type="hidden" name="question" value="${question.id}">
<p><button type="submit" class="danger">Delete question ${number}</button> <a href="${pageUrl(ctx, `/course/quizzes/${quiz.id}/edit`)}">Keep it and go back</a></p></form>`;
  return { title: `Delete question ${number}`, body };
}
