// Self-test of the fake LTI platform: launches (claims, JWKS, the auth endpoint's checks, cookies,
// tampering), Deep Linking returns and Dynamic Registration, driven by a minimal spec-following tool.
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  CLAIM,
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  SCOPE,
  startFakeLtiPlatform,
} from "./fake-lti-platform.ts";
import {
  deepLinkingResponseClaims,
  type ReferenceTool,
  startReferenceTool,
} from "./fake-lti-reference-tool.ts";

const teacher = {
  sub: "U1",
  name: "Ada Teacher",
  givenName: "Ada",
  familyName: "Teacher",
  roles: [INSTRUCTOR],
};
const student = { sub: "U2", name: "Sam Student", email: "sam@example.edu", roles: [LEARNER] };
const course = { id: "C1", title: "Biology 101", label: "BIO101" };

let platform: FakeLtiPlatform;
let tool: ReferenceTool;

beforeAll(async () => {
  platform = await startFakeLtiPlatform({ deploymentIds: ["1:dep", "2:dep"] });
  tool = await startReferenceTool(platform);
  platform.registerTool(tool);
});
afterAll(async () => {
  await tool.close();
  await platform.close();
});
afterEach(() => {
  tool.authTweaks = {};
});

describe("launch", () => {
  it("walks login, auth and form_post to the tool's page with a correctly signed id_token", async () => {
    const launchedFrom = Math.floor(Date.now() / 1000);
    const result = await platform.launch({
      user: teacher,
      context: course,
      resourceLink: { id: "RL9", title: "StudyHall" },
      custom: { course_key: "bio" },
    });
    expect(result.status).toBe(200);
    expect(result.url).toMatch(/\/app\?session=/);
    expect(JSON.parse(result.body)).toMatchObject({ page: "app", cookie: expect.any(String) });
    expect(result.cookies.some((cookie) => cookie.startsWith("lti_state="))).toBe(true);

    const keys = createRemoteJWKSet(new URL(platform.jwksUrl));
    const { payload, protectedHeader } = await jwtVerify(result.idToken, keys, {
      issuer: platform.issuer,
      audience: platform.clientId,
    });
    expect(protectedHeader).toMatchObject({ alg: "RS256", typ: "JWT" });
    expect(payload).toMatchObject({
      azp: platform.clientId,
      sub: "U1",
      name: "Ada Teacher",
      given_name: "Ada",
      family_name: "Teacher",
      nonce: tool.nonces.at(-1),
      [CLAIM.messageType]: "LtiResourceLinkRequest",
      [CLAIM.version]: "1.3.0",
      [CLAIM.deploymentId]: "1:dep",
      [CLAIM.targetLinkUri]: tool.launchUrl,
      [CLAIM.roles]: [INSTRUCTOR],
      [CLAIM.resourceLink]: { id: "RL9", title: "StudyHall" },
      [CLAIM.context]: { id: "C1", title: "Biology 101", label: "BIO101" },
      [CLAIM.custom]: { course_key: "bio" },
      [CLAIM.launchPresentation]: { document_target: "iframe" },
      [CLAIM.toolPlatform]: { product_family_code: "canvas" },
      [CLAIM.nrps]: { context_memberships_url: platform.membershipsUrl("C1"), service_versions: ["2.0"] },
      [CLAIM.ags]: { lineitems: platform.lineItemsUrl("C1") },
    });
    expect(payload.exp! - payload.iat!).toBe(300);
    // Issued during the launch (whole seconds), however long the launch took.
    expect(payload.iat).toBeGreaterThanOrEqual(launchedFrom);
    expect(payload.iat).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    const ags = payload[CLAIM.ags] as { scope: string[]; lineitem?: string };
    expect(ags.scope.sort()).toEqual(
      [SCOPE.lineItem, SCOPE.lineItemReadonly, SCOPE.resultReadonly, SCOPE.score].sort(),
    );
    expect(ags.lineitem).toBeUndefined();
    expect(tool.launches.at(-1)).toMatchObject({ ok: true });
  });

  it("publishes only public RS256 keys, and the id_token names one of them", async () => {
    const jwks = (await (await fetch(platform.jwksUrl)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: expect.any(String) });
    expect(jwks.keys[0]).not.toHaveProperty("d");
    const result = await platform.launch({ user: student, context: course });
    expect(decodeProtectedHeader(result.idToken).kid).toBe(jwks.keys[0]!.kid);
    expect(decodeJwt(result.idToken)).toMatchObject({
      email: "sam@example.edu",
      [CLAIM.resourceLink]: { id: "RL1" },
    });
  });

  it("leaves out the service claims without a context or when a service is off", async () => {
    const noContext = decodeJwt((await platform.launch({ user: { sub: "A1", roles: [ADMIN] } })).idToken);
    expect(noContext).not.toHaveProperty(CLAIM.context);
    expect(noContext).not.toHaveProperty(CLAIM.nrps);
    platform.services.nrps = false;
    try {
      const claims = decodeJwt((await platform.launch({ user: teacher, context: course })).idToken);
      expect(claims).not.toHaveProperty(CLAIM.nrps);
      expect(claims).toHaveProperty(CLAIM.ags);
    } finally {
      platform.services.nrps = true;
    }
  });

  it("starts the login with POST when asked, and passes the chosen deployment", async () => {
    const result = await platform.launch({
      user: teacher,
      context: course,
      loginMethod: "POST",
      deploymentId: "2:dep",
    });
    expect(result.status).toBe(200);
    expect(decodeJwt(result.idToken)[CLAIM.deploymentId]).toBe("2:dep");
  });

  it("sends no cookie back when third-party cookies are blocked, though the tool set them", async () => {
    const result = await platform.launch({ user: teacher, context: course, blockThirdPartyCookies: true });
    expect(result.status).toBe(401);
    expect(result.body).toBe("state cookie missing");
    expect(result.cookies.some((cookie) => cookie.startsWith("lti_state="))).toBe(true);
    expect(result.idToken).not.toBe("");
  });

  it.each([
    ["an unknown client_id", { client_id: "someone-else" }],
    ["an unregistered redirect_uri", { redirect_uri: "http://127.0.0.1:1/elsewhere" }],
    ["response_type code", { response_type: "code" }],
    ["a scope without openid", { scope: "profile" }],
    ["response_mode query", { response_mode: "query" }],
    ["no prompt=none", { prompt: undefined }],
    ["no nonce", { nonce: undefined }],
    ["another login_hint", { login_hint: "U999" }],
    ["an unknown lti_message_hint", { lti_message_hint: "forged" }],
  ])("rejects an authentication request with %s", async (_label, tweak) => {
    tool.authTweaks = tweak;
    const result = await platform.launch({ user: teacher, context: course });
    expect(result.status).toBe(400);
    expect(result.url.startsWith(platform.authUrl)).toBe(true);
    expect(result.idToken).toBe("");
    expect(JSON.parse(result.body)).toMatchObject({ error: expect.any(String) });
  });

  it("completes each launch only once, and serves a course page that frames the login", async () => {
    const page = await (await fetch(platform.launchPageUrl({ user: teacher, context: course }))).text();
    const src = /<iframe[^>]*src="([^"]+)"/.exec(page)![1]!.replaceAll("&#38;", "&");
    const login = new URL(src);
    expect(login.origin + login.pathname).toBe(tool.loginUrl);
    expect(Object.fromEntries(login.searchParams)).toMatchObject({
      iss: platform.issuer,
      login_hint: "U1",
      target_link_uri: tool.launchUrl,
      client_id: platform.clientId,
      lti_deployment_id: "1:dep",
    });
    const toAuth = (await fetch(login, { redirect: "manual" })).headers.get("location")!;
    const first = await fetch(toAuth);
    expect(first.status).toBe(200);
    expect(await first.text()).toMatch(/name="id_token"/);
    expect((await fetch(toAuth)).status).toBe(400);
  });

  it("applies tampering: changed claims, a foreign key, a replayed token and a forged state", async () => {
    const stale = Math.floor(Date.now() / 1000) - 600;
    const old = await platform.launch({
      user: teacher,
      context: course,
      tamper: { claims: { iat: stale, exp: stale + 300, azp: undefined } },
    });
    expect(decodeJwt(old.idToken)).toMatchObject({ iat: stale, exp: stale + 300 });
    expect(decodeJwt(old.idToken)).not.toHaveProperty("azp");
    expect(old.body).toMatch(/id_token rejected: .*exp/);

    const foreign = await platform.launch({
      user: teacher,
      context: course,
      tamper: { signWith: "foreign-key" },
    });
    expect(foreign.body).toMatch(/signature verification failed/);
    expect(decodeProtectedHeader(foreign.idToken).kid).toBe(decodeProtectedHeader(old.idToken).kid);

    const good = await platform.launch({ user: teacher, context: course });
    const replay = await platform.launch({
      user: teacher,
      context: course,
      tamper: { replayOf: good.idToken },
    });
    expect(replay.idToken).toBe(good.idToken);
    expect(replay.body).toBe("nonce mismatch");

    const forged = await platform.launch({ user: teacher, context: course, tamper: { state: "forged" } });
    expect(forged.body).toBe("state mismatch");
  });

  it("signs arbitrary claims with its key, or with a foreign key that its JWKS does not verify", async () => {
    const keys = createRemoteJWKSet(new URL(platform.jwksUrl));
    const token = await platform.signIdToken({ hello: "world" });
    expect((await jwtVerify(token, keys)).payload).toEqual({ hello: "world" });
    const foreign = await platform.signIdToken({ hello: "world" }, { foreignKey: true });
    await expect(jwtVerify(foreign, keys)).rejects.toThrow(/signature/);
    const unknownKid = await platform.signIdToken({}, { kid: "nobody" });
    expect(decodeProtectedHeader(unknownKid).kid).toBe("nobody");
    await expect(jwtVerify(unknownKid, keys)).rejects.toThrow(/no applicable key/i);
  });

  it("rotates its key, keeping the old one published", async () => {
    const before = (await platform.launch({ user: teacher, context: course })).idToken;
    await platform.rotateKey();
    const after = (await platform.launch({ user: teacher, context: course })).idToken;
    expect(decodeProtectedHeader(after).kid).not.toBe(decodeProtectedHeader(before).kid);
    const keys = createRemoteJWKSet(new URL(platform.jwksUrl));
    await expect(jwtVerify(before, keys)).resolves.toBeTruthy();
    await expect(jwtVerify(after, keys)).resolves.toBeTruthy();
  });
});

