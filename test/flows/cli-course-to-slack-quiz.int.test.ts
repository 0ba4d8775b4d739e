// The README's flow, walked as its teacher and a student would: a course made, filled and given a quiz
// with the real `studyhall` bin, then linked to a Slack channel with the CLI's code (the Slack teacher
// is not the CLI's operator, so setup by name would not link it: README, "Bring it to Slack"), the quiz
// hosted live through real Bolt against the fake Slack, and the student's result found again in a DM
// and in `/studyhall me`. The Slack front end opens the very data directory the CLI wrote, as
// `npm start` does after the CLI has finished with it.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type Database, openDatabase } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockKitText } from "../../bots/slack/src/render/block-kit-text.ts";
import type { SlackBlock } from "../../bots/slack/src/render/to-block-kit.ts";
import {
  buttonId,
  clickAndRead,
  commandAndRead,
  TEACHER,
  waitForBoard,
} from "../../bots/slack/src/testing/quiz-test-kit.ts";
import { startTestSlackApp, type TestSlackApp } from "../../bots/slack/src/testing/start-test-slack-app.ts";
import {
  type DiscordHarness,
  makeGuild,
  makeUser,
  startDiscordHarness,
} from "../support/fake-discord-harness.ts";
import { OPTION } from "../support/fake-discord-interactions.ts";
import { PERMISSIONS, snowflake } from "../support/fake-discord-payloads.ts";
import { type BoardState, waitForBoard as waitForDiscordBoard } from "../support/fake-discord-quiz.ts";
import { runCli } from "../support/run-process.ts";
import { HYDROLOGY_NOTES } from "./hydrology-notes.ts";

const CHANNEL = "C0HYDRO";
const STUDENT = "U0RIVER";

