// Flashcard review clicks in Slack: 1,000 rating clicks (Again/Hard/Good/Easy) within one second, each
// in the student's DM with the app, signed as Slack signs them, through the real front end (Bolt's
// ExpressReceiver, our study listener, core's reviewCard and the next card's reply, chat.update to the
// fake Slack Web API). Every click is for a distinct (student, card) pair except a planned set of
// duplicates: 25 pairs clicked twice back to back (a double click) and 25 clicked again about half a
// second later (a second window). In the same run, before and after it, the same burst at a no-op Bolt
// handler that only acks. Afterwards the ReviewLog must have exactly one row per distinct pair and each
// clicked CardState's reps must have moved once.
// Run alone: `npx tsx bench/review-burst-slack.ts [--targets pglite,postgres]`.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import express from "express";
import { createSlackFrontEnd } from "../bots/slack/src/index.ts";
import { encodeAction } from "../bots/slack/src/render/action-codec.ts";
import { createAi } from "../core/src/ai/create-ai.ts";
import type { Database } from "../core/src/db/open-database.ts";
import { createStudyHallDeps } from "../core/src/deps.ts";
import { silentLogger } from "../core/src/logger.ts";
import type { CardRating } from "../core/src/reply/reply.ts";
import { startFakeSlackWebApi } from "../test/support/fake-slack-web-api.ts";
import { benchTargets } from "./bench-database.ts";
import { seedReviewBurst } from "./review-burst-seed.ts";
import {
  type Latency,
  noopBoltRouter,
  oneSecondBurst,
  round,
  signedClick,
  summarise,
  waitUntil,
} from "./slack-click-burst.ts";

const SECRET = "bench-signing-secret";
const TEAM = { teamId: "T0REVIEW", botToken: "xoxb-review", botUserId: "U0BOT", botId: "B0BOT" };
const CLICKS = 1000;
const DOUBLE_CLICKS = 25;
const SECOND_WINDOW = 25;

export interface ReviewBurstRun {
  database: string;
  clicks: number;
  distinctPairs: number;
  burstMs: number;
  review: Latency;
  noop: Latency;
  ratioP99: number;
  /** ReviewLog rows after the burst (must equal distinctPairs). */
  reviewLogRows: number;
  /** Distinct (student, card) pairs among them (must equal distinctPairs). */
  reviewLogPairs: number;
  /** Clicked pairs whose reps moved exactly once (must equal distinctPairs). */
  repsMovedOnce: number;
  /** CardState rows whose reps moved although nobody clicked them, or moved twice (must be 0). */
  wrongStates: number;
  /** Clicks answered in Slack (chat.update of the clicked message), of which "already reviewed". */
  answered: number;
  alreadyReviewed: number;
  /** Clicks answered with an error notice through the response_url (must be 0). */
  refused: number;
  /** The first refusal's text, to say why. */
  firstRefusal: string | null;
  /** Burst start -> every click answered. */
  drainMs: number;
}

/** The order of the clicks: student i once each, some twice (adjacent, or about 500 clicks later). */
export function clickOrder(distinct: number, doubles: number, secondWindow: number): number[] {
  const order: number[] = [];
  for (let s = 0; s < distinct; s++) {
    order.push(s);
    if (s < doubles) order.push(s);
  }
  for (let s = doubles; s < doubles + secondWindow; s++) {
    const at = order.indexOf(s) + Math.floor(distinct / 2);
    order.splice(Math.min(at, order.length), 0, s);
  }
  return order;
}

export async function benchReviewBurstSlack(
  options: { targets?: string; log?: (line: string) => void } = {},
): Promise<ReviewBurstRun[]> {
  const log = options.log ?? (() => {});
  const runs: ReviewBurstRun[] = [];
  for (const target of benchTargets(options.targets ?? "pglite,postgres", log)) {
    log(`review burst (slack): ${target.label}, ${CLICKS} clicks`);
    const database = await target.open("review_burst_slack");
    try {
      runs.push(await runBurst(target.label, database));
      log(`  ${JSON.stringify(runs.at(-1))}`);
    } finally {
      await database.close();
    }
  }
  return runs;
}

async function runBurst(label: string, database: Database): Promise<ReviewBurstRun> {
  const distinct = CLICKS - DOUBLE_CLICKS - SECOND_WINDOW;
  const api = await startFakeSlackWebApi();
  api.addWorkspace({ ...TEAM, admins: [] });
  const seeded = await seedReviewBurst(database, {
    teamId: TEAM.teamId,
    students: distinct,
    now: new Date(),
  });
  const app = await startApp(database, api.apiUrl);
  try {
    const dm = (s: number) => `D${seeded.students[s]!.externalId}`;
    const click = (path: string, s: number, actionId: string) =>
      signedClick({
        url: `${app.base}${path}`,
        signingSecret: SECRET,
        teamId: TEAM.teamId,
        userId: seeded.students[s]!.externalId,
        channelId: dm(s),
        messageTs: `1700000${String(s).padStart(3, "0")}.000100`,
        actionId,
        responseUrl: `${api.url}/response/${s}`,
      });
    const rate = (s: number) =>
      encodeAction({
        kind: "card.rate",
        cardId: seeded.students[s]!.cardId,
        reps: seeded.reps,
        rating: (1 + (s % 4)) as CardRating,
      });
    const order = clickOrder(distinct, DOUBLE_CLICKS, SECOND_WINDOW);
    // Warm both paths (a few students' other cards), then the no-op burst, the reviews, the no-op again.
    for (let s = distinct; s < seeded.students.length; s++) await click("/slack/events", s, rate(s));
    await app.idle();
    await oneSecondBurst(200, (i) => click("/noop/events", i, "warm"));
    const noopBefore = await oneSecondBurst(CLICKS, (i) => click("/noop/events", order[i]!, "noop"));
    const before = api.calls.length;
    const responsesBefore = api.responses.length;
    const began = performance.now();
    const review = await oneSecondBurst(CLICKS, (i) => click("/slack/events", order[i]!, rate(order[i]!)));
    const answers = () => api.calls.slice(before).filter((c) => c.method === "chat.update");
    // A click core refuses is answered through its response_url instead (an error notice).
    const refusals = () => api.responses.length - responsesBefore;
    await waitUntil(() => answers().length + refusals() >= CLICKS, 120_000);
    const drainMs = performance.now() - began;
    await app.idle();
    const noopAfter = await oneSecondBurst(CLICKS, (i) => click("/noop/events", order[i]!, "noop"));
    const noop = summarise([...noopBefore.ms, ...noopAfter.ms]);
    const checks = await checkLedger(database, seeded, distinct);
    return {
      database: label,
      clicks: CLICKS,
      distinctPairs: distinct,
      burstMs: Math.round(review.sentMs),
      review: review.latency,
      noop,
      ratioP99: round(review.latency.p99 / noop.p99),
      ...checks,
      answered: answers().length,
      alreadyReviewed: answers().filter((c) => JSON.stringify(c.args).includes("already reviewed")).length,
      refused: refusals(),
      firstRefusal: refusals() ? JSON.stringify(api.responses[responsesBefore]?.body).slice(0, 400) : null,
      drainMs: Math.round(drainMs),
    };
  } finally {
    await app.close();
    await api.close();
  }
}

