// Session reminders (issue 14): 10,000 reminders due in the same minute, delivered by two processes
// within Slack's and Discord's rate limits, none twice. Seeds people with one chat identity each (Slack
// people spread over several workspaces, Discord people on one bot token), stores every person's
// SESSION_REMINDER with core's notify() due at one instant, then two child processes (each a core
// JobRunner with the notification delivery handler and the real Slack and Discord DM senders) claim
// and deliver against fake Slack and Discord servers that enforce the platforms' limits
// (session-reminders-fake-*.ts). Reports the time from due to the last delivery, deliveries per
// platform (and within 60 s), people reached twice or not at all, the 429s each fake returned, the peak
// rates each fake saw against its limit, and the runners' own throughput.
// Needs a Postgres admin URL: BENCH_DATABASE_URL (or TEST_DATABASE_URL).
// Alone: `npx tsx bench/session-reminders.ts [--slack 9000] [--workspaces 20] [--discord 1000]
//   [--concurrency N] [--processes 2] [--lead-s 60] [--timeout-s 900] [--label name]`.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { NOTIFY_QUEUE } from "../core/src/notifications/notify-queue.ts";
import { postgresTarget } from "./bench-database.ts";
import { startLimitedFakeDiscord } from "./session-reminders-fake-discord.ts";
import { startLimitedFakeSlack } from "./session-reminders-fake-slack.ts";
import { type RemindersResult, summariseRun } from "./session-reminders-report.ts";
import { type ReminderShape, seedReminderPeople, storeReminders } from "./session-reminders-seed.ts";
import type { WorkerMetrics } from "./session-reminders-worker.ts";

const DATABASE = "session_reminders";
/** Delivery processes unless `--processes` says otherwise (the target is about two). */
const PROCESSES = 2;
/** After the last job settles, how long to keep listening for a late or duplicate message. */
const SETTLE_MS = 3_000;

export interface RemindersOptions extends ReminderShape {
  processes?: number;
  /** Runner concurrency per process; the app's default (4) when absent. */
  concurrency?: number;
  /** How far ahead of storing the reminders their due time is (they must all be stored before it). */
  leadMs: number;
  timeoutMs: number;
  label: string;
}

export async function benchSessionReminders(
  adminUrl: string,
  options: RemindersOptions,
  log: (line: string) => void,
): Promise<RemindersResult> {
  const slack = await startLimitedFakeSlack();
  const discord = await startLimitedFakeDiscord();
  const database = await postgresTarget(adminUrl).open(DATABASE);
  const workers: ChildProcess[] = [];
  try {
    const people = await seedReminderPeople(database, options);
    log(
      `seeded ${people.length} people (${options.slack} Slack in ${options.workspaces} workspaces, ${options.discord} Discord)`,
    );
    const dueAt = new Date(Math.ceil((Date.now() + options.leadMs) / 1000) * 1000);
    const began = performance.now();
    const stored = await storeReminders(database, people, dueAt);
    const storeMs = performance.now() - began;
    log(
      `stored ${stored} reminders with notify() in ${Math.round(storeMs)} ms, due at ${dueAt.toISOString()}`,
    );
    if (Date.now() > dueAt.getTime() - 5_000) throw new Error("storing took longer than --lead-s; raise it");
    const metricsDir = await mkdtemp(path.join(os.tmpdir(), "session-reminders-"));
    const env = {
      ...process.env,
      REMINDERS_METRICS_DIR: metricsDir,
      REMINDERS_DATABASE_URL: databaseUrl(adminUrl),
      REMINDERS_SLACK_URL: slack.apiUrl,
      REMINDERS_DISCORD_URL: discord.apiUrl,
      REMINDERS_DISCORD_TOKEN: discord.token,
      ...(options.concurrency ? { REMINDERS_CONCURRENCY: String(options.concurrency) } : {}),
    };
    const processes = options.processes ?? PROCESSES;
    for (let i = 0; i < processes; i++) workers.push(startWorker(env));
    const metrics = workers.map((worker) => collectMetrics(worker, metricsDir));
    await Promise.all(workers.map(waitReady));
    log(`${processes} workers ready; waiting for ${dueAt.toISOString()}`);
    const settled = await waitForDelivery(
      database.prisma,
      dueAt,
      options.timeoutMs,
      log,
      () => slack.messages.length + discord.messages.length,
    );
    for (const worker of workers) stopWorker(worker);
    const collected = await Promise.all(metrics);
    return await summariseRun({
      options: { ...options, processes },
      people,
      dueAt,
      storeMs,
      timedOut: !settled,
      slack,
      discord,
      workers: collected,
      db: database.prisma,
    });
  } finally {
    for (const worker of workers)
      if (worker.exitCode === null && worker.signalCode === null) worker.kill("SIGKILL");
    await slack.close();
    await discord.close();
    await database.close();
  }
}

