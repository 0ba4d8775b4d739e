import { type StudyHallDeps, silentLogger } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DiscordHarness,
  makeGuild,
  makeUser,
  startDiscordHarness,
} from "../../../test/support/fake-discord-harness.ts";
import { createDiscordFrontEnd } from "./index.ts";

// Sharding as discord.js does it in one process: `shards: "auto"` takes the count Discord recommends,
// and each guild's events arrive on the shard (guild_id >> 22) % count. State is all in the database,
// so whichever shard gets an interaction answers it.
const DISCORD_EPOCH = 1_420_070_400_000n;
const owner = makeUser("owner");
const now = BigInt(Date.now()) - DISCORD_EPOCH;
const guildOnShard = (shard: bigint) => {
  const guild = makeGuild(`Server on shard ${shard}`, owner);
  const ms = now - (now % 2n) + shard; // the shard is the timestamp part modulo the shard count
  return { ...guild, id: String(ms << 22n) };
};
const guilds = [guildOnShard(0n), guildOnShard(1n)];
let h: DiscordHarness;

beforeAll(async () => {
  h = await startDiscordHarness({ guilds, settings: { shards: "auto" }, fake: { recommendedShards: 2 } });
});
afterAll(() => h?.close());

describe("running sharded", () => {
  it("connects the recommended number of shards and serves a guild on each", async () => {
    expect(h.fake.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    for (const guild of guilds) {
      const help = h.fake.slashCommand(
        { guildId: guild.id, channelId: guild.channelId, user: owner },
        { name: "help" },
      );
      const edit = await h.waitForEdit(help, (content) => content.includes("not linked to a course yet"));
      expect(edit.status).toBe(200);
    }
  });
});

describe("start", () => {
  it("refuses to start without a token, saying which settings to set", async () => {
    const frontEnd = createDiscordFrontEnd({
      deps: {} as StudyHallDeps,
      settings: { messageContent: false },
      logger: silentLogger(),
    });
    await expect(frontEnd.start()).rejects.toMatchObject({
      code: "config",
      userMessage: expect.stringContaining("DISCORD_TOKEN"),
    });
  });
});
