// A live quiz burst on Discord: one question open, N distinct players (1,000 by default) click an answer
// within one second through the real front end (discord.js, our router, the quiz engine) against the
// fake Discord, beside a no-op discord.js client that only defers the same clicks, in the same run.
// Reports acknowledgement p50/p99 (INTERACTION_CREATE sent -> callback received, what Discord holds
// against its 3 seconds) of both, answers in the database (must be N), whether the scores and ranks
// match the answers, and the edits of the game message (Discord allows 5 per 5 s per channel). Then
// the same burst across two bot processes sharing one Postgres (BENCH_DATABASE_URL): both log in to
// the one fake Discord as the same shard and the clicks alternate between them.
// Alone: `npx tsx bench/quiz-burst-discord.ts [--players 1000] [--targets pglite,postgres]`.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { parseArgs } from "node:util";
import { Client, Events, GatewayIntentBits } from "discord.js";
import { createDiscordFrontEnd } from "../bots/discord/src/index.ts";
import { createAi } from "../core/src/ai/create-ai.ts";
import { type Database, openDatabase, type Prisma } from "../core/src/db/open-database.ts";
import { createStudyHallDeps } from "../core/src/deps.ts";
import { createJobRunner } from "../core/src/jobs/job-runner.ts";
import { createLogger, silentLogger } from "../core/src/logger.ts";
import { saveQuiz } from "../core/src/quiz/save-quiz.ts";
import { bindSpace } from "../core/src/spaces/bind-space.ts";
import { makeGuild, makeUser } from "../test/support/fake-discord-harness.ts";
import { OPTION } from "../test/support/fake-discord-interactions.ts";
import { type FakeUser, PERMISSIONS } from "../test/support/fake-discord-payloads.ts";
import { clickButton, sendBurst, waitForBoard, waitForReplies } from "../test/support/fake-discord-quiz.ts";
import { type FakeDiscord, startFakeDiscord } from "../test/support/fake-discord-server.ts";
import { type BenchTarget, pgliteTarget, postgresTarget } from "./bench-database.ts";
import { percentile } from "./corpus.ts";

const BURST_MS = 1_000;
const JOIN_CONCURRENCY = 50;
const CHOICES = ["Nucleus", "Mitochondria", "Ribosome", "Golgi apparatus"];
const CORRECT = 1;
/** Discord: 5 edits of a channel's messages per 5 s. */
const EDIT_LIMIT = { edits: 5, windowMs: 5_000 };

export interface QuizBurstResult {
  scenario: string;
  clicks: number;
  ack: { p50: number; p99: number; max: number };
  noop: { p50: number; p99: number };
  ratioP99: number;
  answersInDatabase: number;
  leaderboardCorrect: boolean;
  /** Edits of the game message from the first click until every "locked in" reply was shown. */
  gameEdits: { duringBurst: number; peakPer5s: number; limitPer5s: number };
  /** From the first click until the last player saw "Locked in". */
  lockedInMs: number;
  /** Players whose result was pushed privately at the end (others use the "My result" button). */
  resultsPushed: number;
}

/** The burst on each target in one process, then across two processes on Postgres if configured. */
export async function benchQuizBurstDiscord(
  targets: BenchTarget[],
  log: (line: string) => void,
  players = 1_000,
): Promise<QuizBurstResult[]> {
  const results: QuizBurstResult[] = [];
  for (const target of targets) {
    log(`quiz burst (Discord): ${target.label}, one process, ${players} players`);
    results.push(await runScenario({ kind: "one", target }, players));
  }
  const url = process.env.BENCH_DATABASE_URL;
  if (url) {
    log(`quiz burst (Discord): Postgres, two processes, ${players} players`);
    results.push(await runScenario({ kind: "two", adminUrl: url }, players));
  } else log("quiz burst (Discord), two processes: skipped (set BENCH_DATABASE_URL)");
  log(markdownTable(results));
  return results;
}

/** For bench/run.ts (`--only quiz-discord`): every scenario, recorded under "quiz-discord". */
export async function runAll(
  targets: BenchTarget[],
  record: (section: string, value: unknown) => void,
  log: (line: string) => void,
): Promise<void> {
  for (const result of await benchQuizBurstDiscord(targets, log)) record("quiz-discord", result);
}

