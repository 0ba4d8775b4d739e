// Live-quiz click burst in Slack: one question open, N distinct players (1,000 by default) click an
// answer within one second, signed as Slack signs them, through the real front end (real Bolt,
// ExpressReceiver, our quiz listener, the core's engine) against the fake Slack Web API. In the same
// run, before and after it, the same burst at a no-op Bolt handler that only acks. Reports ack p50/p99 of both
// (target: p99 within 3x the no-op's), answers in the database (must equal N), whether the leaderboard
// matches the answers, and the edits of the game message against Slack's ~1 update/s per message.
// Then the same burst split across two processes sharing one Postgres (BENCH_DATABASE_URL).
// Run alone: `npx tsx bench/quiz-burst-slack.ts [--clicks 200]` (prints a markdown table and JSON).
import { type ChildProcess, spawn } from "node:child_process";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { App, ExpressReceiver, webApi } from "@slack/bolt";
import express from "express";
import { singleWorkspaceAuthorize } from "../bots/slack/src/auth/single-workspace-authorize.ts";
import { createSlackFrontEnd } from "../bots/slack/src/index.ts";
import { blockKitActionIds, blockKitText } from "../bots/slack/src/render/block-kit-text.ts";
import type { SlackBlock } from "../bots/slack/src/render/to-block-kit.ts";
import { createAi } from "../core/src/ai/create-ai.ts";
import { type Database, openDatabase } from "../core/src/db/open-database.ts";
import { createStudyHallDeps } from "../core/src/deps.ts";
import { createJobRunner } from "../core/src/jobs/job-runner.ts";
import { silentLogger } from "../core/src/logger.ts";
import { saveQuiz } from "../core/src/quiz/save-quiz.ts";
import { bindSpace } from "../core/src/spaces/bind-space.ts";
import { blockActionPayload, interactive, slashCommand } from "../test/support/fake-slack-payloads.ts";
import { sendSignedRequest } from "../test/support/fake-slack-signer.ts";
import { type FakeSlackWebApi, startFakeSlackWebApi } from "../test/support/fake-slack-web-api.ts";
import { type BenchTarget, pgliteTarget, postgresTarget } from "./bench-database.ts";
import { percentile } from "./corpus.ts";

const SECRET = "bench-signing-secret";
const TEAM = {
  teamId: "T0QUIZ",
  botToken: "xoxb-quiz",
  botUserId: "U0BOT",
  botId: "B0BOT",
  admins: ["U0HOST"],
};
const HOST = "U0HOST";
const CHANNEL = "C0QUIZ";
const CHOICES = ["Nucleus", "Mitochondria", "Ribosome", "Golgi apparatus"];
const CORRECT = 1;
/** Slack: about one chat.update per second per message. */
const SLACK_EDITS_PER_SECOND = 1;

type Latency = { p50: number; p99: number; max: number };
export interface QuizBurstRun {
  setup: string;
  clicks: number;
  /** How long sending the burst took (it should be about one second). */
  burstMs: number;
  quiz: Latency;
  noop: Latency;
  ratioP99: number;
  answersInDatabase: number;
  lockedInReplies: number;
  leaderboardCorrect: boolean;
  /** Burst start -> every answer recorded and confirmed. */
  drainMs: number;
  gameMessageEdits: number;
  peakEditsPerSecond: number;
  editLimitPerSecond: number;
}

