// SSRF through the real Slack adapter (Bolt, signed requests, the fake Slack Web API) with production's
// policy: `/studyhall materials add <url>` typed by course staff, and files shared with the app. Each
// refusal is told to the person, nothing is stored, the internal server is never reached, and the log
// names the host without the token.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { blockKitText } from "../../bots/slack/src/render/block-kit-text.ts";
import type { SlackBlock } from "../../bots/slack/src/render/to-block-kit.ts";
import {
  startTestSlackApp,
  TEAM_A,
  type TestSlackApp,
} from "../../bots/slack/src/testing/start-test-slack-app.ts";
import {
  expectNothingStored,
  expectRefusal,
  LINK_ATTACKS,
  type LinkAttackServers,
  publicNotesLink,
  startLinkAttackServers,
} from "./ssrf-link-attacks.ts";

const ADMIN = "U0ADMINA";
let t: TestSlackApp;
let servers: LinkAttackServers;

/** Runs `/studyhall <text>` and returns the text posted to its response_url. */
async function run(text: string): Promise<string> {
  const result = await t.command(ADMIN, "C0BIO", text);
  expect(result.status).toBe(200);
  // What the command parser refuses is answered in the acknowledgement itself; the rest on the response_url.
  const ack = result.text ? (JSON.parse(result.text) as { blocks?: SlackBlock[] }) : {};
  if (ack.blocks) return blockKitText(ack.blocks);
  await t.frontEnd.idle();
  const path = new URL(result.responseUrl).pathname;
  const response = await t.api.waitForResponse((r) => r.path === path);
  return blockKitText((response.body.blocks ?? []) as SlackBlock[]);
}

beforeAll(async () => {
  servers = await startLinkAttackServers();
  t = await startTestSlackApp({
    tuning: { allowPrivateMaterialHosts: false, materialLinks: servers.materialLinks },
  });
  expect(await run("setup Biology 101")).toMatch(/now linked to \*Biology 101\*/);
});
afterAll(async () => {
  await t?.close();
  await servers?.close();
});
beforeEach(() => {
  servers.site.requests.length = 0;
});

describe("/studyhall materials add <url> with production's policy", () => {
  for (const attack of LINK_ATTACKS) {
    it(`attack: ${attack.attack} -> refused in the reply, nothing stored`, async () => {
      // Slack sends links it recognised as <url>.
      const text = await run(`materials add <${attack.link(servers)}>`);
      expectRefusal(text, attack);
      expect(servers.site.requests).toHaveLength(attack.siteRequests);
      await expectNothingStored(t.deps.db, servers);
    });
  }

  it("logs each refusal with the host, never the bot token", () => {
    const refusals = t.logLines.filter((line) => line.includes("download refused"));
    expect(refusals.length).toBe(LINK_ATTACKS.length - 1);
    for (const line of refusals) {
      expect(line).not.toContain(TEAM_A.botToken);
      expect(JSON.parse(line)).toMatchObject({ level: 40, code: "invalid_input", host: expect.any(String) });
    }
  });
});

describe("files shared with the app: the bot token goes to Slack's file hosts only", () => {
  let shares = 0;
  /** Shares file `id` with the app in the course's channel and returns the text of its result. */
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
    const text = await share("F0AWAY", `http://collector.test:${servers.internal.port}/collect`);
    expect(text).toContain(
      "I couldn't download slides.md: it redirects to collector.test, which is not one of Slack's file hosts.",
    );
    await expectNothingStored(t.deps.db, servers);
  });

  it("attack: Slack's file host redirects to loopback -> refused, the internal server never reached", async () => {
    const text = await share("F0LOOP", `http://127.0.0.1:${servers.internal.port}/notes.md`);
    expect(text).toContain("slides.md redirects to a private or reserved network address (127.0.0.1)");
    await expectNothingStored(t.deps.db, servers);
  });
});

describe("the control case", () => {
  it("a link to the stand-in public site is fetched and stored with its source", async () => {
    const result = await t.command(ADMIN, "C0BIO", `materials add <${publicNotesLink(servers)}>`);
    expect(result.status).toBe(200);
    await t.frontEnd.idle();
    const material = await t.deps.db.material.findFirstOrThrow();
    expect(material).toMatchObject({ status: "READY", sourceUrl: publicNotesLink(servers) });
    expect(servers.internal.requests).toEqual([]);
  });
});
