// Secrets at rest. Slack installations (stored by Bolt's real InstallProvider after an OAuth install
// against the fake Slack) and the LTI tool's keys are sealed with AES-256-GCM under one key. What
// someone with write access to the database (or a leaked backup) can try on them is refused, rows from
// before sealing are sealed once at start, and after `secrets rotate` the old key is no longer needed.
import { createRequire } from "node:module";
import {
  AppError,
  countSecretsByKey,
  createSecretBox,
  LEGACY_SEALED_MARKER,
  resealSecrets,
  type SecretBox,
  sealLegacySecrets,
} from "@studyhall/core";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prismaInstallationStore } from "../../bots/slack/src/auth/prisma-installation-store.ts";
import { slackInstallationSecrets } from "../../bots/slack/src/auth/slack-installation-secrets.ts";
import { BOT_SCOPES } from "../../bots/slack/src/slack-scopes.ts";
import {
  startTestSlackApp,
  TEAM_A,
  TEAM_B,
  type TestSlackApp,
} from "../../bots/slack/src/testing/start-test-slack-app.ts";
import { type RegisteredPlatform, registerPlatform } from "../../lti/src/registration/register-platform.ts";
import { createServiceTokens } from "../../lti/src/services/service-token.ts";
import { ltiRecordSecrets } from "../../lti/src/storage/lti-record-secrets.ts";
import { createPrismaLtijsStore } from "../../lti/src/storage/prisma-ltijs-store.ts";
import { readToolKey } from "../../lti/src/storage/read-tool-key.ts";

const OLD_KEY = "old-secret-key-0123456789abcdef0123456789abcdef";
const NEW_KEY = "new-secret-key-fedcba9876543210fedcba9876543210";
/** The key ltijs encrypted its records under before sealing (LTI_ENCRYPTION_KEY). */
const LTI_KEY = "lti-encryption-key-0123456789abcdef-0123456789";
const CLIENT = { clientId: "1111.2222", clientSecret: "client-secret", stateSecret: "state-secret" };
const CODES: Record<string, typeof TEAM_A> = { "code-a": TEAM_A, "code-b": TEAM_B };
const AGS_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";

const logLines: Array<Record<string, unknown>> = [];
const logger = pino({ level: "info" }, { write: (line: string) => void logLines.push(JSON.parse(line)) });
const oldBox = createSecretBox({ current: OLD_KEY }, logger);
/** The tables `startServices` seals and `studyhall secrets rotate` rotates. */
const tables = [slackInstallationSecrets, ltiRecordSecrets({ legacyKey: LTI_KEY })];

let t: TestSlackApp;
let canvas: RegisteredPlatform;
let moodle: RegisteredPlatform;
const db = () => t.database.prisma;

async function install(code: string) {
  const start = await fetch(`${t.url}/slack/install`, { redirect: "manual" });
  const state = new URL(start.headers.get("location") ?? "").searchParams.get("state");
  const cookie = (start.headers.get("set-cookie") ?? "").split(";")[0]!;
  const done = await fetch(`${t.url}/slack/oauth_redirect?code=${code}&state=${state}`, {
    headers: { cookie },
    redirect: "manual",
  });
  expect(done.status).toBeLessThan(400);
}

function platformInput(issuer: string) {
  return {
    issuer,
    clientId: "10001",
    authUrl: `${issuer}/auth`,
    tokenUrl: `${issuer}/token`,
    jwksUrl: `${issuer}/jwks`,
    deploymentIds: ["1:a"],
    registration: "MANUAL" as const,
  };
}

/** Flips one bit of an envelope's ciphertext (`shs1:<key id>:<iv>:<tag>:<ciphertext>`). */
function flipByte(sealed: string): string {
  const parts = sealed.split(":");
  const bytes = Buffer.from(parts[4]!, "base64url");
  bytes[0]! ^= 0x01;
  parts[4] = bytes.toString("base64url");
  return parts.join(":");
}

async function slackColumn(teamId: string): Promise<unknown> {
  const row = await db().slackInstallation.findUniqueOrThrow({ where: { installKey: teamId } });
  return row.installation;
}

async function setSlackColumn(teamId: string, installation: unknown): Promise<void> {
  await db().$executeRaw`
    UPDATE "SlackInstallation" SET "installation" = ${JSON.stringify(installation)}::jsonb
    WHERE "installKey" = ${teamId}`;
}

