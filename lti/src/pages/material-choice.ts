import { html, type SafeHtml } from "./html.ts";
import type { MaterialRow } from "./page-parts.ts";

/**
 * The generate form's choice of materials: a checkbox per ready material, none ticked meaning all of
 * them. With one ready material or none there is nothing to choose, so nothing is shown.
 */
export function materialChoice(materials: MaterialRow[]): SafeHtml | "" {
  const ready = materials.filter((m) => m.status === "READY");
  if (ready.length < 2) return "";
  const boxes = ready.map(
    (m) =>
      html`<li><input type="checkbox" name="material" id="gen-material-${m.id}" value="${m.id}"> <label for="gen-material-${m.id}">${m.title}</label></li>`,
  );
  return html`<fieldset><legend>Materials <span class="muted">(optional; none ticked covers all of them)</span></legend>
<ul>${boxes}</ul>
<p class="muted">The topic is searched inside the ticked materials only.</p></fieldset>`;
}
