import { html, type SafeHtml } from "./html.ts";
import { hiddenFields, type PageContext, pageUrl } from "./page-context.ts";
import { notice, type PageNotice } from "./page-parts.ts";

/** One class of the person, as their district's roster lists it. */
export interface CleverClassRow {
  courseId: string;
  courseName: string;
  sectionName: string;
  schoolName: string | null;
  termName: string | null;
  role: "STAFF" | "STUDENT";
}

export interface CleverHomePageData {
  name: string | null;
  classes: CleverClassRow[];
  /** A district admin gets a link to the district page. */
  districtAdmin: boolean;
  notice?: PageNotice;
}

/**
 * Where a Clever sign-in lands: the person's classes from their district's roster, teachers' first,
 * each opened by a post (ltik and CSRF token in the form, no cookie), or a friendly "no classes yet".
 */
export function cleverHomePage(
  data: CleverHomePageData,
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const teaching = data.classes.filter((c) => c.role === "STAFF");
  const learning = data.classes.filter((c) => c.role === "STUDENT");
  const admin = data.districtAdmin
    ? html`<nav aria-label="StudyHall"><ul><li><a href="${pageUrl(ctx, "/clever/district")}">Your district's StudyHall connection</a></li></ul></nav>`
    : "";
  const body = html`
<header><p class="muted">StudyHall · signed in with Clever</p><h1>${data.name ? `Hello, ${data.name}` : "Your classes"}</h1>${admin}</header>
${notice(data.notice)}
${
  data.classes.length === 0
    ? html`<section aria-labelledby="none-h"><h2 id="none-h">No classes yet</h2><p>Your district has not given you any classes in StudyHall yet. Classes appear here after your district's next Clever sync; check back tomorrow, or ask your teacher.</p></section>`
    : html`${classList("teach-h", "Classes you teach", teaching, ctx)}${classList("learn-h", "Your classes", learning, ctx)}`
}`;
  return { title: "Your classes", body };
}

function classList(id: string, title: string, rows: CleverClassRow[], ctx: PageContext): SafeHtml | "" {
  if (rows.length === 0) return "";
  const items = rows.map((row) => {
    const where = [row.schoolName, row.termName].filter(Boolean).join(" · ");
    return html`<li><form class="inline" method="post" action="${`${ctx.toolUrl}/clever/open`}">${hiddenFields(ctx)}<input type="hidden" name="courseId" value="${row.courseId}"><button type="submit" class="secondary">${row.courseName}</button></form>${row.sectionName !== row.courseName ? html` <span>${row.sectionName}</span>` : ""}${where ? html` <span class="muted">(${where})</span>` : ""}</li>`;
  });
  return html`<section aria-labelledby="${id}"><h2 id="${id}">${title}</h2><ul>${items}</ul></section>`;
}