/** A process serving the real Slack front end and the no-op app; in this process or a child. */
interface AppProcess {
  base: string;
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function benchQuizBurstSlack(
  options: { clicks?: number; postgresUrl?: string | undefined; log?: (line: string) => void } = {},
): Promise<QuizBurstRun[]> {
  const clicks = options.clicks ?? 1000;
  const log = options.log ?? (() => {});
  const runs: QuizBurstRun[] = [];
  const targets: BenchTarget[] = [pgliteTarget()];
  if (options.postgresUrl) targets.push(postgresTarget(options.postgresUrl));
  for (const target of targets) {
    log(`quiz burst (slack): one process, ${target.label}, ${clicks} clicks`);
    runs.push(await runBurst(`1 process, ${target.label}`, target, clicks, 1, options.postgresUrl));
  }
  if (options.postgresUrl) {
    log(`quiz burst (slack): two processes, Postgres, ${clicks} clicks`);
    runs.push(
      await runBurst(
        "2 processes, Postgres",
        postgresTarget(options.postgresUrl),
        clicks,
        2,
        options.postgresUrl,
      ),
    );
  } else
    log("quiz burst (slack): two processes skipped (set BENCH_DATABASE_URL to a Postgres with pgvector)");
  return runs;
}

async function runBurst(
  setup: string,
  target: BenchTarget,
  clicks: number,
  processes: 1 | 2,
  postgresUrl: string | undefined,
): Promise<QuizBurstRun> {
  const api = await startFakeSlackWebApi();
  api.addWorkspace(TEAM);
  responseSink = `${api.url}/response`;
  const database = await target.open("quiz_burst_slack");
  await seed(database);
  const apps: AppProcess[] =
    processes === 1
      ? [await startAppServer(database, api.apiUrl)]
      : await Promise.all([0, 1].map(() => startChild(databaseUrl(postgresUrl!), api.apiUrl)));
  try {
    const app = (i: number) => apps[i % apps.length]!;
    // Warm both paths, then the no-op burst, then the game: lobby, joins, start, the answer burst, and
    // the no-op burst once more, so drift on a busy machine falls on both alike.
    await burst(clicks / 5, (i) => click(app(i), "/noop/events", `U0WARM${i}`, "warm"), 200);
    const noopBefore = await burst(clicks, (i) => click(app(i), "/noop/events", `U0NOOP${i}`, "noop"));
    const { start } = await openLobby(api, app(0));
    await burst(clicks, (i) => click(app(i), "/slack/events", player(i), lobbyJoin(start)), 50);
    await Promise.all(apps.map((a) => a.idle()));
    await click(app(1), "/slack/events", HOST, start);
    const board = await waitForBoard(api, (text) => text.includes("Which organelle makes ATP?"));
    const ids = blockKitActionIds(board.blocks).filter((id) => id.startsWith("sh:q:ans:"));
    const before = api.calls.length;
    const responsesBefore = api.responses.length;
    const began = performance.now();
    const quiz = await burst(clicks, (i) => click(app(i), "/slack/events", player(i), ids[choiceOf(i)]!));
    await Promise.all(apps.map((a) => a.idle()));
    await waitUntil(() => api.responses.length - responsesBefore >= clicks, 60_000);
    const drainMs = performance.now() - began;
    await waitForBoard(api, (text) => text.includes(`${clicks} of ${clicks} answered`), 10_000);
    const edits = api.calls.slice(before).filter((c) => c.method === "chat.update" && c.args.ts === board.ts);
    const { peak } = api.peakRate(
      "chat.update",
      (c) => String(c.args.ts),
      1000,
      (c) => edits.includes(c),
    );
    const lockedIn = api.responses
      .slice(responsesBefore)
      .filter((r) => JSON.stringify(r.body).includes("🔒 Locked in")).length;
    const sessionId = (await database.prisma.quizSession.findFirstOrThrow({ where: { spaceId: CHANNEL } }))
      .id;
    const answersInDatabase = await database.prisma.answer.count({ where: { sessionId } });
    await click(app(0), "/slack/events", HOST, board.skip);
    const reveal = await waitForBoard(api, (text) => text.includes("time is up"), 15_000);
    const noopAfter = await burst(clicks, (i) => click(app(i), "/noop/events", `U0NOOP${i}`, "noop"));
    const noop = summarise([...noopBefore.ms, ...noopAfter.ms]);
    return {
      setup,
      clicks,
      burstMs: Math.round(quiz.sentMs),
      quiz: quiz.latency,
      noop,
      ratioP99: round(quiz.latency.p99 / noop.p99),
      answersInDatabase,
      lockedInReplies: lockedIn,
      leaderboardCorrect: await leaderboardMatches(database, sessionId, reveal.text, clicks),
      drainMs: Math.round(drainMs),
      gameMessageEdits: edits.length,
      peakEditsPerSecond: peak,
      editLimitPerSecond: SLACK_EDITS_PER_SECOND,
    };
  } finally {
    for (const a of apps) await a.close();
    await api.close();
    await database.close();
  }
}

const player = (i: number) => `U0P${String(i).padStart(5, "0")}`;
/** Players pick the right answer (B) half the time, the others spread over the wrong ones. */
const choiceOf = (i: number) => (i % 2 === 0 ? CORRECT : [0, 2, 3][Math.floor(i / 2) % 3]!);
const lobbyJoin = (start: string) => start.replace(/^sh:q:ctl:([^:]+):start$/, "sh:q:join:$1");

/** A course bound to the whole workspace, and one approved quiz of one question open for 5 minutes. */
async function seed(database: Database): Promise<void> {
  const { course } = await bindSpace(database.prisma, {
    actor: { platform: "SLACK", tenant: TEAM.teamId, externalId: HOST, displayName: "Host" },
    space: { platform: "SLACK", tenant: TEAM.teamId, channelId: CHANNEL },
    scope: "tenant",
    platformStaff: true,
    course: { create: "Biology 101" },
  });
  await saveQuiz(database.prisma, {
    courseId: course.id,
    title: "Organelles",
    origin: "AUTHORED",
    approved: true,
    questions: [
      {
        kind: "SINGLE_CHOICE",
        prompt: "Which organelle makes ATP?",
        choices: CHOICES,
        correctChoices: [CORRECT],
        timeLimitSec: 300,
      },
    ],
  });
}

async function openLobby(api: FakeSlackWebApi, app: AppProcess): Promise<{ start: string }> {
  const command = slashCommand({
    teamId: TEAM.teamId,
    userId: HOST,
    channelId: CHANNEL,
    text: "quiz start seconds=300 reveal=120",
    responseUrl: api.responseUrl(),
  });
  const { status } = await sendSignedRequest(`${app.base}/slack/events`, command, { signingSecret: SECRET });
  if (status !== 200) throw new Error(`quiz start answered ${status}`);
  const lobby = await waitForBoard(api, (text) => text.includes("Live quiz"));
  return { start: blockKitActionIds(lobby.blocks).find((id) => id.endsWith(":start"))! };
}

/** The latest version of the game message that satisfies `predicate`. */
async function waitForBoard(api: FakeSlackWebApi, predicate: (text: string) => boolean, timeoutMs = 10_000) {
  let found: { ts: string; blocks: SlackBlock[]; text: string; skip: string } | undefined;
  await waitUntil(() => {
    for (const call of [...api.calls].reverse()) {
      if (call.method !== "chat.postMessage" && call.method !== "chat.update") continue;
      if (call.args.channel !== CHANNEL) continue;
      const blocks = (call.args.blocks ?? []) as SlackBlock[];
      const text = blockKitText(blocks);
      if (!predicate(text)) continue;
      const ts = String(call.method === "chat.update" ? call.args.ts : call.response?.ts);
      const skip = blockKitActionIds(blocks).find((id) => id.endsWith(":skip")) ?? "";
      found = { ts, blocks, text, skip };
      return true;
    }
    return false;
  }, timeoutMs);
  return found!;
}

/** The board's leaderboard must be the top players by the points stored for their answers. */
async function leaderboardMatches(database: Database, sessionId: string, reveal: string, clicks: number) {
  const answers = await database.prisma.answer.findMany({
    where: { sessionId },
    include: { user: { include: { identities: true } } },
  });
  const scoredRight = answers.every((a) => {
    const expected = choiceOf(Number(a.user.identities[0]?.externalId.slice(3)));
    return a.choices[0] === expected && a.points > 0 === (expected === CORRECT);
  });
  const distribution = CHOICES.map((_, c) => answers.filter((a) => a.choices[0] === c).length);
  const expectedDistribution = CHOICES.map(
    (_, c) => Array.from({ length: clicks }, (_, i) => choiceOf(i)).filter((x) => x === c).length,
  );
  const top = [...answers]
    .sort((a, b) => b.points - a.points)
    .slice(0, 5)
    .map((a) => a.points);
  const shown = [...reveal.matchAll(/^\d+\. u0p\d+ — (\d+)$/gm)].map((m) => Number(m[1]));
  return (
    scoredRight &&
    JSON.stringify(distribution) === JSON.stringify(expectedDistribution) &&
    JSON.stringify(shown) === JSON.stringify(top)
  );
}

/** Sends `total` requests spread evenly over one second (open loop), or `concurrency` at a time. */
async function burst(
  total: number,
  request: (i: number) => Promise<number>,
  concurrency?: number,
): Promise<{ latency: Latency; ms: number[]; sentMs: number }> {
  const times: Promise<number>[] = [];
  const started = performance.now();
  if (concurrency) {
    let next = 0;
    const worker = async () => {
      while (next < total) {
        const i = next++;
        const ms = request(i);
        times.push(ms);
        await ms;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  } else {
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / total;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      times.push(request(i));
    }
  }
  const sentMs = performance.now() - started;
  const ms = await Promise.all(times);
  return { latency: summarise(ms), ms, sentMs };
}

function summarise(ms: number[]): Latency {
  return { p50: round(percentile(ms, 50)), p99: round(percentile(ms, 99)), max: round(Math.max(...ms)) };
}

/** One signed block_actions click; resolves to its ack latency, failing on anything but a 200. */
async function click(app: AppProcess, path: string, user: string, actionId: string): Promise<number> {
  // Each click's response_url is the fake Slack's, so every private "locked in" is counted.
  const payload = blockActionPayload({
    teamId: TEAM.teamId,
    userId: user,
    channelId: CHANNEL,
    actionId,
    responseUrl: `${responseSink}/${user}`,
  });
  const { status, ms } = await sendSignedRequest(`${app.base}${path}`, interactive(payload), {
    signingSecret: SECRET,
  });
  if (status !== 200) throw new Error(`click by ${user} answered ${status}`);
  return ms;
}
let responseSink = "";

/** The real front end, the no-op app, and a job runner, on one express server. */
async function startAppServer(database: Database, apiUrl: string): Promise<AppProcess> {
  const logger = silentLogger();
  const deps = createStudyHallDeps({ db: database.prisma, ai: createAi({ provider: "local" }), logger });
  const settings = { signingSecret: SECRET, botToken: TEAM.botToken, apiUrl, publicUrl: "http://127.0.0.1" };
  const frontEnd = createSlackFrontEnd({ deps, settings, logger });
  const runner = createJobRunner({
    db: database.prisma,
    logger,
    handlers: deps.quiz.engine.jobHandlers(),
    pollMs: 100,
  });
  runner.start();
  const server = express();
  server.use(frontEnd.router);
  server.use(noopBoltRouter(apiUrl));
  server.get("/bench/idle", (_req, res) => void frontEnd.idle().then(() => res.send("idle")));
  const http: Server = await new Promise((resolve) => {
    const s = server.listen(0, "127.0.0.1", () => resolve(s));
  });
  http.keepAliveTimeout = 60_000;
  return {
    base: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    idle: () => frontEnd.idle(),
    async close() {
      await runner.stop();
      await deps.quiz.engine.close();
      await frontEnd.stop();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** The same receiver and authorisation as the real app, with a handler that only acks every click. */
function noopBoltRouter(apiUrl: string): express.Router {
  const router = express.Router();
  const receiver = new ExpressReceiver({ signingSecret: SECRET, router, endpoints: "/noop/events" });
  const authorize = singleWorkspaceAuthorize(
    new webApi.WebClient(undefined, { slackApiUrl: apiUrl }),
    TEAM.botToken,
  );
  const app = new App({ receiver, authorize, clientOptions: { slackApiUrl: apiUrl } });
  app.action(/.*/, async ({ ack }) => {
    await ack();
  });
  return router;
}

/** A child process serving the app on the shared Postgres (this file with --child). */
async function startChild(url: string, apiUrl: string): Promise<AppProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--child"],
    {
      env: { ...process.env, QUIZ_BENCH_CHILD: JSON.stringify({ url, apiUrl }) },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const base = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const ready = /"ready":"([^"]+)"/.exec(out);
      if (ready) resolve(ready[1]!);
    });
    child.once("exit", (code) => reject(new Error(`bench child exited with ${code}`)));
  });
  return {
    base,
    idle: async () => void (await fetch(`${base}/bench/idle`)).text(),
    close: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function runChild(): Promise<void> {
  const { url, apiUrl } = JSON.parse(process.env.QUIZ_BENCH_CHILD ?? "{}") as { url: string; apiUrl: string };
  const database = await openDatabase({ kind: "postgres", url, poolSize: 8 });
  const app = await startAppServer(database, apiUrl);
  process.stdout.write(`${JSON.stringify({ ready: app.base })}\n`);
  process.once(
    "SIGTERM",
    () =>
      void app
        .close()
        .then(() => database.close())
        .finally(() => process.exit(0)),
  );
}

function databaseUrl(adminUrl: string): string {
  const url = new URL(adminUrl);
  url.pathname = "/studyhall_bench_quiz_burst_slack";
  return url.toString();
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms`);
    await sleep(20);
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The runs as the markdown table the other benchmarks print. */
export function quizBurstTable(runs: QuizBurstRun[]): string {
  const rows = runs.map((r) =>
    [
      r.setup,
      r.clicks,
      `${r.burstMs} ms`,
      `${r.quiz.p50} / ${r.quiz.p99} ms`,
      `${r.noop.p50} / ${r.noop.p99} ms`,
      `${r.ratioP99}×`,
      `${r.answersInDatabase} / ${r.clicks}`,
      r.leaderboardCorrect ? "yes" : "NO",
      `${r.drainMs} ms`,
      `${r.gameMessageEdits} (peak ${r.peakEditsPerSecond}/s, limit ${r.editLimitPerSecond}/s)`,
    ].join(" | "),
  );
  return [
    "| setup | clicks | sent in | quiz ack p50 / p99 | no-op ack p50 / p99 | p99 ratio | answers stored | leaderboard right | all confirmed after | game message edits |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows.map((r) => `| ${r} |`),
  ].join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { child: { type: "boolean" }, clicks: { type: "string" } } });
  if (values.child) await runChild();
  else {
    const runs = await benchQuizBurstSlack({
      clicks: values.clicks ? Number(values.clicks) : 1000,
      postgresUrl: process.env.BENCH_DATABASE_URL,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    console.log(quizBurstTable(runs));
    console.log(JSON.stringify(runs, null, 2));
  }
}
