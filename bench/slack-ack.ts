// Slack ack latency: 1,000 signed `/studyhall ask` requests at 50 concurrent against the real front end
// (real Bolt, ExpressReceiver, our listener, then the answer's work in the background), beside a no-op
// Bolt command handler on the same server in the same run. Latency is POST sent -> response received,
// what Slack holds against its 3-second limit. Target: the ask p99 within 3x the no-op's.
// Run alone: `npx tsx bench/slack-ack.ts` (prints JSON).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { App, ExpressReceiver, webApi } from "@slack/bolt";
import express from "express";
import { singleWorkspaceAuthorize } from "../bots/slack/src/auth/single-workspace-authorize.ts";
import { createSlackFrontEnd } from "../bots/slack/src/index.ts";
import { createAi } from "../core/src/ai/create-ai.ts";
import type { Prisma } from "../core/src/db/open-database.ts";
import { createStudyHallDeps, type StudyHallDeps } from "../core/src/deps.ts";
import { silentLogger } from "../core/src/logger.ts";
import { addMaterial } from "../core/src/materials/manage-materials.ts";
import { bindSpace } from "../core/src/spaces/bind-space.ts";
import { sampleMaterial } from "../test/support/course-fixtures.ts";
import { slashCommand } from "../test/support/fake-slack-payloads.ts";
import { sendSignedRequest } from "../test/support/fake-slack-signer.ts";
import { startFakeSlackWebApi } from "../test/support/fake-slack-web-api.ts";
import { pgliteTarget } from "./bench-database.ts";
import { percentile } from "./corpus.ts";

const REQUESTS = 1000;
const CONCURRENCY = 50;
const WARMUP = 300;
const ROUNDS = 5;
const SECRET = "bench-signing-secret";
const TEAM = {
  teamId: "T0BENCH",
  botToken: "xoxb-bench",
  botUserId: "U0BOT",
  botId: "B0BOT",
  admins: ["U0ADMIN"],
};
const QUESTIONS = [
  "What do mitochondria produce?",
  "What does the nucleus contain?",
  "How does photosynthesis work?",
  "What is the cell membrane made of?",
];

export interface SlackAckResult {
  ask: { p50: number; p99: number };
  noop: { p50: number; p99: number };
  ratioP99: number;
  requests: number;
  /** Answers delivered, and the time from each round's first ask to its last answer, summed. */
  answers: { delivered: number; drainMs: number };
}

export async function benchSlackAck(): Promise<SlackAckResult> {
  const bench = await startBench();
  try {
    const { send, frontEnd, api } = bench;
    // Warm both paths (JIT, prepared statements, identities) and drain the answers the warm-up started.
    await load((i) => send("/slack/events", i), WARMUP, CONCURRENCY);
    await frontEnd.idle();
    await load((i) => send("/noop/events", i), WARMUP, CONCURRENCY);
    // Rounds alternate the two handlers so drift, GC pauses and socket churn fall on both alike; each
    // ask round's answers are drained before the next no-op round, so the no-op never runs beside them.
    const noop: number[] = [];
    const ask: number[] = [];
    let drainMs = 0;
    const answersBefore = api.callsTo("chat.update").length;
    for (let round = 0; round < ROUNDS; round++) {
      noop.push(...(await load((i) => send("/noop/events", i), REQUESTS / ROUNDS, CONCURRENCY)));
      const started = performance.now();
      ask.push(...(await load((i) => send("/slack/events", i), REQUESTS / ROUNDS, CONCURRENCY)));
      await frontEnd.idle();
      drainMs += performance.now() - started;
    }
    const summary = (ms: number[]) => ({ p50: round(percentile(ms, 50)), p99: round(percentile(ms, 99)) });
    return {
      ask: summary(ask),
      noop: summary(noop),
      ratioP99: round(percentile(ask, 99) / percentile(noop, 99)),
      requests: REQUESTS,
      answers: { delivered: api.callsTo("chat.update").length - answersBefore, drainMs: Math.round(drainMs) },
    };
  } finally {
    await bench.close();
  }
}

/** A course with the sample reader bound to C0BIO, the real front end and the no-op app on one server. */
async function startBench() {
  const api = await startFakeSlackWebApi();
  api.addWorkspace(TEAM);
  const database = await pgliteTarget().open("slack");
  const deps = await seedCourse(database.prisma);
  const frontEnd = createSlackFrontEnd({
    deps,
    settings: {
      signingSecret: SECRET,
      botToken: TEAM.botToken,
      apiUrl: api.apiUrl,
      publicUrl: "http://127.0.0.1",
    },
    logger: deps.logger,
  });
  const server = express();
  server.use(frontEnd.router);
  server.use(noopBoltRouter(api.apiUrl));
  const http: Server = await new Promise((resolve) => {
    const s = server.listen(0, "127.0.0.1", () => resolve(s));
  });
  // Slack keeps its connections open; without this, sockets idle during a drain would close and the
  // next round would pay for reconnecting 50 clients at once.
  http.keepAliveTimeout = 60_000;
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const send = (path: string, i: number) =>
    sendSignedRequest(
      `${base}${path}`,
      slashCommand({
        teamId: TEAM.teamId,
        userId: `U0STU${i % 50}`,
        channelId: "C0BIO",
        text: `ask ${QUESTIONS[i % QUESTIONS.length]}`,
        responseUrl: api.responseUrl(),
      }),
      { signingSecret: SECRET },
    );
  return {
    api,
    frontEnd,
    send,
    async close() {
      await frontEnd.stop();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await api.close();
      await database.close();
    },
  };
}

async function seedCourse(db: Prisma): Promise<StudyHallDeps> {
  const ai = createAi({ provider: "local" });
  const logger = silentLogger();
  const deps = createStudyHallDeps({ db, ai, logger });
  const teacher = { platform: "SLACK" as const, tenant: TEAM.teamId, externalId: "U0ADMIN" };
  const { course } = await bindSpace(db, {
    actor: teacher,
    space: { platform: "SLACK", tenant: TEAM.teamId, channelId: "C0BIO" },
    platformStaff: true,
    course: { create: "Biology 101" },
  });
  const data = await sampleMaterial();
  await addMaterial({ actor: teacher, courseId: course.id, data, fileName: "cell-biology.md" }, deps.ingest);
  return deps;
}

/** The same receiver and authorisation as the real app, with a handler that only acks. */
function noopBoltRouter(apiUrl: string): express.Router {
  const router = express.Router();
  const receiver = new ExpressReceiver({ signingSecret: SECRET, router, endpoints: "/noop/events" });
  const authorize = singleWorkspaceAuthorize(
    new webApi.WebClient(undefined, { slackApiUrl: apiUrl }),
    TEAM.botToken,
  );
  const app = new App({ receiver, authorize, clientOptions: { slackApiUrl: apiUrl } });
  app.command("/studyhall", async ({ ack }) => {
    await ack();
  });
  return router;
}

/** Sends `total` requests with `concurrency` in flight; every ack must be a 200 within Slack's 3 s. */
async function load(
  request: (i: number) => Promise<{ status: number; ms: number }>,
  total: number,
  concurrency: number,
): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const { status, ms } = await request(i);
      if (status !== 200) throw new Error(`request ${i} answered ${status}`);
      times.push(ms);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return times;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(await benchSlackAck(), null, 2));
}