type Scenario = { kind: "one"; target: BenchTarget } | { kind: "two"; adminUrl: string };

interface Bots {
  stop(): Promise<void>;
}

async function runScenario(scenario: Scenario, players: number): Promise<QuizBurstResult> {
  const teacher = makeUser("teacher");
  const guild = makeGuild("Quiz server", teacher);
  const people = Array.from({ length: players }, (_, i) => makeUser(`player-${i}`));
  const fake = await startFakeDiscord({ guilds: [guild] });
  const other = await startFakeDiscord({ guilds: [guild] });
  const name = scenario.kind === "one" ? "quiz_discord" : "quiz_discord_2p";
  const target = scenario.kind === "one" ? scenario.target : postgresTarget(scenario.adminUrl);
  const database = await target.open(name);
  let bots: Bots | null = null;
  const noop = await startNoopClient(other);
  try {
    await seed(database.prisma, teacher, guild);
    bots =
      scenario.kind === "one"
        ? await startInProcess(database, fake)
        : await startWorkers(fake, databaseUrl(scenario.adminUrl, name));
    if (scenario.kind === "two") fake.setInteractionDelivery("next");
    return await play(fake, other, database.prisma, { teacher, guild, people, scenario });
  } finally {
    await bots?.stop();
    await noop.destroy();
    await fake.close();
    await other.close();
    await database.close();
  }
}

async function play(
  fake: FakeDiscord,
  other: FakeDiscord,
  db: Prisma,
  w: { teacher: FakeUser; guild: ReturnType<typeof makeGuild>; people: FakeUser[]; scenario: Scenario },
): Promise<QuizBurstResult> {
  const ch = w.guild.channelId;
  const at = (user: FakeUser) => ({ guildId: w.guild.id, channelId: ch, user });
  const host = { ...at(w.teacher), permissions: PERMISSIONS.manageGuild };
  fake.slashCommand(host, {
    name: "quiz",
    options: [{ name: "start", type: OPTION.subcommand, options: [] }],
  });
  const lobby = await waitForBoard(fake, ch, (c) => c.includes("Live quiz"), 30_000);
  // Players join in the lobby first, as they would; the burst is the answers.
  for (let i = 0; i < w.people.length; i += JOIN_CONCURRENCY) {
    const joins = w.people.slice(i, i + JOIN_CONCURRENCY).map((p) => clickButton(fake, at(p), lobby, "Join"));
    await waitForReplies(fake, joins, (c) => c.includes("You're in"));
  }
  clickButton(fake, host, lobby, "Start");
  const question = await waitForBoard(fake, ch, (c) => c.includes("Question 1 of 1"), 30_000);
  const choiceOf = (i: number) => i % CHOICES.length;
  const label = (i: number) => `${"ABCD"[choiceOf(i)]}.`;

  // The no-op client first (its fake is idle otherwise), then ours, in the same process and run.
  const noopBurst = await sendBurst(other, w.people.length, BURST_MS, (i) =>
    clickButton(other, at(w.people[i]!), question, label(i)),
  );
  const burstStart = performance.now();
  const burst = await sendBurst(fake, w.people.length, BURST_MS, (i) =>
    clickButton(fake, at(w.people[i]!), question, label(i)),
  );
  const lastLocked = await waitForReplies(fake, burst.interactions, (c) => c.includes("Locked in"));
  const duringBurst = fake.channelEdits(ch).filter((t) => t >= burstStart && t <= lastLocked).length;
  const sessionId = (await db.quizSession.findFirstOrThrow({ where: { spaceId: ch } })).id;
  const answersInDatabase = await db.answer.count({ where: { sessionId } });

  clickButton(fake, host, question, "Skip");
  const reveal = await waitForBoard(fake, ch, (c) => c.includes("time is up"), 30_000);
  clickButton(fake, host, reveal, "Show results");
  await waitForBoard(fake, ch, (c) => c.includes("final results"), 60_000);
  const pushed = await settledCount(() => privateResults(fake), w.people.length);
  const expected = CHOICES.map((_, c) => w.people.filter((_, i) => choiceOf(i) === c).length);
  const distributionShown = expected.every((n, c) =>
    reveal.content.includes(`${"ABCD"[c]}. ${CHOICES[c]} — ${n} `),
  );
  const summary = (ms: number[]) => ({ p50: round(percentile(ms, 50)), p99: round(percentile(ms, 99)) });
  return {
    scenario: `${w.scenario.kind === "one" ? `1 process, ${w.scenario.target.label}` : "2 processes, Postgres"}`,
    clicks: w.people.length,
    ack: { ...summary(burst.ackMs), max: round(Math.max(...burst.ackMs)) },
    noop: summary(noopBurst.ackMs),
    ratioP99: round(percentile(burst.ackMs, 99) / percentile(noopBurst.ackMs, 99)),
    answersInDatabase,
    leaderboardCorrect:
      distributionShown && (await leaderboardMatchesAnswers(db, sessionId, w.people.length)),
    gameEdits: {
      duringBurst,
      peakPer5s: fake.peakChannelEdits(ch, EDIT_LIMIT.windowMs),
      limitPer5s: EDIT_LIMIT.edits,
    },
    lockedInMs: Math.round(lastLocked - burstStart),
    resultsPushed: pushed,
  };
}

