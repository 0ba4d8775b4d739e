// Self-test of the fake platform's LTI Advantage services: the token endpoint's assertion checks, bearer
// scopes, NRPS paging, AGS media types, scores and results, injected failures, and Moodle's URL layout.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  MEDIA,
  SCOPE,
  startFakeLtiPlatform,
} from "./fake-lti-platform.ts";
import { type ReferenceTool, startReferenceTool } from "./fake-lti-reference-tool.ts";

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
let platform: FakeLtiPlatform;
let tool: ReferenceTool;

beforeAll(async () => {
  platform = await startFakeLtiPlatform();
  tool = await startReferenceTool(platform);
  platform.registerTool(tool);
});
afterAll(async () => {
  await tool.close();
  await platform.close();
});

function tokenRequest(target: FakeLtiPlatform, fields: Record<string, string>): Promise<Response> {
  return fetch(target.tokenUrl, { method: "POST", body: new URLSearchParams(fields) });
}

async function accessToken(target: FakeLtiPlatform, owner: ReferenceTool, scopes: string[]): Promise<string> {
  const response = await tokenRequest(target, {
    grant_type: "client_credentials",
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: await owner.clientAssertion(),
    scope: scopes.join(" "),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const call = (
  url: string,
  token: string,
  init: { method?: string; accept?: string; type?: string; body?: unknown } = {},
) =>
  fetch(url, {
    method: init.method ?? "GET",
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.accept ? { accept: init.accept } : {}),
      ...(init.type ? { "content-type": init.type } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

describe("token endpoint", () => {
  const form = async (claims: Record<string, unknown> = {}, extra: Record<string, string> = {}) => ({
    grant_type: "client_credentials",
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: await tool.clientAssertion(claims),
    scope: SCOPE.score,
    ...extra,
  });

  it("grants a Bearer token for a valid assertion and records the verified claims", async () => {
    const fields = await form({}, { scope: `${SCOPE.score} ${SCOPE.lineItem}` });
    const response = await tokenRequest(platform, fields);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      access_token: expect.any(String),
      token_type: "Bearer",
      expires_in: 3600,
      scope: `${SCOPE.score} ${SCOPE.lineItem}`,
    });
    expect(platform.tokenRequests.at(-1)).toMatchObject({
      scope: `${SCOPE.score} ${SCOPE.lineItem}`,
      assertionClaims: { iss: platform.clientId, sub: platform.clientId, aud: platform.tokenUrl },
    });
    expect(platform.requests.at(-1)).toMatchObject({
      method: "POST",
      path: new URL(platform.tokenUrl).pathname,
      status: 200,
    });

    const replay = await tokenRequest(platform, fields);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({
      error: "invalid_client",
      error_description: expect.stringMatching(/jti/),
    });
  });

  it.each([
    ["a wrong aud", { aud: "http://127.0.0.1:1/token" }, /aud/],
    ["a wrong iss", { iss: "someone" }, /iss/],
    ["a wrong sub", { sub: "someone" }, /sub/],
    ["an expired exp", { exp: Math.floor(Date.now() / 1000) - 10 }, /exp/],
    ["no exp", { exp: undefined }, /exp/],
    ["no jti", { jti: undefined }, /jti/],
  ])("refuses an assertion with %s", async (_label, claims, why) => {
    const before = platform.tokenRequests.length;
    const response = await tokenRequest(platform, await form(claims));
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error_description: string }).error_description).toMatch(why);
    expect(platform.tokenRequests).toHaveLength(before);
  });

  it("refuses an assertion signed by a key outside the tool's JWKS", async () => {
    const response = await tokenRequest(platform, {
      ...(await form()),
      client_assertion: await tool.clientAssertion({}, { foreignKey: true }),
    });
    expect(response.status).toBe(401);
  });

  it.each([
    ["a non-LTI scope", { scope: `${SCOPE.score} openid` }, 400, "invalid_scope"],
    ["no scope", { scope: "" }, 400, "invalid_scope"],
    ["another grant type", { grant_type: "authorization_code" }, 400, "unsupported_grant_type"],
    ["another assertion type", { client_assertion_type: "password" }, 400, "invalid_request"],
  ])("refuses a request with %s", async (_label, extra, status, error) => {
    const response = await tokenRequest(platform, await form({}, extra));
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error });
  });
});