describe("deep linking", () => {
  async function deepLinkLaunch() {
    const result = await platform.launch({
      user: teacher,
      context: course,
      messageType: "LtiDeepLinkingRequest",
    });
    return decodeJwt(result.idToken) as Record<string, unknown>;
  }
  const settingsOf = (claims: Record<string, unknown>) =>
    claims[CLAIM.deepLinkingSettings] as { deep_link_return_url: string; data: string };
  const post = (url: string, jwt: string) =>
    fetch(url, { method: "POST", body: new URLSearchParams({ JWT: jwt }) });

  it("sends the deep linking settings to the tool's deep link URL", async () => {
    const claims = await deepLinkLaunch();
    expect(claims).toMatchObject({
      [CLAIM.messageType]: "LtiDeepLinkingRequest",
      [CLAIM.targetLinkUri]: tool.deepLinkUrl,
      [CLAIM.deepLinkingSettings]: {
        accept_types: ["ltiResourceLink"],
        accept_presentation_document_targets: expect.arrayContaining(["iframe"]),
        data: expect.any(String),
      },
    });
    expect(claims).not.toHaveProperty(CLAIM.resourceLink);
  });

  it("accepts a valid response, creates the links and line item, and launches them with a lineitem claim", async () => {
    const request = await deepLinkLaunch();
    const items = [
      {
        type: "ltiResourceLink",
        title: "Quiz 1",
        url: `${tool.url}/launch`,
        lineItem: { scoreMaximum: 10, label: "Quiz 1", resourceId: "quiz-1" },
      },
      { type: "ltiResourceLink", title: "Reading" },
    ];
    const jwt = await tool.sign(deepLinkingResponseClaims(platform, request, items));
    const response = await post(settingsOf(request).deep_link_return_url, jwt);
    expect(response.status).toBe(200);
    expect(platform.deepLinkResponses.at(-1)).toMatchObject({ valid: true });
    const [quiz, reading] = platform.resourceLinks.slice(-2);
    expect(reading).toMatchObject({ title: "Reading", contextId: "C1" });
    const lineItem = platform.lineItems.find((item) => item.id === quiz!.lineItemId);
    expect(lineItem).toMatchObject({
      contextId: "C1",
      label: "Quiz 1",
      scoreMaximum: 10,
      resourceId: "quiz-1",
      resourceLinkId: quiz!.id,
    });

    const launch = await platform.launch({ user: student, context: course, resourceLink: { id: quiz!.id } });
    expect(decodeJwt(launch.idToken)[CLAIM.ags]).toMatchObject({ lineitem: platform.lineItemUrl(lineItem!) });
    // The request is answered: the same response again is refused.
    expect((await post(settingsOf(request).deep_link_return_url, jwt)).status).toBe(400);
  });

  it.each([
    ["a wrong aud", { aud: "https://elsewhere.example" }, /aud/],
    ["a wrong iss", { iss: "not-the-client" }, /iss/],
    ["no nonce", { nonce: undefined }, /nonce/],
    ["the wrong message type", { [CLAIM.messageType]: "LtiResourceLinkRequest" }, /message_type/],
    ["the wrong version", { [CLAIM.version]: "1.1" }, /version/],
    ["another deployment", { [CLAIM.deploymentId]: "2:dep" }, /deployment_id/],
    ["data not echoed", { [CLAIM.deepLinkingData]: "other" }, /data/],
    ["an item type not accepted", { [CLAIM.contentItems]: [{ type: "file" }] }, /file/],
  ])("rejects a response with %s", async (_label, change, error) => {
    const request = await deepLinkLaunch();
    const claims: Record<string, unknown> = {
      ...deepLinkingResponseClaims(platform, request, []),
      ...change,
    };
    for (const [name, value] of Object.entries(change)) if (value === undefined) delete claims[name];
    const response = await post(settingsOf(request).deep_link_return_url, await tool.sign(claims));
    expect(response.status).toBe(400);
    const verdict = platform.deepLinkResponses.at(-1)!;
    expect(verdict.valid).toBe(false);
    expect(verdict.error).toMatch(error);
  });

  it("rejects a response signed with a key the tool's JWKS does not hold", async () => {
    const request = await deepLinkLaunch();
    const jwt = await tool.sign(deepLinkingResponseClaims(platform, request, []), { foreignKey: true });
    expect((await post(settingsOf(request).deep_link_return_url, jwt)).status).toBe(400);
    expect(platform.deepLinkResponses.at(-1)).toMatchObject({
      valid: false,
      error: expect.stringMatching(/signature/),
    });
  });
});

