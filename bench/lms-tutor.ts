// Time to the first streamed token of a tutor question asked on the LMS page, beside the same question
// through the CLI's path (the core call `studyhall ask` makes, with its onDelta), interleaved in one run
// on one database and one AI: the real openai SDK against the fake OpenAI server, which streams a word
// at a time. The LMS question is real HTTP to the running LTI front end (real ltijs, our session check,
// CSRF, the ask route) with the ltik and CSRF token of a real launch through the fake platform, timed on
// the client from the POST to the first NDJSON delta it reads; the client is a worker thread, as a
// browser does its reading outside the server's process. Two model latencies are run: a model that
// answers at once (only our overhead differs) and one whose first token takes 300 ms (a hosted model's
// usual wait). Run alone: `npx tsx bench/lms-tutor.ts [--target postgres]` (prints JSON).
import { spawn } from "node:child_process";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import express from "express";
import { createAi } from "../core/src/ai/create-ai.ts";
import { ensureEnrollment } from "../core/src/courses/enrollments.ts";
import { createStudyHallDeps } from "../core/src/deps.ts";
import { silentLogger } from "../core/src/logger.ts";
import { ingestMaterial } from "../core/src/materials/ingest-material.ts";
import type { Actor } from "../core/src/people/actor.ts";
import { resolveUser } from "../core/src/people/resolve-user.ts";
import { askTutor } from "../core/src/tutor/ask-tutor.ts";
import { createLtiFrontEnd } from "../lti/src/create-lti-front-end.ts";
import { registerPlatform } from "../lti/src/registration/register-platform.ts";
import { toolUrls } from "../lti/src/registration/tool-configuration.ts";
import { formFields } from "../lti/src/testing/page-client.ts";
import { INSTRUCTOR, LEARNER, startFakeLtiPlatform } from "../test/support/fake-lti-platform.ts";
import { startFakeOpenAi } from "../test/support/fake-openai-server.ts";
import { type BenchTarget, pgliteTarget, postgresTarget } from "./bench-database.ts";
import { percentile } from "./corpus.ts";

const QUESTIONS_PER_PATH = 100;
const WARMUP = 10;
const MODEL_FIRST_TOKEN_MS = [0, 300];
const ENCRYPTION_KEY = "bench-encryption-key-0123456789abcdef-0123456789";
const MATERIAL = `# Groundwater

## Recharge

The Kessel aquifer is recharged by rain on the northern ridge, where the sandstone is exposed.

## Flow

Water moves south through the sandstone and reaches the river springs after decades.

## Wells

Wells near the springs draw water that fell as rain long ago, so pumping lowers the springs first.`;
const QUESTIONS = [
  "How is the Kessel aquifer recharged?",
  "Where does the water in the sandstone move?",
  "Why does pumping from wells lower the springs?",
  "Where is the sandstone exposed?",
];
const ANSWER = "Rain on the northern ridge recharges the aquifer [1], and the water moves south for decades.";

interface Summary {
  p50: number;
  p95: number;
}

export interface LmsTutorRun {
  /** How long the fake model waits before its first token. */
  modelFirstTokenMs: number;
  questions: number;
  /** POST on the LMS page → first streamed delta read by the client. */
  lms: Summary;
  /** askTutor as the CLI calls it → first onDelta. */
  cli: Summary;
  ratioP50: number;
  ratioP95: number;
}

export interface LmsTutorResult {
  target: BenchTarget["label"];
  runs: LmsTutorRun[];
}

export async function benchLmsTutor(
  target: BenchTarget,
  log: (line: string) => void = () => {},
): Promise<LmsTutorResult> {
  const bench = await startBench(target);
  try {
    const runs: LmsTutorRun[] = [];
    for (const delay of MODEL_FIRST_TOKEN_MS) {
      bench.openai.setChatDelayMs(delay);
      const lms: number[] = [];
      const cli: number[] = [];
      for (let i = 0; i < WARMUP + QUESTIONS_PER_PATH; i++) {
        const question = QUESTIONS[i % QUESTIONS.length]!;
        // Alternate which path goes first, so neither always follows the other's writes.
        const pair =
          i % 2 === 0
            ? [await bench.askLms(question), await bench.askCli(question)]
            : [await bench.askCli(question), await bench.askLms(question)].reverse();
        if (i < WARMUP) continue;
        lms.push(pair[0]!);
        cli.push(pair[1]!);
      }
      const l = summary(lms);
      const c = summary(cli);
      runs.push({
        modelFirstTokenMs: delay,
        questions: QUESTIONS_PER_PATH,
        lms: l,
        cli: c,
        ratioP50: round(l.p50 / c.p50),
        ratioP95: round(l.p95 / c.p95),
      });
      log(`  model first token ${delay} ms: LMS p50 ${l.p50} ms, CLI p50 ${c.p50} ms`);
    }
    return { target: target.label, runs };
  } finally {
    await bench.close();
  }
}

