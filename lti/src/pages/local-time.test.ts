import vm from "node:vm";
import { describe, expect, it } from "vitest";
import { html } from "./html.ts";
import { renderPage } from "./layout.ts";
import { LOCAL_TIME_SCRIPT, localTime } from "./local-time.ts";

const MOMENT = new Date("2026-03-05T02:30:00Z");

/** A <time> element as the script sees it. */
function timeElement(markup: string) {
  const match = /<time datetime="([^"]+)" data-local="([^"]+)">([^<]*)<\/time>/.exec(markup)!;
  const attributes: Record<string, string> = { datetime: match[1]!, "data-local": match[2]! };
  return { textContent: match[3]!, title: "", getAttribute: (name: string) => attributes[name] ?? null };
}

/** Runs the page's script against elements, in a browser whose time zone is `timeZone`. */
function runInZone(timeZone: string, elements: ReturnType<typeof timeElement>[]): void {
  // The browser's own Intl, pinned to a time zone: the script passes no zone, so it gets the viewer's.
  const LocalIntl = {
    DateTimeFormat: function DateTimeFormat(_locale: unknown, options: Intl.DateTimeFormatOptions) {
      return new Intl.DateTimeFormat("en-US", { ...options, timeZone });
    },
  };
  vm.runInNewContext(LOCAL_TIME_SCRIPT, {
    window: { Intl: LocalIntl },
    Intl: LocalIntl,
    Date,
    isNaN,
    document: { querySelectorAll: () => elements },
  });
}

describe("times on the pages", () => {
  it("reads in UTC without scripts, marked as UTC", () => {
    expect(localTime(MOMENT).value).toBe(
      '<time datetime="2026-03-05T02:30:00.000Z" data-local="minute">2026-03-05 02:30 UTC</time>',
    );
    expect(localTime(MOMENT, "date").value).toContain(">2026-03-05</time>");
  });

  it("are rewritten to the viewer's time zone by the page's script, keeping UTC as the tooltip", () => {
    const minute = timeElement(localTime(MOMENT).value);
    const date = timeElement(localTime(MOMENT, "date").value);
    runInZone("America/Denver", [minute, date]);
    // 02:30 UTC on 5 March is the evening before in Denver: the date changes too.
    expect(minute.textContent).toBe("Mar 4, 2026, 7:30 PM MST");
    expect(date.textContent).toBe("Mar 4, 2026");
    expect(minute.title).toBe("2026-03-05 02:30 UTC");
  });

  it("are sent with the script, under the page's nonce, only on pages that show times", () => {
    const withTimes = renderPage({ title: "T", body: html`<p>Added ${localTime(MOMENT)}</p>` });
    const nonce = /script-src 'nonce-([^']+)'/.exec(withTimes.csp)![1]!;
    expect(withTimes.html).toContain(`<script nonce="${nonce}">${LOCAL_TIME_SCRIPT}</script>`);
    expect(renderPage({ title: "T", body: html`<p>No times here</p>` }).html).not.toContain("<script");
  });
});
