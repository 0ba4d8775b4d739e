// Plays the user's browser through a launch: the login initiation, the redirect to the platform, the
// auto-submitted form_post back to the tool and the tool's own redirects, with a cookie jar for the tool
// that can be blocked as an LMS iframe in Safari (or Chrome without third-party cookies) blocks it.
import { readAutoSubmitForm } from "./fake-lti-http.ts";
import { loginParameters, requireTool, startPendingLaunch } from "./fake-lti-oidc.ts";
import type { FakeLtiLaunchOptions, FakeLtiLaunchResult, PlatformState } from "./fake-lti-types.ts";

const MAX_REDIRECTS = 10;

interface StoredCookie {
  name: string;
  value: string;
  path: string;
  expiresAt: number;
}

/** A minimal browser cookie jar for one site: path matching and expiry; domains are not needed. */
export class CookieJar {
  readonly received: string[] = [];
  private readonly cookies = new Map<string, StoredCookie>();

  constructor(private readonly blocked: boolean) {}

  store(response: Response, requestUrl: URL): void {
    for (const header of response.headers.getSetCookie()) {
      this.received.push(header);
      if (this.blocked) continue;
      const cookie = parseSetCookie(header, requestUrl);
      if (!cookie) continue;
      const key = `${cookie.name};${cookie.path}`;
      if (cookie.expiresAt <= Date.now()) this.cookies.delete(key);
      else this.cookies.set(key, cookie);
    }
  }

  headerFor(url: URL): string | undefined {
    const now = Date.now();
    const sent = [...this.cookies.values()]
      .filter((cookie) => cookie.expiresAt > now && pathMatches(url.pathname, cookie.path))
      .map((cookie) => `${cookie.name}=${cookie.value}`);
    return sent.length > 0 ? sent.join("; ") : undefined;
  }
}

function parseSetCookie(header: string, requestUrl: URL): StoredCookie | undefined {
  const [pair, ...attributes] = header.split(";");
  const at = pair!.indexOf("=");
  if (at <= 0) return undefined;
  const cookie: StoredCookie = {
    name: pair!.slice(0, at).trim(),
    value: pair!.slice(at + 1).trim(),
    path: requestUrl.pathname.replace(/\/[^/]*$/, "") || "/",
    expiresAt: Number.POSITIVE_INFINITY,
  };
  let maxAge: number | undefined;
  for (const attribute of attributes) {
    const [rawName, ...rest] = attribute.split("=");
    const name = rawName!.trim().toLowerCase();
    const value = rest.join("=").trim();
    if (name === "path" && value.startsWith("/")) cookie.path = value;
    if (name === "max-age" && /^-?\d+$/.test(value)) maxAge = Number(value);
    if (name === "expires" && !Number.isNaN(Date.parse(value))) cookie.expiresAt = Date.parse(value);
  }
  // Max-Age wins over Expires (RFC 6265 5.3).
  if (maxAge !== undefined) cookie.expiresAt = maxAge <= 0 ? 0 : Date.now() + maxAge * 1000;
  return cookie;
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith("/") || requestPath[cookiePath.length] === "/";
}

interface Step {
  response: Response;
  url: URL;
  body: string;
}

/** Runs a whole launch as a browser would and returns the last response. */
export async function runBrowserLaunch(
  state: PlatformState,
  options: FakeLtiLaunchOptions,
): Promise<FakeLtiLaunchResult> {
  const tool = requireTool(state);
  const jar = new CookieJar(options.blockThirdPartyCookies === true);
  const launch = startPendingLaunch(state, options);
  const params = loginParameters(state, launch);
  const toolOrigin = new URL(tool.loginUrl).origin;
  const platformOrigin = new URL(state.issuer).origin;

  let step: Step;
  if (options.loginMethod === "POST") {
    step = await go(jar, new URL(tool.loginUrl), "POST", new URLSearchParams(params), platformOrigin);
  } else {
    const loginUrl = new URL(tool.loginUrl);
    for (const [name, value] of Object.entries(params)) loginUrl.searchParams.set(name, value);
    step = await go(jar, loginUrl, "GET");
  }
  const finish = (last: Step, idToken = ""): FakeLtiLaunchResult => ({
    status: last.response.status,
    url: last.url.toString(),
    headers: last.response.headers,
    body: last.body,
    idToken,
    cookies: jar.received,
  });

  // The tool sends the browser to the platform's authorization endpoint.
  const toAuth = redirectTarget(step);
  if (!toAuth || toAuth.origin !== platformOrigin) return finish(step);
  step = await go(jar, toAuth, "GET");
  const form = step.response.status === 200 ? readAutoSubmitForm(step.body) : undefined;
  if (!form) return finish(step);

  // The platform's page posts the id_token to the tool (cross-site: Origin is the platform).
  const idToken = form.fields.id_token ?? "";
  step = await go(jar, new URL(form.action), "POST", new URLSearchParams(form.fields), platformOrigin);
  for (let hops = 0; hops < MAX_REDIRECTS; hops++) {
    const next = redirectTarget(step);
    if (!next || next.origin !== toolOrigin) break;
    step = await go(jar, next, "GET");
  }
  return finish(step, idToken);
}

function redirectTarget(step: Step): URL | undefined {
  const location = step.response.headers.get("location");
  if (step.response.status < 300 || step.response.status >= 400 || !location) return undefined;
  return new URL(location, step.url);
}

async function go(
  jar: CookieJar,
  url: URL,
  method: "GET" | "POST",
  form?: URLSearchParams,
  origin?: string,
): Promise<Step> {
  const headers: Record<string, string> = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };
  const cookie = jar.headerFor(url);
  if (cookie) headers.cookie = cookie;
  if (form) headers["content-type"] = "application/x-www-form-urlencoded";
  if (origin) headers.origin = origin;
  const response = await fetch(url, { method, headers, body: form?.toString(), redirect: "manual" });
  jar.store(response, url);
  return { response, url, body: await response.text() };
}
