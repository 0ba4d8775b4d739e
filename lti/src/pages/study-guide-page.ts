import type { Citation, StudyGuideSummary, StudyGuideView } from "@studyhall/core";
import { citationHref } from "./citation-link.ts";
import { html, type SafeHtml } from "./html.ts";
import { localTime } from "./local-time.ts";
import { hiddenFields, type PageContext, pageUrl } from "./page-context.ts";
import type { MaterialRow } from "./page-parts.ts";
import { type StudyPageHead, studyHeader } from "./study-parts.ts";

/** A guide being written, with what is done so far (the page polls it). */
export interface GuideProgress {
  id: string;
  title: string;
  done: number;
  total: number;
}

export interface StudyGuidesData extends StudyPageHead {
  guides: StudyGuideSummary[];
  writing: GuideProgress[];
  materials: MaterialRow[];
}

/** The course's kept guides, the ones being written (with progress) and the form to ask for one. */
export function studyGuidesPage(data: StudyGuidesData, ctx: PageContext): { title: string; body: SafeHtml } {
  const ready = data.guides.filter((g) => g.status !== "WRITING");
  const items = ready.map(
    (g) =>
      html`<li><a href="${pageUrl(ctx, `/study/guides/${g.id}`)}">${g.title}</a> <span class="muted">(${g.status === "FAILED" ? "could not be written" : `${g.sections} ${g.sections === 1 ? "section" : "sections"}${g.method === "EXTRACTIVE" ? ", extractive" : ""}`}, ${localTime(g.createdAt)})</span></li>`,
  );
  const body = html`${studyHeader(data, ctx)}
${data.writing.length ? html`<section aria-labelledby="writing-guides-h"><h2 id="writing-guides-h">Being written</h2><ul>${data.writing.map((g) => progressItem(g, ctx))}</ul></section>` : ""}
<section aria-labelledby="guides-h"><h2 id="guides-h">Guides of this course</h2>
${items.length ? html`<ul id="guides">${items}</ul>` : html`<p>No study guides yet. Ask for the first one below.</p>`}</section>
${requestForm(data.materials, ctx)}`;
  return { title: "Study guides", body };
}

function progressItem(g: GuideProgress, ctx: PageContext): SafeHtml {
  const percent = g.total > 0 ? Math.round((g.done / g.total) * 100) : 0;
  return html`<li data-guide-progress="${pageUrl(ctx, `/study/guides/${g.id}/progress`)}" data-guide-page="${pageUrl(ctx, `/study/guides/${g.id}`)}"><a href="${pageUrl(ctx, `/study/guides/${g.id}`)}">${g.title}</a>: <span class="guide-progress-text">${g.done} of ${g.total} passages</span> <progress max="100" value="${percent}" aria-label="Writing ${g.title}">${percent}%</progress>
<noscript><a href="${pageUrl(ctx, `/study/guides/${g.id}`)}">Refresh</a></noscript></li>`;
}

function requestForm(materials: MaterialRow[], ctx: PageContext): SafeHtml {
  const ready = materials.filter((m) => m.status === "READY");
  const boxes = ready.map(
    (m) =>
      html`<li><input type="checkbox" name="material" id="guide-material-${m.id}" value="${m.id}"> <label for="guide-material-${m.id}">${m.title}</label></li>`,
  );
  return html`<section aria-labelledby="ask-guide-h"><h2 id="ask-guide-h">Ask for a study guide</h2>
<form method="post" action="${`${ctx.toolUrl}/study/guides`}">${hiddenFields(ctx)}
<p class="muted">Written from the course's materials only: headings, key terms with definitions, a summary per section and practice questions, each citing its passage. A guide already written for the same request is shown instead of writing it again.</p>
<label class="block" for="guide-topic">Topic <span class="muted">(optional)</span></label>
<input type="text" id="guide-topic" name="topic" maxlength="200">
<label class="block" for="guide-week">Week <span class="muted">(optional: the materials of that week)</span></label>
<input type="number" id="guide-week" name="week" min="1" max="60">
${ready.length ? html`<fieldset><legend>Materials <span class="muted">(optional; none ticked covers all of them)</span></legend><ul>${boxes}</ul></fieldset>` : ""}
<p><input type="checkbox" id="guide-fresh" name="fresh" value="1"> <label for="guide-fresh">Write a new one even if a guide for this exists</label></p>
<p><button type="submit">Write the guide</button></p></form></section>`;
}

