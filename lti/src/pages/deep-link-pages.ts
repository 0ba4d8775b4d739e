import { html, type SafeHtml } from "./html.ts";
import { hiddenFields, type PageContext } from "./page-context.ts";
import { countOf, materialTypeLabel, notice, type PageNotice } from "./page-parts.ts";

export interface DeepLinkChoices {
  courseName: string;
  quizzes: Array<{ id: string; title: string; questions: number }>;
  materials: Array<{ id: string; title: string; type: string }>;
  /** The LMS takes several items at once (checkboxes), or one (radio buttons). */
  multiple: boolean;
  notice?: PageNotice;
}

/** The picker of an LMS's link/assignment selection: approved quizzes (graded) and ready materials. */
export function deepLinkPickerPage(
  data: DeepLinkChoices,
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const type = data.multiple ? "checkbox" : "radio";
  const option = (value: string, label: SafeHtml, id: string) =>
    html`<p><input type="${type}" name="item" id="${id}" value="${value}"> <label for="${id}">${label}</label></p>`;
  const quizzes = data.quizzes.map((q, i) =>
    option(
      `quiz:${q.id}`,
      html`${q.title} <span class="muted">(${countOf(q.questions, "question")}, graded out of 100)</span>`,
      `dl-quiz-${i}`,
    ),
  );
  const materials = data.materials.map((m, i) =>
    option(
      `material:${m.id}`,
      html`${m.title} <span class="muted">(${materialTypeLabel(m.type)})</span>`,
      `dl-material-${i}`,
    ),
  );
  const nothing = data.quizzes.length === 0 && data.materials.length === 0;
  const body = html`<header><p class="muted">StudyHall · ${data.courseName}</p><h1>Add StudyHall content to your course</h1></header>
${notice(data.notice)}
${
  nothing
    ? html`<p>There is nothing to add yet: approve a quiz or add materials on StudyHall's course page first.</p>`
    : html`<form method="post" action="${`${ctx.toolUrl}/deep-link`}">${hiddenFields(ctx)}
<fieldset><legend>Choose ${data.multiple ? "one or more items" : "one item"} to add</legend>
<h2>Quizzes</h2>${quizzes.length ? quizzes : html`<p class="muted">No approved quizzes yet.</p>`}
<h2>Materials</h2>${materials.length ? materials : html`<p class="muted">No ready materials yet.</p>`}
</fieldset>
<p><button type="submit">Add to the course</button></p></form>`
}`;
  return { title: "Add StudyHall content", body };
}

/** The response page: a form that posts the signed response to the LMS, sent at once by a script. */
export function deepLinkReturnPage(
  returnUrl: string,
  jwt: string,
  count: number,
): { title: string; body: SafeHtml } {
  const body = html`<h1>Returning to your course</h1>
<p>Adding ${count} ${count === 1 ? "item" : "items"} to your course…</p>
<form id="deep-link-return" method="post" action="${returnUrl}"><input type="hidden" name="JWT" value="${jwt}">
<p><button type="submit">Continue to your course</button></p></form>`;
  return { title: "Returning to your course", body };
}

/** Sends the response form as soon as the page loads (the button is there when scripts are off). */
export const DEEP_LINK_RETURN_SCRIPT = 'document.getElementById("deep-link-return").submit();';
