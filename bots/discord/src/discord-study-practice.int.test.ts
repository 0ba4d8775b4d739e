import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DiscordHarness,
  makeGuild,
  makeUser,
  startDiscordHarness,
} from "../../../test/support/fake-discord-harness.ts";
import { type CommandOption, OPTION } from "../../../test/support/fake-discord-interactions.ts";
import { PERMISSIONS } from "../../../test/support/fake-discord-payloads.ts";
import { seedQuizCourse } from "../../../test/support/fake-discord-quiz.ts";
import {
  buttonId,
  callbackOf,
  clickAndWait,
  inDm,
  originalOf,
  type StoredMessage,
  selectInput,
  textInput,
} from "../../../test/support/fake-discord-study.ts";

// Solo practice, study guides and writing through discord.js against the fake Discord: a quiz practised
// in a DM with feedback after each question (a choice clicked, a multiple select and typed answers
// through forms, each updating the question's message), Retry missed; a study guide with progress shown
// in place and its Markdown and PDF attached; writing through the form, over the limit refused naming it.
const teacher = makeUser("professor");
const student = makeUser("practiser");
const guild = makeGuild("Cell club", teacher);
const inGuild = { guildId: guild.id, channelId: guild.channelId };
const asTeacher = { ...inGuild, user: teacher, permissions: PERMISSIONS.manageGuild };
const asStudent = { ...inGuild, user: student };
const dm = inDm(student);

let h: DiscordHarness;
beforeAll(async () => {
  h = await startDiscordHarness({ guilds: [guild] });
  await seedQuizCourse(h, teacher, guild);
  // The student's first study command in the course's server enrols them (as /ask does).
  const decks = command(asStudent, "cards", "decks");
  await h.waitForEdit(decks, () => true);
}, 120_000);
afterAll(() => h?.close());

function command(place: typeof dm, name: string, sub: string, options: CommandOption[] = []) {
  return h.fake.slashCommand(place, { name, options: [{ name: sub, type: OPTION.subcommand, options }] });
}
const str = (name: string, value: string) => ({ name, type: OPTION.string, value });

/** Clicks "Answer" on a question, checks the form opened, submits it, and waits for the feedback. */
async function answerInForm(message: StoredMessage, input: unknown, verdict: RegExp): Promise<StoredMessage> {
  const click = h.fake.button(dm, buttonId(message, "Answer"), message);
  const form = await callbackOf(h, click);
  expect(form.body).toMatchObject({ type: 9 });
  const customId = String((form.body.data as { custom_id: string }).custom_id);
  const submitted = h.fake.modalSubmit(dm, customId, [input], message);
  await h.waitForEdit(submitted, (content) => verdict.test(content));
  expect(h.fake.interactions.get(submitted.id)!.originalId).toBe(message.id);
  return h.fake.messages.get(message.id) as StoredMessage;
}

describe("/practice in a DM", { timeout: 60_000 }, () => {
  it("suggests the course's approved quizzes while the student types, in a DM too", async () => {
    const suggest = h.fake.autocomplete(dm, {
      name: "practice",
      options: [
        {
          name: "start",
          type: OPTION.subcommand,
          options: [{ name: "quiz", type: OPTION.string, value: "organ", focused: true }],
        },
      ],
    });
    const answered = await callbackOf(h, suggest);
    expect(answered.body).toMatchObject({
      type: 8,
      data: { choices: [{ name: "Organelles (4 questions)" }] },
    });
  });

  it("gives instant feedback on clicks and forms, in place, and retries only the missed", async () => {
    const start = command(dm, "practice", "start", [str("quiz", "Organelles")]);
    await h.waitForEdit(start, (content) => content.includes("What makes ATP?"));
    const question = originalOf(h, start);

    const wrong = await clickAndWait(h, dm, question, "Nucleus", (c) => /Not quite/.test(c));
    expect(wrong.message.id).toBe(question.id);
    expect(wrong.message.content).toContain("Cellular respiration happens in the mitochondria.");

    // Save as card answers with a private follow-up and leaves the feedback as it is.
    const save = h.fake.button(dm, buttonId(wrong.message, "Save as card"), wrong.message);
    const saved = await h.fake.waitFor((c) => c.method === "POST" && c.path.endsWith(save.token));
    expect(saved.body.content).toMatch(/Saved as a card/);
    expect(h.fake.messages.get(question.id)!.content).toBe(wrong.message.content);

    const second = await clickAndWait(h, dm, wrong.message, "Next", (c) =>
      c.includes("Which have membranes?"),
    );
    const multiple = await answerInForm(second.message, selectInput("choices", ["0", "2"]), /Right/);
    const third = await clickAndWait(h, dm, multiple, "Next", (c) => c.includes("How many chromosomes"));
    const numeric = await answerInForm(third.message, textInput("answer", "46"), /Right/);
    const fourth = await clickAndWait(h, dm, numeric, "Next", (c) => c.includes("energy currency"));
    // The last answer's feedback ends the run: the score, what was missed, and Retry missed.
    const done = await answerInForm(fourth.message, textInput("answer", "atp"), /finished/i);
    expect(done.content).toMatch(/Right/);
    expect(done.content).toMatch(/1 missed/);

    const retry = await clickAndWait(h, dm, done, "Retry missed", (c) => c.includes("What makes ATP?"));
    expect(retry.message.content).not.toContain("Which have membranes?");
    // Practice never reaches the gradebook.
    expect(await h.database.prisma.quizResult.count()).toBe(0);
  });
});

