import { randomBytes } from "node:crypto";
import { html, type SafeHtml, trusted } from "./html.ts";
import { hasLocalTimes, LOCAL_TIME_SCRIPT } from "./local-time.ts";

// Small, readable in an LMS iframe (narrow widths, the LMS's own scrollbars), and usable by keyboard and
// screen reader: landmarks, headings, visible focus, labels on every control.
const CSS = `
:root{color-scheme:light dark;--fg:#1b1b1f;--muted:#5b5b66;--line:#d4d4dc;--accent:#2f5bd3;--bg:#fff;--warn:#8a5a00;--err:#b3261e;--ok:#1d6b32}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8ee;--muted:#a8a8b3;--line:#3a3a44;--accent:#8fb0ff;--bg:#16161a;--warn:#f0c060;--err:#ff8a80;--ok:#7bd88f}}
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:60rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem;margin:.25rem 0}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
section{border-top:1px solid var(--line);padding-top:.5rem}.muted{color:var(--muted)}
.passage{scroll-margin-top:1rem}.passage:target{border-left:4px solid var(--accent);padding-left:.75rem;background:color-mix(in srgb,var(--accent) 10%,transparent)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
button{font:inherit;padding:.35rem .8rem;border:1px solid var(--accent);border-radius:.3rem;background:var(--accent);color:var(--bg);cursor:pointer}
button.secondary{background:transparent;color:var(--accent)}button.danger{border-color:var(--err);background:transparent;color:var(--err)}
a{color:var(--accent)}:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
form.inline{display:inline}fieldset{border:1px solid var(--line);border-radius:.3rem}
.notice{padding:.5rem .75rem;border-left:4px solid var(--accent);margin:.75rem 0}.notice.warning{border-color:var(--warn)}.notice.error{border-color:var(--err)}.notice.success{border-color:var(--ok)}
.code{font:700 1.6rem/1.2 ui-monospace,monospace;letter-spacing:.1em}progress{width:8rem;vertical-align:middle}
nav ul{list-style:none;padding:0;display:flex;gap:1rem;flex-wrap:wrap}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.attention{border-left:4px solid var(--warn);background:color-mix(in srgb,var(--warn) 8%,transparent)}
.chart{width:100%;max-width:32rem;height:auto}.bar{fill:var(--accent)}.bar-track{fill:var(--line)}.chart text{fill:var(--fg);font:14px system-ui,sans-serif}
.progress-card{margin:1rem 0}.progress-card svg{display:block;width:100%;max-width:50rem;height:auto}
label.block{display:block;margin:.5rem 0 .15rem}input[type=text],input[type=number],textarea{font:inherit;max-width:100%}
`;

export interface PageOptions {
  title: string;
  body: SafeHtml;
  /** Inline script written by us (never data), allowed by a per-page nonce in the CSP. */
  script?: string;
  /** Origins besides our own that the page's forms post to (the Deep Linking return URL). */
  formAction?: string[];
}

/** A whole HTML document, and the Content-Security-Policy to send with it. */
export function renderPage(options: PageOptions): { html: string; csp: string } {
  const nonce = randomBytes(16).toString("base64");
  const script = options.script ? html`<script nonce="${nonce}">${trusted(options.script)}</script>` : "";
  const times = hasLocalTimes(options.body.value)
    ? html`<script nonce="${nonce}">${trusted(LOCAL_TIME_SCRIPT)}</script>`
    : "";
  const doc = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${options.title} · StudyHall</title>
<style nonce="${nonce}">${trusted(CSS)}</style>
</head>
<body><main>${options.body}</main>${script}${times}</body>
</html>`;
  // No frame-ancestors: the LMS (any origin) frames these pages. Forms post only back to us.
  const csp = [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "img-src 'self' data:",
    ["form-action 'self'", ...(options.formAction ?? [])].join(" "),
    // The upload script talks to the tool only.
    "connect-src 'self'",
    "base-uri 'none'",
  ].join("; ");
  return { html: doc.value, csp };
}
