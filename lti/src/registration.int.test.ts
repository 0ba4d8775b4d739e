// Registering LMSs: LTI Dynamic Registration from a fake Canvas and Moodle (with and without a
// registration token), manual registration, and the tool's JWKS.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { registerDynamically } from "./registration/register-dynamically.ts";
import { listPlatforms, registerPlatform } from "./registration/register-platform.ts";
import { isLtiRejection } from "./security/lti-rejection.ts";
import { textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration";

let lti: TestLti;
const platforms: FakeLtiPlatform[] = [];
beforeAll(async () => {
  lti = await startTestLti();
});
afterAll(async () => {
  for (const p of platforms) await p.close();
  await lti?.close();
});

async function fake(options: Parameters<typeof startFakeLtiPlatform>[0] = {}) {
  const platform = await startFakeLtiPlatform(options);
  platforms.push(platform);
  return platform;
}

describe("dynamic registration", () => {
  it("registers with Canvas using its registration token, stores platform, client id and deployment, and launches work", async () => {
    const canvas = await fake({ clientId: "97140000000000123", deploymentIds: ["42:abc"] });
    const page = await canvas.openRegistration(lti.registrationUrl);
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain("StudyHall is registered");
    // It closes itself in the LMS's iframe or popup, and may be framed by any LMS.
    expect(page.body).toContain('postMessage({ subject: "org.imsglobal.lti.close" }, "*")');
    expect(page.headers.get("x-frame-options")).toBeNull();
    expect(page.headers.get("content-security-policy")).not.toContain("frame-ancestors");
    expect(page.headers.get("cross-origin-opener-policy")).toBeNull();

    const [stored] = await listPlatforms(lti.database.prisma, { issuer: canvas.issuer });
    expect(stored).toMatchObject({
      clientId: "97140000000000123",
      registration: "DYNAMIC",
      authUrl: canvas.authUrl,
      tokenUrl: canvas.tokenUrl,
      jwksUrl: canvas.jwksUrl,
      deploymentIds: ["42:abc"],
    });
    expect(stored!.name).toContain("canvas");

    const sent = canvas.registrations[0]!.body;
    expect(sent).toMatchObject({
      initiate_login_uri: `${lti.toolUrl}/login`,
      redirect_uris: [lti.toolUrl],
      jwks_uri: `${lti.toolUrl}/keys`,
      token_endpoint_auth_method: "private_key_jwt",
    });
    const messages = (sent[TOOL_CONFIGURATION] as { messages: Array<{ type: string; placements: string[] }> })
      .messages;
    expect(messages).toEqual([
      expect.objectContaining({ type: "LtiResourceLinkRequest", placements: ["course_navigation"] }),
      expect.objectContaining({
        type: "LtiDeepLinkingRequest",
        placements: ["link_selection", "assignment_selection"],
      }),
    ]);

    const launched = await canvas.launch({
      user: { sub: "t1", roles: [INSTRUCTOR] },
      context: { id: "c1", title: "Physics" },
      deploymentId: "42:abc",
    });
    expect(launched.status).toBe(200);
    expect(new URL(launched.url).pathname).toBe("/lti/course");
  });

  it("registers with an LMS that sends no registration token (as D2L does)", async () => {
    const moodle = await fake({ name: "moodle", clientId: "moodle-dyn" });
    const page = await moodle.openRegistration(lti.registrationUrl, { omitToken: true });
    expect(page.status).toBe(200);
    const [stored] = await listPlatforms(lti.database.prisma, { issuer: moodle.issuer });
    expect(stored).toMatchObject({ clientId: "moodle-dyn", deploymentIds: moodle.deploymentIds });
  });

  it("refuses a registration without this installation's key, registering nothing", async () => {
    const canvas = await fake();
    const before = lti.rejections().length;
    for (const url of [`${lti.toolUrl}/register`, `${lti.toolUrl}/register?key=guessed`]) {
      const page = await canvas.openRegistration(url);
      expect(page.status).toBe(403);
      expect(textOf(page.body)).toContain("registration link is not valid");
    }
    expect(canvas.registrations).toEqual([]);
    expect(await listPlatforms(lti.database.prisma, { issuer: canvas.issuer })).toEqual([]);
    expect(lti.rejections().slice(before)).toEqual([
      expect.objectContaining({ reason: "registration_key_invalid", status: 403 }),
      expect.objectContaining({ reason: "registration_key_invalid", status: 403 }),
    ]);
  });

  it("refuses a request without openid_configuration, with a page and a logged reason", async () => {
    const before = lti.rejections().length;
    const response = await fetch(lti.registrationUrl);
    expect(response.status).toBe(400);
    expect(textOf(await response.text())).toContain("openid_configuration");
    expect(lti.rejections().slice(before)).toEqual([
      expect.objectContaining({ reason: "registration_failed" }),
    ]);
  });

  it("requires https platforms unless told otherwise (no plain-http fetches from production)", async () => {
    const canvas = await fake();
    const attempt = registerDynamically(
      { openid_configuration: canvas.openidConfigurationUrl },
      { db: lti.database.prisma, secrets: lti.deps.secrets, toolUrl: lti.toolUrl },
    );
    await expect(attempt).rejects.toSatisfy((e) => isLtiRejection(e) && e.userMessage.includes("https"));
    expect(canvas.registrations).toEqual([]);
  });
});

describe("manual registration", () => {
  it("adds deployments and updates endpoints on a second run, keeping the tool key", async () => {
    const input = {
      issuer: "https://canvas.example.edu",
      clientId: "10000000000042",
      authUrl: "https://canvas.example.edu/api/lti/authorize_redirect",
      tokenUrl: "https://canvas.example.edu/login/oauth2/token",
      jwksUrl: "https://canvas.example.edu/api/lti/security/jwks",
      deploymentIds: ["1:a"],
      registration: "MANUAL" as const,
    };
    const deps = { db: lti.database.prisma, secrets: lti.deps.secrets };
    const first = await registerPlatform(input, deps);
    expect(first.created).toBe(true);
    const second = await registerPlatform(
      { ...input, tokenUrl: "https://canvas.example.edu/token2", deploymentIds: ["1:a", "2:b"] },
      deps,
    );
    expect(second.created).toBe(false);
    expect(second.platform).toMatchObject({
      keyId: first.platform.keyId,
      tokenUrl: "https://canvas.example.edu/token2",
      deploymentIds: ["1:a", "2:b"],
    });
  });

  it("refuses input without a deployment, naming the option", async () => {
    await expect(
      registerPlatform(
        {
          issuer: "https://moodle.example.edu",
          clientId: "x",
          authUrl: "https://moodle.example.edu/mod/lti/auth.php",
          tokenUrl: "https://moodle.example.edu/mod/lti/token.php",
          jwksUrl: "https://moodle.example.edu/mod/lti/certs.php",
          deploymentIds: [],
          registration: "MANUAL",
        },
        { db: lti.database.prisma, secrets: lti.deps.secrets },
      ),
    ).rejects.toMatchObject({ code: "invalid_input", userMessage: "give at least one --deployment" });
  });
});

describe("the tool's JWKS at /lti/keys", () => {
  it("publishes one RS256 key per registered platform, with its kid", async () => {
    const response = await fetch(`${lti.toolUrl}/keys`);
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as {
      keys: Array<{ kid: string; alg: string; kty: string; d?: string }>;
    };
    const kids = (await listPlatforms(lti.database.prisma)).map((p) => p.keyId);
    expect(keys.map((k) => k.kid).sort()).toEqual(kids.sort());
    expect(keys.every((k) => k.alg === "RS256" && k.kty === "RSA" && k.d === undefined)).toBe(true);
  });
});