describe("/guide", { timeout: 60_000 }, () => {
  it("shows progress in place, then the guide with its Markdown and PDF attached", async () => {
    const asked = command(asStudent, "guide", "make", [str("topic", "ATP")]);
    // The guide's files go with its last message: the edited reply, or its last follow-up when long.
    const final = await h.fake.waitFor(
      (c) => c.path.includes(asked.token) && c.status < 300 && c.files.length > 0,
      30_000,
    );
    expect(final.files.map((f) => f.filename).sort()).toEqual([
      expect.stringMatching(/\.md$/),
      expect.stringMatching(/\.pdf$/),
    ]);
    expect(
      final.files
        .find((f) => f.filename.endsWith(".pdf"))!
        .data.subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const edits = h.fake.callsFor(asked).filter((c) => c.method === "PATCH");
    expect(
      edits.some((c) => String(c.body.content).includes("▰") || String(c.body.content).includes("▱")),
    ).toBe(true);
  });
});

describe("/writing", { timeout: 60_000 }, () => {
  it("takes writing through the form, refusing a text over the limit by name and storing nothing", async () => {
    const set = command(asTeacher, "writing", "set", [
      str("title", "Energy in cells"),
      str("prompt", "Explain how cells make ATP."),
      str("criteria", "Accuracy; Use of terms; Structure"),
    ]);
    await h.waitForEdit(set, (content) => content.includes("Energy in cells"));

    const open = command(asStudent, "writing", "submit", [str("prompt", "Energy in cells")]);
    const form = await callbackOf(h, open);
    expect(form.body).toMatchObject({ type: 9 });
    expect(JSON.stringify(form.body)).toContain("Explain how cells make ATP.");
    const customId = String((form.body.data as { custom_id: string }).custom_id);

    const long = "Mitochondria make ATP by respiration. ".repeat(100).slice(0, 3_900);
    const tooLong = h.fake.modalSubmit(asStudent, customId, [
      textInput("writing0", long),
      textInput("writing1", long),
      textInput("writing2", long),
    ]);
    await h.waitForEdit(tooLong, (content) => content.includes("10,000"));
    expect(h.fake.interactions.get(tooLong.id)!.ephemeral).toBe(true);
    expect(await h.database.prisma.writingSubmission.count()).toBe(0);

    const fine = h.fake.modalSubmit(asStudent, customId, [
      textInput("writing0", "Cells make ATP in the mitochondria through cellular respiration."),
      textInput("writing1", ""),
      textInput("writing2", ""),
    ]);
    const feedback = await h.waitForEdit(fine, (content) => content.includes("Feedback on"));
    // Offline the feedback is structural, and says so.
    expect(feedback.body.content).toMatch(/no AI model/);
    expect(feedback.body.content).toContain("**Next step:**");
    expect(await h.database.prisma.writingSubmission.count()).toBe(1);
  });

  it("opens the form from a prompt's Write button and shows the feedback in that message", async () => {
    const list = command(asStudent, "writing", "prompts");
    await h.waitForEdit(list, (content) => content.includes("Energy in cells"));
    const message = originalOf(h, list);
    const click = h.fake.button(asStudent, buttonId(message, "Write"), message);
    const form = await callbackOf(h, click);
    expect(form.body).toMatchObject({ type: 9 });
    const customId = String((form.body.data as { custom_id: string }).custom_id);
    const sent = h.fake.modalSubmit(
      asStudent,
      customId,
      [textInput("writing0", "ATP is made in the mitochondria.")],
      message,
    );
    await h.waitForEdit(sent, (content) => content.includes("Feedback on"));
    expect(h.fake.interactions.get(sent.id)!.originalId).toBe(message.id);
    expect(h.fake.messages.get(message.id)!.content).toContain("Feedback on");
    expect(await h.database.prisma.writingSubmission.count()).toBe(2);
  });
});
