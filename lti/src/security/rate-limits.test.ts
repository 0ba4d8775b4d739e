import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { TrustProxy } from "../lti-settings.ts";
import { type InstalledRateLimits, installRateLimits, type LtiRateLimits } from "./rate-limits.ts";

const LIMITS: LtiRateLimits = {
  loginsPerMinute: 3,
  launchesPerMinute: 2,
  registrationsPerHour: 1,
  uploadsPerHour: 1,
};

let running: { server: Server; limits: InstalledRateLimits } | undefined;
afterEach(async () => {
  running?.limits.stop();
  await new Promise((resolve) => running?.server.close(resolve));
  running = undefined;
});

/** The limits in front of stand-in routes that answer 200, as the tool's routes sit behind them. */
async function start(options: { trustProxy?: TrustProxy; limits?: Partial<LtiRateLimits> } = {}) {
  const logLines: string[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => void logLines.push(line) });
  const host = express();
  host.set("trust proxy", options.trustProxy ?? false);
  const limits = installRateLimits(host, { limits: { ...LIMITS, ...options.limits }, log });
  host.use((_req, res) => {
    res.send("ok");
  });
  const server: Server = await new Promise((resolve) => {
    const s = host.listen(0, "127.0.0.1", () => resolve(s));
  });
  running = { server, limits };
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const send = async (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) => {
    const response = await fetch(`${base}${path}`, { redirect: "manual", ...init });
    return {
      status: response.status,
      type: response.headers.get("content-type") ?? "",
      retryAfter: response.headers.get("retry-after"),
      body: await response.text(),
    };
  };
  const refusals = () =>
    logLines.map((line) => JSON.parse(line)).filter((entry) => entry.reason === "rate_limited");
  return { send, refusals, limits };
}

const LOGIN = "/lti/login?iss=https%3A%2F%2Fcanvas.test&login_hint=student-42&client_id=c1";

describe("installRateLimits", () => {
  it("attack: one client repeats logins -> a 429 page with Retry-After, logged once with its address and path", async () => {
    const tool = await start();
    const statuses: number[] = [];
    const answers = [];
    for (let i = 0; i < LIMITS.loginsPerMinute + 2; i++) answers.push(await tool.send(LOGIN));
    for (const a of answers) statuses.push(a.status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const refused = answers[3]!;
    expect(refused.type).toMatch(/^text\/html/);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
    expect(refused.body).toContain("Too many sign-ins from your network. Try again in");
    expect(tool.refusals()).toEqual([
      expect.objectContaining({
        status: 429,
        limit: "login",
        client: "127.0.0.1",
        method: "GET",
        path: "/lti/login",
      }),
    ]);
    // The query names the person (login_hint) and is never logged.
    expect(JSON.stringify(tool.refusals())).not.toContain("student-42");
  });

  it("attack: the upload script's requests over budget -> a JSON refusal it can show", async () => {
    const tool = await start();
    const upload = () =>
      tool.send("/lti/course/materials?ltik=x", { method: "POST", headers: { accept: "application/json" } });
    expect((await upload()).status).toBe(200);
    const refused = await upload();
    expect(refused.status).toBe(429);
    expect(refused.type).toMatch(/^application\/json/);
    expect(JSON.parse(refused.body)).toEqual({
      ok: false,
      reason: "rate_limited",
      message: expect.stringMatching(/^Too many uploads from your network\. Try again in \d+ minutes\.$/),
      retryAfterSeconds: Number(refused.retryAfter),
    });
    // Only the upload POST counts: the course page's other requests are not limited here.
    expect((await tool.send("/lti/course/materials?ltik=x")).status).toBe(200);
  });

  it("attack: rotating X-Forwarded-For with no trusted proxy -> still counted as the one connection", async () => {
    const tool = await start();
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.launchesPerMinute + 1; i++) {
      statuses.push(
        (await tool.send("/lti", { method: "POST", headers: { "x-forwarded-for": `203.0.113.${i}` } }))
          .status,
      );
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(tool.refusals()).toEqual([expect.objectContaining({ limit: "launch", client: "127.0.0.1" })]);
  });

  it("attack: many clients behind a trusted proxy -> each address has its own budget", async () => {
    const tool = await start({ trustProxy: "loopback" });
    const from = (address: string) => tool.send("/lti/register", { headers: { "x-forwarded-for": address } });
    expect((await from("198.51.100.1")).status).toBe(200);
    expect((await from("198.51.100.1")).status).toBe(429);
    expect((await from("198.51.100.2")).status).toBe(200);
    expect(tool.refusals()).toEqual([expect.objectContaining({ limit: "register", client: "198.51.100.1" })]);
  });

  it("starts every count afresh on resetAll, and a limit of 0 is no limit", async () => {
    const tool = await start({ limits: { loginsPerMinute: 0 } });
    for (let i = 0; i < 10; i++) expect((await tool.send(LOGIN)).status).toBe(200);
    expect((await tool.send("/lti", { method: "POST" })).status).toBe(200);
    expect((await tool.send("/lti", { method: "POST" })).status).toBe(200);
    expect((await tool.send("/lti", { method: "POST" })).status).toBe(429);
    await tool.limits.resetAll();
    expect((await tool.send("/lti", { method: "POST" })).status).toBe(200);
  });
});
