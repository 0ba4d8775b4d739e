import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DiscordHarness,
  makeGuild,
  makeUser,
  startDiscordHarness,
} from "../../../test/support/fake-discord-harness.ts";
import { type CommandOption, OPTION } from "../../../test/support/fake-discord-interactions.ts";
import { PERMISSIONS } from "../../../test/support/fake-discord-payloads.ts";
import {
  buttonLabels,
  clickAndWait,
  dmMessages,
  inDm,
  originalOf,
  type StoredMessage,
} from "../../../test/support/fake-discord-study.ts";

// Flashcards through discord.js against the fake Discord: staff make a course deck and add a card with
// /cards; a card over the limit and an import with a malformed line are refused naming the limit and
// the line; a student's /cards review goes to their DM, where Hint, Show and the ratings (each with its
// interval) edit the card in place, the same rating clicked twice counts once, and the session ends
// with what is due today; the deck exports as an Anki package.
const teacher = makeUser("cardmaker");
const student = makeUser("learner");
const guild = makeGuild("Biology club", teacher);
const inGuild = { guildId: guild.id, channelId: guild.channelId };
const asTeacher = { ...inGuild, user: teacher, permissions: PERMISSIONS.manageGuild };
const asStudent = { ...inGuild, user: student };
// Mid-afternoon UTC (the default time zone), so a card due in minutes is still due today.
const now = new Date("2026-12-07T15:00:00Z");

let h: DiscordHarness;
beforeAll(async () => {
  h = await startDiscordHarness({ guilds: [guild], clock: () => now });
  const setup = h.fake.slashCommand(asTeacher, {
    name: "setup",
    options: [{ name: "course", type: OPTION.string, value: "Biology 101" }],
  });
  await h.waitForEdit(setup, (content) => content.includes("Biology 101"));
}, 120_000);
afterAll(() => h?.close());

const cards = (
  who: typeof asTeacher | typeof asStudent,
  sub: string,
  options: CommandOption[] = [],
  extra = {},
) =>
  h.fake.slashCommand(who, {
    name: "cards",
    options: [{ name: sub, type: OPTION.subcommand, options }],
    ...extra,
  });
const str = (name: string, value: string) => ({ name, type: OPTION.string, value });
const cardCount = () => h.database.prisma.card.count();

describe("/cards", { timeout: 60_000 }, () => {
  it("lets staff make a course deck and add a card with a hint", async () => {
    const made = cards(asTeacher, "new", [str("title", "Cell parts")]);
    await h.waitForEdit(made, (content) => content.includes("Cell parts"));
    const added = cards(asTeacher, "add", [
      str("front", "What makes ATP?"),
      str("back", "The mitochondria"),
      str("hint", "Powerhouse of the cell"),
      str("deck", "Cell parts"),
    ]);
    const shown = await h.waitForEdit(added, (content) => content.includes("Added"));
    expect(shown.body.content).toContain("Cell parts");
    expect(h.fake.interactions.get(added.id)!.ephemeral).toBe(true);
    expect(await cardCount()).toBe(1);
  });

  it("refuses a card over the limit, naming it, and adds nothing", async () => {
    const added = cards(asTeacher, "add", [
      str("front", "Describe the cell"),
      str("back", "x".repeat(1_600)),
      str("deck", "Cell parts"),
    ]);
    const refused = await h.waitForEdit(added, (content) => content.includes("1,500"));
    expect(refused.body.content).toMatch(/back/i);
    expect(refused.body.content).toContain("1,600");
    expect(await cardCount()).toBe(1);
  });

  it("refuses an import with a malformed line, naming the line, and imports nothing", async () => {
    const decks = await h.database.prisma.deck.count();
    const file = h.fake.serveFile(
      "organelles.txt",
      new TextEncoder().encode("Nucleus\tHolds the DNA\nRibosome makes proteins\nGolgi\tPackages proteins\n"),
      "text/plain",
    );
    const imported = cards(asTeacher, "import", [{ name: "file", type: OPTION.attachment, value: file.id }], {
      attachments: [file],
    });
    const refused = await h.waitForEdit(imported, (content) => /line 2/i.test(content));
    expect(refused.body.content).not.toMatch(/line 1\b|line 3\b/i);
    expect(await h.database.prisma.deck.count()).toBe(decks);
    expect(await cardCount()).toBe(1);
  });

  it("reviews in the student's DM: hint, show, ratings with intervals, in place, one count per card", async () => {
    const review = cards(asStudent, "review");
    const answered = await h.waitForEdit(review, (content) => /DM/i.test(content));
    expect(h.fake.interactions.get(review.id)!.ephemeral).toBe(true);
    expect(answered.body.content).toMatch(/DMs/);
    const [card] = dmMessages(h, student.id);
    expect(card!.content).toContain("What makes ATP?");
    expect(card!.content).not.toContain("The mitochondria");
    expect(buttonLabels(card!)).toEqual(expect.arrayContaining([expect.stringMatching(/^Show/), "Hint"]));

    const dm = inDm(student);
    const hinted = await clickAndWait(h, dm, card!, "Hint", (c) => c.includes("Powerhouse of the cell"));
    expect(hinted.message.id).toBe(card!.id);
    const shown = await clickAndWait(h, dm, hinted.message, "Show", (c) => c.includes("The mitochondria"));
    const labels = buttonLabels(shown.message);
    for (const rating of ["Again", "Hard", "Good", "Easy"])
      expect(labels).toEqual(
        expect.arrayContaining([expect.stringMatching(new RegExp(`^${rating} · \\S+`))]),
      );

    const back: StoredMessage = shown.message;
    const first = await clickAndWait(h, dm, back, "Good", (c) => /due today/i.test(c));
    expect(first.message.id).toBe(card!.id);
    expect(first.message.content).toMatch(/\d+ due today/i);
    // A second click of the same drawn rating (another window, a double click) is counted once.
    const again = await clickAndWait(h, dm, back, "Good", (c) => /already reviewed/i.test(c));
    expect(again.message.content).toMatch(/already reviewed/i);
    expect(await h.database.prisma.reviewLog.count()).toBe(1);
    // Every click answered by updating the card's own message: no new DM messages.
    expect(dmMessages(h, student.id)).toHaveLength(1);
  });

  it("reviews in the private reply when the student takes no DMs from the server", async () => {
    const other = makeUser("private-person");
    const asOther = { ...inGuild, user: other };
    h.fake.failNext({
      method: "POST",
      path: /^\/channels\/\d+\/messages$/,
      status: 403,
      code: 50007,
      message: "Cannot send messages to this user",
    });
    const review = cards(asOther, "review");
    const shown = await h.waitForEdit(review, (content) => content.includes("What makes ATP?"));
    expect(shown.body.content).toMatch(/can't send you DMs/);
    expect(h.fake.interactions.get(review.id)!.ephemeral).toBe(true);
    const card = originalOf(h, review);
    const hinted = await clickAndWait(h, asOther, card, "Hint", (c) => c.includes("Powerhouse"));
    expect(hinted.message.id).toBe(card.id);
  });

  it("exports the course deck as an Anki package attached to the reply", async () => {
    const exported = cards(asStudent, "export", [str("deck", "Cell parts")]);
    const shown = await h.waitForEdit(exported, (_content, call) => call.files.length > 0);
    expect(shown.files.map((f) => f.filename)).toEqual([expect.stringMatching(/\.apkg$/)]);
    expect(originalOf(h, exported).attachments).toHaveLength(1);
  });
});
