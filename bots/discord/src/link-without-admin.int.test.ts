import { createCourse, ensureEnrollment, resolveUser, startSpaceBinding } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DiscordHarness,
  makeGuild,
  makeUser,
  startDiscordHarness,
} from "../../../test/support/fake-discord-harness.ts";
import { type CommandOption, OPTION } from "../../../test/support/fake-discord-interactions.ts";
import { snowflake } from "../../../test/support/fake-discord-payloads.ts";

// Issue 11 §2 through discord.js against the fake Discord: a study-group member without Manage Server
// links a channel with a course code, staff hand out codes and add co-teachers with /code and /staff,
// and each refusal says why and changes nothing.
const owner = makeUser("owner");
const teacher = makeUser("teacher");
const coTeacher = makeUser("co-teacher");
const student = makeUser("student");
const guild = makeGuild("Hydrology study group", owner);
const hidden = snowflake();
const lab = snowflake();
const lab2 = snowflake();
guild.channels.push(
  { id: hidden, name: "staff-room" },
  { id: lab, name: "lab" },
  { id: lab2, name: "lab-2" },
);
const inChannel = { guildId: guild.id, channelId: guild.channelId };
/** An ordinary member: no Manage Server. */
const asTeacher = { ...inChannel, user: teacher };
const asStudent = { ...inChannel, user: student };
/** The same member in a channel their permissions there do not let them see. */
const unseen = String(1n << 31n);
let h: DiscordHarness;
let courseId: string;

const db = () => h.database.prisma;

async function lmsPageCode(): Promise<string> {
  const instructor = { platform: "LTI" as const, tenant: "https://moodle.test", externalId: "lti-teacher" };
  return (await startSpaceBinding(db(), { actor: instructor, courseId })).code;
}

function command(
  place: typeof asTeacher,
  name: string,
  options: CommandOption[],
  users?: (typeof teacher)[],
) {
  return h.fake.slashCommand(place, { name, options, ...(users ? { users } : {}) });
}

const setupWith = (place: typeof asTeacher & { permissions?: string }, code: string) =>
  h.fake.slashCommand(place, {
    name: "setup",
    options: [{ name: "code", type: OPTION.string, value: code }],
  });

beforeAll(async () => {
  h = await startDiscordHarness({ guilds: [guild] });
  courseId = (await createCourse(db(), { name: "Hydrology 101" })).id;
  const { userId } = await resolveUser(db(), {
    platform: "LTI",
    tenant: "https://moodle.test",
    externalId: "lti-teacher",
  });
  await ensureEnrollment(db(), { courseId, userId, role: "STAFF", source: "LTI" });
});
afterAll(() => h?.close());

describe("linking without Manage Server, through Discord", () => {
  it("refuses a channel the member cannot see, and the code stays unused", async () => {
    const code = await lmsPageCode();
    const refused = setupWith(
      { guildId: guild.id, channelId: hidden, user: teacher, permissions: unseen },
      code,
    );
    const edit = await h.waitForEdit(refused, (c) => c.includes("member of"));
    expect(edit.body.content).toContain("your code is still unused");
    expect(await db().courseSpace.count()).toBe(0);
    expect(await db().linkCode.count({ where: { usedAt: { not: null } } })).toBe(0);

    const linked = await h.waitForEdit(setupWith(asTeacher, code), (c) => c.includes("now linked"));
    expect(linked.body.content).toContain("**Hydrology 101**");
    expect(await db().courseSpace.count({ where: { courseId, externalId: guild.channelId } })).toBe(1);
  });

  it("refuses the same code twice", async () => {
    const fresh = await lmsPageCode();
    await h.waitForEdit(setupWith({ ...inChannel, channelId: lab, user: teacher }, fresh), (c) =>
      c.includes("now linked"),
    );
    const again = setupWith({ ...inChannel, channelId: lab2, user: teacher }, fresh);
    const edit = await h.waitForEdit(again, (c) => c.includes("already been used"));
    expect(edit.body.content).toContain("Each code works once");
    expect(await db().courseSpace.count()).toBe(2);
  });

  it("refuses a member a new course or the whole server without Manage Server", async () => {
    const before = await db().course.count();
    const created = command(asStudent, "setup", [
      { name: "course", type: OPTION.string, value: "Our group" },
    ]);
    await h.waitForEdit(created, (c) => c.includes("can make a new course"));
    const code = await lmsPageCode();
    const whole = command(asTeacher, "setup", [
      { name: "code", type: OPTION.string, value: code },
      { name: "scope", type: OPTION.string, value: "tenant" },
    ]);
    await h.waitForEdit(whole, (c) => c.includes("link all of it"));
    expect(await db().course.count()).toBe(before);
    expect(await db().courseSpace.count()).toBe(2);
  });
});

describe("/code and /staff, through Discord", () => {
  it("gives staff a code privately with how to use it; refuses a student", async () => {
    const issued = command(asTeacher, "code", []);
    const edit = await h.waitForEdit(issued, (c) => c.includes("Link code for"));
    expect(edit.body.content).toMatch(/\/setup code:[A-Z0-9]{4}-[A-Z0-9]{4}/);
    const callback = h.fake.callsFor(issued).find((c) => c.path.endsWith("/callback"))!;
    expect(callback.body).toMatchObject({ type: 5, data: { flags: 64 } });
    const codes = await db().linkCode.count();
    await h.waitForEdit(command(asStudent, "code", []), (c) => c.includes("Only staff of Hydrology 101"));
    expect(await db().linkCode.count()).toBe(codes);
  });

  it("adds a co-teacher, lists staff, removes them again, and refuses a student", async () => {
    const user = (u: typeof teacher) => [{ name: "user", type: OPTION.user, value: u.id }];
    const sub = (name: string, options: CommandOption[] = []) => [{ name, type: OPTION.subcommand, options }];
    const refused = command(asStudent, "staff", sub("add", user(student)), [student]);
    await h.waitForEdit(refused, (c) => c.includes("Only course staff can add or remove staff"));
    const added = command(asTeacher, "staff", sub("add", user(coTeacher)), [coTeacher]);
    await h.waitForEdit(added, (c) => c.includes("is now staff of **Hydrology 101**"));
    const list = command(asStudent, "staff", sub("list"));
    const listed = await h.waitForEdit(list, (c) => c.includes("Staff of **Hydrology 101**"));
    expect(listed.body.content).toContain("co-teacher");
    const removed = command(asTeacher, "staff", sub("remove", user(coTeacher)), [coTeacher]);
    await h.waitForEdit(removed, (c) => c.includes("no longer staff"));
    expect(await db().auditEntry.count({ where: { action: { startsWith: "course.staff_" } } })).toBe(2);
  });
});
