// Moderation through the real Discord adapter (discord.js against the fake Discord) with the offline
// provider, so the local rules decide. The teacher who set the channel up is course staff with a linked
// Discord account and gets the alert as a DM from the durable alert job.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DiscordHarness,
  makeGuild,
  makeUser,
  startDiscordHarness,
} from "../support/fake-discord-harness.ts";
import { OPTION } from "../support/fake-discord-interactions.ts";
import { PERMISSIONS } from "../support/fake-discord-payloads.ts";
import { dmChannelId } from "../support/fake-discord-rest.ts";
import type { DiscordCall, DispatchedInteraction } from "../support/fake-discord-server.ts";

const teacher = makeUser("teacher");
const student = makeUser("student");
const guild = makeGuild("Biology study group", teacher);
const inGuild = { guildId: guild.id, channelId: guild.channelId };
let h: DiscordHarness;

/** The follow-up only the asker sees, after the public deferred reply was deleted. */
async function privateFollowUp(ask: DispatchedInteraction, words: string): Promise<DiscordCall> {
  const followUp = await h.fake.waitFor(
    (c) => c.method === "POST" && c.path.endsWith(ask.token) && String(c.body.content).includes(words),
  );
  expect(followUp.body.flags).toBe(64);
  const calls = h.fake.callsFor(ask);
  const deleted = calls.findIndex((c) => c.method === "DELETE" && c.path.endsWith("/messages/@original"));
  expect(deleted).toBeGreaterThan(-1);
  expect(deleted).toBeLessThan(calls.indexOf(followUp));
  return followUp;
}

beforeAll(async () => {
  h = await startDiscordHarness({ guilds: [guild], settings: { staffRole: "course staff" } });
  const setup = h.fake.slashCommand(
    { ...inGuild, user: teacher, permissions: PERMISSIONS.manageGuild },
    { name: "setup", options: [{ name: "course", type: OPTION.string, value: "Biology 101" }] },
  );
  await h.waitForEdit(setup, (content) => content.includes("Biology 101"));
});
afterAll(() => h?.close());

describe("moderation, through Discord", () => {
  it("attack: self-harm disclosure in /ask; the student gets the safe-messaging reply and the teacher a DM", async () => {
    const ask = h.fake.slashCommand(
      { ...inGuild, user: student },
      { name: "ask", options: [{ name: "question", type: OPTION.string, value: "i want to kill myself" }] },
    );
    const reply = await privateFollowUp(ask, "988");
    expect(reply.body.content).toContain("findahelpline.com");
    const callback = h.fake.callsFor(ask).find((c) => c.path.endsWith("/callback"))!;
    expect(callback.at - ask.sentAt).toBeLessThan(3_000);

    const opened = await h.fake.waitFor(
      (c) => c.method === "POST" && c.path === "/users/@me/channels" && c.body.recipient_id === teacher.id,
    );
    expect(opened.status).toBe(200);
    const dm = await h.fake.waitFor(
      (c) => c.method === "POST" && c.path === `/channels/${dmChannelId(teacher.id)}/messages`,
    );
    expect(String(dm.body.content)).toMatch(/may need support/);
    expect(String(dm.body.content)).not.toContain("kill myself");
    const flags = await h.database.prisma.moderationFlag.findMany();
    expect(flags).toMatchObject([{ kind: "QUESTION", selfHarm: true, source: "local" }]);
  });
  it("attack: a threat in /ask meant to be quoted to the class; only the asker sees the calm reply, and no thread is named after it", async () => {
    const threat = "i will bring a gun to school tomorrow";
    const ask = h.fake.slashCommand(
      { ...inGuild, user: student },
      { name: "ask", options: [{ name: "question", type: OPTION.string, value: threat }] },
    );
    const reply = await privateFollowUp(ask, "talk to your teacher");
    expect(reply.body.content).not.toContain(threat);
    const publicWrites = h.fake.callsFor(ask).filter((c) => c.method === "PATCH");
    expect(publicWrites.map((c) => String(c.body.content))).not.toContainEqual(
      expect.stringContaining(threat),
    );
    await h.bot.idle();
    expect(h.fake.calls.filter((c) => c.method === "POST" && /\/threads$/.test(c.path))).toHaveLength(0);
    const flags = await h.database.prisma.moderationFlag.findMany({ where: { selfHarm: false } });
    expect(flags).toMatchObject([{ kind: "QUESTION" }]);
  });

  it("a question moderation lets through is still answered publicly (no thread for a reply that answers nothing)", async () => {
    const ask = h.fake.slashCommand(
      { ...inGuild, user: student },
      {
        name: "ask",
        options: [{ name: "question", type: OPTION.string, value: "What do mitochondria produce?" }],
      },
    );
    const callback = await h.fake.waitFor((c) => c.path.endsWith(`${ask.token}/callback`));
    expect(callback.body).toMatchObject({ type: 5 });
    expect((callback.body.data as { flags?: number }).flags ?? 0).toBe(0);
    // The course has no materials yet, so the public answer says that.
    await h.waitForEdit(ask, (content) => content.includes("no materials yet"));
    expect(h.fake.callsFor(ask).filter((c) => c.method === "DELETE")).toHaveLength(0);
    // "No materials yet" invites no follow-ups: no thread is named after the question.
    await h.bot.idle();
    expect(h.fake.calls.filter((c) => c.method === "POST" && /\/threads$/.test(c.path))).toHaveLength(0);
  });
  it("attack: a threat mentioning the bot in the channel; no thread is named after it, the calm reply goes to the asker's DM", async () => {
    const threat = "i will stab you after class";
    const before = h.fake.calls.length;
    const message = h.fake.message(inGuild, student, `<@${h.fake.bot.id}> ${threat}`, [h.fake.bot]);
    const dm = await h.fake.waitFor(
      (c) =>
        c.method === "POST" &&
        c.path === `/channels/${dmChannelId(student.id)}/messages` &&
        String(c.body.content).includes("talk to your teacher"),
    );
    expect(String(dm.body.content)).not.toContain(threat);
    const since = h.fake.calls.slice(before, h.fake.calls.indexOf(dm) + 1);
    expect(since.filter((c) => c.path.includes(`/messages/${message.id}/threads`))).toEqual([]);
    expect(
      since.filter((c) => c.method === "POST" && c.path === `/channels/${guild.channelId}/messages`),
    ).toEqual([]);
    expect(since.filter((c) => c.path.startsWith(`/channels/${message.id}/`))).toEqual([]);
  });
  it("a mention the tutor cannot answer (no materials yet) is answered beside the message, opening no thread", async () => {
    const before = h.fake.calls.length;
    const message = h.fake.message(inGuild, student, `<@${h.fake.bot.id}> What do mitochondria produce?`, [
      h.fake.bot,
    ]);
    const reply = await h.fake.waitFor(
      (c) =>
        c.method === "POST" &&
        c.path === `/channels/${guild.channelId}/messages` &&
        String(c.body.content).includes("no materials yet"),
    );
    expect(reply.body.message_reference).toMatchObject({ message_id: message.id });
    await h.bot.idle();
    expect(h.fake.calls.slice(before).filter((c) => /\/threads$/.test(c.path))).toEqual([]);
  });
});
