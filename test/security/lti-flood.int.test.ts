// Floods of the LTI tool's unauthenticated routes, through the real express app and ltijs, from many
// client addresses (X-Forwarded-For, with the loopback proxy trusted as TRUST_PROXY=loopback would) and
// from one. Each attack is refused clearly or absorbed within a bound, leaves nothing half-written, and
// is logged with the refused client's address but never a token or a login hint; a teacher's launch
// still works afterwards. No test waits for a window to pass: each starts with the limiter's counts
// reset, and login expiry runs on the tool's injected clock.
import { Agent, fetch } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pruneLtiData } from "../../lti/src/storage/prune-lti-data.ts";
import { textOf } from "../../lti/src/testing/page-client.ts";
import { startTestLti, type TestLti } from "../../lti/src/testing/start-test-lti.ts";
import { type FakeLtiPlatform, INSTRUCTOR, startFakeLtiPlatform } from "../support/fake-lti-platform.ts";

/** Login states kept per platform in this test (production keeps 10,000). */
const N = 50;
const LIMITS = { loginsPerMinute: 5, launchesPerMinute: 4, registrationsPerHour: 3, uploadsPerHour: 2 };
/** Ten times what the store keeps: enough to show the bound, quick enough on PGlite. */
const FLOOD = 500;
const teacher = { sub: "teacher-1", name: "Tess Teacher", roles: [INSTRUCTOR] };
const biology = { id: "ctx-bio", title: "Biology 101" };

let lti: TestLti;
let canvas: FakeLtiPlatform;
beforeAll(async () => {
  lti = await startTestLti({ trustProxy: "loopback", rateLimits: LIMITS, loginStatesPerPlatform: N });
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
});
afterAll(async () => {
  await clients.close();
  await canvas?.close();
  await lti?.close();
});
beforeEach(() => lti.frontEnd.rateLimits.resetAll());

/** A distinct IPv4 address per number (10.0.0.0/8), as a botnet's would be. */
const address = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

function loginUrl(overrides: Record<string, string> = {}): string {
  const url = new URL(`${lti.toolUrl}/login`);
  const params = {
    iss: canvas.issuer,
    client_id: canvas.clientId,
    login_hint: "someone",
    target_link_uri: lti.toolUrl,
    ...overrides,
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
}

/**
 * A new connection per request, as separate clients' would be: a kept-alive socket the server closes
 * while the flood keeps PGlite (in this process) busy would reset the next request sent on it.
 */
const clients = new Agent({ pipelining: 0 });

async function send(
  url: string,
  from: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; retryAfter: string | null; location: string | null; body: string }> {
  const response = await fetch(url, {
    ...init,
    redirect: "manual",
    headers: { ...init.headers, "x-forwarded-for": from },
    dispatcher: clients,
  });
  return {
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    location: response.headers.get("location"),
    body: await response.text(),
  };
}

/** Runs `count` jobs, `width` at a time. */
async function inParallel(count: number, width: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await job(next++);
    }),
  );
}

const loginRows = () =>
  lti.database.prisma.ltiLoginState.count({ where: { issuer: canvas.issuer, clientId: canvas.clientId } });
const refusals = (reason: string) => lti.rejections().filter((entry) => entry.reason === reason);

