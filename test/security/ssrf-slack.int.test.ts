// SSRF through the real Slack adapter with production's policy (no allow-private escape hatch):
// `/studyhall materials add <url>` typed by course staff. Each refusal is told to the person, nothing
// is stored, the internal server is never reached, and the log names the host without the token.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { blockKitText } from "../../bots/slack/src/render/block-kit-text.ts";
import type { SlackBlock } from "../../bots/slack/src/render/to-block-kit.ts";
import {
  startTestSlackApp,
  TEAM_A,
  type TestSlackApp,
} from "../../bots/slack/src/testing/start-test-slack-app.ts";
import {
  publicSiteResolver,
  type RecordingServer,
  serveRedirects,
  serveText,
  startRecordingServer,
} from "./ssrf-servers.ts";

const ADMIN = "U0ADMINA";
let t: TestSlackApp;
let internal: RecordingServer;
let site: RecordingServer;

/** Runs `/studyhall <text>` and returns the text posted to its response_url. */
async function run(text: string): Promise<string> {
  const result = await t.command(ADMIN, "C0BIO", text);
  expect(result.status).toBe(200);
  await t.frontEnd.idle();
  const path = new URL(result.responseUrl).pathname;
  const response = await t.api.waitForResponse((r) => r.path === path);
  return blockKitText((response.body.blocks ?? []) as SlackBlock[]);
}

beforeAll(async () => {
  internal = await startRecordingServer(serveText("# Internal\n\nOnly for the intranet."));
  site = await startRecordingServer(serveRedirects("# Notes\n\nPublic notes."));
  t = await startTestSlackApp({
    tuning: {
      allowPrivateMaterialHosts: false,
      // Only the stand-in public site (public.test, really on 127.0.0.1) is exempt from the policy.
      materialLinks: {
        privateHosts: [`public.test:${site.port}`],
        resolve: publicSiteResolver("public.test"),
      },
    },
  });
  expect(await run("setup Biology 101")).toMatch(/now linked to \*Biology 101\*/);
});
afterAll(async () => {
  await t?.close();
  await internal?.close();
  await site?.close();
});
beforeEach(() => {
  site.requests.length = 0;
});

async function expectNothingStored() {
  expect(await t.deps.db.material.count()).toBe(0);
  expect(await t.deps.db.materialChunk.count()).toBe(0);
  expect(internal.requests).toEqual([]);
}

describe("/studyhall materials add <url> with production's policy", () => {
  it("attack: an IPv4-mapped IPv6 link to loopback -> refused, nothing stored", async () => {
    const text = await run(`materials add <http://[::ffff:127.0.0.1]:${internal.port}/notes.md>`);
    expect(text).toContain(
      "That link points at a private or reserved network address (127.0.0.1), which StudyHall does not fetch.",
    );
    await expectNothingStored();
  });

  it("attack: a decimal IPv4 link to loopback -> refused, nothing stored", async () => {
    const text = await run(`materials add http://2130706433:${internal.port}/notes.md`);
    expect(text).toMatch(/private or reserved network address \(127\.0\.0\.1\)/);
    await expectNothingStored();
  });

  it("attack: the cloud metadata address -> refused, nothing stored", async () => {
    const text = await run("materials add http://169.254.169.254/latest/meta-data/");
    expect(text).toMatch(/private or reserved network address \(169\.254\.169\.254\)/);
    await expectNothingStored();
  });

  it("attack: a name that resolves to loopback (localhost) -> refused, nothing stored", async () => {
    const text = await run(`materials add http://localhost:${internal.port}/notes.md`);
    expect(text).toMatch(/points at localhost, whose address is private or reserved/);
    await expectNothingStored();
  });

  it("attack: a public host that redirects to loopback -> refused at the redirect, nothing stored", async () => {
    const target = encodeURIComponent(`http://127.0.0.1:${internal.port}/notes.md`);
    const text = await run(`materials add <http://public.test:${site.port}/to?${target}>`);
    expect(text).toContain(
      "That link redirects to a private or reserved network address (127.0.0.1), which StudyHall does not fetch.",
    );
    expect(site.requests.map((r) => r.path)).toEqual([`/to?${target}`]);
    await expectNothingStored();
  });

  it("attack: a public host that redirects to a name resolving to loopback -> refused, nothing stored", async () => {
    const target = encodeURIComponent(`http://localhost:${internal.port}/notes.md`);
    const text = await run(`materials add <http://public.test:${site.port}/to?${target}>`);
    expect(text).toMatch(/That link redirects to localhost, whose address is private or reserved/);
    await expectNothingStored();
  });

  it("logs each refusal with the host, never the bot token", async () => {
    const refusals = t.logLines.filter((line) => line.includes("download refused"));
    expect(refusals.length).toBeGreaterThanOrEqual(6);
    for (const line of refusals) {
      expect(line).not.toContain(TEAM_A.botToken);
      expect(JSON.parse(line)).toMatchObject({ level: 40, code: "invalid_input", host: expect.any(String) });
    }
  });
});

describe("files shared with the app: the bot token goes to Slack's file hosts only", () => {
  /** Shares file `id` with the app in the course's channel and returns the text of its result. */
  let shares = 0;
  async function share(id: string, redirectTo: string): Promise<string> {
    t.api.reset();
    t.api.addFile({
      id,
      name: "slides.md",
      mimetype: "text/markdown",
      data: Buffer.from("# Slides"),
      teamId: TEAM_A.teamId,
      redirectTo,
    });
    await t.event({
      type: "app_mention",
      user: ADMIN,
      text: `<@${TEAM_A.botUserId}> the slides`,
      ts: `1700005000.00010${++shares}`,
      channel: "C0BIO",
      files: [{ id }],
    });
    await t.frontEnd.idle();
    // The token was checked by Slack's own host before it redirected.
    expect(t.api.downloads).toEqual([{ fileId: id, token: TEAM_A.botToken, status: 200 }]);
    const result = t.api.callsTo("chat.update").at(-1);
    return blockKitText((result?.args.blocks ?? []) as SlackBlock[]);
  }

  it("attack: Slack's file host redirects to a host that is not Slack's -> refused, the token never sent there", async () => {
    const text = await share("F0AWAY", `http://collector.test:${internal.port}/collect`);
    expect(text).toContain(
      "I couldn't download slides.md: it redirects to collector.test, which is not one of Slack's file hosts.",
    );
    await expectNothingStored();
  });

  it("attack: Slack's file host redirects to loopback -> refused, the internal server never reached", async () => {
    const text = await share("F0LOOP", `http://127.0.0.1:${internal.port}/notes.md`);
    expect(text).toContain("slides.md redirects to a private or reserved network address (127.0.0.1)");
    await expectNothingStored();
  });
});
