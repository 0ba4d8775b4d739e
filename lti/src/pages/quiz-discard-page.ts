import { html, type SafeHtml } from "./html.ts";
import { hiddenFields, type PageContext, pageUrl } from "./page-context.ts";
import { countOf } from "./page-parts.ts";

/**
 * The confirm step before a quiz is discarded, like deleting a material: a draft is deleted for good,
 * an approved quiz leaves students' pages (its results and gradebook scores are kept).
 */
export function discardQuizPage(
  quiz: { id: string; title: string; status: string; questions: number },
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const what =
    quiz.status === "DRAFT"
      ? html`<p>This draft and its ${countOf(quiz.questions, "question")} are deleted. Students never saw it. This cannot be undone.</p>`
      : html`<p>The quiz leaves students' StudyHall page and can no longer be taken or played live. Results so far, and scores already in the gradebook, are kept.</p>`;
  const body = html`<h1>Discard “${quiz.title}”?</h1>
${what}
<form method="post" action="${`${ctx.toolUrl}/course/quizzes/${quiz.id}/discard`}">${hiddenFields(ctx)}
<p><button type="submit" class="danger">Discard “${quiz.title}”</button> <a href="${pageUrl(ctx, "/course")}">Keep it and go back</a></p></form>`;
  return { title: `Discard ${quiz.title}`, body };
}

/** What approving a quiz gives students, said beside every Approve button. */
export function approveExplanation(): SafeHtml {
  return html`<p class="muted">Approving puts the quiz on students' StudyHall page in this course. The first time a student submits it, a gradebook column titled after the quiz is created, unless you added the quiz as an assignment from the LMS: then its grades go to that assignment.</p>`;
}