describe("names and roles", () => {
  beforeEach(() => {
    platform.roster.members = Array.from({ length: 250 }, (_, i) => ({
      sub: `S${i}`,
      name: `Student ${i}`,
      roles: i === 0 ? [INSTRUCTOR] : [LEARNER],
      status: i === 249 ? ("Inactive" as const) : undefined,
    }));
    platform.roster.pageSize = 100;
  });

  it("serves the roster in pages linked by rel=next", async () => {
    const token = await accessToken(platform, tool, [SCOPE.membershipReadonly]);
    const seen: Array<{ user_id: string; status: string; roles: string[] }> = [];
    let next: string | undefined = platform.membershipsUrl("C1");
    let pages = 0;
    while (next) {
      const response = await call(next, token, { accept: MEDIA.membershipContainer });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe(MEDIA.membershipContainer);
      const body = (await response.json()) as { context: { id: string }; members: typeof seen };
      expect(body.context.id).toBe("C1");
      seen.push(...body.members);
      pages += 1;
      next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
    }
    expect(pages).toBe(3);
    expect(seen.map((member) => member.user_id)).toEqual(platform.roster.members.map((member) => member.sub));
    expect(seen[0]).toMatchObject({ status: "Active", roles: [INSTRUCTOR] });
    expect(seen[249]).toMatchObject({ status: "Inactive", roles: [LEARNER] });
  });

  it("honours limit and role filters", async () => {
    const token = await accessToken(platform, tool, [SCOPE.membershipReadonly]);
    const url = `${platform.membershipsUrl("C1")}?role=Instructor&limit=10`;
    const body = (await (await call(url, token, { accept: MEDIA.membershipContainer })).json()) as {
      members: unknown[];
    };
    expect(body.members).toEqual([expect.objectContaining({ user_id: "S0" })]);
    const limited = await call(`${platform.membershipsUrl("C1")}?limit=30`, token, {
      accept: MEDIA.membershipContainer,
    });
    expect(((await limited.json()) as { members: unknown[] }).members).toHaveLength(30);
    expect(limited.headers.get("link")).toMatch(/limit=30&page=2>; rel="next"/);
  });

  it("demands a token with the membership scope and the membership media type", async () => {
    const url = platform.membershipsUrl("C1");
    expect((await call(url, "nonsense", { accept: MEDIA.membershipContainer })).status).toBe(401);
    const scoreOnly = await accessToken(platform, tool, [SCOPE.score]);
    expect((await call(url, scoreOnly, { accept: MEDIA.membershipContainer })).status).toBe(403);
    const token = await accessToken(platform, tool, [SCOPE.membershipReadonly]);
    expect((await call(url, token, { accept: "application/json" })).status).toBe(406);
    platform.expireAccessTokens();
    expect((await call(url, token, { accept: MEDIA.membershipContainer })).status).toBe(401);
  });
});

