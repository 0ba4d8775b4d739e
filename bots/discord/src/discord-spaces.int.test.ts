import { bindSpace, ingestMaterial, NO_SOURCE_ANSWER } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleMaterial } from "../../../test/support/course-fixtures.ts";
import {
  type DiscordHarness,
  makeGuild,
  makeUser,
  startDiscordHarness,
} from "../../../test/support/fake-discord-harness.ts";
import { OPTION } from "../../../test/support/fake-discord-interactions.ts";
import { snowflake } from "../../../test/support/fake-discord-payloads.ts";

// Two study servers with their own courses: nothing of one may ever show in the other. Also DMs and
// mentions, which arrive as gateway messages rather than interactions.
const teacherA = makeUser("teacher-a");
const teacherB = makeUser("teacher-b");
const student = makeUser("student");
const guildA = makeGuild("Biology server", teacherA);
const guildB = makeGuild("Geography server", teacherB);
const unboundChannel = snowflake();
guildA.channels.push({ id: unboundChannel, name: "off-topic" });
const inA = { guildId: guildA.id, channelId: guildA.channelId, user: student };
const inB = { guildId: guildB.id, channelId: guildB.channelId, user: student };
const dm = { channelId: snowflake(), user: student };

const RIVERS = `# Rivers of Europe\n\n## The Danube\n\nThe Danube flows through ten countries, more than any other river in the world, and empties into the Black Sea.\n`;
let h: DiscordHarness;
let courseB: string;

const finalAnswer = (content: string, call: { body: Record<string, unknown> }) =>
  content.length > 0 && Array.isArray(call.body.components) && (call.body.components as unknown[]).length > 0;

beforeAll(async () => {
  h = await startDiscordHarness({ guilds: [guildA, guildB] });
  const db = h.database.prisma;
  const bind = async (
    teacher: typeof teacherA,
    guildId: string,
    channelId: string,
    name: string,
    data: Buffer,
    fileName: string,
  ) => {
    const actor = { platform: "DISCORD" as const, tenant: "", externalId: teacher.id };
    const space = { platform: "DISCORD" as const, tenant: guildId, channelId };
    const { course } = await bindSpace(db, { actor, space, platformStaff: true, course: { create: name } });
    await ingestMaterial({ courseId: course.id, data, fileName }, h.deps.ingest);
    return course.id;
  };
  await bind(teacherA, guildA.id, guildA.channelId, "Biology 101", await sampleMaterial(), "cell-biology.md");
  courseB = await bind(
    teacherB,
    guildB.id,
    guildB.channelId,
    "European Geography",
    Buffer.from(RIVERS),
    "rivers.md",
  );
});
afterAll(() => h?.close());

describe("guild isolation", () => {
  it("never answers in guild A from guild B's course", async () => {
    const ask = h.fake.slashCommand(inA, {
      name: "ask",
      options: [
        {
          name: "question",
          type: OPTION.string,
          value: "Which river flows through ten countries into the Black Sea?",
        },
      ],
    });
    const edit = await h.waitForEdit(ask, (content) => content.includes(NO_SOURCE_ANSWER.slice(0, 40)));
    expect(edit.body.content).not.toMatch(/Danube/);
    const same = h.fake.slashCommand(inB, {
      name: "ask",
      options: [
        {
          name: "question",
          type: OPTION.string,
          value: "Which river flows through ten countries into the Black Sea?",
        },
      ],
    });
    const there = await h.waitForEdit(same, finalAnswer);
    expect(there.body.content).toMatch(/Danube/);
  });

  it("suggests and lists only this guild's materials", async () => {
    const suggest = h.fake.autocomplete(
      { ...inA, user: teacherA },
      {
        name: "materials",
        options: [
          {
            name: "remove",
            type: OPTION.subcommand,
            options: [{ name: "material", type: OPTION.string, value: "", focused: true }],
          },
        ],
      },
    );
    const choices = await h.fake.waitFor(
      (c) => c.path === `/interactions/${suggest.id}/${suggest.token}/callback`,
    );
    const names = (choices.body.data as { choices: Array<{ name: string }> }).choices.map((c) => c.name);
    expect(names).toEqual(["Cell Biology Basics"]);
    const list = h.fake.slashCommand(inB, {
      name: "materials",
      options: [{ name: "list", type: OPTION.subcommand }],
    });
    const listed = await h.waitForEdit(list, (content) => content.includes("European Geography"));
    expect(listed.body.content).toContain("Rivers of Europe");
    expect(listed.body.content).not.toContain("Cell Biology");
  });

  it("tells people in an unlinked channel how to link it, privately", async () => {
    const ask = h.fake.slashCommand(
      { ...inA, channelId: unboundChannel },
      {
        name: "ask",
        options: [{ name: "question", type: OPTION.string, value: "What is ATP?" }],
      },
    );
    const followUp = await h.fake.waitFor((c) => c.method === "POST" && c.path.endsWith(ask.token));
    expect(followUp.body).toMatchObject({ flags: 64 });
    expect(String(followUp.body.content)).toContain("not linked to a course yet");
    expect(h.fake.callsFor(ask).some((c) => c.method === "DELETE")).toBe(true);
  });
});