function startWorker(env: NodeJS.ProcessEnv): ChildProcess {
  const file = path.join(import.meta.dirname, "session-reminders-worker.ts");
  return spawn(process.execPath, ["--import", "tsx", file, "--worker"], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
}

function waitReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
    child.once("exit", (code) => reject(new Error(`reminder worker exited with ${code}`)));
  });
}

/** The worker's metrics file, written when it stops. */
function collectMetrics(child: ChildProcess, dir: string): Promise<WorkerMetrics | null> {
  return new Promise((resolve) => {
    child.once("close", (code, signal) => {
      readFile(path.join(dir, `${child.pid}.json`), "utf8").then(
        (text) => resolve(JSON.parse(text) as WorkerMetrics),
        () => {
          process.stderr.write(`reminder worker ${child.pid} exited (${code ?? signal}) without metrics\n`);
          resolve(null);
        },
      );
    });
  });
}

/** Asks a worker to stop (it finishes its running jobs first), and kills it after a minute. */
function stopWorker(child: ChildProcess): void {
  child.kill("SIGTERM");
  setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }, 60_000).unref();
}

/** Waits until no delivery job is left to run (done or given up), then a little longer. */
async function waitForDelivery(
  db: import("../core/src/db/open-database.ts").Prisma,
  dueAt: Date,
  timeoutMs: number,
  log: (line: string) => void,
  delivered: () => number,
): Promise<boolean> {
  const deadline = dueAt.getTime() + timeoutMs;
  let lastLog = 0;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (Date.now() < dueAt.getTime()) continue;
    const [row] = await db.$queryRaw<{ open: number }[]>`
      SELECT count(*)::int AS "open" FROM "ScheduledJob"
      WHERE "queue" = ${NOTIFY_QUEUE} AND "doneAt" IS NULL AND "failedAt" IS NULL`;
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log(
        `  +${Math.round((Date.now() - dueAt.getTime()) / 1000)} s: ${delivered()} messages, ${row?.open} jobs open`,
      );
    }
    if (row?.open === 0) {
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      return true;
    }
  }
  return false;
}

function databaseUrl(adminUrl: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/studyhall_bench_${DATABASE}`;
  return url.toString();
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const { values } = parseArgs({
    options: {
      slack: { type: "string", default: "9000" },
      workspaces: { type: "string", default: "20" },
      discord: { type: "string", default: "1000" },
      concurrency: { type: "string" },
      processes: { type: "string", default: String(PROCESSES) },
      "lead-s": { type: "string", default: "60" },
      "timeout-s": { type: "string", default: "900" },
      label: { type: "string", default: "run" },
    },
  });
  const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    process.stderr.write(
      "session reminders: set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a Postgres admin URL\n",
    );
    process.exit(1);
  }
  const loadAtStart = os.loadavg().map((l) => Math.round(l * 10) / 10);
  const result = await benchSessionReminders(
    adminUrl,
    {
      slack: Number(values.slack),
      workspaces: Number(values.workspaces),
      discord: Number(values.discord),
      processes: Number(values.processes),
      ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
      leadMs: Number(values["lead-s"]) * 1000,
      timeoutMs: Number(values["timeout-s"]) * 1000,
      label: values.label,
    },
    (line) => process.stderr.write(`${line}\n`),
  );
  const machine = {
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown"}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    /** 1, 5 and 15-minute load averages when the run began and when it ended (2 vCPU: 2 is full). */
    loadAtStart,
    loadAtEnd: os.loadavg().map((l) => Math.round(l * 10) / 10),
    date: new Date().toISOString(),
  };
  const dir = path.join(import.meta.dirname, "results");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `session-reminders-${machine.date.slice(0, 10)}-${values.label}.json`);
  await writeFile(file, JSON.stringify({ machine, result }, null, 2));
  console.log(JSON.stringify(result, null, 2));
  process.stderr.write(`written to ${file}\n`);
}
