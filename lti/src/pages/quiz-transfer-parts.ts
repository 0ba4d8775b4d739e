import { QUIZ_CSV_COLUMNS, QUIZ_FILE_LIMITS } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { hiddenFields, type PageContext, pageUrl } from "./page-context.ts";

/**
 * The course page's "Import a quiz" form: a plain multipart post of one file (StudyHall's quiz CSV, or
 * Kahoot's template as its .xlsx workbook or saved as CSV), made a draft to review.
 */
export function importQuizForm(ctx: PageContext): SafeHtml {
  return html`<form id="import-quiz" method="post" enctype="multipart/form-data" action="${pageUrl(ctx, "/course/quizzes/import")}">${hiddenFields(ctx)}
<fieldset><legend>Import a quiz from a CSV or .xlsx file</legend>
<p class="muted" id="quiz-file-hint">StudyHall's quiz CSV (one row per question; columns ${QUIZ_CSV_COLUMNS.slice(0, 3).join(", ")} … ${QUIZ_CSV_COLUMNS.at(-1)}), or Kahoot's quiz template as it is (.xlsx) or saved as CSV. Up to ${QUIZ_FILE_LIMITS.maxQuestions} questions and ${QUIZ_FILE_LIMITS.maxBytes / 1024} KB. A quiz exported from here imports unchanged.</p>
<label class="block" for="quiz-file">CSV or .xlsx file</label>
<input type="file" name="file" id="quiz-file" accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required aria-describedby="quiz-file-hint">
<label class="block" for="quiz-import-title">Title <span class="muted">(optional; the file's name otherwise)</span></label>
<input type="text" id="quiz-import-title" name="title" maxlength="200">
<p><button type="submit">Import as a draft</button></p></fieldset></form>`;
}

/** The link that downloads a quiz as CSV. */
export function exportQuizLink(ctx: PageContext, quiz: { id: string; title: string }): SafeHtml {
  return html`<a href="${pageUrl(ctx, `/course/quizzes/${quiz.id}/export`)}" download>Export CSV<span class="visually-hidden"> of ${quiz.title}</span></a>`;
}

/**
 * A refused import: core's sentence, then each problem with its line and column as a list, and the
 * way back. Nothing was stored.
 */
export function importRefusedPage(message: string, ctx: PageContext): { title: string; body: SafeHtml } {
  const [summary, ...problems] = message.split("\n");
  const body = html`<h1>The quiz was not imported</h1>
<p class="notice error" role="alert">${summary ?? message}</p>
${problems.length ? html`<ul id="import-problems">${problems.map((p) => html`<li>${p}</li>`)}</ul>` : ""}
<p><a href="${pageUrl(ctx, "/course")}">Back to the course page</a></p>`;
  return { title: "Quiz not imported", body };
}