describe("floods of logins", () => {
  it(`attack: ${FLOOD.toLocaleString("en")} logins naming a registered issuer from as many addresses -> rows stay ≤ N`, async () => {
    const statuses = new Map<number, number>();
    await inParallel(FLOOD, 20, async (i) => {
      const { status } = await send(loginUrl({ login_hint: `bot-${i}` }), address(i));
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
    // Each address stayed within its budget, so every login was started; the store kept the newest N.
    expect(Object.fromEntries(statuses)).toEqual({ 302: FLOOD });
    expect(await loginRows()).toBe(N);
    expect(await lti.database.prisma.ltiLoginState.count({ where: { loginHint: `bot-${FLOOD - 1}` } })).toBe(
      1,
    );
    expect(await lti.database.prisma.ltiLoginState.count({ where: { loginHint: "bot-0" } })).toBe(0);
  }, 120_000);

  it("attack: that flood, then a teacher opens StudyHall from the LMS -> the launch works", async () => {
    const result = await canvas.launch({ user: teacher, context: biology });
    expect(result.status).toBe(200);
    expect(result.url).toMatch(/\/lti\/course\?/);
    expect(await loginRows()).toBeLessThanOrEqual(N);
  });

  it("attack: logins to push a person's login out -> it goes only after N newer ones", async () => {
    const mine = await send(loginUrl({ login_hint: "in-flight" }), address(1));
    const state = new URL(mine.location!).searchParams.get("state")!;
    const stored = () => lti.database.prisma.ltiLoginState.count({ where: { state } });
    try {
      // Every later login is stamped later than this one (a shared millisecond would leave the order
      // among them to chance).
      lti.clock.offsetMs = 5;
      await inParallel(N - 1, 10, async (i) => {
        expect((await send(loginUrl(), address(100 + i))).status).toBe(302);
      });
      expect(await stored()).toBe(1);
      expect((await send(loginUrl(), address(99))).status).toBe(302);
      expect(await stored()).toBe(0);
      expect(await loginRows()).toBe(N);
    } finally {
      lti.clock.offsetMs = 0;
    }
  });

  it("attack: logins left unfinished -> dropped once a login may no longer finish", async () => {
    expect(await loginRows()).toBe(N);
    try {
      lti.clock.offsetMs = 11 * 60_000;
      // The next login clears its platform's expired ones; pruning clears every platform's.
      expect((await send(loginUrl(), address(1))).status).toBe(302);
      expect(await loginRows()).toBe(1);
      lti.clock.offsetMs = 22 * 60_000;
      const pruned = await pruneLtiData(lti.database.prisma, Date.now() + lti.clock.offsetMs);
      expect(pruned.logins).toBe(1);
      expect(await loginRows()).toBe(0);
    } finally {
      lti.clock.offsetMs = 0;
    }
  });

  it("attack: malformed or foreign logins -> refused, nothing stored", async () => {
    const before = await lti.database.prisma.ltiLoginState.count();
    const cases = [
      { url: loginUrl({ iss: "" }), reason: "missing_login_parameters", status: 400 },
      { url: loginUrl({ login_hint: "x".repeat(2001) }), reason: "missing_login_parameters", status: 400 },
      { url: loginUrl({ iss: "https://lms.invalid" }), reason: "platform_unknown", status: 400 },
      { url: loginUrl({ client_id: "someone-else" }), reason: "platform_unknown", status: 400 },
      {
        url: loginUrl({ target_link_uri: "https://evil.invalid/lti" }),
        reason: "target_link_foreign",
        status: 400,
      },
      { url: loginUrl({ lti_deployment_id: "9:nowhere" }), reason: "deployment_unknown", status: 403 },
    ];
    for (const [i, c] of cases.entries()) {
      const logged = lti.rejections().length;
      const result = await send(c.url, address(200 + i));
      expect(result.status, c.reason).toBe(c.status);
      expect(result.body).toContain("<h1>");
      expect(lti.rejections().slice(logged)).toEqual([expect.objectContaining({ reason: c.reason })]);
    }
    expect(await lti.database.prisma.ltiLoginState.count()).toBe(before);
  });
});

describe("one address over its budget", () => {
  const doors = [
    {
      door: "login",
      budget: LIMITS.loginsPerMinute,
      request: (from: string) => send(loginUrl(), from),
      within: 302,
    },
    {
      door: "launch",
      budget: LIMITS.launchesPerMinute,
      request: (from: string) =>
        send(lti.toolUrl, from, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ id_token: "not.a.token", state: "guessed" }).toString(),
        }),
      within: 401,
    },
    {
      door: "register",
      budget: LIMITS.registrationsPerHour,
      request: (from: string) => send(`${lti.toolUrl}/register?key=guessed`, from),
      within: 403,
    },
    {
      door: "upload",
      budget: LIMITS.uploadsPerHour,
      request: (from: string) =>
        send(`${lti.toolUrl}/course/materials`, from, {
          method: "POST",
          headers: { "content-type": "multipart/form-data; boundary=x" },
          body: "--x--\r\n",
        }),
      within: 401,
    },
  ] as const;

  for (const { door, budget, request, within } of doors) {
    it(`attack: one address repeats ${door} requests -> 429 with Retry-After after its budget, logged once`, async () => {
      const rows = await lti.database.prisma.ltiLoginState.count();
      const logged = refusals("rate_limited").length;
      const answers = [];
      for (let i = 0; i < budget + 3; i++) answers.push(await request("192.0.2.7"));
      expect(answers.map((a) => a.status)).toEqual([
        ...Array<number>(budget).fill(within),
        ...Array<number>(3).fill(429),
      ]);
      for (const refused of answers.slice(budget)) {
        expect(Number(refused.retryAfter)).toBeGreaterThan(0);
        expect(textOf(refused.body)).toContain("Try again in");
      }
      // One log line for the address's window, however many requests it keeps sending.
      expect(refusals("rate_limited").slice(logged)).toEqual([
        expect.objectContaining({ status: 429, limit: door, client: "192.0.2.7" }),
      ]);
      // Another address is not affected; only logins within the budget stored anything.
      expect((await request("192.0.2.8")).status).toBe(within);
      const after = await lti.database.prisma.ltiLoginState.count();
      if (door === "login") expect(after).toBeLessThanOrEqual(N);
      else expect(after).toBe(rows);
    });
  }

  it("attack: an IPv6 client rotating addresses within its /56 -> counted as one", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.loginsPerMinute + 1; i++) {
      statuses.push((await send(loginUrl(), `2001:db8:0:${(i + 1).toString(16)}::1`)).status);
    }
    expect(statuses).toEqual([...Array<number>(LIMITS.loginsPerMinute).fill(302), 429]);
    // The next /56 is another network.
    expect((await send(loginUrl(), "2001:db8:0:100::1")).status).toBe(302);
  });
});

describe("logs of the floods", () => {
  it("name the reason, the door, the client address and the path; never a token or a login hint", () => {
    const limited = refusals("rate_limited");
    expect(limited.length).toBeGreaterThanOrEqual(5);
    for (const entry of limited) {
      expect(entry).toMatchObject({
        status: 429,
        client: expect.any(String),
        path: expect.stringMatching(/^\/lti/),
      });
    }
    expect(limited.map((entry) => (entry as { client?: string }).client)).toContain("192.0.2.7");
    const logs = lti.logLines.join("\n");
    expect(logs).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\./);
    expect(logs).not.toMatch(/login_hint|bot-\d+|in-flight/);
  });
});
