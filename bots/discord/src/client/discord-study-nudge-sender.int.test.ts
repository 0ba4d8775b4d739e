import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dmChannelId } from "../../../../test/support/fake-discord-rest.ts";
import { type FakeDiscord, startFakeDiscord } from "../../../../test/support/fake-discord-server.ts";
import { createBotRest } from "./create-discord-client.ts";
import { createDiscordStudyNudgeSender } from "./discord-study-nudge-sender.ts";

// The daily due-cards nudge as Discord sends it: a DM through the bot's REST client (no gateway), with
// the reply's button to start reviewing; a refusal (DMs closed) is thrown for the job to retry.
let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(() => fake?.close());

const sender = () =>
  createDiscordStudyNudgeSender(
    createBotRest({
      token: fake.token,
      applicationId: fake.applicationId,
      apiUrl: fake.apiUrl,
      messageContent: false,
    }),
  );

describe("Discord study nudge sender", () => {
  it("DMs the person the nudge with its Review button", async () => {
    const userId = "223456789012345678";
    await sender().send({
      tenant: "",
      externalId: userId,
      reply: {
        visibility: "private",
        blocks: [
          { type: "text", text: "You have 12 cards due today." },
          {
            type: "buttons",
            buttons: [{ label: "Review now", action: { kind: "card.review", courseId: "" } }],
          },
        ],
      },
    });
    expect(fake.calls.find((c) => c.path === "/users/@me/channels")?.body).toEqual({ recipient_id: userId });
    const posted = fake.calls.find(
      (c) => c.method === "POST" && c.path === `/channels/${dmChannelId(userId)}/messages`,
    );
    expect(posted?.body.content).toBe("You have 12 cards due today.");
    expect(posted?.body).not.toHaveProperty("flags");
    expect(JSON.stringify(posted?.body.components)).toContain("Review now");
  });

  it("throws when Discord refuses the DM, so the job is retried", async () => {
    fake.failNext({
      method: "POST",
      path: /\/channels\/\d+\/messages$/,
      status: 403,
      code: 50007,
      message: "Cannot send messages to this user",
    });
    await expect(
      sender().send({
        tenant: "",
        externalId: "323456789012345678",
        reply: { visibility: "private", blocks: [{ type: "text", text: "Due" }] },
      }),
    ).rejects.toMatchObject({ code: 50007 });
  });
});
