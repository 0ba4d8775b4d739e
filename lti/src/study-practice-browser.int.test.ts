// Practice and a flashcard review in a real browser: Debian's headless Chromium opens the fake LMS's
// course page with StudyHall in a cross-site iframe (third-party cookies blocked, so the ltik in every
// form is the session). A student practises a quiz: answers, sees whether they were right with the
// explanation and the source, answers a multiple-select question with the page's form, retries the
// missed question, and finds best and last in the list; two days later the missed question is a card
// they review (Show, then a rating labelled with its interval).
import os from "node:os";
import path from "node:path";
import { ingestMaterial, saveQuiz } from "@studyhall/core";
import type { Frame } from "playwright-core";
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

const teacher = { sub: "teacher-practice-e2e", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-practice-e2e", name: "Sam Student", roles: [LEARNER] };
const course = { id: "ctx-practice-e2e", title: "Organelles in the browser" };
const DAY_MS = 24 * 60 * 60 * 1000;

let lti: TestLti;
let canvas: FakeLtiPlatform;
let browser: HeadlessChromium;
let materialId: string;
let now = new Date("2026-03-02T09:00:00Z");

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
  const { courseId } = await lti.database.prisma.courseSpace.findFirstOrThrow({
    where: { externalId: course.id },
  });
  ({
    material: { id: materialId },
  } = await ingestMaterial(
    {
      courseId,
      data: new TextEncoder().encode("# Cells\n\n## Mitochondria\n\nMitochondria produce ATP for the cell."),
      fileName: "cells.md",
    },
    lti.deps.ingest,
  ));
  const chunk = await lti.database.prisma.materialChunk.findFirstOrThrow({ where: { courseId } });
  await saveQuiz(lti.database.prisma, {
    courseId,
    title: "Organelles",
    topic: "Cells",
    origin: "AUTHORED",
    approved: true,
    questions: [
      {
        kind: "SINGLE_CHOICE",
        prompt: "Which organelle makes ATP?",
        choices: ["Nucleus", "Mitochondria", "Golgi"],
        correctChoices: [1],
        explanation: "Mitochondria run cellular respiration.",
        sourceChunkId: chunk.id,
      },
      {
        kind: "MULTIPLE_SELECT",
        prompt: "Which hold DNA?",
        choices: ["Nucleus", "Mitochondria", "Vacuole"],
        correctChoices: [0, 1],
      },
    ],
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

/** Opens the LMS page (as `localhost`, so the tool is a third party) and goes to the Study area. */
async function openStudyInLms(): Promise<Frame> {
  const url = new URL(canvas.launchPageUrl({ user: student, context: course }));
  url.hostname = "localhost";
  await browser.page.goto(url.href);
  const iframe = browser.page.locator("iframe#tool");
  await iframe.contentFrame().getByRole("heading", { level: 1, name: course.title }).waitFor();
  const frame = await (await iframe.elementHandle())?.contentFrame();
  if (!frame) throw new Error("the LMS page has no tool iframe");
  await frame.getByRole("link", { name: "Open Study" }).click();
  await frame.getByRole("heading", { level: 1, name: "Study" }).waitFor();
  return frame;
}

async function text(frame: Frame): Promise<string> {
  return ((await frame.locator("main").textContent()) ?? "").replace(/\s+/g, " ");
}

/** Each row of a table body: its cells, each trimmed, joined by single spaces. */
async function rowsText(frame: Frame, table: string): Promise<string[]> {
  const rows = frame.locator(`${table} tbody tr`);
  await rows.first().waitFor();
  const texts: string[] = [];
  for (const row of await rows.all()) {
    const cells = await row.locator("th, td").allTextContents();
    texts.push(cells.map((cell) => cell.replace(/\s+/g, " ").trim()).join(" "));
  }
  return texts;
}

describe.skipIf(skip)("practice and review in an LMS iframe, in Chromium", () => {
  it("practises a quiz with instant feedback, retries the missed question, and shows best and last", async () => {
    screenshotOnFailure("practice");
    const frame = await openStudyInLms();
    await frame.getByRole("navigation", { name: "Study" }).getByRole("link", { name: "Practice" }).click();
    await frame.getByRole("heading", { level: 1, name: "Practice" }).waitFor();
    await frame.getByRole("button", { name: "Practise Organelles" }).click();

    await frame.getByRole("button", { name: "A. Nucleus" }).click();
    await frame.getByText("Not quite.").waitFor();
    expect(await text(frame)).toContain("Mitochondria run cellular respiration.");
    const source = frame.locator("a.citation").first();
    expect(new URL((await source.getAttribute("href"))!).pathname).toBe(`/lti/learn/materials/${materialId}`);

    await frame.getByRole("button", { name: "Next" }).click();
    await frame.getByText("Which hold DNA?").waitFor();
    await frame.getByRole("button", { name: "Answer" }).click();
    await frame.getByLabel("Nucleus").check();
    await frame.getByLabel("Mitochondria").check();
    await frame.getByRole("button", { name: "Check my answer" }).click();
    await frame.getByText("Right!").waitFor();
    expect(await text(frame)).toMatch(/Score\s*50% \(1 of 2 right\)/);

    await frame.getByRole("button", { name: /Retry missed/ }).click();
    await frame.getByText("(missed questions)").waitFor();
    await frame.getByRole("button", { name: "B. Mitochondria" }).click();
    await frame.getByText("Right!").waitFor();

    await frame.getByRole("navigation", { name: "Study" }).getByRole("link", { name: "Practice" }).click();
    // Questions, runs, best, last: the retry is not a whole-quiz run.
    expect((await rowsText(frame, "#practice-quizzes"))[0]).toMatch(/^Organelles \(Cells\) 2 1 50% 50%/);
    // Both runs finished at the same (frozen) moment, so their order is not asserted.
    const recent = await rowsText(frame, "#practice-recent");
    expect(recent).toHaveLength(2);
    expect(recent.some((r) => /^Organelles \(missed questions\) 100% 1 of 1/.test(r))).toBe(true);
    expect(recent.some((r) => /^Organelles 50% 1 of 2/.test(r))).toBe(true);
  }, 120_000);

  it("reviews the missed question as a card two days later: front, Show, a rating with its interval", async () => {
    screenshotOnFailure("review");
    now = new Date(now.getTime() + 2 * DAY_MS);
    const frame = await openStudyInLms();
    await frame.getByRole("button", { name: "Review now" }).click();
    await frame.getByText("Which organelle makes ATP?").waitFor();
    await frame.getByRole("button", { name: /^Show/ }).click();
    const good = frame.getByRole("button", { name: /^Good · / });
    await good.waitFor();
    expect(await good.textContent()).toMatch(/^Good · \d+(m|h|d|mo|y)$/);
    await good.click();
    await frame.getByText(/due today/).waitFor();
    expect(await lti.database.prisma.reviewLog.count()).toBe(1);
  }, 120_000);
});
