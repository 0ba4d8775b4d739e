import { ChatInputCommandInteraction, Client } from "discord.js";
import { afterAll, describe, expect, it } from "vitest";
import {
  type InteractionPlace,
  slashCommandPayload,
} from "../../../../test/support/fake-discord-interactions.ts";
import { placeOfInteraction } from "./discord-member.ts";

// Real discord.js interactions built from the gateway payloads the fake Discord sends.
const client = new Client({ intents: [] });
// discord.js builds interactions from gateway payloads itself; its constructor is not public API.
const FromPayload = ChatInputCommandInteraction as unknown as new (
  client: Client,
  data: unknown,
) => ChatInputCommandInteraction;
afterAll(() => client.destroy());

function nameOf(place: InteractionPlace): string | undefined {
  const payload = slashCommandPayload("100000000000000001", place, { name: "me" });
  const interaction = new FromPayload(client, payload);
  return placeOfInteraction(interaction, undefined).actor.displayName;
}

describe("placeOfInteraction", () => {
  const inGuild = { guildId: "200000000000000001", channelId: "300000000000000001" };

  it("names a person by their server nickname, else their display name, else their username", () => {
    const user = { id: "400000000000000001", username: "ada.01", globalName: "Ada L." };
    expect(nameOf({ ...inGuild, user, nick: "Ada" })).toBe("Ada");
    expect(nameOf({ ...inGuild, user })).toBe("Ada L.");
    expect(nameOf({ ...inGuild, user: { ...user, globalName: null } })).toBe("ada.01");
    expect(nameOf({ channelId: "300000000000000002", user })).toBe("Ada L.");
  });
});
