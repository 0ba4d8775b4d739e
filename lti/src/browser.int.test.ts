// End to end in a real browser: Debian's headless Chromium opens the fake LMS's course page, which shows
// StudyHall in an iframe from another site (the LMS on `localhost`, the tool on `127.0.0.1`), with
// third-party cookies blocked as Safari blocks them by default. The instructor's launch runs the whole
// way (login, the platform's auth, form_post, the course page), then uploads a material and watches
// its progress.
import os from "node:os";
import path from "node:path";
import type { Frame, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed, onTestFinished } from "vitest";
import { sampleMaterial } from "../../test/support/course-fixtures.ts";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import {
  readCookiesInPage,
  readUploadTrace,
  recordUploadTrace,
  setCookieInPage,
} from "./testing/browser-probes.ts";
import { findChromium, type HeadlessChromium, launchHeadlessChromium } from "./testing/headless-chromium.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const chromiumPath = findChromium();
// Outside CI a machine without Chromium skips this file (`npm test` runs scripts/ensure-chromium.mjs,
// which says what to install); under CI=true a missing Chromium fails it, so the test is never lost.
const skip = chromiumPath === undefined && process.env.CI !== "true";

const teacher = { sub: "teacher-e2e", name: "Tess Teacher", roles: [INSTRUCTOR] };
const PROBE_COOKIE = "studyhall_probe=1; SameSite=None; Secure; Path=/";
/** A little over two seconds for the material below: long enough for several progress events. */
const UPLOAD_BYTES_PER_S = 24 * 1024;

let lti: TestLti;
let canvas: FakeLtiPlatform;
let browser: HeadlessChromium;

beforeAll(async () => {
  if (!chromiumPath) {
    throw new Error(
      "No Chromium at CHROMIUM_PATH or /usr/bin/chromium: run `node scripts/ensure-chromium.mjs` (or `apt-get install chromium`).",
    );
  }
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  browser = await launchHeadlessChromium(chromiumPath);
});
afterAll(async () => {
  await browser?.close();
  await canvas?.close();
  await lti?.close();
});

/** The fake LMS's course page for a launch, served as `localhost` so the tool (127.0.0.1) is a third party. */
function lmsPageUrl(context: { id: string; title: string }): string {
  const url = new URL(canvas.launchPageUrl({ user: teacher, context }));
  url.hostname = "localhost";
  return url.href;
}

/** The sample reader, thirty-two times over with numbered headings (about 55 KB of Markdown). */
async function readingsMaterial(): Promise<Buffer> {
  const reader = (await sampleMaterial()).toString("utf8");
  const parts = Array.from({ length: 32 }, (_, i) => `# Reading ${i + 1}\n\n${reader}`);
  return Buffer.from(parts.join("\n\n"), "utf8");
}

/** Saves a screenshot of the whole LMS page when the running test fails, and says where. */
function screenshotOnFailure(name: string): void {
  onTestFailed(async () => {
    const file = path.join(os.tmpdir(), `studyhall-browser-${name}.png`);
    await browser?.page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.error(`browser test failed; screenshot: ${file}`);
  });
}

/** Opens the LMS page and waits for the tool's course page inside its iframe. */
async function openCoursePageInLms(context: { id: string; title: string }): Promise<Frame> {
  const { page } = browser;
  await page.goto(lmsPageUrl(context));
  const iframe = page.locator("iframe#tool");
  await iframe.contentFrame().getByRole("heading", { level: 1, name: context.title }).waitFor();
  const frame = await (await iframe.elementHandle())?.contentFrame();
  if (!frame) throw new Error("the LMS page has no tool iframe");
  return frame;
}