describe("assignment and grade services", () => {
  it("creates, lists, reads, updates and deletes line items with their media types", async () => {
    const token = await accessToken(platform, tool, [SCOPE.lineItem]);
    const container = platform.lineItemsUrl("C2");
    const item = { label: "Quiz 2", scoreMaximum: 20, resourceId: "quiz-2", tag: "quiz" };
    expect(
      (await call(container, token, { method: "POST", type: "application/json", body: item })).status,
    ).toBe(415);
    expect(
      (await call(container, token, { method: "POST", type: MEDIA.lineItem, body: { label: "x" } })).status,
    ).toBe(400);
    const created = await call(container, token, { method: "POST", type: MEDIA.lineItem, body: item });
    expect(created.status).toBe(201);
    expect(created.headers.get("content-type")).toBe(MEDIA.lineItem);
    const json = (await created.json()) as { id: string };
    const stored = platform.lineItems.find((it) => it.contextId === "C2")!;
    expect(json).toEqual({ id: platform.lineItemUrl(stored), ...item });

    expect((await call(container, token, { accept: MEDIA.lineItem })).status).toBe(406);
    const list = await call(`${container}?resource_id=quiz-2`, token, { accept: MEDIA.lineItemContainer });
    expect(list.headers.get("content-type")).toBe(MEDIA.lineItemContainer);
    expect(await list.json()).toEqual([json]);
    const none = await call(`${container}?tag=other`, token, { accept: MEDIA.lineItemContainer });
    expect(await none.json()).toEqual([]);

    expect(await (await call(json.id, token, { accept: MEDIA.lineItem })).json()).toEqual(json);
    const updated = await call(json.id, token, {
      method: "PUT",
      type: MEDIA.lineItem,
      body: { ...json, scoreMaximum: 25 },
    });
    expect(await updated.json()).toMatchObject({ scoreMaximum: 25 });
    expect((await call(json.id, token, { method: "DELETE" })).status).toBe(204);
    expect((await call(json.id, token, { accept: MEDIA.lineItem })).status).toBe(404);
  });

  it("lets a read-only token list but not create", async () => {
    const token = await accessToken(platform, tool, [SCOPE.lineItemReadonly]);
    const container = platform.lineItemsUrl("C2");
    expect((await call(container, token, { accept: MEDIA.lineItemContainer })).status).toBe(200);
    const body = { label: "Nope", scoreMaximum: 1 };
    expect((await call(container, token, { method: "POST", type: MEDIA.lineItem, body })).status).toBe(403);
  });

  it("records valid scores, refuses bad or stale ones, and reports results", async () => {
    platform.lineItems.push({ id: "LI7", contextId: "C3", label: "Live quiz", scoreMaximum: 100 });
    const url = platform.lineItemUrl({ id: "LI7", contextId: "C3" });
    const token = await accessToken(platform, tool, [SCOPE.score, SCOPE.resultReadonly]);
    const score = {
      userId: "S1",
      scoreGiven: 7,
      scoreMaximum: 10,
      activityProgress: "Completed",
      gradingProgress: "FullyGraded",
      timestamp: new Date().toISOString(),
    };
    const post = (body: unknown, type: string = MEDIA.score) =>
      call(`${url}/scores`, token, { method: "POST", type, body });
    expect((await post(score, "application/json")).status).toBe(415);
    expect((await post({ ...score, gradingProgress: "Done" })).status).toBe(400);
    expect((await post({ ...score, scoreMaximum: undefined })).status).toBe(400);
    expect((await post({ ...score, timestamp: "yesterday" })).status).toBe(400);
    expect((await post(score)).status).toBe(200);
    expect((await post(score)).status).toBe(409);
    expect(platform.scores).toEqual([{ lineItemId: "LI7", body: score, receivedAt: expect.any(Number) }]);

    const results = await call(`${url}/results`, token, { accept: MEDIA.resultContainer });
    expect(results.headers.get("content-type")).toBe(MEDIA.resultContainer);
    expect(await results.json()).toEqual([
      expect.objectContaining({ userId: "S1", resultScore: 70, resultMaximum: 100, scoreOf: url }),
    ]);
    const readOnly = await accessToken(platform, tool, [SCOPE.lineItemReadonly]);
    expect(
      (await call(`${url}/scores`, readOnly, { method: "POST", type: MEDIA.score, body: score })).status,
    ).toBe(403);
    expect((await call(platform.lineItemUrl({ id: "LI7", contextId: "C4" }), token, {})).status).toBe(403);
  });

  it("fails matching requests on demand, after the token check, with Retry-After on 429", async () => {
    platform.lineItems.push({ id: "LI8", contextId: "C3", label: "Retry", scoreMaximum: 1 });
    const url = `${platform.lineItemUrl({ id: "LI8", contextId: "C3" })}/scores`;
    const token = await accessToken(platform, tool, [SCOPE.score]);
    const body = {
      userId: "S2",
      activityProgress: "Submitted",
      gradingProgress: "Pending",
      timestamp: new Date().toISOString(),
    };
    platform.failNext(/\/scores$/, 429, 2);
    expect((await call(url, "bad-token", { method: "POST", type: MEDIA.score, body })).status).toBe(401);
    const first = await call(url, token, { method: "POST", type: MEDIA.score, body });
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("1");
    expect((await call(url, token, { method: "POST", type: MEDIA.score, body })).status).toBe(429);
    expect((await call(url, token, { method: "POST", type: MEDIA.score, body })).status).toBe(200);
    expect(platform.requests.slice(-4).map((request) => request.status)).toEqual([401, 429, 429, 200]);
    expect(platform.requests.at(-1)).toMatchObject({
      method: "POST",
      path: new URL(url).pathname,
      scope: SCOPE.score,
    });

    platform.failNext(/token/, 503);
    expect((await tokenRequest(platform, { grant_type: "client_credentials" })).status).toBe(503);
    expect(platform.requests.at(-1)).toMatchObject({ status: 503 });
  });
});

describe("moodle layout", () => {
  it("puts type_id on service URLs, so /scores must go before the query", async () => {
    const moodle = await startFakeLtiPlatform({ name: "moodle" });
    const moodleTool = await startReferenceTool(moodle);
    try {
      moodle.registerTool(moodleTool);
      moodle.lineItems.push({ id: "5", contextId: "2", label: "Quiz", scoreMaximum: 10 });
      const lineItem = moodle.lineItemUrl({ id: "5", contextId: "2" });
      expect(lineItem).toMatch(/\/mod\/lti\/services\.php\/2\/lineitems\/5\/lineitem\?type_id=1$/);
      const token = await accessToken(moodle, moodleTool, [SCOPE.score]);
      const body = {
        userId: "7",
        scoreGiven: 1,
        scoreMaximum: 10,
        activityProgress: "Completed",
        gradingProgress: "FullyGraded",
        timestamp: new Date().toISOString(),
      };
      const naive = await call(`${lineItem}/scores`, token, { method: "POST", type: MEDIA.score, body });
      expect(naive.status).toBe(400);
      const [path, query] = lineItem.split("?");
      const right = await call(`${path}/scores?${query}`, token, { method: "POST", type: MEDIA.score, body });
      expect(right.status).toBe(200);
      expect(moodle.scores).toHaveLength(1);
    } finally {
      await moodleTool.close();
      await moodle.close();
    }
  });
});
