import { citationAnchor, NO_ORIGINAL_MESSAGE } from "@studyhall/core";
import { askBox } from "./ask-box.ts";
import { originalFileHref, passageId } from "./citation-link.ts";
import { html, type SafeHtml } from "./html.ts";
import { type PageContext, pageUrl } from "./page-context.ts";
import { materialTypeLabel } from "./page-parts.ts";

export interface MaterialPageData {
  courseName: string;
  material: { id: string; title: string; type: string; pageCount: number | null; status?: string };
  /** The material's text as the tutor cites it, in order. */
  passages: Array<{ anchor: string | null; section: string | null; page?: number | null; text: string }>;
  /** More passages exist than are shown. */
  truncated: boolean;
  /** The kept original file; null for a material added before originals were kept. */
  original?: { fileName: string; contentType: string; sizeBytes: number } | null;
}

/**
 * A material opened from an LMS link: its text, passage by passage, as the tutor cites it. The first
 * passage of each page or section carries the id {@link passageId} gives it, so a citation's link
 * (`citationHref`) scrolls to it and `:target` highlights it; a PDF's pages link to the original at
 * that page.
 */
export function materialPage(data: MaterialPageData, ctx: PageContext): { title: string; body: SafeHtml } {
  const isPdf = data.material.type === "PDF" && Boolean(data.original);
  const seen = new Set<string>();
  const passages = data.passages.map((p) => {
    const id = passageId({ anchor: citationAnchor(data.material.title, p.anchor), page: p.page ?? null });
    const first = id !== null && !seen.has(id);
    if (id) seen.add(id);
    const openAtPage =
      isPdf && first && p.page
        ? html`<p><a href="${originalFileHref(ctx, data.material.id, p.page)}" target="_blank" rel="noopener">Open the original at page ${p.page}</a></p>`
        : "";
    return html`<section class="passage"${first ? html` id="${id}" tabindex="-1"` : ""}>${p.section || p.anchor ? html`<h2>${p.section ?? p.anchor}</h2>` : ""}${p.text.split(/\n{2,}/).map((para) => html`<p>${para}</p>`)}${p.anchor && p.section ? html`<p class="muted">${p.anchor}</p>` : ""}${openAtPage}</section>`;
  });
  const body = html`<header><p class="muted">StudyHall · ${data.courseName}</p><h1>${data.material.title}</h1>
<nav aria-label="StudyHall"><ul><li><a href="${pageUrl(ctx, "/learn")}">All course materials</a></li></ul></nav></header>
<p class="muted">${materialTypeLabel(data.material.type)}${data.material.pageCount ? `, ${pageCount(data.material.pageCount)}` : ""}.</p>
${originalLine(data, ctx)}
${passages.length ? passages : html`<p>This material is not ready yet.</p>`}
${data.truncated ? html`<p class="muted">The rest of this material is not shown here.</p>` : ""}
${askBox(ctx, { intro: "Ask about this material or anything else in the course; the tutor answers from the course's materials." })}`;
  return { title: data.material.title, body };
}

/** Where the original file is, or plainly that it is not kept. Said only once a route told us which. */
function originalLine(data: MaterialPageData, ctx: PageContext): SafeHtml | "" {
  if (data.original === undefined) return "";
  if (data.original === null) {
    // Kept when a material becomes ready: one still processing is not missing its original.
    return data.material.status === "READY" ? html`<p class="muted">${NO_ORIGINAL_MESSAGE}</p>` : "";
  }
  const what = data.material.type === "PDF" ? "Open the original PDF" : "Open the original file";
  return html`<p><a href="${originalFileHref(ctx, data.material.id)}" target="_blank" rel="noopener">${what}</a> <span class="muted">(${data.original.fileName})</span></p>`;
}

function pageCount(pages: number): string {
  return pages === 1 ? "1 page" : `${pages} pages`;
}
