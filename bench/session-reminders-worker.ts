// One delivery process of the reminder benchmark: a core JobRunner with the notification delivery
// handler (queue NOTIFY_QUEUE) and the real DM senders, Slack's on @slack/web-api's WebClient (one per
// workspace token, as the OAuth app keeps them) and Discord's on @discordjs/rest, pointed at the
// benchmark's fake platforms. The runner's settings are the app's (app/src/main.ts: the defaults)
// unless REMINDERS_CONCURRENCY names another concurrency. It prints "ready", and on SIGTERM stops
// the runner and writes REMINDERS_METRICS_DIR/<pid>.json: when each job ran and how long its send took.
import { AsyncLocalStorage } from "node:async_hooks";
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { InstallationStore } from "@slack/bolt";
import type { Logger as SlackLogger } from "@slack/logger";
import { createBotRest } from "../bots/discord/src/client/create-discord-client.ts";
import { createDiscordStudyNudgeSender } from "../bots/discord/src/client/discord-study-nudge-sender.ts";
import { createSlackStudyNudgeSender } from "../bots/slack/src/slack/slack-study-nudge-sender.ts";
import { createWorkspaceClients } from "../bots/slack/src/slack/workspace-clients.ts";
import { createAi } from "../core/src/ai/create-ai.ts";
import { openDatabase } from "../core/src/db/open-database.ts";
import { createStudyHallDeps } from "../core/src/deps.ts";
import type { StudyNudgeSender } from "../core/src/flashcards/nudge/study-nudge-sender.ts";
import { createJobRunner } from "../core/src/jobs/job-runner.ts";
import { createLogger, silentLogger } from "../core/src/logger.ts";
import { NOTIFY_QUEUE, notificationJobHandler } from "../core/src/notifications/deliver-notifications.ts";

/** The Slack front end's retry settings for its Web API clients (bots/slack/src/create-slack-front-end.ts). */
const SLACK_RETRY = { retries: 4, factor: 2, minTimeout: 250, maxTimeout: 8000 };

/** One job as this process ran it (ms since the epoch; send = inside the platform sender). */
export interface JobSample {
  start: number;
  end: number;
  ok: boolean;
  platform: "SLACK" | "DISCORD" | null;
  sendMs: number | null;
}

export interface WorkerMetrics {
  pid: number;
  concurrency: number;
  jobs: JobSample[];
  /** Times @discordjs/rest held a request back itself (its own budget or a bucket), by kind. */
  discordClientWaits: { global: number; route: number };
  /** This process's CPU time (user + system) from its first job's start to the stop. */
  cpuMs: number;
}

const env = (key: string) => process.env[key] ?? "";

const silentSlackLogger: SlackLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => "error" as never,
  setName: () => {},
};

export async function runReminderWorker(): Promise<void> {
  const logger =
    env("BENCH_LOGS") === "1" ? createLogger({ level: "warn", pretty: false, fd: 2 }) : silentLogger();
  const database = await openDatabase({ kind: "postgres", url: env("REMINDERS_DATABASE_URL") });
  const deps = createStudyHallDeps({ db: database.prisma, ai: createAi({ provider: "local" }), logger });
  // OAuth: each workspace's installation has its own bot token; here `xoxb-<team id>`.
  const installations = {
    fetchInstallation: async ({ teamId }: { teamId?: string }) => ({ bot: { token: `xoxb-${teamId}` } }),
  } as unknown as InstallationStore;
  const clients = createWorkspaceClients({
    installations,
    clientOptions: () => ({
      slackApiUrl: env("REMINDERS_SLACK_URL"),
      retryConfig: SLACK_RETRY,
      // As the Slack front end's DM sender: a 429 goes back to the runner as RetryLater.
      rejectRateLimitedCalls: true,
      logger: silentSlackLogger,
    }),
  });
  const rest = createBotRest({
    token: env("REMINDERS_DISCORD_TOKEN"),
    apiUrl: env("REMINDERS_DISCORD_URL"),
    messageContent: false,
  });
  const discordClientWaits = { global: 0, route: 0 };
  rest.on("rateLimited", (info) => {
    if (info.global) discordClientWaits.global += 1;
    else discordClientWaits.route += 1;
  });
  const jobs: JobSample[] = [];
  let cpuAtFirstJob: NodeJS.CpuUsage | null = null;
  // The job whose handler is sending, so the sender's time lands on its sample.
  const running = new AsyncLocalStorage<JobSample>();
  const timed = (sender: StudyNudgeSender): StudyNudgeSender => ({
    platform: sender.platform,
    async send(message) {
      const began = performance.now();
      try {
        await sender.send(message);
      } finally {
        const sample = running.getStore();
        if (sample) {
          sample.platform = sender.platform;
          sample.sendMs = performance.now() - began;
        }
      }
    },
  });
  const senders = [timed(createSlackStudyNudgeSender(clients)), timed(createDiscordStudyNudgeSender(rest))];
  const deliver = notificationJobHandler(deps, () => senders);
  const concurrency = env("REMINDERS_CONCURRENCY") ? Number(env("REMINDERS_CONCURRENCY")) : undefined;
  const runner = createJobRunner({
    db: database.prisma,
    logger,
    handlers: {
      [NOTIFY_QUEUE]: async (job) => {
        cpuAtFirstJob ??= process.cpuUsage();
        const sample: JobSample = { start: Date.now(), end: 0, ok: false, platform: null, sendMs: null };
        try {
          await running.run(sample, () => deliver(job));
          sample.ok = true;
        } finally {
          sample.end = Date.now();
          jobs.push(sample);
        }
      },
    },
    ...(concurrency ? { concurrency } : {}),
  });
  runner.start();
  process.stdout.write("ready\n");
  process.once("SIGTERM", () => {
    void runner
      .stop()
      .then(() => {
        const cpu = process.cpuUsage(cpuAtFirstJob ?? undefined);
        const metrics: WorkerMetrics = {
          pid: process.pid,
          concurrency: concurrency ?? 4,
          jobs,
          discordClientWaits,
          cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        };
        // A file, not stdout: process.exit() would cut a long line on a pipe short.
        writeFileSync(
          path.join(env("REMINDERS_METRICS_DIR"), `${process.pid}.json`),
          JSON.stringify(metrics),
        );
        return database.close();
      })
      .finally(() => process.exit(0));
  });
}

if (process.argv.includes("--worker")) await runReminderWorker();
