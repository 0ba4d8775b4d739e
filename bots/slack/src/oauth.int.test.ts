import { addMaterial, findSpaceCourse, NO_MATERIALS_ANSWER } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleMaterial } from "../../../test/support/course-fixtures.ts";
import { blockKitText } from "./render/block-kit-text.ts";
import type { SlackBlock } from "./render/to-block-kit.ts";
import { slackActor, slackSpace } from "./slack/slack-identity.ts";
import { BOT_SCOPES } from "./slack-scopes.ts";
import { startTestSlackApp, TEAM_A, TEAM_B, type TestSlackApp } from "./testing/start-test-slack-app.ts";

// Multi-workspace distribution: the OAuth install round trip through Bolt's InstallProvider (fake
// oauth.v2.access), installations in Postgres, and workspaces that never see each other's courses.
let t: TestSlackApp;
const CLIENT = { clientId: "1111.2222", clientSecret: "client-secret", stateSecret: "state-secret" };
const CODES: Record<string, typeof TEAM_A> = { "code-a": TEAM_A, "code-b": TEAM_B };

async function install(code: string, options: { forgeState?: boolean } = {}) {
  const start = await fetch(`${t.url}/slack/install`, { redirect: "manual" });
  const location = new URL(start.headers.get("location") ?? "");
  const cookie = (start.headers.get("set-cookie") ?? "").split(";")[0]!;
  const state = options.forgeState ? "forged-state" : location.searchParams.get("state");
  const done = await fetch(`${t.url}/slack/oauth_redirect?code=${code}&state=${state}`, {
    headers: { cookie },
    redirect: "manual",
  });
  return { start, location, done, html: await done.text() };
}

beforeAll(async () => {
  t = await startTestSlackApp({ settings: { botToken: undefined, ...CLIENT } });
  t.api.setHandler("oauth.v2.access", ({ args }) => {
    const team = CODES[String(args.code)];
    if (!team || args.client_id !== CLIENT.clientId || args.client_secret !== CLIENT.clientSecret) {
      return { ok: false, error: "invalid_code" };
    }
    return {
      ok: true,
      app_id: "A0STUDYHALL",
      authed_user: { id: team.admins[0] },
      scope: BOT_SCOPES.join(","),
      token_type: "bot",
      access_token: team.botToken,
      bot_user_id: team.botUserId,
      team: { id: team.teamId, name: `Workspace ${team.teamId}` },
      enterprise: null,
      is_enterprise_install: false,
    };
  });
});
afterAll(() => t?.close());

describe("OAuth install", () => {
  it("redirects to Slack's authorize page with our scopes and a state bound to the browser", async () => {
    const { start, location } = await install("code-a");
    expect(start.status).toBe(302);
    expect(location.pathname).toBe("/oauth/v2/authorize");
    expect(location.searchParams.get("client_id")).toBe(CLIENT.clientId);
    expect(location.searchParams.get("scope")?.split(",")).toEqual([...BOT_SCOPES]);
    expect(location.searchParams.get("redirect_uri")).toBe("http://127.0.0.1/slack/oauth_redirect");
  });

  it("stores the installation after the code exchange", async () => {
    const row = await t.deps.db.slackInstallation.findUniqueOrThrow({ where: { installKey: TEAM_A.teamId } });
    expect(row).toMatchObject({ teamId: TEAM_A.teamId, isEnterpriseInstall: false });
    // Sealed: the bot token is nowhere in the row (test/security/secrets-at-rest.int.test.ts has the attacks).
    expect(row.installation).toEqual({ sealed: expect.stringMatching(/^shs1:/) });
    expect(JSON.stringify(row)).not.toContain(TEAM_A.botToken);
    expect(t.api.callsTo("oauth.v2.access")).toHaveLength(1);
  });

  it("refuses a callback whose state does not match the browser's, storing nothing", async () => {
    const { done } = await install("code-b", { forgeState: true });
    expect(done.status).toBeGreaterThanOrEqual(400);
    expect(await t.deps.db.slackInstallation.count()).toBe(1);
  });

  it("installs a second workspace, whose requests are then authorised and answered", async () => {
    await install("code-b");
    expect(await t.deps.db.slackInstallation.count()).toBe(2);
    t.api.reset();
    await t.command("U0STU", "C0ANY", "ask hello?", TEAM_B.teamId);
    await t.frontEnd.idle();
    const responses = t.api.responses;
    expect(JSON.stringify(responses.at(-1)?.body)).toMatch(/not linked to a course yet/);
  });

  it("ignores requests from a workspace that never installed the app", async () => {
    t.api.reset();
    const result = await t.event(
      { type: "app_mention", user: "U0X", text: "<@U0X> hi", ts: "1700005000.000100", channel: "C0X" },
      { teamId: "T0UNKNOWN" },
    );
    expect(result.status).toBe(200);
    await t.frontEnd.idle();
    expect(t.api.calls.filter((c) => c.method.startsWith("chat."))).toHaveLength(0);
  });
});