/**
 * Scores and ranks agree with the recorded answers: each result's score is the sum of its points,
 * right answers are counted as right, and the rank is one more than the number of higher scores.
 */
async function leaderboardMatchesAnswers(db: Prisma, sessionId: string, players: number): Promise<boolean> {
  const [results, answers] = await Promise.all([
    db.quizResult.findMany({ where: { sessionId } }),
    db.answer.findMany({ where: { sessionId } }),
  ]);
  const byUser = new Map(answers.map((a) => [a.userId, a]));
  const scores = results.map((r) => r.score).sort((a, b) => b - a);
  return (
    results.length === players &&
    results.every((r) => {
      const a = byUser.get(r.userId);
      const higher = scores.filter((s) => s > r.score).length;
      return (
        a !== undefined &&
        r.score === a.points &&
        r.correctCount === (a.choices[0] === CORRECT ? 1 : 0) &&
        (a.choices[0] === CORRECT) === a.points > 0 &&
        r.rank === higher + 1
      );
    })
  );
}

function privateResults(fake: FakeDiscord): number {
  return fake.calls.filter(
    (c) =>
      c.method === "POST" &&
      c.path.startsWith("/webhooks/") &&
      c.status < 300 &&
      String(c.body.content).includes("Your result"),
  ).length;
}

