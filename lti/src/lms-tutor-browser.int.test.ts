// The tutor in a real browser: Debian's headless Chromium opens the fake LMS's course page with
// StudyHall in a cross-site iframe (LMS on `localhost`, tool on `127.0.0.1`) and third-party cookies
// blocked. A student types a question into the Ask box; the answer (the real openai SDK against the
// fake OpenAI server, which streams a word at a time, slowly) grows in the page as it streams; the
// finished answer's citation opens the material page in the same iframe.
import os from "node:os";
import path from "node:path";
import { createAi, ingestMaterial } from "@studyhall/core";
import type { Frame, Request } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { type FakeOpenAi, startFakeOpenAi } from "../../test/support/fake-openai-server.ts";
import { findChromium, type HeadlessChromium, launchHeadlessChromium } from "./testing/headless-chromium.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const chromiumPath = findChromium();
// As browser.int.test.ts: skipped on a machine without Chromium, except under CI where it must run.
const skip = chromiumPath === undefined && process.env.CI !== "true";

const teacher = { sub: "teacher-ask-e2e", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-ask-e2e", name: "Sam Student", roles: [LEARNER] };
const course = { id: "ctx-ask-e2e", title: "Aquifers in the browser" };
const ANSWER =
  "The Kessel aquifer is recharged by rain falling on the northern ridge [1]. Water then moves south through the sandstone over many years.";

let lti: TestLti;
let canvas: FakeLtiPlatform;
let openai: FakeOpenAi;
let browser: HeadlessChromium;
let materialId: string;

beforeAll(async () => {
  if (!chromiumPath) {
    throw new Error(
      "No Chromium at CHROMIUM_PATH or /usr/bin/chromium: run `node scripts/ensure-chromium.mjs` (or `apt-get install chromium`).",
    );
  }
  openai = await startFakeOpenAi();
  const ai = createAi({
    provider: "openai",
    apiKey: openai.apiKey,
    baseURL: openai.url,
    chatModel: "gpt-test",
    embeddingModel: "text-embedding-3-small",
    timeoutMs: 20_000,
    maxRetries: 0,
  });
  lti = await startTestLti({ ai, retrieval: { minSimilarity: 0.99, minCoverage: 0.5 } });
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  await canvas.launch({ user: teacher, context: course });
  const { courseId } = await lti.database.prisma.courseSpace.findFirstOrThrow({
    where: { externalId: course.id },
  });
  const { material } = await ingestMaterial(
    {
      courseId,
      data: new TextEncoder().encode(
        "# Groundwater\n\n## The Kessel aquifer\n\nThe Kessel aquifer is recharged by rain on the northern ridge, where the sandstone is exposed. Water moves south through the sandstone.",
      ),
      fileName: "groundwater.md",
    },
    lti.deps.ingest,
  );
  materialId = material.id;
  openai.setChatResponder(() => ANSWER);
  // Slow enough that the page shows the answer in several states before it is complete.
  openai.setChatPieceDelayMs(80);
  browser = await launchHeadlessChromium(chromiumPath);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await canvas?.close();
  await lti?.close();
  await openai?.close();
});

function screenshotOnFailure(name: string): void {
  onTestFailed(async () => {
    const file = path.join(os.tmpdir(), `studyhall-browser-${name}.png`);
    await browser?.page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.error(`browser test failed; screenshot: ${file}`);
  });
}

/** Opens the LMS page (as `localhost`, so the tool is a third party) and waits for the student page. */
async function openStudentPageInLms(): Promise<Frame> {
  const url = new URL(canvas.launchPageUrl({ user: student, context: course }));
  url.hostname = "localhost";
  await browser.page.goto(url.href);
  const iframe = browser.page.locator("iframe#tool");
  await iframe.contentFrame().getByRole("heading", { level: 1, name: course.title }).waitFor();
  const frame = await (await iframe.elementHandle())?.contentFrame();
  if (!frame) throw new Error("the LMS page has no tool iframe");
  return frame;
}

// The little of the DOM the probes below touch (the project compiles without the DOM library; playwright
// runs these functions in the page).
interface ProbeElement {
  textContent: string | null;
}
declare const document: { getElementById(id: string): ProbeElement | null };
declare const MutationObserver: new (
  callback: () => void,
) => { observe(target: ProbeElement, options: Record<string, unknown>): void };

/** Runs in the page: records every text the answer area shows, as it changes. */
function recordAnswerGrowth(): void {
  const target = document.getElementById("ask-answer")!;
  const seen: string[] = [];
  (globalThis as { answerTrace?: string[] }).answerTrace = seen;
  new MutationObserver(() => seen.push(target.textContent ?? "")).observe(target, {
    childList: true,
    subtree: true,
    characterData: true,
  });
}

describe.skipIf(skip)("the Ask box in an LMS iframe, in Chromium with third-party cookies blocked", () => {
  it("streams the answer into the page as it is written, and its citation opens the material", async () => {
    screenshotOnFailure("ask");
    const frame = await openStudentPageInLms();
    const asks: Array<{ cookie: string | undefined; accept: string | undefined }> = [];
    const pending: Array<Promise<void>> = [];
    browser.page.on("request", (request: Request) => {
      if (!request.url().includes("/lti/learn/ask")) return;
      pending.push(
        request.allHeaders().then((headers) => {
          asks.push({ cookie: headers.cookie, accept: headers.accept });
        }),
      );
    });
    await frame.evaluate(recordAnswerGrowth);

    await frame.getByLabel("Your question").fill("How is the Kessel aquifer recharged?");
    await frame.getByRole("button", { name: "Ask" }).click();
    const citation = frame.locator("#ask-answer a.citation");
    await citation.waitFor({ timeout: 30_000 });

    // The answer grew in the page: several partial texts, each extending the one before.
    const trace = await frame.evaluate(() => (globalThis as { answerTrace?: string[] }).answerTrace ?? []);
    const partial = trace.filter((text) => text.length > 0 && text.length < ANSWER.length);
    expect(partial.length).toBeGreaterThan(2);
    for (let i = 1; i < partial.length; i++) expect(partial[i]!.startsWith(partial[i - 1]!)).toBe(true);
    expect(await frame.locator("#ask-answer").textContent()).toContain(
      "The Kessel aquifer is recharged by rain falling on the northern ridge [1].",
    );
    // One streamed request, asked for as NDJSON, with no cookie: the session is the ltik in the body.
    await Promise.all(pending);
    expect(asks).toEqual([{ cookie: undefined, accept: "application/x-ndjson" }]);

    await citation.click();
    await frame.waitForURL((url) => url.pathname === `/lti/learn/materials/${materialId}`);
    await frame.getByRole("heading", { level: 1 }).waitFor();
    expect(new URL(frame.url()).hash).toMatch(/^#section-/);
    expect(await frame.locator("main").textContent()).toContain(
      "The Kessel aquifer is recharged by rain on the northern ridge",
    );
  }, 120_000);
});