let dataDir: string;
let database: Database | undefined;
let slack: TestSlackApp | undefined;
let discord: DiscordHarness | undefined;
/** What the CLI made, for both chats: the approved quiz and one link code for each. */
const made = { quizId: "", slackCode: "", discordCode: "" };

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "studyhall-flow-cli-slack-"));
});
afterAll(async () => {
  await discord?.close();
  await slack?.close();
  await database?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function cli(...args: string[]) {
  const result = await runCli(args, { DATA_DIR: dataDir });
  expect(result.code, `studyhall ${args.join(" ")}\n${result.stderr}`).toBe(0);
  return `${result.stdout}${result.stderr}`;
}

describe("README: a CLI course, quiz and code, then a live quiz in Slack and in Discord", {
  timeout: 900_000,
}, () => {
  it("links the CLI's course (no second one), hosts its approved quiz, and the student finds the result", async () => {
    // The teacher at the terminal.
    expect(await cli("course", "create", "Hydrology 101")).toContain("(hydrology-101)");
    const notes = path.join(dataDir, "groundwater.md");
    await writeFile(notes, HYDROLOGY_NOTES);
    // The course by its name, as people type it.
    expect(await cli("ingest", "--course", "Hydrology 101", notes)).toMatch(/Groundwater/);
    const generated = await cli("quiz", "generate", "--course", "hydrology-101", "--count", "2");
    const quizId = /Draft (\S+) saved with 2 questions/.exec(generated)?.[1];
    expect(quizId, generated).toBeDefined();
    expect(await cli("quiz", "approve", "--course", "hydrology-101", quizId!)).toMatch(/Approved/);
    const printed = await cli("course", "code", "hydrology-101");
    const code = /\/studyhall setup code (\S+)/.exec(printed)?.[1];
    expect(code, printed).toBeDefined();
    // A code works once: the Discord server gets its own.
    const forDiscord = await cli("course", "code", "hydrology-101");
    made.discordCode = /\/setup code: (\S+)/.exec(forDiscord)?.[1] ?? "";
    made.quizId = quizId!;

    // `npm start` on the same data directory, the CLI done with it.
    database = await openDatabase({ kind: "pglite", dataDir });
    slack = await startTestSlackApp({ database });
    const db = database.prisma;

    // The teacher in Slack links the channel with the code: the CLI's course, with its material.
    const setup = await commandAndRead(slack, TEACHER, CHANNEL, `setup code ${code}`);
    expect(setup.text).toMatch(/now linked to \*Hydrology 101\*\./);
    expect(await db.course.count()).toBe(1);
    expect((await commandAndRead(slack, STUDENT, CHANNEL, "materials")).text).toMatch(/Groundwater/);

    // The teacher hosts the generated quiz; the student joins and answers.
    const questions = await db.question.findMany({
      where: { quizId: quizId! },
      orderBy: { position: "asc" },
    });
    expect(questions).toHaveLength(2);
    const started = await commandAndRead(slack, TEACHER, CHANNEL, `quiz start ${quizId}`);
    expect(started.text).toMatch(/lobby is open/);
    const lobby = await waitForBoard(slack, CHANNEL, (text) => text.includes("Join"));
    expect((await clickAndRead(slack, STUDENT, CHANNEL, buttonId(lobby.blocks, "Join"))).text).toMatch(
      /You're in!/,
    );
    await slack.frontEnd.idle();
    await clickAndRead(slack, TEACHER, CHANNEL, buttonId(lobby.blocks, "Start"));
    let since = 0;
    for (const [index, question] of questions.entries()) {
      const board = await waitForBoard(
        slack,
        CHANNEL,
        (text) => text.includes(`Question ${index + 1} of 2`),
        {
          since,
        },
      );
      since = board.index;
      const right = question.correctChoices[0]!;
      const label =
        question.kind === "TRUE_FALSE"
          ? question.choices[right]!
          : `${"ABCDEF"[right]}. ${question.choices[right]}`;
      // A question is open once the board showing it was accepted; the click may come a moment early.
      await expect
        .poll(
          async () => (await clickAndRead(slack!, STUDENT, CHANNEL, buttonId(board.blocks, label))).text,
          {
            timeout: 20_000,
          },
        )
        .toMatch(/Locked in/i);
      const last = index === questions.length - 1;
      await clickAndRead(slack, TEACHER, CHANNEL, buttonId(board.blocks, last ? "End quiz" : "Skip"));
      if (!last) {
        const reveal = await waitForBoard(slack, CHANNEL, (text) => text.includes("time is up"), { since });
        await clickAndRead(slack, TEACHER, CHANNEL, buttonId(reveal.blocks, "Next question"));
      }
    }
    const podium = await waitForBoard(slack, CHANNEL, (text) => text.includes("final results"));
    expect(podium.text).toMatch(/🥇/);

    // The result, once, as a DM the student can find again…
    const [dm] = await slack.api.waitFor(
      "chat.postMessage",
      (c) => c.args.channel === STUDENT && /Your result/.test(JSON.stringify(c.args.blocks)),
    );
    expect(blockKitText(dm!.args.blocks as SlackBlock[])).toMatch(/2 of 2|\*Place\*\n1 of 1/);
    // …and in /studyhall me, under the progress card the game's two right answers earned XP for
    // (5 for answering and 5 for being right, each), whose picture went to the DM with its alt text.
    const me = (await commandAndRead(slack, STUDENT, CHANNEL, "me")).text;
    expect(me).toMatch(/Recent quiz results\*\n[^\n]+: [\d,]+ pts, 2 of 2 right, place 1 of 1/);
    expect(me).toMatch(/Progress in Hydrology 101/);
    expect(me).toMatch(/Level 1 · 20 XP · 80 XP to level 2/);
    expect(me).toMatch(/1 day · longest 1 day · studied today/);
    const card = slack.api.uploads().find((u) => u.filename === "progress.png");
    expect(card).toMatchObject({ channelId: expect.any(String) });
    expect(card!.altText).toMatch(/level 1/i);
    // The student tops the course's weekly leaderboard with the same 20 XP.
    expect((await commandAndRead(slack, STUDENT, CHANNEL, "leaderboard")).text).toMatch(/1\.[^\n]*20 XP/);
    // No second course was ever made.
    expect(await db.course.findMany({ select: { slug: true } })).toEqual([{ slug: "hydrology-101" }]);
  });
  it("links a Discord server's channel with the CLI's other code, offers the course to its new staff in /setup, and hosts the quiz", async () => {
    expect(made.discordCode).not.toBe("");
    const teacher = makeUser("tess");
    const student = makeUser("river");
    const guild = makeGuild("Hydrology study group", teacher);
    const other = snowflake();
    guild.channels.push({ id: other, name: "lab" });
    discord = await startDiscordHarness({ guilds: [guild], database: database! });
    const fake = discord.fake;
    const asTeacher = {
      guildId: guild.id,
      channelId: guild.channelId,
      user: teacher,
      permissions: PERMISSIONS.manageGuild,
    };
    const asStudent = { guildId: guild.id, channelId: guild.channelId, user: student };
    const edited = (i: Parameters<DiscordHarness["waitForEdit"]>[0], text: string) =>
      discord!.waitForEdit(i, (c) => c.includes(text), 20_000);

    const setup = fake.slashCommand(asTeacher, {
      name: "setup",
      options: [{ name: "code", type: OPTION.string, value: made.discordCode }],
    });
    expect((await edited(setup, "linked to")).body.content).toMatch(/now linked to \*\*Hydrology 101\*\*\./);

    // Its new staff member finds the course among /setup's choices in another channel.
    const suggest = fake.autocomplete(
      { ...asTeacher, channelId: other },
      { name: "setup", options: [{ name: "course", type: OPTION.string, value: "Hydro", focused: true }] },
    );
    const choices = await fake.waitFor(
      (c) => c.path === `/interactions/${suggest.id}/${suggest.token}/callback`,
    );
    expect((choices.body.data as { choices: Array<{ name: string }> }).choices.map((c) => c.name)).toContain(
      "Link to Hydrology 101",
    );

    const db = database!.prisma;
    const questions = await db.question.findMany({
      where: { quizId: made.quizId },
      orderBy: { position: "asc" },
    });
    const start = fake.slashCommand(asTeacher, {
      name: "quiz",
      options: [
        {
          name: "start",
          type: OPTION.subcommand,
          options: [{ name: "quiz", type: OPTION.string, value: made.quizId }],
        },
      ],
    });
    await edited(start, "lobby is open");
    let board = await waitForDiscordBoard(fake, guild.channelId, (c) => c.includes("Live quiz"));
    const click = (place: typeof asStudent, on: BoardState, label: string) => {
      for (const row of on.components)
        for (const c of row.components)
          if (c.custom_id && (c.label === label || c.label?.startsWith(`${label}`)))
            return fake.button(place, c.custom_id, on.message);
      throw new Error(`no button "${label}" in ${JSON.stringify(on.components)}`);
    };
    await edited(click(asStudent, board, "Join"), "You're in!");
    click(asTeacher, board, "Start");
    for (const [index, question] of questions.entries()) {
      board = await waitForDiscordBoard(
        fake,
        guild.channelId,
        (c) => c.includes(`Question ${index + 1} of 2`) && !c.includes("time is up"),
      );
      const right = question.correctChoices[0]!;
      const labels = board.components.flatMap((r) => r.components.map((c) => c.label ?? ""));
      const label = labels.find((l) => l.startsWith(`${"ABCDEF"[right]}.`)) ?? question.choices[right]!;
      await edited(click(asStudent, board, label), "Locked in");
      const last = index === questions.length - 1;
      click(asTeacher, board, last ? "End quiz" : "Skip");
      if (!last) {
        const reveal = await waitForDiscordBoard(
          fake,
          guild.channelId,
          (c) => c.includes(`Question ${index + 1} of 2`) && c.includes("time is up"),
        );
        click(asTeacher, reveal, "Next question");
      }
    }
    await waitForDiscordBoard(fake, guild.channelId, (c) => c.includes("final results"));
    const me = fake.slashCommand(asStudent, { name: "me" });
    const shown = (await edited(me, "Recent quiz results")).body.content;
    expect(shown).toMatch(
      /Recent quiz results:\*\* [^\n]+ \(Hydrology 101\): [\d,]+ pts, 2 of 2 right, place 1 of 1/,
    );
    // The Discord player's own 20 XP from this game, and the card as an attachment described for
    // screen readers.
    expect(shown).toMatch(/Level 1 · 20 XP/);
    const withCard = fake.callsFor(me).find((c) => c.files.length > 0);
    const [attachment] = (withCard?.body.attachments ?? []) as Array<{
      filename: string;
      description?: string;
    }>;
    expect(attachment).toMatchObject({
      filename: "progress.png",
      description: expect.stringMatching(/level 1/i),
    });
    expect(await db.course.count()).toBe(1);
  });
});
