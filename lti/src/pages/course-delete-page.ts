import { html, type SafeHtml } from "./html.ts";
import { hiddenFields, type PageContext, pageUrl } from "./page-context.ts";
import { countOf, notice } from "./page-parts.ts";

/**
 * The confirm step before a course is deleted: it says what goes (for everyone, in every linked chat
 * space) and asks for the course's name, so a stray click deletes nothing.
 */
export function deleteCoursePage(
  course: { name: string; materials: number; quizzes: number },
  ctx: PageContext,
  refusal?: string,
): { title: string; body: SafeHtml } {
  const body = html`<h1>Delete “${course.name}”?</h1>
${notice(refusal ? { tone: "error", text: refusal } : undefined)}
<p>This deletes the course for everyone: its ${countOf(course.materials, "material")}, ${course.quizzes} ${course.quizzes === 1 ? "quiz" : "quizzes"} with their results, students' questions and the tutor's answers. Linked Discord and Slack channels are unlinked. Scores already in the LMS gradebook stay there. This cannot be undone.</p>
<form method="post" action="${`${ctx.toolUrl}/course/delete`}">${hiddenFields(ctx)}
<label class="block" for="confirm-name">Type the course's name, <strong>${course.name}</strong>, to confirm</label>
<input type="text" id="confirm-name" name="confirmName" maxlength="200" required autocomplete="off">
<p><button type="submit" class="danger">Delete “${course.name}” for good</button> <a href="${pageUrl(ctx, "/course")}">Keep it and go back</a></p></form>`;
  return { title: `Delete ${course.name}`, body };
}
