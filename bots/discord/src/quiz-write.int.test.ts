import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DiscordHarness,
  makeGuild,
  makeUser,
  startDiscordHarness,
} from "../../../test/support/fake-discord-harness.ts";
import { OPTION } from "../../../test/support/fake-discord-interactions.ts";
import { PERMISSIONS } from "../../../test/support/fake-discord-payloads.ts";

// `/quiz write` through discord.js against the fake Discord: staff get a modal (title + 4 question
// lines), a form with problems is answered privately naming each question and saves nothing, a good
// one saves a quiz ready to play and `/quiz start` hosts it.
const teacher = makeUser("writer");
const student = makeUser("reader");
const guild = makeGuild("Geology club", teacher);
const inGuild = { guildId: guild.id, channelId: guild.channelId };
const asTeacher = { ...inGuild, user: teacher, permissions: PERMISSIONS.manageGuild };
const asStudent = { ...inGuild, user: student };

let h: DiscordHarness;
beforeAll(async () => {
  h = await startDiscordHarness({ guilds: [guild] });
  const setup = h.fake.slashCommand(asTeacher, {
    name: "setup",
    options: [{ name: "course", type: OPTION.string, value: "Geology 101" }],
  });
  await h.waitForEdit(setup, (content) => content.includes("Geology 101"));
}, 300_000);
afterAll(() => h?.close());

const write = (who: typeof asTeacher | typeof asStudent) =>
  h.fake.slashCommand(who, {
    name: "quiz",
    options: [{ name: "write", type: OPTION.subcommand, options: [] }],
  });
const callback = (i: { id: string; token: string }) =>
  h.fake.waitFor((c) => c.path === `/interactions/${i.id}/${i.token}/callback`);
const input = (id: string, value: string) => ({ type: 18, component: { type: 4, custom_id: id, value } });
const submit = (who: typeof asTeacher | typeof asStudent, title: string, lines: string[]) =>
  h.fake.modalSubmit(who, "sh:quiz-write", [
    input("title", title),
    ...lines.map((line, box) => input(`q${box}`, line)),
  ]);
const quizzes = () => h.database.prisma.quiz.count();

describe("/quiz write", { timeout: 300_000 }, () => {
  it("refuses a student before any form opens", async () => {
    const refused = await callback(write(asStudent));
    expect(refused.body).toMatchObject({ type: 4 });
    expect(JSON.stringify(refused.body)).toContain("Only course staff can write quizzes.");
  });

  it("opens a modal for staff: a title and four question boxes with the line format", async () => {
    const opened = await callback(write(asTeacher));
    expect(opened.body).toMatchObject({
      type: 9,
      data: { custom_id: "sh:quiz-write", title: "Write a quiz" },
    });
    const modal = JSON.stringify(opened.body);
    expect(modal).toContain("What is H2O? | *Water | Salt | Sugar");
    expect(modal).toContain("Question? | *right answer | wrong | wrong");
    expect((opened.body.data as { components: unknown[] }).components).toHaveLength(5);
  });

  it("answers a form with problems privately, naming each question, and saves nothing", async () => {
    const before = await quizzes();
    const sent = submit(asTeacher, "Rocks", ["Igneous? | Granite | Shale", "Hardest? | *Diamond", "", ""]);
    const shown = await h.waitForEdit(sent, (content) => content.includes("not saved"));
    expect(shown.body.content).toContain("Question 1: put * before the right answer");
    expect(shown.body.content).toContain("Question 2: give 2 to 4 answers after the question");
    expect(shown.body.content).toContain("`Igneous? | Granite | Shale`");
    expect(h.fake.interactions.get(sent.id)!.ephemeral).toBe(true);
    expect(await quizzes()).toBe(before);
  });

  it("refuses a student who submits the form anyway, saving nothing", async () => {
    const before = await quizzes();
    const sent = submit(asStudent, "Mine", ["A? | *B | C", "", "", ""]);
    const shown = await h.waitForEdit(sent, (content) => content.includes("staff"));
    expect(shown.body.content).toMatch(/Only course staff/);
    expect(await quizzes()).toBe(before);
  });

  it("saves a good form ready to play, and /quiz start hosts it", async () => {
    const sent = submit(asTeacher, "Rocks", [
      "Which rock is igneous? | *Granite | Shale | Limestone",
      "",
      "Hardest mineral? | Quartz | *Diamond",
      "",
    ]);
    const saved = await h.waitForEdit(sent, (content) => content.includes("saved"));
    expect(saved.body.content).toContain("Quiz “Rocks” saved with 2 questions, ready to play");
    const quiz = await h.database.prisma.quiz.findFirstOrThrow({
      where: { title: "Rocks" },
      include: { questions: { orderBy: { position: "asc" } } },
    });
    expect(quiz.status).toBe("APPROVED");
    expect(quiz.questions.map((q) => [q.prompt, q.choices, q.correctChoices])).toEqual([
      ["Which rock is igneous?", ["Granite", "Shale", "Limestone"], [0]],
      ["Hardest mineral?", ["Quartz", "Diamond"], [1]],
    ]);

    const start = h.fake.slashCommand(asTeacher, {
      name: "quiz",
      options: [
        {
          name: "start",
          type: OPTION.subcommand,
          options: [{ name: "quiz", type: OPTION.string, value: "Rocks" }],
        },
      ],
    });
    const started = await h.waitForEdit(start, (content) => /lobby/i.test(content));
    expect(started.body.content).toMatch(/lobby/i);
    expect(await h.database.prisma.quizSession.count({ where: { quizId: quiz.id } })).toBe(1);
  });
});