/** The database after the burst: one ReviewLog row per clicked pair, each clicked state moved once. */
async function checkLedger(
  database: Database,
  seeded: Awaited<ReturnType<typeof seedReviewBurst>>,
  distinct: number,
) {
  const clicked = seeded.students.slice(0, distinct);
  const userIds = clicked.map((s) => s.userId);
  const cardIds = clicked.map((s) => s.cardId);
  const [log] = await database.prisma.$queryRaw<Array<{ rows: number; pairs: number }>>`
    SELECT count(*)::int AS "rows", count(DISTINCT ("userId", "cardId"))::int AS "pairs"
    FROM "ReviewLog" r
    JOIN unnest(${userIds}::uuid[], ${cardIds}::uuid[]) AS p("userId", "cardId") USING ("userId", "cardId")`;
  const [states] = await database.prisma.$queryRaw<Array<{ once: number; wrong: number }>>`
    WITH clicked AS (SELECT * FROM unnest(${userIds}::uuid[], ${cardIds}::uuid[]) AS p("userId", "cardId"))
    SELECT count(*) FILTER (WHERE c."userId" IS NOT NULL AND s."reps" = ${seeded.reps + 1})::int AS "once",
           count(*) FILTER (WHERE (c."userId" IS NULL AND s."reps" <> ${seeded.reps}
                                   AND s."userId" = ANY(${userIds}::uuid[]))
                               OR (c."userId" IS NOT NULL AND s."reps" <> ${seeded.reps + 1}))::int AS "wrong"
    FROM "CardState" s LEFT JOIN clicked c USING ("userId", "cardId")`;
  return {
    reviewLogRows: log?.rows ?? 0,
    reviewLogPairs: log?.pairs ?? 0,
    repsMovedOnce: states?.once ?? 0,
    wrongStates: states?.wrong ?? 0,
  };
}

/** The real Slack front end and the no-op app on one express server. */
async function startApp(database: Database, apiUrl: string) {
  const logger = silentLogger();
  const deps = createStudyHallDeps({ db: database.prisma, ai: createAi({ provider: "local" }), logger });
  const settings = { signingSecret: SECRET, botToken: TEAM.botToken, apiUrl, publicUrl: "http://127.0.0.1" };
  const frontEnd = createSlackFrontEnd({ deps, settings, logger });
  const server = express();
  server.use(frontEnd.router);
  server.use(
    noopBoltRouter({ signingSecret: SECRET, botToken: TEAM.botToken, apiUrl, endpoint: "/noop/events" }),
  );
  const http: Server = await new Promise((resolve) => {
    const s = server.listen(0, "127.0.0.1", () => resolve(s));
  });
  http.keepAliveTimeout = 60_000;
  return {
    base: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    idle: () => frontEnd.idle(),
    async close() {
      await frontEnd.stop();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** The runs as a markdown table. */
export function reviewBurstTable(runs: ReviewBurstRun[]): string {
  const rows = runs.map((r) =>
    [
      r.database,
      `${r.clicks} (${r.distinctPairs} pairs)`,
      `${r.burstMs} ms`,
      `${r.review.p50} / ${r.review.p99}`,
      `${r.noop.p50} / ${r.noop.p99}`,
      `${r.ratioP99}×`,
      `${r.reviewLogRows} rows, ${r.reviewLogPairs} pairs`,
      `${r.repsMovedOnce} (wrong: ${r.wrongStates})`,
      `${r.answered} (${r.alreadyReviewed} "already reviewed"), ${r.refused} refused`,
      `${r.drainMs} ms`,
    ].join(" | "),
  );
  return [
    "| Database | Clicks | Sent in | Review ack p50 / p99 (ms) | No-op ack p50 / p99 (ms) | p99 ratio | ReviewLog | reps moved once | Answered | All answered after |",
    "|---|---:|---:|---:|---:|---:|---|---:|---|---:|",
    ...rows.map((r) => `| ${r} |`),
  ].join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { targets: { type: "string" } } });
  const runs = await benchReviewBurstSlack({
    ...(values.targets ? { targets: values.targets } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  console.log(reviewBurstTable(runs));
  console.log(JSON.stringify(runs, null, 2));
}
