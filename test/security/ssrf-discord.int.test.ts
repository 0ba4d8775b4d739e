// SSRF through the real Discord adapter (discord.js against the fake Discord) with production's policy:
// `/materials add url:` by course staff, and attachments whose URL is not on Discord's hosts. Each
// refusal is told to the person in the interaction's reply, nothing is stored, and the internal server
// is never reached.
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
  publicSiteResolver,
  type RecordingServer,
  serveRedirects,
  serveText,
  startRecordingServer,
} from "./ssrf-servers.ts";

const teacher = makeUser("teacher");
const guild = makeGuild("Biology study group", teacher);
const asTeacher = {
  guildId: guild.id,
  channelId: guild.channelId,
  user: teacher,
  permissions: PERMISSIONS.manageGuild,
};
let h: DiscordHarness;
let internal: RecordingServer;
let site: RecordingServer;

beforeAll(async () => {
  internal = await startRecordingServer(serveText("# Internal\n\nOnly for the intranet."));
  site = await startRecordingServer(serveRedirects("# Notes\n\nPublic notes."));
  h = await startDiscordHarness({
    guilds: [guild],
    // Production's policy; only the stand-in public site (public.test, really on 127.0.0.1) is exempt.
    tuning: {
      materialLinks: {
        privateHosts: [`public.test:${site.port}`],
        resolve: publicSiteResolver("public.test"),
      },
    },
  });
  const setup = h.fake.slashCommand(asTeacher, {
    name: "setup",
    options: [{ name: "course", type: OPTION.string, value: "Biology 101" }],
  });
  await h.waitForEdit(setup, (content) => content.includes("now linked to **Biology 101**"));
});
afterAll(async () => {
  await h?.close();
  await internal?.close();
  await site?.close();
});
beforeEach(() => {
  internal.requests.length = 0;
  site.requests.length = 0;
});

/** Runs `/materials add` with these options and returns the reply's final (refusal) text. */
async function add(
  options: Array<{ name: string; type: number; value: string }>,
  attachments: FakeAttachment[] = [],
) {
  const interaction = h.fake.slashCommand(asTeacher, {
    name: "materials",
    options: [{ name: "add", type: OPTION.subcommand, options }],
    ...(attachments.length > 0 ? { attachments } : {}),
  });
  const refusal = await h.waitForEdit(interaction, (content) => content.includes("❌"));
  return String(refusal.body.content);
}

const addUrl = (url: string) => add([{ name: "url", type: OPTION.string, value: url }]);

async function expectNothingStored() {
  expect(await h.database.prisma.material.count()).toBe(0);
  expect(await h.database.prisma.materialChunk.count()).toBe(0);
  expect(internal.requests).toEqual([]);
}

describe("/materials add url: with production's policy", () => {
  it("attack: a link to plain loopback -> refused, nothing stored", async () => {
    const text = await addUrl(`http://127.0.0.1:${internal.port}/notes.md`);
    expect(text).toContain(
      "That link points at a private or reserved network address (127.0.0.1), which StudyHall does not fetch.",
    );
    await expectNothingStored();
  });

  it("attack: an IPv4-mapped IPv6 link to loopback -> refused, nothing stored", async () => {
    const text = await addUrl(`http://[::ffff:127.0.0.1]:${internal.port}/notes.md`);
    expect(text).toContain("private or reserved network address (127.0.0.1)");
    await expectNothingStored();
  });

  it("attack: the cloud metadata address -> refused, nothing stored", async () => {
    const text = await addUrl("http://169.254.169.254/latest/meta-data/");
    expect(text).toContain("private or reserved network address (169.254.169.254)");
    await expectNothingStored();
  });

  it("attack: a name that resolves to loopback (localhost) -> refused, nothing stored", async () => {
    const text = await addUrl(`http://localhost:${internal.port}/notes.md`);
    expect(text).toContain("That link points at localhost, whose address is private or reserved");
    await expectNothingStored();
  });

  it("attack: a public host that redirects to loopback -> refused at the redirect, nothing stored", async () => {
    const target = encodeURIComponent(`http://127.0.0.1:${internal.port}/notes.md`);
    const text = await addUrl(`http://public.test:${site.port}/to?${target}`);
    expect(text).toContain(
      "That link redirects to a private or reserved network address (127.0.0.1), which StudyHall does not fetch.",
    );
    expect(site.requests.map((r) => r.path)).toEqual([`/to?${target}`]);
    await expectNothingStored();
  });

  it("attack: a public host that redirects to the metadata address as IPv4-mapped IPv6 -> refused", async () => {
    const target = encodeURIComponent("http://[::ffff:169.254.169.254]/latest/meta-data/");
    const text = await addUrl(`http://public.test:${site.port}/to?${target}`);
    expect(text).toContain("That link redirects to a private or reserved network address (169.254.169.254)");
    await expectNothingStored();
  });

  it("attack: a file: link -> refused, nothing stored", async () => {
    const text = await addUrl("file:///etc/passwd");
    expect(text).toContain("Only http and https links can be added.");
    await expectNothingStored();
  });

  it("logs each refusal with the host and the reason, never the link's path", () => {
    const refusals = h.logs.filter((line) => line.msg === "download refused");
    expect(refusals.length).toBeGreaterThanOrEqual(6);
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
      url: `http://intranet.test:${internal.port}/notes.md`,
      content_type: "text/markdown",
    };
    const text = await add([{ name: "file", type: OPTION.attachment, value: attachment.id }], [attachment]);
    expect(text).toContain(
      "I couldn't download notes.md: it is on intranet.test, which is not one of Discord's file hosts.",
    );
    await expectNothingStored();
  });

  it("attack: an attachment URL on loopback at another port than the configured API -> refused", async () => {
    const attachment = {
      id: "1100000000000000002",
      filename: "notes.md",
      size: 100,
      url: `http://127.0.0.1:${internal.port}/notes.md`,
      content_type: "text/markdown",
    };
    const text = await add([{ name: "file", type: OPTION.attachment, value: attachment.id }], [attachment]);
    expect(text).toContain("notes.md points at a private or reserved network address (127.0.0.1)");
    await expectNothingStored();
  });
});

describe("the control case", () => {
  it("a link to a public site is fetched and stored with its source", async () => {
    const interaction = h.fake.slashCommand(asTeacher, {
      name: "materials",
      options: [
        {
          name: "add",
          type: OPTION.subcommand,
          options: [{ name: "url", type: OPTION.string, value: `http://public.test:${site.port}/notes.md` }],
        },
      ],
    });
    const done = await h.waitForEdit(interaction, (content) =>
      content.includes("passages the tutor can now cite"),
    );
    expect(done.body.content).toContain("Added **Notes**");
    const material = await h.database.prisma.material.findFirstOrThrow();
    expect(material).toMatchObject({
      status: "READY",
      sourceUrl: `http://public.test:${site.port}/notes.md`,
    });
    expect(internal.requests).toEqual([]);
  });
});