function openInstallation(box: SecretBox, teamId: string) {
  return prismaInstallationStore(db(), box).fetchInstallation({
    teamId,
    enterpriseId: undefined,
    isEnterpriseInstall: false,
  });
}

async function privateKeyRow(platform: RegisteredPlatform): Promise<{ id: string; sealed: string }> {
  const [row] = await db().$queryRaw<Array<{ id: string; sealed: string }>>`
    SELECT "id", "data"->>'sealed' AS "sealed" FROM "LtiRecord"
    WHERE "collection" = 'privatekey' AND "data" @> ${JSON.stringify({ kid: platform.keyId })}::jsonb`;
  return row!;
}

async function setPrivateKeySealed(id: string, sealed: string): Promise<void> {
  await db().$executeRaw`
    UPDATE "LtiRecord" SET "data" = jsonb_set("data", '{sealed}', to_jsonb(${sealed}::text))
    WHERE "id" = ${id}::uuid`;
}

function toolKey(box: SecretBox, platform: RegisteredPlatform) {
  return readToolKey(createPrismaLtijsStore(db(), box), "privatekey", {
    kid: platform.keyId,
    platformUrl: platform.issuer,
    clientId: platform.clientId,
  });
}

/** What a mention in workspace `teamId` made the bot call, after the app has handled it. */
async function mention(app: TestSlackApp, teamId: string, ts: string) {
  app.api.reset();
  await app.event(
    { type: "app_mention", user: "U0SOMEONE", text: "<@U0BOT> hello?", ts, channel: "C0NEW" },
    { teamId },
  );
  await app.frontEnd.idle();
  return app.api.calls.filter((c) => c.method.startsWith("chat."));
}

/** The refusals the secret box logged since `from`. */
function refusals(from: number) {
  return logLines.slice(from).filter((l) => l.msg === "refused a stored secret");
}