/** One guide: its progress while written, why it failed, or its sections with linked citations. */
export function studyGuidePage(
  data: StudyPageHead & { guide: StudyGuideView },
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const { guide } = data;
  const body = html`${studyHeader({ ...data, heading: guide.title }, ctx)}
${guide.status === "WRITING" ? html`<section aria-labelledby="guide-progress-h"><h2 id="guide-progress-h">Being written</h2><ul>${progressItem({ id: guide.id, title: guide.title, done: guide.passagesDone, total: guide.passagesTotal }, ctx)}</ul></section>` : ""}
${guide.status === "FAILED" ? html`<p class="notice error" role="alert">${guide.error ?? "This guide could not be written."}</p>` : ""}
${guide.status === "READY" ? guideContent(guide, ctx) : ""}
<p><a href="${pageUrl(ctx, "/study/guides")}">All study guides</a></p>`;
  return { title: guide.title, body };
}

function guideContent(guide: StudyGuideView, ctx: PageContext): SafeHtml {
  const sources = new Map(guide.content.sources.map((s) => [s.n, s]));
  const cites = (ns: number[]) => citeLinks(ns, sources, ctx);
  const sections = guide.content.sections.map(
    (s, i) => html`<section aria-labelledby="guide-s${i}-h"><h2 id="guide-s${i}-h">${s.heading}</h2>
<p class="muted">From ${s.material}</p>
${s.summary.length ? html`<h3>Summary</h3><ul>${s.summary.map((line) => html`<li>${line.text}${cites(line.cites)}</li>`)}</ul>` : ""}
${s.terms.length ? html`<h3>Key terms</h3><dl>${s.terms.map((t) => html`<dt>${t.term}</dt><dd>${t.definition}${cites(t.cites)}</dd>`)}</dl>` : ""}
${s.questions.length ? html`<h3>Practice questions</h3><ol>${s.questions.map((q) => html`<li><p>${q.question}</p><details><summary>Answer</summary><p>${q.answer}${cites(q.cites)}</p></details></li>`)}</ol>` : ""}</section>`,
  );
  // How the guide was made (model or extractive) is core's sentence, the quote at the top of its Markdown.
  const note =
    guide.markdown
      .split("\n")
      .find((line) => line.startsWith("> "))
      ?.slice(2) ?? "";
  return html`${note ? html`<p class="notice info" role="note">${note}</p>` : ""}
<p><a href="${pageUrl(ctx, `/study/guides/${guide.id}/download/md`)}" download>Download Markdown</a> · <a href="${pageUrl(ctx, `/study/guides/${guide.id}/download/pdf`)}" download>Download PDF</a></p>
<div id="guide">${sections}</div>
<section aria-labelledby="guide-sources-h"><h2 id="guide-sources-h">Sources</h2>
<ol class="sources">${guide.content.sources.map((s) => html`<li value="${s.n}" id="source-${s.n}"><a class="citation" href="${hrefOf(s, ctx)}">${s.title}${s.anchor ? `, ${s.anchor}` : ""}</a></li>`)}</ol></section>`;
}

function hrefOf(source: Citation, ctx: PageContext): string {
  return citationHref(ctx, { materialId: source.materialId, anchor: source.anchor });
}

/** " [1] [3]", each linking to its passage on the material page. */
function citeLinks(ns: number[], sources: Map<number, Citation>, ctx: PageContext): SafeHtml | "" {
  const links = ns
    .map((n) => sources.get(n))
    .filter((s): s is Citation => s !== undefined)
    .map((s) => html` <a class="citation" href="${hrefOf(s, ctx)}">[${String(s.n)}]</a>`);
  return links.length ? html`${links}` : "";
}

/** Polls each guide being written and moves its bar; opens the guide once it is done. */
export const GUIDE_PROGRESS_SCRIPT = `
(function(){
  var items=document.querySelectorAll('[data-guide-progress]');
  items.forEach(function(item){
    var url=item.getAttribute('data-guide-progress');var page=item.getAttribute('data-guide-page');
    var bar=item.querySelector('progress');var text=item.querySelector('.guide-progress-text');
    function poll(){
      fetch(url,{headers:{accept:'application/json'}}).then(function(r){return r.ok?r.json():null}).then(function(p){
        if(!p){return}
        if(p.status!=='WRITING'){window.location.href=page;return}
        var pct=p.total>0?Math.round(p.done/p.total*100):0;
        bar.value=pct;bar.textContent=pct+'%';text.textContent=p.done+' of '+p.total+' passages';
        setTimeout(poll,1000);
      }).catch(function(){setTimeout(poll,3000)});
    }
    setTimeout(poll,1000);
  });
})();`;