describe.skipIf(skip)("StudyHall in an LMS iframe, in Chromium with third-party cookies blocked", () => {
  it("launches the instructor through login, platform auth and form_post to the course page", async () => {
    screenshotOnFailure("launch");
    const { page, context } = browser;
    const navigations: Array<{ method: string; url: URL; cookie: string | undefined }> = [];
    const record = async (request: Request) => {
      if (!request.isNavigationRequest() || request.frame().parentFrame() === null) return;
      const headers = await request.allHeaders();
      navigations.push({ method: request.method(), url: new URL(request.url()), cookie: headers.cookie });
    };
    const pending: Array<Promise<void>> = [];
    const onRequest = (request: Request) => void pending.push(record(request));
    page.on("request", onRequest);
    onTestFinished(() => {
      page.off("request", onRequest);
    });

    const course = { id: "ctx-e2e-launch", title: "Biology in the browser" };
    const frame = await openCoursePageInLms(course);

    // The LMS page and the tool are different sites: the top is localhost, the frame 127.0.0.1.
    expect(new URL(page.url()).hostname).toBe("localhost");
    const frameUrl = new URL(frame.url());
    expect(frameUrl.origin).toBe(lti.url);
    expect(frameUrl.pathname).toBe("/lti/course");
    expect(frameUrl.searchParams.get("ltik")).toBeTruthy();

    // The iframe went login → platform auth → form_post launch → the course page, without cookies.
    await Promise.all(pending);
    const steps = navigations.map((n) => `${n.method} ${n.url.origin}${n.url.pathname}`);
    expect(steps).toEqual([
      `GET ${lti.toolUrl}/login`,
      `GET ${canvas.authUrl}`,
      `POST ${lti.toolUrl}`,
      `GET ${lti.toolUrl}/course`,
    ]);
    expect(navigations.map((n) => n.cookie)).toEqual([undefined, undefined, undefined, undefined]);

    // Third-party cookies are blocked in this browser: the tool's origin cannot keep a cookie in the
    // iframe, though the very same cookie set by the same origin as a first party is kept.
    expect(await frame.evaluate(setCookieInPage, PROBE_COOKIE)).toBe("");
    expect(await context.cookies(lti.url)).toEqual([]);
    const firstParty = await context.newPage();
    try {
      await firstParty.goto(`${lti.toolUrl}/keys`);
      expect(await firstParty.evaluate(setCookieInPage, PROBE_COOKIE)).toBe("studyhall_probe=1");
    } finally {
      await firstParty.close();
    }
    expect((await context.cookies(lti.url)).map((c) => c.name)).toEqual(["studyhall_probe"]);

    // Stored as a first-party cookie now, it is still neither readable in the iframe nor sent from it,
    // and the course page still works there: the session is the ltik, not a cookie.
    expect(await frame.evaluate(readCookiesInPage)).toBe("");
    navigations.length = 0;
    await frame.goto(frame.url());
    await frame.getByRole("heading", { level: 1, name: course.title }).waitFor();
    await Promise.all(pending);
    expect(navigations.map((n) => [n.url.pathname, n.cookie])).toEqual([["/lti/course", undefined]]);
  });

  it("uploads a material from the course page and shows its progress, then its result", async () => {
    screenshotOnFailure("upload");
    const course = { id: "ctx-e2e-upload", title: "Cells in the browser" };
    const frame = await openCoursePageInLms(course);
    const form = frame.locator("form#upload-material");
    expect(await form.count(), "the course page has no form#upload-material").toBe(1);
    await frame.evaluate(recordUploadTrace, {
      progress: "progress#upload-progress",
      status: "#upload-status",
    });
    expect(await frame.locator("progress#upload-progress").getAttribute("max")).toBe("100");

    // Upload slowly enough that the bar has steps to show: the tool's iframe (its own process) gets
    // a throttled network. Nothing here waits for a time; the trace is read after the result shows.
    const cdp = await browser.context.newCDPSession(frame);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: UPLOAD_BYTES_PER_S,
    });
    const fileName = "cell-biology-readings.md";
    const material = await readingsMaterial();
    await form.locator("input#material-file[type=file][name=file]").setInputFiles({
      name: fileName,
      mimeType: "text/markdown",
      buffer: material,
    });
    await form.locator("button[type=submit], input[type=submit]").click();
    // The live region names the file once the upload is answered; the material is then processed.
    await frame.locator("#upload-status").filter({ hasText: fileName }).waitFor({ timeout: 30_000 });
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const trace = await frame.evaluate(readUploadTrace);
    const partial = trace.progress.filter((value) => value > 0 && value < 100);
    expect(partial.length).toBeGreaterThan(1);
    expect(trace.progress).toEqual([...trace.progress].sort((a, b) => a - b));
    expect(trace.progress.at(-1)).toBe(100);
    expect(trace.status.some((text) => /^Uploading… \d{1,3}%$/.test(text))).toBe(true);
    expect(trace.status.at(-1)).toContain(fileName);

    const { courseId } = await lti.database.prisma.courseSpace.findFirstOrThrow({
      where: { externalId: course.id },
    });
    const stored = () => lti.database.prisma.material.findMany({ where: { courseId } });
    expect((await stored()).map((m) => [m.fileName, m.sizeBytes])).toEqual([[fileName, material.byteLength]]);
    // Wait for the processing the upload started, so the file's teardown does not cut it off.
    await expect
      .poll(async () => (await stored())[0]?.status, { timeout: 30_000, interval: 200 })
      .toBe("READY");
  }, 60_000);
});
