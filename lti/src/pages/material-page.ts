import { html, type SafeHtml } from "./html.ts";
import { type PageContext, pageUrl } from "./page-context.ts";

export interface MaterialPageData {
  courseName: string;
  material: { title: string; type: string; pageCount: number | null };
  /** The material's text as the tutor cites it, in order. */
  passages: Array<{ anchor: string | null; section: string | null; text: string }>;
  /** More passages exist than are shown. */
  truncated: boolean;
}

/** A material opened from an LMS link: its text, passage by passage, as the tutor cites it. */
export function materialPage(data: MaterialPageData, ctx: PageContext): { title: string; body: SafeHtml } {
  const passages = data.passages.map(
    (p) =>
      html`<section>${p.section || p.anchor ? html`<h2>${p.section ?? p.anchor}</h2>` : ""}${p.text.split(/\n{2,}/).map((para) => html`<p>${para}</p>`)}${p.anchor && p.section ? html`<p class="muted">${p.anchor}</p>` : ""}</section>`,
  );
  const body = html`<header><p class="muted">StudyHall · ${data.courseName}</p><h1>${data.material.title}</h1>
<nav aria-label="StudyHall"><ul><li><a href="${pageUrl(ctx, "/learn")}">All course materials</a></li></ul></nav></header>
<p class="muted">${data.material.type}${data.material.pageCount ? `, ${data.material.pageCount} pages` : ""}. Ask the tutor about it in your course's Discord or Slack.</p>
${passages.length ? passages : html`<p>This material is not ready yet.</p>`}
${data.truncated ? html`<p class="muted">The rest of this material is not shown here.</p>` : ""}`;
  return { title: data.material.title, body };
}
