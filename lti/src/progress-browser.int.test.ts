// The Progress page in a real browser: Debian's headless Chromium opens the fake LMS's course page with
// StudyHall in a cross-site iframe. The student goes to Your progress and finds the card drawn inline
// under the page's CSP (no inline styles, no violations), named for screen readers by its title, at a
// readable size; then hides from the leaderboard with its button.
import os from "node:os";
import path from "node:path";
import type { ConsoleMessage, Frame } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { findChromium, type HeadlessChromium, launchHeadlessChromium } from "./testing/headless-chromium.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const chromiumPath = findChromium();
// As browser.int.test.ts: skipped on a machine without Chromium, except under CI where it must run.
const skip = chromiumPath === undefined && process.env.CI !== "true";

const teacher = { sub: "teacher-progress-e2e", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-progress-e2e", name: "Sam Student", roles: [LEARNER] };
const course = { id: "ctx-progress-e2e", title: "Progress in the browser" };
const now = new Date("2026-12-09T15:00:00Z");

let lti: TestLti;
let canvas: FakeLtiPlatform;
let browser: HeadlessChromium;

beforeAll(async () => {
  if (!chromiumPath) {
    throw new Error(
      "No Chromium at CHROMIUM_PATH or /usr/bin/chromium: run `node scripts/ensure-chromium.mjs` (or `apt-get install chromium`).",
    );
  }
  lti = await startTestLti({ studyClock: () => now });
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  await canvas.launch({ user: teacher, context: course });
  await canvas.launch({ user: student, context: course });
  const db = lti.database.prisma;
  const { courseId } = await db.courseSpace.findFirstOrThrow({ where: { externalId: course.id } });
  const { userId } = await db.identity.findFirstOrThrow({
    where: { platform: "LTI", externalId: student.sub },
  });
  await db.xpEvent.create({
    data: {
      userId,
      courseId,
      kind: "PRACTICE_ANSWER",
      sourceKey: "test:browser",
      points: 70,
      occurredAt: new Date("2026-12-09T10:00:00Z"),
      localDate: new Date("2026-12-09T00:00:00Z"),
    },
  });
  browser = await launchHeadlessChromium(chromiumPath);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await canvas?.close();
  await lti?.close();
});

function screenshotOnFailure(name: string): void {
  onTestFailed(async () => {
    const file = path.join(os.tmpdir(), `studyhall-browser-${name}.png`);
    await browser?.page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    console.error(`browser test failed; screenshot: ${file}`);
  });
}

/** Opens the LMS page (as `localhost`, so the tool is a third party) and goes to Your progress. */
async function openProgressInLms(): Promise<Frame> {
  const url = new URL(canvas.launchPageUrl({ user: student, context: course }));
  url.hostname = "localhost";
  await browser.page.goto(url.href);
  const iframe = browser.page.locator("iframe#tool");
  await iframe.contentFrame().getByRole("heading", { level: 1, name: course.title }).waitFor();
  const frame = await (await iframe.elementHandle())?.contentFrame();
  if (!frame) throw new Error("the LMS page has no tool iframe");
  await frame.getByRole("link", { name: "Your progress" }).click();
  await frame.getByRole("heading", { level: 1, name: "Your progress" }).waitFor();
  return frame;
}

describe.skipIf(skip)("the Progress page in an LMS iframe, in Chromium", () => {
  it("draws the card inline under the page's CSP, named by its title, and hides from the leaderboard", async () => {
    screenshotOnFailure("progress");
    const violations: string[] = [];
    const onConsole = (message: ConsoleMessage) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    };
    browser.page.on("console", onConsole);
    try {
      const frame = await openProgressInLms();
      const card = frame.getByRole("img", { name: `Progress of Sam Student in ${course.title}` });
      await card.waitFor();
      const box = await card.boundingBox();
      // The card scales to the iframe's width, keeping its 800 x 420 proportions.
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.height / box!.width).toBeCloseTo(420 / 800, 1);
      expect(violations).toEqual([]);

      await frame.getByRole("button", { name: "Hide me from leaderboards" }).click();
      await frame.getByText("You are hidden from the leaderboards now.").waitFor();
      await frame.getByRole("button", { name: "Show me on leaderboards" }).waitFor();
      expect(violations).toEqual([]);
    } finally {
      browser.page.off("console", onConsole);
    }
  });
});
