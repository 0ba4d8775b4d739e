// SSRF through the real Discord adapter (discord.js against the fake Discord gateway and REST) with
// production's policy: `/materials add url:` by course staff, and attachments whose URL is not on
// Discord's hosts. Each refusal is told to the person in the interaction's reply, nothing is stored,
// and the internal server is never reached.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type DiscordHarness,
  makeGuild,
  makeUser,
  startDiscordHarness,
} from "../support/fake-discord-harness.ts";
import { type FakeAttachment, OPTION } from "../support/fake-discord-interactions.ts";
import { PERMISSIONS } from "../support/fake-discord-payloads.ts";
import {
  expectNothingStored,
  expectRefusal,
  LINK_ATTACKS,
  type LinkAttackServers,
  publicNotesLink,
  startLinkAttackServers,
} from "./ssrf-link-attacks.ts";

const teacher = makeUser("teacher");
const guild = makeGuild("Biology study group", teacher);
const asTeacher = {
  guildId: guild.id,
  channelId: guild.channelId,
  user: teacher,
  permissions: PERMISSIONS.manageGuild,
};
let h: DiscordHarness;
let servers: LinkAttackServers;

beforeAll(async () => {
  servers = await startLinkAttackServers();
  h = await startDiscordHarness({ guilds: [guild], tuning: { materialLinks: servers.materialLinks } });
  const setup = h.fake.slashCommand(asTeacher, {
    name: "setup",
    options: [{ name: "course", type: OPTION.string, value: "Biology 101" }],
  });
  await h.waitForEdit(setup, (content) => content.includes("now linked to **Biology 101**"));
});
afterAll(async () => {
  await h?.close();
  await servers?.close();
});
beforeEach(() => {
  servers.site.requests.length = 0;
});

/** Starts `/materials add` with these options (and attachments). */
function add(
  options: Array<{ name: string; type: number; value: string }>,
  attachments: FakeAttachment[] = [],
) {
  return h.fake.slashCommand(asTeacher, {
    name: "materials",
    options: [{ name: "add", type: OPTION.subcommand, options }],
    ...(attachments.length > 0 ? { attachments } : {}),
  });
}

/** Runs `/materials add` and returns the text of the reply's refusal. */
async function refusalOf(options: Parameters<typeof add>[0], attachments: FakeAttachment[] = []) {
  const refusal = await h.waitForEdit(add(options, attachments), (content) => content.includes("❌"));
  return String(refusal.body.content);
}

const urlOption = (url: string) => [{ name: "url", type: OPTION.string, value: url }];

describe("/materials add url: with production's policy", () => {
  for (const attack of LINK_ATTACKS) {
    it(`attack: ${attack.attack} -> refused in the reply, nothing stored`, async () => {
      const text = await refusalOf(urlOption(attack.link(servers)));
      expectRefusal(text, attack);
      expect(servers.site.requests).toHaveLength(attack.siteRequests);
      await expectNothingStored(h.database.prisma, servers);
    });
  }

  it("logs each refusal with the host and the reason, never the link's path", () => {
    const refusals = h.logs.filter((line) => line.msg === "download refused");
    expect(refusals).toHaveLength(LINK_ATTACKS.length);
    for (const line of refusals) {
      expect(line).toMatchObject({ level: 40, code: "invalid_input", host: expect.any(String) });
      expect(JSON.stringify(line)).not.toContain("notes.md");
    }
  });
});

describe("/materials add file: whose URL is not Discord's", () => {
  it("attack: an attachment URL on another host -> refused before connecting, nothing stored", async () => {
    const attachment = {
      id: "1100000000000000001",
      filename: "notes.md",
      size: 100,
      url: `http://intranet.test:${servers.internal.port}/notes.md`,
      content_type: "text/markdown",
    };
    const text = await refusalOf(
      [{ name: "file", type: OPTION.attachment, value: attachment.id }],
      [attachment],
    );
    expect(text).toContain(
      "I couldn't download notes.md: it is on intranet.test, which is not one of Discord's file hosts.",
    );
    await expectNothingStored(h.database.prisma, servers);
  });

  it("attack: an attachment URL on loopback at another port than the configured API -> refused", async () => {
    const attachment = {
      id: "1100000000000000002",
      filename: "notes.md",
      size: 100,
      url: `http://127.0.0.1:${servers.internal.port}/notes.md`,
      content_type: "text/markdown",
    };
    const text = await refusalOf(
      [{ name: "file", type: OPTION.attachment, value: attachment.id }],
      [attachment],
    );
    expect(text).toContain("notes.md points at a private or reserved network address (127.0.0.1)");
    await expectNothingStored(h.database.prisma, servers);
  });
});

describe("the control case", () => {
  it("a link to the stand-in public site is fetched and stored with its source", async () => {
    const done = await h.waitForEdit(add(urlOption(publicNotesLink(servers))), (content) =>
      content.includes("passages the tutor can now cite"),
    );
    expect(done.body.content).toContain("Added **Notes**");
    const material = await h.database.prisma.material.findFirstOrThrow();
    expect(material).toMatchObject({ status: "READY", sourceUrl: publicNotesLink(servers) });
    expect(servers.internal.requests).toEqual([]);
  });
});