/** The LTI front end with a launched student, the CLI operator enrolled, one material, the fake AI. */
async function startBench(target: BenchTarget) {
  const database = await target.open("lms_tutor");
  const logger = silentLogger();
  const openai = await startFakeOpenAi();
  openai.setChatResponder(() => ANSWER);
  const ai = createAi({
    provider: "openai",
    apiKey: openai.apiKey,
    baseURL: openai.url,
    chatModel: "gpt-bench",
    embeddingModel: "text-embedding-3-small",
    timeoutMs: 20_000,
    maxRetries: 0,
  });
  // The fake's hash vectors carry no meaning, so relevance rests on the share of the question's terms.
  const deps = createStudyHallDeps({
    db: database.prisma,
    ai,
    logger,
    retrieval: { minSimilarity: 0.99, minCoverage: 0.5 },
  });
  const app = express();
  const http: Server = await new Promise((resolve) => {
    const server = app.listen(0, "127.0.0.1", () => resolve(server));
  });
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const frontEnd = createLtiFrontEnd({
    deps,
    settings: {
      encryptionKey: ENCRYPTION_KEY,
      publicUrl: url,
      rateLimits: { loginsPerMinute: 0, launchesPerMinute: 0 },
    },
    logger,
  });
  app.use(frontEnd.router);
  await frontEnd.start();
  const platform = await startFakeLtiPlatform();
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

  const context = { id: "bench-tutor-course", title: "Hydrology" };
  await platform.launch({ user: { sub: "bench-teacher", name: "Teacher", roles: [INSTRUCTOR] }, context });
  const course = await database.prisma.courseSpace.findFirstOrThrow({ where: { externalId: context.id } });
  await ingestMaterial(
    { courseId: course.courseId, data: new TextEncoder().encode(MATERIAL), fileName: "groundwater.md" },
    deps.ingest,
  );
  const launched = await platform.launch({
    user: { sub: "bench-student", name: "Student", roles: [LEARNER] },
    context,
  });
  if (launched.status !== 200) throw new Error(`student launch failed: ${launched.status}`);
  const form = formFields(launched.body, "/learn/ask");

  const operator: Actor = { platform: "CLI", tenant: "", externalId: "bench-operator" };
  const { userId } = await resolveUser(database.prisma, operator);
  await ensureEnrollment(database.prisma, {
    courseId: course.courseId,
    userId,
    role: "STAFF",
    source: "MANUAL",
  });

  const browser = startBrowserThread();
  return {
    openai,
    /** Milliseconds from the POST to the first delta line the browser's stand-in reads. */
    askLms(question: string): Promise<number> {
      return browser.ask(form.action, new URLSearchParams({ ...form.fields, question }).toString());
    },
    /** Milliseconds from the call to the first onDelta, as `studyhall ask` writes it. */
    async askCli(question: string): Promise<number> {
      const started = performance.now();
      let first: number | undefined;
      await askTutor(
        { actor: operator, courseId: course.courseId, question, threadKey: "cli:bench" },
        deps.tutor,
        {
          onDelta: () => {
            first ??= performance.now() - started;
          },
        },
      );
      if (first === undefined) throw new Error("the CLI answer streamed nothing");
      return first;
    },
    async close() {
      await browser.close();
      await platform.close();
      await frontEnd.stop();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await openai.close();
      await database.close();
    },
  };
}

/**
 * The page's side of an LMS question, on a thread of its own: a browser parses the response and reads
 * the stream on its own machine, so its work must not wait in the server's event loop, as it would if
 * fetch ran beside the server. Timed there from the POST to the first delta line read.
 */
function startBrowserThread() {
  const worker = new Worker(
    `const { parentPort } = require("node:worker_threads");
    parentPort.on("message", async ({ id, url, body }) => {
      try {
        const started = performance.now();
        const response = await fetch(url, {
          method: "POST",
          headers: { accept: "application/x-ndjson", "content-type": "application/x-www-form-urlencoded" },
          body,
        });
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let seen = "";
        let first;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          seen += decoder.decode(value, { stream: true });
          if (first === undefined && seen.includes('"type":"delta"')) first = performance.now() - started;
        }
        if (first === undefined) throw new Error("the LMS answer streamed nothing: " + seen.slice(0, 200));
        parentPort.postMessage({ id, ms: first });
      } catch (error) {
        parentPort.postMessage({ id, error: String(error) });
      }
    });`,
    { eval: true },
  );
  const waiting = new Map<number, { resolve: (ms: number) => void; reject: (error: Error) => void }>();
  worker.on("message", ({ id, ms, error }: { id: number; ms?: number; error?: string }) => {
    const asked = waiting.get(id);
    waiting.delete(id);
    if (error !== undefined || ms === undefined) asked?.reject(new Error(error));
    else asked?.resolve(ms);
  });
  let next = 0;
  return {
    ask(url: string, body: string): Promise<number> {
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, url, body });
      });
    },
    async close() {
      await worker.terminate();
    },
  };
}

function summary(ms: number[]): Summary {
  return { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)) };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** In a child process of its own: ltijs is one per process (as bench/lti-launch.ts). */
export async function benchLmsTutorInChild(target: BenchTarget["label"]): Promise<LmsTutorResult> {
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
  if (code !== 0) throw new Error(`lms-tutor benchmark (${target}) exited with ${code}`);
  return JSON.parse(stdout) as LmsTutorResult;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const { values } = parseArgs({ options: { target: { type: "string", default: "pglite" } } });
  const url = process.env.BENCH_DATABASE_URL;
  if (values.target === "postgres" && !url) throw new Error("--target postgres needs BENCH_DATABASE_URL");
  const target = values.target === "postgres" && url ? postgresTarget(url) : pgliteTarget();
  console.log(JSON.stringify(await benchLmsTutor(target, log), null, 2));
}