/** Polls `count` until it reaches `target`, or stops growing for 5 s (60 s at first: results are built first). */
async function settledCount(count: () => number, target: number): Promise<number> {
  let last = -1;
  let quietUntil = Date.now() + 60_000;
  while (count() < target && Date.now() < quietUntil) {
    if (count() !== last) {
      last = count();
      if (last > 0) quietUntil = Date.now() + 5_000;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return count();
}

async function seed(db: Prisma, teacher: FakeUser, guild: ReturnType<typeof makeGuild>): Promise<void> {
  const actor = { platform: "DISCORD" as const, tenant: "", externalId: teacher.id, displayName: "teacher" };
  const { course } = await bindSpace(db, {
    actor,
    space: { platform: "DISCORD", tenant: guild.id, channelId: guild.channelId },
    platformStaff: true,
    course: { create: "Biology 101" },
  });
  await saveQuiz(db, {
    courseId: course.id,
    title: "Burst",
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

/** The real front end and a job runner in this process. */
async function startInProcess(database: Database, fake: FakeDiscord): Promise<Bots> {
  return startBot(database.prisma, fake.apiUrl, fake.token, fake.applicationId);
}

async function startBot(db: Prisma, apiUrl: string, token: string, applicationId: string): Promise<Bots> {
  const logger =
    process.env.BENCH_LOGS === "1" ? createLogger({ level: "warn", pretty: false, fd: 2 }) : silentLogger();
  const deps = createStudyHallDeps({ db, ai: createAi({ provider: "local" }), logger });
  const bot = createDiscordFrontEnd({
    deps,
    logger,
    settings: { token, applicationId, apiUrl, messageContent: false },
  });
  const jobs = createJobRunner({ db, logger, handlers: deps.quiz.engine.jobHandlers(), pollMs: 100 });
  await bot.start();
  jobs.start();
  return {
    async stop() {
      await jobs.stop();
      await deps.quiz.engine.close();
      await bot.stop();
    },
  };
}

/** Two child processes, each the real front end with its own job runner, on one Postgres database. */
async function startWorkers(fake: FakeDiscord, url: string): Promise<Bots> {
  const env = {
    ...process.env,
    QUIZ_BENCH_DATABASE_URL: url,
    QUIZ_BENCH_API_URL: fake.apiUrl,
    QUIZ_BENCH_TOKEN: fake.token,
    QUIZ_BENCH_APPLICATION_ID: fake.applicationId,
  };
  const children: ChildProcess[] = [0, 1].map(() =>
    spawn(process.execPath, ["--import", "tsx", import.meta.filename, "--worker"], {
      env,
      stdio: ["ignore", "pipe", "inherit"],
    }),
  );
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve, reject) => {
          child.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
          child.once("exit", (code) => reject(new Error(`quiz bench worker exited with ${code}`)));
        }),
    ),
  );
  return {
    async stop() {
      for (const child of children) child.kill("SIGTERM");
      await Promise.all(children.map((child) => (child.exitCode === null ? once(child, "exit") : null)));
    },
  };
}

async function runWorker(): Promise<void> {
  const env = (key: string) => process.env[key] ?? "";
  const database = await openDatabase({ kind: "postgres", url: env("QUIZ_BENCH_DATABASE_URL") });
  const bots = await startBot(
    database.prisma,
    env("QUIZ_BENCH_API_URL"),
    env("QUIZ_BENCH_TOKEN"),
    env("QUIZ_BENCH_APPLICATION_ID"),
  );
  process.stdout.write("ready\n");
  process.once("SIGTERM", () => {
    void bots
      .stop()
      .then(() => database.close())
      .finally(() => process.exit(0));
  });
}

/** A discord.js client whose only behaviour is the ephemeral defer our quiz buttons make. */
async function startNoopClient(fake: FakeDiscord): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  client.on(Events.InteractionCreate, (interaction) => {
    if (interaction.isRepliable())
      void interaction.deferReply({ flags: 64, withResponse: true }).catch(() => {});
  });
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
  return client;
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/studyhall_bench_${name}`;
  return url.toString();
}

function markdownTable(results: QuizBurstResult[]): string {
  const rows = results.map((r) =>
    [
      r.scenario,
      r.clicks,
      `${r.ack.p50} / ${r.ack.p99}`,
      `${r.noop.p50} / ${r.noop.p99}`,
      `${r.ratioP99}×`,
      `${r.answersInDatabase} of ${r.clicks}`,
      r.leaderboardCorrect ? "yes" : "NO",
      `${r.gameEdits.duringBurst} (peak ${r.gameEdits.peakPer5s} per 5 s, limit ${r.gameEdits.limitPer5s})`,
      `${(r.lockedInMs / 1000).toFixed(1)} s`,
      `${r.resultsPushed} of ${r.clicks}`,
    ].join(" | "),
  );
  return [
    "| Scenario | Clicks in 1 s | Ack p50 / p99 (ms) | No-op p50 / p99 (ms) | p99 ratio | Answers stored | Scores right | Game message edits | All locked in after | Results pushed |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r} |`),
  ].join("\n");
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

if (process.argv.includes("--worker")) {
  await runWorker();
} else if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const { values } = parseArgs({
    options: { players: { type: "string", default: "1000" }, targets: { type: "string", default: "pglite" } },
  });
  const targets = values.targets.split(",").flatMap((t) => {
    if (t === "pglite") return [pgliteTarget()];
    const url = process.env.BENCH_DATABASE_URL;
    return t === "postgres" && url ? [postgresTarget(url)] : [];
  });
  const results = await benchQuizBurstDiscord(
    targets,
    (line) => process.stderr.write(`${line}\n`),
    Number(values.players),
  );
  console.log(JSON.stringify(results, null, 2));
}