describe("dynamic registration", () => {
  it("serves an OpenID configuration with the LTI platform configuration", async () => {
    const config = (await (await fetch(platform.openidConfigurationUrl)).json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      issuer: platform.issuer,
      authorization_endpoint: platform.authUrl,
      token_endpoint: platform.tokenUrl,
      jwks_uri: platform.jwksUrl,
      registration_endpoint: platform.registrationUrl,
      token_endpoint_auth_methods_supported: ["private_key_jwt"],
      scopes_supported: expect.arrayContaining(["openid", SCOPE.score, SCOPE.membershipReadonly]),
      "https://purl.imsglobal.org/spec/lti-platform-configuration": {
        product_family_code: "canvas",
        messages_supported: expect.arrayContaining([
          expect.objectContaining({ type: "LtiDeepLinkingRequest" }),
        ]),
      },
    });
  });

  it("opens the tool's registration URL with the configuration URL and the token", async () => {
    const opened = await platform.openRegistration(tool.registerUrl);
    expect(opened.status).toBe(200);
    expect(tool.registrationCalls.at(-1)).toEqual({
      openid_configuration: platform.openidConfigurationUrl,
      registration_token: platform.registrationToken,
    });
  });

  it("registers a tool with the registration token and binds it for launches", async () => {
    const other = await startFakeLtiPlatform({ name: "moodle" });
    const otherTool = await startReferenceTool(other);
    try {
      const body = registrationBody(otherTool);
      const register = (auth: string | undefined, payload: unknown) =>
        fetch(other.registrationUrl, {
          method: "POST",
          headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
          body: JSON.stringify(payload),
        });
      expect((await register(undefined, body)).status).toBe(401);
      expect((await register("Bearer wrong", body)).status).toBe(401);
      const invalid = await register(`Bearer ${other.registrationToken}`, {
        ...body,
        grant_types: ["implicit"],
      });
      expect(invalid.status).toBe(400);
      expect(await invalid.json()).toMatchObject({ error: "invalid_client_metadata" });

      const answer = await register(`Bearer ${other.registrationToken}`, body);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({
        client_id: other.clientId,
        "https://purl.imsglobal.org/spec/lti-tool-configuration": { deployment_id: other.deploymentId },
      });
      expect(other.registrations).toEqual([{ body, clientId: other.clientId }]);

      const launch = await other.launch({
        user: teacher,
        context: course,
        messageType: "LtiDeepLinkingRequest",
      });
      expect(launch.status).toBe(200);
      expect(decodeJwt(launch.idToken)).toMatchObject({
        [CLAIM.targetLinkUri]: otherTool.deepLinkUrl,
        [CLAIM.toolPlatform]: { product_family_code: "moodle" },
      });
    } finally {
      await otherTool.close();
      await other.close();
    }
  });
});

function registrationBody(target: ReferenceTool): Record<string, unknown> {
  return {
    application_type: "web",
    response_types: ["id_token"],
    grant_types: ["implicit", "client_credentials"],
    initiate_login_uri: target.loginUrl,
    redirect_uris: [target.launchUrl, target.deepLinkUrl],
    client_name: "StudyHall",
    jwks_uri: target.jwksUrl,
    token_endpoint_auth_method: "private_key_jwt",
    scope: `${SCOPE.score} ${SCOPE.membershipReadonly}`,
    "https://purl.imsglobal.org/spec/lti-tool-configuration": {
      domain: new URL(target.url).host,
      target_link_uri: target.launchUrl,
      claims: ["iss", "sub", "name"],
      messages: [{ type: "LtiDeepLinkingRequest", target_link_uri: target.deepLinkUrl }],
    },
  };
}