describe("conversation outside slash commands", () => {
  it("answers a mention in a channel in a thread started from the message", async () => {
    const message = h.fake.message(
      { guildId: guildA.id, channelId: guildA.channelId },
      student,
      `<@${h.fake.bot.id}> What do mitochondria produce?`,
      [h.fake.bot],
    );
    await h.fake.waitFor((c) => c.path === `/channels/${guildA.channelId}/messages/${message.id}/threads`);
    const answer = await h.fake.waitFor(
      (c) => c.path.startsWith(`/channels/${message.id}/messages`) && finalAnswer(String(c.body.content), c),
    );
    expect(answer.body.content).toMatch(/ATP/);
  });

  it("ignores channel chatter that does not mention it", async () => {
    const place = { guildId: guildA.id, channelId: guildA.channelId };
    const before = h.fake.calls.length;
    const chatter = h.fake.message(place, student, "anyone up for lunch?");
    // By order, not by a pause: a mention sent after the chatter is answered in full, and by then
    // nothing at all has been done about the chatter.
    const mention = h.fake.message(place, student, `<@${h.fake.bot.id}> What do mitochondria produce?`, [
      h.fake.bot,
    ]);
    await h.fake.waitFor(
      (c) => c.path.startsWith(`/channels/${mention.id}/messages`) && finalAnswer(String(c.body.content), c),
    );
    const since = h.fake.calls.slice(before);
    expect(since.filter((c) => c.path.includes(String(chatter.id)))).toEqual([]);
    expect(
      since.filter((c) => c.method === "POST" && c.path === `/channels/${place.channelId}/messages`),
    ).toEqual([]);
  });

  it("asks which course a DM is about when the person has several, then remembers the choice", async () => {
    h.fake.message(dm, student, "What do mitochondria produce?");
    const ask = await h.fake.waitFor(
      (c) => c.method === "POST" && c.path === `/channels/${dm.channelId}/messages`,
    );
    expect(String(ask.body.content)).toContain("several courses");

    const chosen = h.fake.slashCommand(dm, {
      name: "ask",
      options: [
        { name: "question", type: OPTION.string, value: "Where does the Danube end?" },
        { name: "course", type: OPTION.string, value: courseB },
      ],
    });
    const answer = await h.waitForEdit(chosen, finalAnswer);
    expect(answer.body.content).toMatch(/Black Sea/);
    expect(h.fake.calls.some((c) => c.path.endsWith("/threads") && c.path.includes(dm.channelId))).toBe(
      false,
    );

    const before = h.fake.calls.length;
    h.fake.message(dm, student, "How many countries does it flow through?");
    const next = await h.fake.waitFor(
      (c) =>
        h.fake.calls.indexOf(c) >= before &&
        c.path.startsWith(`/channels/${dm.channelId}/messages`) &&
        finalAnswer(String(c.body.content), c),
    );
    expect(next.body.content).toMatch(/ten countries/);
  });

  it("suggests the person's courses for /ask in DMs", async () => {
    const suggest = h.fake.autocomplete(dm, {
      name: "ask",
      options: [{ name: "course", type: OPTION.string, value: "geo", focused: true }],
    });
    const choices = await h.fake.waitFor(
      (c) => c.path === `/interactions/${suggest.id}/${suggest.token}/callback`,
    );
    expect(choices.body).toMatchObject({
      data: { choices: [{ name: "European Geography", value: courseB }] },
    });
  });
});