beforeAll(async () => {
  t = await startTestSlackApp({ settings: { botToken: undefined, ...CLIENT }, secrets: oldBox });
  t.api.setHandler("oauth.v2.access", ({ args }) => {
    const team = CODES[String(args.code)];
    if (!team) return { ok: false, error: "invalid_code" };
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
  await install("code-a");
  await install("code-b");
  const deps = { db: db(), secrets: oldBox };
  canvas = (await registerPlatform(platformInput("https://canvas.example.edu"), deps)).platform;
  moodle = (await registerPlatform(platformInput("https://moodle.example.edu"), deps)).platform;
});
afterAll(() => t?.close());

describe("secrets at rest", () => {
  it("attack: reading the raw rows (a leaked backup) -> no Slack token and no private key in clear text", async () => {
    const slack = await db().$queryRaw<unknown[]>`SELECT * FROM "SlackInstallation"`;
    const lti = await db().$queryRaw<Array<{ collection: string; data: Record<string, unknown> }>>`
      SELECT "collection", "data" FROM "LtiRecord"`;
    expect(slack).toHaveLength(2);
    const raw = JSON.stringify([slack, lti]);
    for (const secret of [TEAM_A.botToken, TEAM_B.botToken, "xoxb-", "PRIVATE KEY", "PUBLIC KEY"]) {
      expect(raw).not.toContain(secret);
    }
    expect(await slackColumn(TEAM_A.teamId)).toEqual({ sealed: expect.stringMatching(/^shs1:/) });
    const keys = lti.filter((r) => r.collection === "privatekey" || r.collection === "publickey");
    expect(keys).toHaveLength(4);
    for (const key of keys) expect(key.data.sealed).toMatch(new RegExp(`^shs1:${oldBox.keyId}:`));

    // The app itself opens them: the workspace's requests are answered with its own token.
    expect((await openInstallation(oldBox, TEAM_A.teamId)).bot?.token).toBe(TEAM_A.botToken);
    expect((await toolKey(oldBox, canvas))?.pem).toContain("PRIVATE KEY");
  });

  it("attack: one byte of a stored Slack installation flipped -> refused, the workspace gets no answer", async () => {
    const original = await slackColumn(TEAM_A.teamId);
    const { sealed } = original as { sealed: string };
    await setSlackColumn(TEAM_A.teamId, { sealed: flipByte(sealed) });
    const from = logLines.length;
    try {
      expect(await mention(t, TEAM_A.teamId, "1700100000.000100")).toEqual([]);
      await expect(openInstallation(oldBox, TEAM_A.teamId)).rejects.toMatchObject({
        code: "secret_unreadable",
        details: { row: `SlackInstallation ${TEAM_A.teamId}`, reason: expect.stringMatching(/integrity/) },
      });
      expect(refusals(from)[0]).toMatchObject({ row: `SlackInstallation ${TEAM_A.teamId}` });
      expect(JSON.stringify(logLines)).not.toContain(TEAM_A.botToken);
    } finally {
      await setSlackColumn(TEAM_A.teamId, original);
    }
    expect((await mention(t, TEAM_A.teamId, "1700100001.000100")).map((c) => c.token)).toContain(
      TEAM_A.botToken,
    );
  });

  it("attack: workspace B's sealed installation copied into workspace A's row -> refused, B's token never used for A", async () => {
    const original = await slackColumn(TEAM_A.teamId);
    await setSlackColumn(TEAM_A.teamId, await slackColumn(TEAM_B.teamId));
    try {
      const calls = await mention(t, TEAM_A.teamId, "1700100002.000100");
      expect(calls.map((c) => c.token)).not.toContain(TEAM_B.botToken);
      expect(calls).toEqual([]);
      await expect(openInstallation(oldBox, TEAM_A.teamId)).rejects.toMatchObject({
        code: "secret_unreadable",
      });
    } finally {
      await setSlackColumn(TEAM_A.teamId, original);
    }
  });

  it("attack: the LTI tool's private key flipped by one byte, or replaced by another platform's -> refused, nothing signed or sent", async () => {
    const canvasKey = await privateKeyRow(canvas);
    const moodleKey = await privateKeyRow(moodle);
    let fetches = 0;
    const tokens = () =>
      createServiceTokens({
        db: db(),
        secrets: oldBox,
        fetch: async () => {
          fetches += 1;
          return new Response("{}", { status: 500 });
        },
      });
    try {
      for (const forged of [flipByte(canvasKey.sealed), moodleKey.sealed]) {
        await setPrivateKeySealed(canvasKey.id, forged);
        const attempt = tokens().get(canvas.id, [AGS_SCOPE]);
        await expect(attempt).rejects.toBeInstanceOf(AppError);
        await expect(attempt).rejects.toMatchObject({
          code: "secret_unreadable",
          details: { row: `LtiRecord privatekey kid=${canvas.keyId}` },
        });
      }
      expect(fetches).toBe(0);
    } finally {
      await setPrivateKeySealed(canvasKey.id, canvasKey.sealed);
    }
    expect((await toolKey(oldBox, canvas))?.pem).toContain("PRIVATE KEY");
  });

  it("legacy rows (a plain JSON installation, ltijs's AES-CBC key) are sealed at start, once with two replicas starting together", async () => {
    const legacyToken = "xoxb-legacy-0000-plain-json";
    await db().slackInstallation.create({
      data: {
        installKey: "T0LEGACY",
        teamId: "T0LEGACY",
        isEnterpriseInstall: false,
        installation: { team: { id: "T0LEGACY" }, bot: { token: legacyToken, scopes: ["chat:write"] } },
      },
    });
    // Written as ltijs's own database plugin did (Utils/Database.js), under LTI_ENCRYPTION_KEY.
    const require = createRequire(import.meta.url);
    const LtijsDatabase = require("ltijs/dist/Utils/Database.js") as {
      prototype: { Encrypt(data: string, secret: string): Promise<{ iv: string; data: string }> };
    };
    const index = { kid: "legacy-kid", platformUrl: "https://legacy.example.edu", clientId: "1" };
    const pem = (await toolKey(oldBox, moodle))!.pem;
    const cbc = await LtijsDatabase.prototype.Encrypt(
      JSON.stringify({ key: pem, kid: "legacy-kid" }),
      LTI_KEY,
    );
    await db().$executeRaw`
      INSERT INTO "LtiRecord" ("id", "collection", "data", "createdAt")
      VALUES (gen_random_uuid(), 'privatekey', ${JSON.stringify({ ...index, ...cbc })}::jsonb, now())`;
    const legacyKey = () => readToolKey(createPrismaLtijsStore(db(), oldBox), "privatekey", index);

    // Reads never accept the old formats (CBC has no integrity check; plain JSON none at all).
    await expect(openInstallation(oldBox, "T0LEGACY")).rejects.toMatchObject({ code: "secret_unreadable" });
    await expect(legacyKey()).rejects.toMatchObject({ code: "secret_unreadable" });

    const [a, b] = await Promise.all([
      sealLegacySecrets(db(), tables, oldBox, logger),
      sealLegacySecrets(db(), tables, oldBox, logger),
    ]);
    const done = [a, b].filter((r) => r !== null);
    expect(done).toHaveLength(1);
    expect(done[0]).toEqual([
      expect.objectContaining({ table: "SlackInstallation", legacySealed: 1, current: 2, unreadable: 0 }),
      expect.objectContaining({ table: "LtiRecord", legacySealed: 1, current: 4, unreadable: 0 }),
    ]);
    expect(await db().appConfig.findUnique({ where: { key: LEGACY_SEALED_MARKER } })).not.toBeNull();

    const raw = JSON.stringify(await db().$queryRaw`SELECT * FROM "SlackInstallation"`);
    expect(raw).not.toContain(legacyToken);
    expect((await openInstallation(oldBox, "T0LEGACY")).bot?.token).toBe(legacyToken);
    expect((await legacyKey())?.pem).toBe(pem);
  });

  it("attack: a plain installation written into a row after the one-time sealing -> refused, and a later start does not seal it", async () => {
    const original = await slackColumn(TEAM_A.teamId);
    await setSlackColumn(TEAM_A.teamId, { team: { id: TEAM_A.teamId }, bot: { token: "xoxb-attacker" } });
    try {
      expect(await sealLegacySecrets(db(), tables, oldBox, logger)).toBeNull();
      expect(await mention(t, TEAM_A.teamId, "1700100003.000100")).toEqual([]);
      await expect(openInstallation(oldBox, TEAM_A.teamId)).rejects.toMatchObject({
        code: "secret_unreadable",
        details: { reason: "not a sealed secret" },
      });
    } finally {
      await setSlackColumn(TEAM_A.teamId, original);
    }
  });

  it("rotation re-seals every secret under the new key row by row (a tampered row is left and counted), is resumable, and the old key is then not needed", async () => {
    const rotating = createSecretBox({ current: NEW_KEY, previous: [OLD_KEY] }, logger);
    const rotate = () => resealSecrets(db(), tables, rotating, { legacy: false, rotate: true }, logger);
    const original = await slackColumn(TEAM_B.teamId);
    await setSlackColumn(TEAM_B.teamId, { sealed: flipByte((original as { sealed: string }).sealed) });
    expect(await rotate()).toEqual([
      expect.objectContaining({ table: "SlackInstallation", resealed: 2, unreadable: 1, current: 0 }),
      expect.objectContaining({ table: "LtiRecord", resealed: 5, unreadable: 0, current: 0 }),
    ]);
    // The operator restores the row (or the workspace installs again) and runs the rotation again.
    await setSlackColumn(TEAM_B.teamId, original);
    expect(await rotate()).toEqual([
      expect.objectContaining({ table: "SlackInstallation", resealed: 1, current: 2, unreadable: 0 }),
      expect.objectContaining({ table: "LtiRecord", resealed: 0, current: 5 }),
    ]);

    const newOnly = createSecretBox({ current: NEW_KEY }, logger);
    expect(await countSecretsByKey(db(), tables, newOnly)).toEqual([
      { table: "SlackInstallation", byKeyId: { [newOnly.keyId]: 3 }, legacy: 0 },
      { table: "LtiRecord", byKeyId: { [newOnly.keyId]: 5 }, legacy: 0 },
    ]);
    expect((await openInstallation(newOnly, TEAM_B.teamId)).bot?.token).toBe(TEAM_B.botToken);
    expect((await toolKey(newOnly, canvas))?.pem).toContain("PRIVATE KEY");
    await expect(openInstallation(oldBox, TEAM_A.teamId)).rejects.toMatchObject({
      code: "secret_unreadable",
      details: { reason: "sealed under a key that is not configured" },
    });

    // A process started with only the new key answers the workspace with its own token.
    const restarted = await startTestSlackApp({
      settings: { botToken: undefined, ...CLIENT },
      database: t.database,
      api: t.api,
      secrets: newOnly,
    });
    try {
      const calls = await mention(restarted, TEAM_A.teamId, "1700100004.000100");
      expect(calls.map((c) => c.token)).toContain(TEAM_A.botToken);
    } finally {
      await restarted.close();
    }
  });
});
