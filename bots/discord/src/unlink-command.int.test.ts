import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DiscordHarness,
  makeGuild,
  makeUser,
  startDiscordHarness,
} from "../../../test/support/fake-discord-harness.ts";
import { OPTION } from "../../../test/support/fake-discord-interactions.ts";
import { PERMISSIONS } from "../../../test/support/fake-discord-payloads.ts";

// `/unlink` through discord.js against the fake Discord: who may, what changes, what is recorded.
const teacher = makeUser("teacher");
const student = makeUser("student");
const guild = makeGuild("Biology study group", teacher);
const inGuild = { guildId: guild.id, channelId: guild.channelId };
const asTeacher = { ...inGuild, user: teacher, permissions: PERMISSIONS.manageGuild };
const asStudent = { ...inGuild, user: student };
let h: DiscordHarness;

function unlink(as: typeof asTeacher | typeof asStudent, scope?: "channel" | "tenant") {
  return h.fake.slashCommand(as, {
    name: "unlink",
    options: scope ? [{ name: "scope", type: OPTION.string, value: scope }] : [],
  });
}

async function setup(course: string, scope?: "tenant") {
  const options = [{ name: "course", type: OPTION.string, value: course }];
  if (scope) options.push({ name: "scope", type: OPTION.string, value: scope });
  await h.waitForEdit(h.fake.slashCommand(asTeacher, { name: "setup", options }), (c) => c.includes(course));
}

function unlinkEntries() {
  return h.database.prisma.auditEntry.findMany({ where: { action: "space.unbound" } });
}

beforeAll(async () => {
  h = await startDiscordHarness({ guilds: [guild] });
});
afterAll(() => h?.close());

describe("/unlink, through Discord", () => {
  it("says plainly that a channel which was never linked has nothing to unlink", async () => {
    const edit = await h.waitForEdit(unlink(asTeacher), (c) => c.includes("nothing to unlink"));
    expect(edit.body.content).toContain("This channel is not linked to a course");
    expect(await unlinkEntries()).toHaveLength(0);
  });

  it("refuses a student privately, and the channel stays linked", async () => {
    await setup("Biology 101");
    const refused = unlink(asStudent);
    const edit = await h.waitForEdit(refused, (c) => c.includes("Only people who manage"));
    expect(edit.body.content).toContain("can unlink it from its course");
    const callback = h.fake.callsFor(refused).find((c) => c.path.endsWith("/callback"))!;
    expect(callback.body).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(await h.database.prisma.courseSpace.count()).toBe(1);
    expect(await unlinkEntries()).toHaveLength(0);
  });

  it("unlinks for a server manager: the channel stops answering for the course, which is kept, and it is audited", async () => {
    const course = await h.database.prisma.course.findFirstOrThrow({ where: { name: "Biology 101" } });
    const edit = await h.waitForEdit(unlink(asTeacher), (c) => c.includes("no longer linked"));
    expect(edit.body.content).toContain("This channel is no longer linked to **Biology 101**");
    expect(await h.database.prisma.courseSpace.count()).toBe(0);
    expect(await h.database.prisma.course.count({ where: { id: course.id } })).toBe(1);

    const ask = h.fake.slashCommand(asStudent, {
      name: "ask",
      options: [{ name: "question", type: OPTION.string, value: "What do mitochondria produce?" }],
    });
    // /ask defers publicly; its error replaces that reply with a follow-up only the asker sees.
    const refusal = await h.fake.waitFor(
      (c) =>
        c.method === "POST" && c.path.endsWith(ask.token) && String(c.body.content).includes("not linked"),
    );
    expect(refusal.body.flags).toBe(64);
    const [entry] = await unlinkEntries();
    expect(entry).toMatchObject({ courseId: course.id, actorPlatform: "DISCORD", targetType: "space" });
  });

  it("says plainly when the channel was already unlinked, and records nothing more", async () => {
    await h.waitForEdit(unlink(asTeacher), (c) => c.includes("nothing to unlink"));
    expect(await unlinkEntries()).toHaveLength(1);
  });

  it("points a channel that follows the server's link to unlinking the whole server", async () => {
    await setup("Chemistry 101", "tenant");
    const edit = await h.waitForEdit(unlink(asTeacher), (c) => c.includes("no link of its own"));
    expect(edit.body.content).toContain('the whole server\'s link to "Chemistry 101"');
    expect(await h.database.prisma.courseSpace.count()).toBe(1);

    const whole = await h.waitForEdit(unlink(asTeacher, "tenant"), (c) => c.includes("no longer linked"));
    expect(whole.body.content).toContain("This server is no longer linked to **Chemistry 101**");
    expect(await h.database.prisma.courseSpace.count()).toBe(0);
    expect(await unlinkEntries()).toHaveLength(2);
  });
});
