// LTI launch handling: launches through the fake platform's own flow (OIDC login, the platform's auth,
// the form_post of the id_token, the landing page) against the real front end (real ltijs, our checks,
// course and person mapping, the session), beside a bare jose jwtVerify of the same id_token with a
// local key, interleaved in the same run. The launch's time is the tool's handling of the id_token POST,
// measured inside the process around the express app, so the loopback to the browser is excluded;
// outbound HTTP made while handling it (ltijs fetches the platform's JWKS on every launch) is measured
// too and reported both in and out. Run alone: `npx tsx bench/lti-launch.ts [--target postgres]` (prints
// JSON; Postgres needs BENCH_DATABASE_URL).
import { spawn } from "node:child_process";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { ClientRequest, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import express from "express";
import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from "jose";
import { createAi } from "../core/src/ai/create-ai.ts";
import { createStudyHallDeps } from "../core/src/deps.ts";
import { silentLogger } from "../core/src/logger.ts";
import { createLtiFrontEnd } from "../lti/src/create-lti-front-end.ts";
import { registerPlatform } from "../lti/src/registration/register-platform.ts";
import { toolUrls } from "../lti/src/registration/tool-configuration.ts";
import {
  type FakeLtiPlatform,
  type FakeLtiUser,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../test/support/fake-lti-platform.ts";
import { type BenchTarget, pgliteTarget, postgresTarget } from "./bench-database.ts";
import { percentile } from "./corpus.ts";

const LAUNCHES = 400;
const WARMUP = 40;
const COURSES = 4;
const STUDENTS_PER_COURSE = 9;
const ENCRYPTION_KEY = "bench-encryption-key-0123456789abcdef-0123456789";

interface Summary {
  p50: number;
  p95: number;
}

export interface LtiLaunchResult {
  target: BenchTarget["label"];
  launches: number;
  /** The tool's handling of the launch POST (verify, ltijs, mapping, session, redirect). */
  launch: Summary;
  /** The same, less the outbound HTTP made meanwhile (ltijs's JWKS fetch over loopback). */
  launchWithoutOutbound: Summary;
  /** The tool's handling of the OIDC login before the launch (find the platform, record state and nonce). */
  login: Summary;
  /** Outbound HTTP requests per launch, and their time. */
  outbound: { perLaunch: number } & Summary;
  /** jose jwtVerify of the same id_token (RS256, a local key, iss/aud/exp checked). */
  verify: Summary;
  ratioP50: number;
  ratioP95: number;
  ratioP95WithoutOutbound: number;
}

/** Runs the benchmark on a fresh database of the target. */
export async function benchLtiLaunch(
  target: BenchTarget,
  log: (line: string) => void = () => {},
): Promise<LtiLaunchResult> {
  const bench = await startBench(target);
  try {
    const { platform, timings, outbound } = bench;
    const people = peopleOf(COURSES, STUDENTS_PER_COURSE);
    const keys = createLocalJWKSet((await (await fetch(platform.jwksUrl)).json()) as JSONWebKeySet);
    const verifyOptions = { issuer: platform.issuer, audience: platform.clientId, algorithms: ["RS256"] };

    const launchMs: number[] = [];
    const loginMs: number[] = [];
    const withoutOutboundMs: number[] = [];
    const outboundMs: number[] = [];
    const verifyMs: number[] = [];
    let outboundCount = 0;
    for (let i = 0; i < WARMUP + LAUNCHES; i++) {
      const { user, context } = people[i % people.length]!;
      timings.length = 0;
      outbound.length = 0;
      const result = await platform.launch({ user, context });
      const posts = timings.filter((t) => t.kind === "launch");
      const logins = timings.filter((t) => t.kind === "login");
      if (result.status !== 200 || !/\/lti\/(course|learn)\?/.test(result.url) || posts.length !== 1) {
        throw new Error(`launch ${i} failed: ${result.status} ${result.url}`);
      }
      const started = performance.now();
      await jwtVerify(result.idToken, keys, verifyOptions);
      const verified = performance.now() - started;
      if (i < WARMUP) continue;
      const handled = posts[0]!.ms;
      loginMs.push(...logins.map((t) => t.ms));
      const away = outbound.reduce((sum, ms) => sum + ms, 0);
      launchMs.push(handled);
      withoutOutboundMs.push(handled - away);
      outboundMs.push(...outbound);
      outboundCount += outbound.length;
      verifyMs.push(verified);
      if ((i + 1 - WARMUP) % 100 === 0) log(`  ${i + 1 - WARMUP}/${LAUNCHES} launches`);
    }
    const launch = summary(launchMs);
    const withoutOutbound = summary(withoutOutboundMs);
    const verify = summary(verifyMs);
    return {
      target: target.label,
      launches: LAUNCHES,
      launch,
      launchWithoutOutbound: withoutOutbound,
      login: summary(loginMs),
      outbound: { perLaunch: round(outboundCount / LAUNCHES), ...summary(outboundMs) },
      verify,
      ratioP50: round(launch.p50 / verify.p50),
      ratioP95: round(launch.p95 / verify.p95),
      ratioP95WithoutOutbound: round(withoutOutbound.p95 / verify.p95),
    };
  } finally {
    await bench.close();
  }
}

/** Per course: the instructor first (the first launch creates the course), then the students. */
function peopleOf(courses: number, students: number): Array<{ user: FakeLtiUser; context: { id: string } }> {
  const people: Array<{ user: FakeLtiUser; context: { id: string; title: string } }> = [];
  for (let s = -1; s < students; s++) {
    for (let c = 0; c < courses; c++) {
      const context = { id: `bench-course-${c}`, title: `Bench course ${c}` };
      const user =
        s < 0
          ? { sub: `teacher-${c}`, name: `Teacher ${c}`, roles: [INSTRUCTOR] }
          : { sub: `student-${c}-${s}`, name: `Student ${c}.${s}`, roles: [LEARNER] };
      people.push({ user, context });
    }
  }
  return people;
}

/**
 * The real LTI front end on 127.0.0.1 with the fake platform registered, and a wrapper in front of it
 * that times each launch POST from its arrival to the end of the response, plus a listener on Node's
 * HTTP client channels that times each outbound request.
 */
async function startBench(target: BenchTarget) {
  const database = await target.open("lti_launch");
  const logger = silentLogger();
  const deps = createStudyHallDeps({ db: database.prisma, ai: createAi({ provider: "local" }), logger });
  const app = express();
  const timings: Array<{ kind: "login" | "launch"; ms: number }> = [];
  app.use((req, res, next) => {
    const kind =
      req.method === "POST" && req.path === "/lti"
        ? "launch"
        : req.path === "/lti/login"
          ? "login"
          : undefined;
    if (!kind) return next();
    const started = performance.now();
    res.on("finish", () => timings.push({ kind, ms: performance.now() - started }));
    next();
  });
  const http: Server = await new Promise((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => resolve(server));
  });
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const frontEnd = createLtiFrontEnd({
    deps,
    // Hundreds of launches from one address: the per-address limits would refuse most of them.
    settings: {
      encryptionKey: ENCRYPTION_KEY,
      publicUrl: url,
      rateLimits: { loginsPerMinute: 0, launchesPerMinute: 0 },
    },
    logger,
  });
  app.use(frontEnd.router);
  await frontEnd.start();

  const outbound: number[] = [];
  const started = new WeakMap<ClientRequest, number>();
  const onStart = (message: unknown) => {
    started.set((message as { request: ClientRequest }).request, performance.now());
  };
  const onFinish = (message: unknown) => {
    const at = started.get((message as { request: ClientRequest }).request);
    if (at !== undefined) outbound.push(performance.now() - at);
  };
  subscribe("http.client.request.start", onStart);
  subscribe("http.client.response.finish", onFinish);

  const platform: FakeLtiPlatform = await startFakeLtiPlatform();
  await registerPlatform(
    {
      issuer: platform.issuer,
      clientId: platform.clientId,
      name: "Bench Canvas",
      authUrl: platform.authUrl,
      tokenUrl: platform.tokenUrl,
      jwksUrl: platform.jwksUrl,
      deploymentIds: platform.deploymentIds,
      registration: "MANUAL",
    },
    { db: database.prisma, secrets: deps.secrets },
  );
  const urls = toolUrls(`${url}/lti`);
  platform.registerTool({ loginUrl: urls.login, launchUrl: urls.launch, jwksUrl: urls.keys });
  return {
    platform,
    timings,
    outbound,
    async close() {
      unsubscribe("http.client.request.start", onStart);
      unsubscribe("http.client.response.finish", onFinish);
      await platform.close();
      await frontEnd.stop();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await database.close();
    },
  };
}

function summary(ms: number[]): Summary {
  return { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/**
 * Runs the benchmark in a child process: ltijs is one per process, so each target (and `npm run bench`
 * itself, which runs other front ends) needs a process of its own. Progress goes to stderr.
 */
export async function benchLtiLaunchInChild(target: BenchTarget["label"]): Promise<LtiLaunchResult> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--target", target.toLowerCase()],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  let stdout = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) throw new Error(`lti-launch benchmark (${target}) exited with ${code}`);
  return JSON.parse(stdout) as LtiLaunchResult;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const { values } = parseArgs({ options: { target: { type: "string", default: "pglite" } } });
  const url = process.env.BENCH_DATABASE_URL;
  if (values.target === "postgres" && !url) throw new Error("--target postgres needs BENCH_DATABASE_URL");
  const target = values.target === "postgres" && url ? postgresTarget(url) : pgliteTarget();
  console.log(JSON.stringify(await benchLtiLaunch(target, log), null, 2));
}
