import { html, type SafeHtml } from "./html.ts";

/**
 * What every link and form on a page carries: the tool's base URL, the session's ltik (cookies do not
 * survive LMS iframes, so the ltik is the session) and the session's CSRF token for posts.
 */
export interface PageContext {
  /** `${PUBLIC_URL}/lti` */
  toolUrl: string;
  ltik: string;
  csrf: string;
  /** The person signed in with Clever (outside an LMS): pages link back to their classes. */
  signedInWithClever?: boolean;
}

/** A link to one of the tool's pages, carrying the ltik. */
export function pageUrl(ctx: PageContext, path: string, query: Record<string, string> = {}): string {
  const url = new URL(`${ctx.toolUrl}${path}`);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  url.searchParams.set("ltik", ctx.ltik);
  return url.href;
}

/** The hidden fields of every form: the ltik and the CSRF token. */
export function hiddenFields(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="ltik" value="${ctx.ltik}"><input type="hidden" name="csrf" value="${ctx.csrf}">`;
}

/** A one-button POST form to `path`. */
export function postButton(
  ctx: PageContext,
  path: string,
  label: string,
  options: { style?: "secondary" | "danger"; fields?: Record<string, string> } = {},
): SafeHtml {
  const extra = Object.entries(options.fields ?? {}).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  return html`<form class="inline" method="post" action="${`${ctx.toolUrl}${path}`}">${hiddenFields(ctx)}${extra}<button type="submit" class="${options.style ?? ""}">${label}</button></form>`;
}

/** For a Clever sign-in, a nav item back to the person's classes (an LMS has its own navigation). */
export function classesNavItem(ctx: PageContext): SafeHtml | "" {
  return ctx.signedInWithClever
    ? html`<li><a href="${pageUrl(ctx, "/clever/home")}">Your classes</a></li>`
    : "";
}
