import { html, type SafeHtml } from "./html.ts";

/**
 * A moment on a page: UTC text that reads right without scripts, in a <time> the page's script
 * rewrites to the viewer's own time zone (a teacher in Sydney and one in Denver see their own clocks).
 */
export function localTime(date: Date, precision: "date" | "minute" = "minute"): SafeHtml {
  const iso = date.toISOString();
  const text = precision === "date" ? iso.slice(0, 10) : `${iso.slice(0, 16).replace("T", " ")} UTC`;
  return html`<time datetime="${iso}" data-local="${precision}">${text}</time>`;
}

/** Whether a page holds a time for {@link LOCAL_TIME_SCRIPT} to rewrite. */
export function hasLocalTimes(body: string): boolean {
  return body.includes('data-local="');
}

// Sent inline with the page's CSP nonce, and only on pages that show times. ES5, like the upload
// script, for any browser an LMS supports; it reads only the <time> elements' own datetime attributes
// and formats them with the browser's Intl (its language and time zone). The UTC text stays as the
// tooltip, so a teacher comparing with a log or an email can still see it.
export const LOCAL_TIME_SCRIPT = `(function () {
  if (!window.Intl || !Intl.DateTimeFormat || !document.querySelectorAll) return;
  var formats = {
    date: new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" }),
    minute: new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZoneName: "short" })
  };
  var times = document.querySelectorAll("time[data-local]");
  for (var i = 0; i < times.length; i++) {
    var el = times[i];
    var when = new Date(el.getAttribute("datetime"));
    var format = formats[el.getAttribute("data-local")];
    if (!format || isNaN(when.getTime())) continue;
    el.title = el.textContent;
    el.textContent = format.format(when);
  }
})();`;
