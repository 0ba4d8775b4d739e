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

const teacher = makeUser("teacher");
const student = makeUser("student");
const guild = makeGuild("Biology study group", teacher);
const inGuild = { guildId: guild.id, channelId: guild.channelId };
let h: DiscordHarness;

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
    const reply = await h.waitForEdit(ask, (content) => content.includes("988"));
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
});
