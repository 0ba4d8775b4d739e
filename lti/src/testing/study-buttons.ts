// Clicks the buttons of a rendered reply on a tool page the way a browser does: each is a small POST
// form (hidden ltik, CSRF token and any extra fields) whose submit button carries the action id.
import { type PageResponse, postForm, textOf } from "./page-client.ts";

export interface PageButton {
  label: string;
  /** The form's action URL. */
  url: string;
  /** The hidden fields and the button's own name=value. */
  fields: Record<string, string>;
}

/** Every one-button form of a page whose button has a name and value (the rendered reply's buttons). */
export function pageButtons(html: string): PageButton[] {
  const buttons: PageButton[] = [];
  for (const form of html.matchAll(/<form\b[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)) {
    const button = /<button type="submit" name="([^"]+)" value="([^"]*)"[^>]*>([\s\S]*?)<\/button>/.exec(
      form[2]!,
    );
    if (!button) continue;
    const fields: Record<string, string> = {};
    for (const input of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      fields[decode(input[1]!)] = decode(input[2]!);
    }
    fields[decode(button[1]!)] = decode(button[2]!);
    buttons.push({ label: textOf(button[3]!), url: decode(form[1]!), fields });
  }
  return buttons;
}

/** Clicks the first button whose label matches; fails listing the labels there are. */
export function clickButton(html: string, label: string | RegExp): Promise<PageResponse> {
  const buttons = pageButtons(html);
  const found = buttons.find((b) => (typeof label === "string" ? b.label === label : label.test(b.label)));
  if (!found)
    throw new Error(`no button ${String(label)}; there are: ${buttons.map((b) => b.label).join(" | ")}`);
  return postForm(found.url, found.fields);
}

function decode(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
