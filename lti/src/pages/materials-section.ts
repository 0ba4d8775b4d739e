import { formatBytes, MAX_MATERIAL_BYTES } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { localTime } from "./local-time.ts";
import { hiddenFields, type PageContext, pageUrl } from "./page-context.ts";
import { type MaterialRow, materialStatus, materialTypeLabel } from "./page-parts.ts";

/** File types the upload form offers (detect-material-type.ts decides what a file really is). */
const ACCEPT = ".pdf,.docx,.md,.markdown,.txt,.html,.htm";

/**
 * The course page's materials: the upload form (a plain multipart post, which the page's script turns
 * into an upload with a progress bar) and the list with each material's status and a Delete link.
 */
export function materialsSection(materials: MaterialRow[], ctx: PageContext): SafeHtml {
  return html`<section aria-labelledby="materials-h"><h2 id="materials-h">Materials</h2>
<form id="upload-material" method="post" enctype="multipart/form-data" action="${pageUrl(ctx, "/course/materials")}" data-list="${pageUrl(ctx, "/course/materials")}">${hiddenFields(ctx)}
<p><label for="material-file">Add a file</label> <span class="muted" id="material-file-hint">PDF, Word (.docx), Markdown, HTML or text, up to ${formatBytes(MAX_MATERIAL_BYTES)}</span><br>
<input type="file" name="file" id="material-file" accept="${ACCEPT}" required aria-describedby="material-file-hint"></p>
<p><button type="submit">Upload</button> <progress id="upload-progress" max="100" value="0" aria-label="Upload progress">0%</progress></p>
<p id="upload-status" aria-live="polite"></p></form>
<div id="materials-list">${materialsTable(materials, ctx)}</div></section>`;
}

/** The list of materials (also sent alone to the page's script, which refreshes it after an upload). */
export function materialsTable(materials: MaterialRow[], ctx: PageContext): SafeHtml {
  if (materials.length === 0)
    return html`<p>No materials yet. Upload a file above, or share one with StudyHall in a linked Slack channel or Discord server.</p>`;
  const rows = materials.map(
    (m) =>
      html`<tr data-material="${m.id}" data-status="${m.status}"><td>${m.title}</td><td>${materialTypeLabel(m.type)}</td><td>${materialStatus(m)}</td><td>${localTime(m.createdAt, "date")}</td><td><a href="${pageUrl(ctx, `/course/materials/${m.id}/delete`)}">Delete<span class="visually-hidden"> ${m.title}</span></a></td></tr>`,
  );
  return html`<table><caption class="muted">What the tutor answers from, newest first</caption><thead><tr><th scope="col">Title</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Added</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The confirm step before a material is deleted (deleting cannot be undone). */
export function deleteMaterialPage(
  material: { id: string; title: string },
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const body = html`<h1>Delete “${material.title}”?</h1>
<p>The tutor will no longer answer from it or cite it. Quiz questions written from it keep their text. This cannot be undone; to use it again, upload the file again.</p>
<form method="post" action="${`${ctx.toolUrl}/course/materials/${material.id}/delete`}">${hiddenFields(ctx)}
<p><button type="submit" class="danger">Delete “${material.title}”</button> <a href="${pageUrl(ctx, "/course")}">Keep it and go back</a></p></form>`;
  return { title: `Delete ${material.title}`, body };
}
