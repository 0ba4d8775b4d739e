import { commandDefinitions } from "@studyhall/discord";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeDiscord, startFakeDiscord } from "../../../test/support/fake-discord-server.ts";
import { registerDiscordCommands } from "./discord-register.ts";

let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(() => fake?.close());

describe("studyhall discord register", () => {
  const settings = () => ({ token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl });

  it("puts every command definition for one guild through DISCORD_API_URL", async () => {
    const result = await registerDiscordCommands(settings(), "123456789012345678");
    expect(result).toEqual({ count: commandDefinitions.length, scope: "guild" });
    const call = fake.calls.at(-1)!;
    expect(call).toMatchObject({
      method: "PUT",
      path: `/applications/${fake.applicationId}/guilds/123456789012345678/commands`,
    });
    const names = (call.body.value as Array<{ name: string }>).map((c) => c.name);
    expect(names).toEqual([
      "ask",
      "setup",
      "unlink",
      "code",
      "staff",
      "course",
      "materials",
      "policy",
      "settings",
      "quiz",
      "cards",
      "practice",
      "guide",
      "writing",
      "prefs",
      "link",
      "me",
      "leaderboard",
      "history",
      "notifications",
      "session",
      "calendar",
      "help",
    ]);
    const quiz = (call.body.value as Array<{ name: string; options: Array<{ name: string }> }>).find(
      (c) => c.name === "quiz",
    )!;
    expect(quiz.options.map((o) => o.name)).toEqual([
      "start",
      "stop",
      "drafts",
      "generate",
      "write",
      "results",
      "export",
    ]);
  });

  it("registers globally without --guild", async () => {
    await registerDiscordCommands(settings());
    expect(fake.calls.at(-1)).toMatchObject({
      method: "PUT",
      path: `/applications/${fake.applicationId}/commands`,
    });
  });

  it("says what to set when the token is missing or refused", async () => {
    await expect(registerDiscordCommands({ applicationId: fake.applicationId })).rejects.toMatchObject({
      userMessage: expect.stringContaining("DISCORD_TOKEN"),
    });
    await expect(registerDiscordCommands({ ...settings(), token: "wrong" })).rejects.toMatchObject({
      userMessage: expect.stringContaining("refused DISCORD_TOKEN"),
    });
  });

  it("rejects a guild id that is not a snowflake", async () => {
    await expect(registerDiscordCommands(settings(), "my-server")).rejects.toMatchObject({
      code: "invalid_input",
    });
  });
});
