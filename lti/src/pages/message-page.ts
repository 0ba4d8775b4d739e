import { html, type SafeHtml } from "./html.ts";

/** A short page that says what happened and what to do: refusals, "not set up yet", registration done. */
export function messagePage(
  title: string,
  text: string,
  detail?: SafeHtml,
): { title: string; body: SafeHtml } {
  return { title, body: html`<h1>${title}</h1><p>${text}</p>${detail ?? ""}` };
}
