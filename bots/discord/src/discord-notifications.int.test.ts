import { setTimeout as sleep } from "node:timers/promises";
import { notify, runNotificationDelivery } from "@studyhall/core";
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
  buttonId,
  dmMessages,
  inDm,
  originalOf,
  type StoredMessage,
} from "../../../test/support/fake-discord-study.ts";

// Notifications through discord.js against the fake Discord: /notifications show lists the person's
// own inbox privately with a "Mark all read" button whose click marks only theirs read; read, kind and
// digest change what core keeps on their study settings.
const teacher = makeUser("notifyteacher");
const ada = makeUser("ada");
const ben = makeUser("ben");
const guild = makeGuild("Notify club", teacher);
const inGuild = { guildId: guild.id, channelId: guild.channelId };
const asTeacher = { ...inGuild, user: teacher, permissions: PERMISSIONS.manageGuild };
const now = new Date("2026-12-09T15:00:00Z");
const INTEGER = 4;

let h: DiscordHarness;

const notifications = (user: typeof ada, sub: string, options: CommandOption[] = []) =>
  h.fake.slashCommand(
    { ...inGuild, user },
    { name: "notifications", options: [{ name: sub, type: OPTION.subcommand, options }] },
  );

async function userOf(user: typeof ada): Promise<string> {
  const identity = await h.database.prisma.identity.findFirstOrThrow({
    where: { platform: "DISCORD", externalId: user.id },
  });
  return identity.userId;
}

async function seed(user: typeof ada, title: string, sourceKey: string): Promise<void> {
  await h.database.prisma.notification.create({
    data: {
      userId: await userOf(user),
      courseId: null,
      kind: "GRADE_SENT",
      title,
      body: "In Canvas.",
      sourceKey,
    },
  });
}

async function unread(user: typeof ada): Promise<number> {
  return h.database.prisma.notification.count({ where: { userId: await userOf(user), readAt: null } });
}

async function settingsOf(user: typeof ada) {
  return h.database.prisma.studySettings.findUnique({ where: { userId: await userOf(user) } });
}

beforeAll(async () => {
  h = await startDiscordHarness({ guilds: [guild], clock: () => now });
  const setup = h.fake.slashCommand(asTeacher, {
    name: "setup",
    options: [{ name: "course", type: OPTION.string, value: "Notify Biology" }],
  });
  await h.waitForEdit(setup, (content) => content.includes("Notify Biology"));
  for (const user of [ada, ben]) await h.waitForEdit(notifications(user, "show"), () => true);
  await seed(ada, "Your score for Cells quiz was sent", "s1");
  await seed(ada, "Your score for Genes quiz was sent", "s2");
  await seed(ben, "Ben's private score", "s3");
}, 120_000);
afterAll(() => h?.close());

describe("/notifications", { timeout: 60_000 }, () => {
  it("shows only the person's own inbox, privately, and its Mark all read marks only theirs", async () => {
    const show = notifications(ada, "show");
    await h.waitForEdit(show, (content) => content.includes("Cells quiz"));
    expect(h.fake.interactions.get(show.id)!.ephemeral).toBe(true);
    const inbox = originalOf(h, show);
    expect(inbox.content).toContain("Genes quiz");
    expect(inbox.content).not.toContain("Ben's private score");

    const click = h.fake.button({ ...inGuild, user: ada }, buttonId(inbox, "Mark all read"), inbox);
    await h.fake.waitFor(
      (c) => c.method === "POST" && c.path.startsWith("/webhooks/") && c.path.includes(click.token),
    );
    expect(await unread(ada)).toBe(0);
    expect(await unread(ben)).toBe(1);
  });

  it("marks everything read with read", async () => {
    await h.waitForEdit(notifications(ben, "read"), () => true);
    expect(await unread(ben)).toBe(0);
  });

  it("turns a kind off and on, and sets the digest with its hour", async () => {
    const kind = (on: boolean) => [
      { name: "kind", type: OPTION.string, value: "grades" },
      { name: "on", type: OPTION.boolean, value: on },
    ];
    await h.waitForEdit(notifications(ada, "kind", kind(false)), () => true);
    expect((await settingsOf(ada))?.notificationsOff).toEqual(["GRADE_SENT"]);
    await h.waitForEdit(notifications(ada, "kind", kind(true)), () => true);
    expect((await settingsOf(ada))?.notificationsOff).toEqual([]);

    await h.waitForEdit(
      notifications(ada, "digest", [
        { name: "on", type: OPTION.boolean, value: true },
        { name: "hour", type: INTEGER, value: 7 },
      ]),
      () => true,
    );
    expect(await settingsOf(ada)).toMatchObject({ notificationDigest: true, digestHour: 7 });
  });
});

describe("a notification delivered to the DM", { timeout: 60_000 }, () => {
  it("carries a Mark all read button that works from the DM", async () => {
    const userId = await userOf(ben);
    const item = {
      userId,
      courseId: null,
      kind: "GRADE_SENT" as const,
      title: "Your score for Rocks quiz was sent",
      body: "It went to GEO 101 in Canvas.",
      sourceKey: "s-dm",
    };
    await notify(h.database.prisma, [item], { now });
    await runNotificationDelivery(h.deps, { userId }, [h.bot.studyNudgeSender]);
    const message = await dmMessageWith(ben, "Rocks quiz");
    expect(await unread(ben)).toBe(1);

    const click = h.fake.button(inDm(ben), buttonId(message, "Mark all read"), message);
    await h.fake.waitFor(
      (c) => c.method === "POST" && c.path.startsWith("/webhooks/") && c.path.includes(click.token),
    );
    expect(await unread(ben)).toBe(0);
  });
});

async function dmMessageWith(user: typeof ada, text: string): Promise<StoredMessage> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = dmMessages(h, user.id).find((m) => m.content.includes(text));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no DM to ${user.id} with "${text}"`);
    await sleep(20);
  }
}
