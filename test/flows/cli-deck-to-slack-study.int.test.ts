// The README's study flow, walked as its teacher and a student would: the teacher imports a deck and
// writes a study guide with the real `studyhall` bin, then links a Slack channel with the CLI's code; the
// student reviews the deck in the DM with the app (through real Bolt against the fake Slack), practises
// the course's quiz and misses a question, finds the teacher's guide reused, and the next day the missed
// question is a card due for review. The Slack front end opens the very data directory the CLI wrote.
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type Database, openDatabase } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buttonId, commandAndRead, TEACHER } from "../../bots/slack/src/testing/quiz-test-kit.ts";
import { startTestSlackApp, type TestSlackApp } from "../../bots/slack/src/testing/start-test-slack-app.ts";
import { dmOf, waitForMessage } from "../../bots/slack/src/testing/study-test-kit.ts";
import { runCli } from "../support/run-process.ts";
import { HYDROLOGY_NOTES } from "./hydrology-notes.ts";

const CHANNEL = "C0AQUIFER";
const STUDENT = "U0WELL";
const DM = dmOf(STUDENT);

let dataDir: string;
let outDir: string;
let database: Database | undefined;
let slack: TestSlackApp | undefined;
let now = new Date("2026-12-07T16:00:00.000Z");

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "studyhall-flow-study-"));
  outDir = path.join(dataDir, "out");
});
afterAll(async () => {
  await slack?.close();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const result = await runCli(args, { DATA_DIR: dataDir });
  expect(result.code, `studyhall ${args.join(" ")}\n${result.stderr}`).toBe(0);
  return `${result.stdout}${result.stderr}`;
}

describe("README: a deck and a guide from the terminal, studied alone in Slack", { timeout: 600_000 }, () => {
  it("imports, exports and writes a guide at the terminal; the student reviews, practises, and gets the missed question back the next day", async () => {
    // The teacher at the terminal.
    await cli("course", "create", "Hydrology 101");
    const notes = path.join(dataDir, "groundwater.md");
    await writeFile(notes, HYDROLOGY_NOTES);
    await cli("ingest", "--course", "hydrology-101", notes);
    const cards = path.join(dataDir, "terms.txt");
    await writeFile(cards, "#separator:tab\nAquifer\tRock or sediment that holds and yields groundwater\n");
    expect(
      await cli("study", "--course", "hydrology-101", "deck", "import", "Groundwater terms", "--file", cards),
    ).toMatch(/Imported 1 card/);
    await rm(outDir, { recursive: true, force: true });
    await import("node:fs/promises").then((fs) => fs.mkdir(outDir));
    expect(await cli("study", "--course", "hydrology-101", "deck", "export", "1", "--out", outDir)).toMatch(
      /Wrote/,
    );
    expect(await cli("study", "--course", "hydrology-101", "guide", "aquifer", "--out", outDir)).toMatch(
      /extractive/i,
    );
    expect((await readdir(outDir)).sort()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\.apkg$/),
        expect.stringMatching(/\.md$/),
        expect.stringMatching(/\.pdf$/),
      ]),
    );
    const generated = await cli("quiz", "generate", "--course", "hydrology-101", "--count", "2");
    const quizId = /Draft (\S+) saved with 2 questions/.exec(generated)?.[1];
    expect(quizId, generated).toBeDefined();
    await cli("quiz", "approve", "--course", "hydrology-101", quizId!);
    const code = /\/studyhall setup code (\S+)/.exec(await cli("course", "code", "hydrology-101"))?.[1];
    expect(code).toBeDefined();

    // `npm start` on the same data directory.
    database = await openDatabase({ kind: "pglite", dataDir });
    slack = await startTestSlackApp({ database, clock: () => now });
    expect((await commandAndRead(slack, TEACHER, CHANNEL, `setup code ${code}`)).text).toMatch(/now linked/);

    // The student reviews the teacher's deck in the DM with the app.
    expect((await commandAndRead(slack, STUDENT, CHANNEL, "review")).text).toMatch(/direct message/);
    const front = await waitForMessage(slack, DM, (m) => /Aquifer/.test(m.text));
    await slack.click(STUDENT, DM, buttonId(front.blocks, "Show"), { messageTs: front.ts });
    const back = await waitForMessage(
      slack,
      DM,
      (m) => /holds and yields groundwater/.test(m.text),
      front.index + 1,
    );
    await slack.click(STUDENT, DM, buttonId(back.blocks, "Good"), { messageTs: front.ts });
    const done = await waitForMessage(slack, DM, (m) => /due today/.test(m.text), back.index + 1);
    expect(done.ts).toBe(front.ts);

    // Practice: the first question answered wrong on purpose, then the rest, in the DM.
    await commandAndRead(slack, STUDENT, CHANNEL, "practice 1");
    let question = await waitForMessage(slack, DM, (m) => /question 1 of 2/i.test(m.text), done.index + 1);
    for (let n = 1; n <= 2; n++) {
      const db = database.prisma;
      const run = await db.practiceRun.findFirstOrThrow({ orderBy: { startedAt: "desc" } });
      const q = await db.question.findUniqueOrThrow({ where: { id: run.questionIds[n - 1]! } });
      const right = q.correctChoices[0]!;
      const pick = n === 1 ? (right + 1) % q.choices.length : right;
      const label = q.kind === "TRUE_FALSE" ? q.choices[pick]! : `${"ABCDEF"[pick]}. ${q.choices[pick]}`;
      await slack.click(STUDENT, DM, buttonId(question.blocks, label), { messageTs: question.ts });
      const feedback = await waitForMessage(
        slack,
        DM,
        (m) => /Not quite|Right|Correct/i.test(m.text),
        question.index + 1,
      );
      if (n === 2) {
        expect(feedback.text).toMatch(/Retry missed/);
        break;
      }
      await slack.click(STUDENT, DM, buttonId(feedback.blocks, "Next"), { messageTs: question.ts });
      question = await waitForMessage(slack, DM, (m) => /question 2 of 2/i.test(m.text), feedback.index + 1);
    }
    expect(await database.prisma.quizResult.count()).toBe(0);

    // The teacher's guide is reused, not written again.
    await commandAndRead(slack, STUDENT, CHANNEL, "guide aquifer");
    await slack.api.waitFor("files.completeUploadExternal", () => true, { count: 1 });
    expect(await database.prisma.studyGuide.count()).toBe(1);

    // The next day the missed question is due as a card.
    now = new Date(now.getTime() + 36 * 3600_000);
    const missed = await database.prisma.card.findFirst({ where: { sourceQuestionId: { not: null } } });
    expect(missed).not.toBeNull();
    const before = (await import("../../bots/slack/src/testing/study-test-kit.ts")).messagesIn(
      slack,
      DM,
    ).length;
    await commandAndRead(slack, STUDENT, CHANNEL, "review");
    // Due cards come in order of when they fell due: the deck's card, then the missed question's.
    const fronts: string[] = [];
    let card = await waitForMessage(slack, DM, (m) => /Show/.test(m.text), before);
    for (let i = 0; i < 3 && /Show/.test(card.text); i++) {
      fronts.push(card.text);
      await slack.click(STUDENT, DM, buttonId(card.blocks, "Show"), { messageTs: card.ts });
      const shown = await waitForMessage(slack, DM, (m) => /Easy · /.test(m.text), card.index + 1);
      await slack.click(STUDENT, DM, buttonId(shown.blocks, "Easy"), { messageTs: card.ts });
      card = await waitForMessage(slack, DM, (m) => /Show|due today/.test(m.text), shown.index + 1);
    }
    expect(fronts.some((text) => text.includes(missed!.front.slice(0, 40)))).toBe(true);
    expect(card.text).toMatch(/due today/);
  });
});