describe("workspace isolation", () => {
  it("never shows workspace A's course to workspace B, even in a channel with the same id", async () => {
    const teacherA = slackActor(TEAM_A.teamId, "U0ADMINA");
    const setupA = await t.command("U0ADMINA", "C0SHARED", "setup Biology 101", TEAM_A.teamId);
    expect(setupA.status).toBe(200);
    await t.frontEnd.idle();
    const biology = await findSpaceCourse(t.deps.db, slackSpace(TEAM_A.teamId, "C0SHARED"));
    expect(biology?.name).toBe("Biology 101");
    await addMaterial(
      { actor: teacherA, courseId: biology!.id, data: await sampleMaterial(), fileName: "cell-biology.md" },
      t.deps.ingest,
    );

    expect(await findSpaceCourse(t.deps.db, slackSpace(TEAM_B.teamId, "C0SHARED"))).toBeNull();
    const setupB = await t.command("U0ADMINB", "C0SHARED", "setup Art History", TEAM_B.teamId);
    expect(setupB.status).toBe(200);
    await t.frontEnd.idle();

    t.api.reset();
    const question = (ts: string) => ({
      type: "app_mention",
      user: "U0SAMEID",
      text: "<@U0BOT> What do mitochondria produce?",
      ts,
      channel: "C0SHARED",
    });
    await t.event(question("1700006000.000100"), { teamId: TEAM_A.teamId });
    await t.event(question("1700006001.000100"), { teamId: TEAM_B.teamId });
    await t.frontEnd.idle();
    const finalFor = (threadTs: string) => {
      const post = t.api.callsTo("chat.postMessage", (c) => c.args.thread_ts === threadTs)[0]!;
      const update = t.api.callsTo("chat.update", (c) => c.args.ts === post.response?.ts).at(-1)!;
      return {
        token: post.token,
        updateToken: update.token,
        text: blockKitText(update.args.blocks as SlackBlock[]),
      };
    };
    const a = finalFor("1700006000.000100");
    const b = finalFor("1700006001.000100");
    expect([a.token, a.updateToken]).toEqual([TEAM_A.botToken, TEAM_A.botToken]);
    expect([b.token, b.updateToken]).toEqual([TEAM_B.botToken, TEAM_B.botToken]);
    expect(a.text).toMatch(/ATP/);
    expect(b.text).toContain(NO_MATERIALS_ANSWER.slice(0, 40));
    expect(b.text).not.toMatch(/ATP|Cell Biology/);
    // The same Slack user id in two workspaces is two people.
    expect(await t.deps.db.identity.count({ where: { externalId: "U0SAMEID" } })).toBe(2);
  });
});

describe("uninstalling", () => {
  it("forgets the workspace's installation and its token", async () => {
    const result = await t.event({ type: "app_uninstalled" }, { teamId: TEAM_B.teamId });
    expect(result.status).toBe(200);
    await t.frontEnd.idle();
    expect(await t.deps.db.slackInstallation.findUnique({ where: { installKey: TEAM_B.teamId } })).toBeNull();
    expect(
      await t.deps.db.slackInstallation.findUnique({ where: { installKey: TEAM_A.teamId } }),
    ).not.toBeNull();
  });
});
