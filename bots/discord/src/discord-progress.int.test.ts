import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DiscordHarness,
  makeGuild,
  makeUser,
  startDiscordHarness,
} from "../../../test/support/fake-discord-harness.ts";
import { type CommandOption, OPTION } from "../../../test/support/fake-discord-interactions.ts";
import { PERMISSIONS } from "../../../test/support/fake-discord-payloads.ts";
import { inDm } from "../../../test/support/fake-discord-study.ts";
import type { DiscordCall, DispatchedInteraction } from "../../../test/support/fake-discord-types.ts";

// Progress through discord.js against the fake Discord: /me shows the progress card as a PNG attached
// to the reply with its alt text as the attachment's description, under the card in words and the
// account summary; /leaderboard ranks the course's students this week or of all time, `hide:` takes
// someone off it and back, and `course:` suggests the person's courses.
const teacher = makeUser("progressteacher");
const ada = makeUser("ada");
const ben = makeUser("ben");
const guild = makeGuild("Progress club", teacher);
const inGuild = { guildId: guild.id, channelId: guild.channelId };
const asTeacher = { ...inGuild, user: teacher, permissions: PERMISSIONS.manageGuild };
// A Wednesday: the week's leaderboard counts from Monday 2026-12-07.
const now = new Date("2026-12-09T15:00:00Z");
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let h: DiscordHarness;
let courseId: string;

const run = (user: typeof ada, name: string, options: CommandOption[] = []) =>
  h.fake.slashCommand({ ...inGuild, user }, { name, options });

/** The reply's text once it is shown: the original's last edit and any follow-ups, joined. */
async function shown(interaction: DispatchedInteraction, done: (call: DiscordCall) => boolean) {
  await h.fake.waitFor((c) => c.path.includes(interaction.token) && c.status < 300 && done(c));
  return h.fake
    .callsFor(interaction)
    .filter((c) => c.method !== "GET" && !c.path.startsWith("/interactions/"))
    .map((c) => String(c.body.content ?? ""))
    .join("\n");
}

async function earn(user: typeof ada, points: number, at: string): Promise<void> {
  const identity = await h.database.prisma.identity.findFirstOrThrow({
    where: { platform: "DISCORD", externalId: user.id },
  });
  await h.database.prisma.xpEvent.create({
    data: {
      userId: identity.userId,
      courseId,
      kind: "CARD_REVIEW",
      sourceKey: `test:${at}:${points}`,
      points,
      occurredAt: new Date(at),
      localDate: new Date(`${at.slice(0, 10)}T00:00:00.000Z`),
    },
  });
}

beforeAll(async () => {
  h = await startDiscordHarness({ guilds: [guild], clock: () => now });
  const setup = h.fake.slashCommand(asTeacher, {
    name: "setup",
    options: [{ name: "course", type: OPTION.string, value: "Progress Biology" }],
  });
  await h.waitForEdit(setup, (content) => content.includes("Progress Biology"));
  courseId = (await h.database.prisma.course.findFirstOrThrow({ where: { name: "Progress Biology" } })).id;
  // First contact in the course's channel enrols them.
  for (const user of [ada, ben]) {
    const first = run(user, "history");
    await h.waitForEdit(first, () => true);
  }
  await earn(ada, 40, "2026-12-08T10:00:00.000Z");
  await earn(ben, 20, "2026-12-09T10:00:00.000Z");
  await earn(ben, 90, "2026-11-30T10:00:00.000Z");
}, 120_000);
afterAll(() => h?.close());

describe("/me", { timeout: 60_000 }, () => {
  it("attaches the progress card as a PNG whose description is its alt text, under the card in words", async () => {
    const me = run(ada, "me");
    const text = await shown(me, (c) => c.files.length > 0);
    const withCard = h.fake.callsFor(me).find((c) => c.files.length > 0)!;
    expect(withCard.files.map((f) => f.filename)).toEqual(["progress.png"]);
    expect(withCard.files[0]!.data.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const [attachment] = withCard.body.attachments as Array<{ filename: string; description?: string }>;
    expect(attachment!.filename).toBe("progress.png");
    expect(attachment!.description).toMatch(/level 1/i);
    expect(attachment!.description!.length).toBeLessThanOrEqual(1_024);
    expect(h.fake.interactions.get(me.id)!.ephemeral).toBe(true);

    expect(text).toMatch(/Level 1 · 40 XP/);
    expect(text).toMatch(/Streak/);
    expect(text).toContain("Progress Biology (student)");
    expect(text).toContain("Recent quiz results");
  });
});

describe("/leaderboard", { timeout: 60_000 }, () => {
  it("ranks this week's XP by default and all time's when asked", async () => {
    const week = await shown(run(ada, "leaderboard"), (c) => c.method === "PATCH");
    expect(week).toContain("this week (since Monday, Dec 7)");
    expect(week).toMatch(/\*\*1\. ada: 40 XP \(you\)\*\*\n2\. ben: 20 XP/);
    const all = await shown(
      run(ada, "leaderboard", [{ name: "period", type: OPTION.string, value: "all" }]),
      (c) => c.method === "PATCH",
    );
    expect(all).toMatch(/1\. ben: 110 XP\n\*\*2\. ada: 40 XP \(you\)\*\*/);
  });

  it("takes someone off with hide:true and back with hide:false", async () => {
    await shown(
      run(ben, "leaderboard", [{ name: "hide", type: OPTION.boolean, value: true }]),
      (c) => c.method === "PATCH",
    );
    const without = await shown(run(ada, "leaderboard"), (c) => c.method === "PATCH");
    expect(without).toContain("ada");
    expect(without).not.toMatch(/\bben\b/);
    const seenByBen = await shown(run(ben, "leaderboard"), (c) => c.method === "PATCH");
    expect(seenByBen).toContain("You are hidden from leaderboards");
    expect(seenByBen).toContain("`/leaderboard hide:False` puts you back");

    await shown(
      run(ben, "leaderboard", [{ name: "hide", type: OPTION.boolean, value: false }]),
      (c) => c.method === "PATCH",
    );
    expect(await shown(run(ada, "leaderboard"), (c) => c.method === "PATCH")).toMatch(/\bben\b/);
  });

  it("suggests the person's courses for course:", async () => {
    const suggest = h.fake.autocomplete(
      { ...inGuild, user: ada },
      {
        name: "leaderboard",
        options: [{ name: "course", type: OPTION.string, value: "prog", focused: true }],
      },
    );
    const choices = await h.fake.waitFor(
      (c) => c.path === `/interactions/${suggest.id}/${suggest.token}/callback`,
    );
    expect(choices.body).toMatchObject({
      data: { choices: [{ name: "Progress Biology (progress-biology)", value: "progress-biology" }] },
    });
  });
});

describe("/history", { timeout: 60_000 }, () => {
  it("answers in a DM for the course named with course:, and refuses a course the person is not in", async () => {
    const history = (course: string) =>
      h.fake.slashCommand(inDm(ada), {
        name: "history",
        options: [{ name: "course", type: OPTION.string, value: course }],
      });
    const mine = history("progress-biology");
    expect(await shown(mine, (c) => c.method === "PATCH")).toContain("Nothing here yet.");
    // A DM is private already: the reply is an ordinary message there.
    expect(h.fake.interactions.get(mine.id)!.ephemeral).toBe(false);
    // A refusal is private: the DM's public placeholder goes, and a private follow-up says why.
    const other = await shown(
      history("chemistry-201"),
      (c) => c.method === "POST" && c.path.startsWith("/webhooks/"),
    );
    expect(other).toContain("You are not in a course called `chemistry-201`");
  });
});
