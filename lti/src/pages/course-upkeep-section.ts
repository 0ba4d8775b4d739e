import { archivedCourseMessage } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { hiddenFields, type PageContext, pageUrl, postButton } from "./page-context.ts";

/** The instructor page's "Course" section: rename, archive or reopen, and the way to delete. */
export function courseUpkeepSection(
  course: { name: string; archivedAt?: Date | null },
  ctx: PageContext,
): SafeHtml {
  const archived = Boolean(course.archivedAt);
  const rename = archived
    ? ""
    : html`<form method="post" action="${`${ctx.toolUrl}/course/rename`}">${hiddenFields(ctx)}
<label class="block" for="course-name">Course name <span class="muted">(links and the CLI keep working: the course's slug does not change)</span></label>
<input type="text" id="course-name" name="name" maxlength="200" required value="${course.name}">
<p><button type="submit">Rename</button></p></form>`;
  const archive = archived
    ? html`<p>${archivedCourseMessage(course.name)}</p>${postButton(ctx, "/course/unarchive", "Reopen the course")}`
    : html`<p>Archiving makes the course read-only and hides it from course pickers: no new materials, quizzes or live games, and no setting changes. Students can still read the materials and their results and ask the tutor.</p>${postButton(ctx, "/course/archive", "Archive the course", { style: "secondary" })}`;
  return html`<section aria-labelledby="course-h"><h2 id="course-h">Course</h2>
${rename}
${archive}
<p><a href="${pageUrl(ctx, "/course/delete")}">Delete this course…</a> <span class="muted">Asks you to type its name first.</span></p></section>`;
}

/** The banner at the top of an archived course's page. */
export function archivedBanner(course: { name: string; archivedAt?: Date | null }): SafeHtml {
  return course.archivedAt
    ? html`<p class="notice warning" role="status">${archivedCourseMessage(course.name)}</p>`
    : html``;
}
