// Plays the browser on the tool's pages after a launch: follows links that carry the ltik, reads forms
// (with their hidden ltik and CSRF token) and posts them, without cookies.

export interface PageResponse {
  status: number;
  url: string;
  location: string | null;
  headers: Headers;
  body: string;
}

/** The ltik in a page URL. */
export function ltikOf(url: string): string {
  const ltik = new URL(url).searchParams.get("ltik");
  if (!ltik) throw new Error(`no ltik in ${url}`);
  return ltik;
}

export async function getPage(url: string): Promise<PageResponse> {
  return request(url, { method: "GET" });
}

/** POSTs form fields (urlencoded), without following redirects. */
export async function postForm(url: string, fields: Record<string, string>): Promise<PageResponse> {
  return request(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The hidden fields of the form posting to a URL ending in `actionSuffix`, as the page renders them. */
export function formFields(
  html: string,
  actionSuffix: string,
): { action: string; fields: Record<string, string> } {
  for (const match of html.matchAll(/<form\b[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)) {
    const action = decode(match[1]!);
    if (!new URL(action).pathname.endsWith(actionSuffix)) continue;
    const fields: Record<string, string> = {};
    for (const input of match[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
      fields[decode(input[1]!)] = decode(input[2]!);
    }
    return { action, fields };
  }
  throw new Error(`no form posting to …${actionSuffix}`);
}

/** The visible text of a page (tags dropped, entities decoded, spaces collapsed). */
export function textOf(html: string): string {
  return decode(
    html
      .replace(/<(style|script)\b[\s\S]*?<\/\1>/g, " ")
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " "),
  ).trim();
}

function decode(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

async function request(url: string, init: RequestInit): Promise<PageResponse> {
  const response = await fetch(url, { ...init, redirect: "manual" });
  return {
    status: response.status,
    url,
    location: response.headers.get("location"),
    headers: response.headers,
    body: await response.text(),
  };
}
