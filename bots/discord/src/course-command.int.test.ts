import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DiscordHarness,
  makeGuild,
  makeUser,
  startDiscordHarness,
} from "../../../test/support/fake-discord-harness.ts";
import { OPTION } from "../../../test/support/fake-discord-interactions.ts";
import { PERMISSIONS } from "../../../test/support/fake-discord-payloads.ts";

// `/course rename|archive|unarchive|delete` through discord.js against the fake Discord.
const teacher = makeUser("teacher");
const student = makeUser("student");
const guild = makeGuild("Hydrology study group", teacher);
const inGuild = { guildId: guild.id, channelId: guild.channelId };
const asTeacher = { ...inGuild, user: teacher, permissions: PERMISSIONS.manageGuild };
const asStudent = { ...inGuild, user: student };
let h: DiscordHarness;

function course(as: typeof asTeacher | typeof asStudent, action: string, value?: string) {
  const option = action === "rename" ? "name" : "confirm";
  return h.fake.slashCommand(as, {
    name: "course",
    options: [
      {
        name: action,
        type: OPTION.subcommand,
        options: value === undefined ? [] : [{ name: option, type: OPTION.string, value }],
      },
    ],
  });
}

async function said(interaction: ReturnType<typeof course>, wanted: string) {
  return (await h.waitForEdit(interaction, (c) => c.includes(wanted))).body.content as string;
}

const stored = () => h.database.prisma.course.findFirst({ where: { slug: "hydrology-101" } });

beforeAll(async () => {
  h = await startDiscordHarness({ guilds: [guild] });
  const setup = h.fake.slashCommand(asTeacher, {
    name: "setup",
    options: [{ name: "course", type: OPTION.string, value: "Hydrology 101" }],
  });
  await h.waitForEdit(setup, (c) => c.includes("Hydrology 101"));
  // Taking part in the channel enrols the student.
  const list = h.fake.slashCommand(asStudent, {
    name: "materials",
    options: [{ name: "list", type: OPTION.subcommand }],
  });
  await h.waitForEdit(list, (c) => c.length > 0);
});
afterAll(() => h?.close());

describe("/course, through Discord", { timeout: 300_000 }, () => {
  it("refuses a student's rename, archive and delete, changing nothing", async () => {
    await said(course(asStudent, "rename", "Rocks"), "Only course staff can do that");
    await said(course(asStudent, "archive"), "Only course staff can do that");
    await said(course(asStudent, "delete", "Hydrology 101"), "Only course staff can do that");
    expect(await stored()).toMatchObject({ name: "Hydrology 101", archivedAt: null });
  });

  it("renames for staff, keeping the slug", async () => {
    await said(course(asTeacher, "rename", "Hydrology I"), "now called **Hydrology I**");
    expect(await stored()).toMatchObject({ name: "Hydrology I" });
  });

  it("archives: a live quiz is refused with the archived sentence; unarchive reopens", async () => {
    await said(course(asTeacher, "archive"), "is archived: it is read-only");
    const start = h.fake.slashCommand(asTeacher, {
      name: "quiz",
      options: [{ name: "start", type: OPTION.subcommand, options: [] }],
    });
    const refusal = await h.fake.waitFor(
      (c) => c.path.includes(start.token) && String(c.body.content ?? "").includes("is archived"),
    );
    expect(String(refusal.body.content)).toContain('"Hydrology I" is archived, so it is read-only');
    expect(String(refusal.body.content)).toContain("/course unarchive");
    expect(await h.database.prisma.quizSession.count()).toBe(0);
    await said(course(asTeacher, "unarchive"), "open again");
    expect((await stored())?.archivedAt).toBeNull();
  });

  it("deletes only when the typed name matches; then nothing of it is left", async () => {
    await said(course(asTeacher, "delete", "Hydrology 101"), "Nothing was deleted");
    const kept = await stored();
    expect(kept).not.toBeNull();
    await said(course(asTeacher, "delete", "Hydrology I"), "was deleted");
    expect(await stored()).toBeNull();
    const db = h.database.prisma;
    expect(await db.courseSpace.count({ where: { courseId: kept!.id } })).toBe(0);
    expect(await db.enrollment.count({ where: { courseId: kept!.id } })).toBe(0);
    expect(await db.auditEntry.count({ where: { action: "course.deleted", actorPlatform: "DISCORD" } })).toBe(
      1,
    );
  });
});
