// Functions that run inside a page (playwright serialises them into the browser), typed against the
// little of the DOM they touch: the project compiles without the DOM library, so these declarations
// are local to this module and say exactly what the probes rely on.

interface ProbeElement {
  textContent: string | null;
  /** A <progress> element's value. */
  value?: number;
}

declare const document: {
  cookie: string;
  querySelector(selector: string): ProbeElement | null;
};

declare const MutationObserver: new (
  callback: () => void,
) => { observe(target: ProbeElement, options: Record<string, unknown>): void };

/** Every value an upload's progress bar and live region took, in order. */
export interface UploadTrace {
  progress: number[];
  status: string[];
}

/** Sets a cookie from the page's own script and returns what the page can then read back. */
export function setCookieInPage(cookie: string): string {
  document.cookie = cookie;
  return document.cookie;
}

/** What the page's script can read of its cookies. */
export function readCookiesInPage(): string {
  return document.cookie;
}

/**
 * Starts recording each value the progress bar (`value` attribute) and the live region (its text)
 * take, from the page itself, so no change is missed between two polls of the test.
 */
export function recordUploadTrace(selectors: { progress: string; status: string }): void {
  const progress = document.querySelector(selectors.progress);
  const status = document.querySelector(selectors.status);
  if (!progress || !status) throw new Error(`missing ${selectors.progress} or ${selectors.status}`);
  const trace: UploadTrace = { progress: [], status: [] };
  (globalThis as { studyhallUploadTrace?: UploadTrace }).studyhallUploadTrace = trace;
  new MutationObserver(() => trace.progress.push(Number(progress.value))).observe(progress, {
    attributes: true,
    attributeFilter: ["value"],
  });
  new MutationObserver(() => trace.status.push((status.textContent ?? "").trim())).observe(status, {
    childList: true,
    characterData: true,
    subtree: true,
  });
}

/** The trace recorded since recordUploadTrace(). */
export function readUploadTrace(): UploadTrace {
  const trace = (globalThis as { studyhallUploadTrace?: UploadTrace }).studyhallUploadTrace;
  if (!trace) throw new Error("recordUploadTrace() was not called in this page");
  return trace;
}
