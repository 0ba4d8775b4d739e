// What the reminder benchmark reports: read from the fakes' logs, the workers' job samples and the
// database once the run has settled.
import type { Prisma } from "../core/src/db/open-database.ts";
import { NOTIFY_QUEUE } from "../core/src/notifications/notify-queue.ts";
import { percentile } from "./corpus.ts";
import {
  DISCORD_GLOBAL_LIMIT,
  DISCORD_MESSAGE_BUCKET,
  type LimitedFakeDiscord,
} from "./session-reminders-fake-discord.ts";
import {
  type LimitedFakeSlack,
  SLACK_CHANNEL_LIMIT,
  SLACK_WORKSPACE_CAP,
} from "./session-reminders-fake-slack.ts";
import type { ReminderPerson, ReminderShape } from "./session-reminders-seed.ts";
import { groupBy, peakInWindow, peakPerWallSecond } from "./session-reminders-windows.ts";
import type { JobSample, WorkerMetrics } from "./session-reminders-worker.ts";

const TARGET_MS = 60_000;

type Platform = "SLACK" | "DISCORD";

export interface RemindersResult {
  label: string;
  people: ReminderShape & { total: number };
  processes: number;
  runnerConcurrencyPerProcess: number;
  /** notify() storing every reminder (one call per session), before the due time. */
  storeMs: number;
  dueAt: string;
  timedOut: boolean;
  /** Due -> the first and the last accepted message. */
  firstDeliveryMs: number | null;
  lastDeliveryMs: number | null;
  delivered: Record<Platform, number>;
  deliveredWithin60s: Record<Platform, number>;
  /** Due -> the last message of each platform. */
  lastDeliveryMsBy: Record<Platform, number | null>;
  /** Reached by more than one message (must be 0), by none, or by a message not naming their session. */
  peopleReachedTwice: number;
  peopleNotReached: number;
  messagesWithoutTheirReminder: number;
  /** The database afterwards. */
  unsentNotifications: number;
  jobs: { total: number; done: number; failed: number; retried: number };
  slack: {
    refused: { workspace: number; channel: number };
    peakPerWorkspacePerSecond: number;
    peakPerWorkspacePer60s: number;
    workspaceCapPer60s: number;
    peakPerChannelPerSecond: number;
    channelLimitPerSecond: number;
    requests: number;
  };
  discord: {
    refused: { global: number; route: number };
    /** Accepted requests in one wall-clock second, and in any 1 s (window edges), against 50. */
    peakAcceptedPerWallSecond: number;
    peakAcceptedInAny1s: number;
    globalLimitPerSecond: number;
    peakMessagesPerChannelPer5s: number;
    messageBucketPer5s: number;
    requests: number;
    clientWaits: { global: number; route: number };
  };
  runner: Array<{
    pid: number;
    jobs: number;
    /** Jobs finished per second, from this process's first job start to its last job end. */
    jobsPerSecond: number;
    peakJobsPerSecond: number;
    handlerMs: Percentiles;
    sendMs: Record<Platform, Percentiles | null>;
    /** The handler's time outside the sender: the database (lock, pace check, claim) and the runner. */
    outsideSendMs: Percentiles;
    /** The process's CPU time per job it ran (everything: runner, Prisma, senders, HTTP clients). */
    cpuMsPerJob: number | null;
  }>;
  /** Messages accepted per 10 s after due: [second, Slack, Discord]. */
  timeline: Array<[number, number, number]>;
}

type Percentiles = { p50: number; p99: number; max: number };

export async function summariseRun(input: {
  options: ReminderShape & { processes: number; concurrency?: number; label: string };
  people: ReminderPerson[];
  dueAt: Date;
  storeMs: number;
  timedOut: boolean;
  slack: LimitedFakeSlack;
  discord: LimitedFakeDiscord;
  workers: Array<WorkerMetrics | null>;
  db: Prisma;
}): Promise<RemindersResult> {
  const { slack, discord, people } = input;
  const due = input.dueAt.getTime();
  const personKey = (platform: Platform, tenant: string, externalId: string) =>
    `${platform}|${tenant}|${externalId}`;
  const byKey = new Map(
    people.map((p) => [personKey(p.platform, p.platform === "SLACK" ? p.tenant : "", p.externalId), p]),
  );
  const messages = [
    ...slack.messages.map((m) => ({
      key: personKey("SLACK", m.team, m.channel),
      platform: "SLACK" as const,
      ...m,
    })),
    ...discord.messages.map((m) => ({
      key: personKey("DISCORD", "", m.userId),
      platform: "DISCORD" as const,
      ...m,
    })),
  ];
  const perPerson = groupBy(messages, (m) => m.key);
  const wrong = messages.filter((m) => {
    const person = byKey.get(m.key);
    return !person || !m.content.includes(person.session);
  }).length;
  const onPlatform = (platform: Platform) => messages.filter((m) => m.platform === platform);
  const count = (platform: Platform, within = Infinity) =>
    new Set(
      onPlatform(platform)
        .filter((m) => m.at - due <= within)
        .map((m) => m.key),
    ).size;
  const last = (list: { at: number }[]) => (list.length ? Math.max(...list.map((m) => m.at)) - due : null);
  const slackPerTeam = [...groupBy(slack.messages, (m) => m.team).values()].map((list) =>
    list.map((m) => m.at),
  );
  const slackPerChannel = [...groupBy(slack.messages, (m) => `${m.team}/${m.channel}`).values()];
  const discordPerChannel = [...groupBy(discord.messages, (m) => m.userId).values()];
  const workers = input.workers.filter((w): w is WorkerMetrics => w !== null);
  return {
    label: input.options.label,
    people: {
      slack: input.options.slack,
      workspaces: input.options.workspaces,
      discord: input.options.discord,
      total: people.length,
    },
    processes: input.options.processes,
    runnerConcurrencyPerProcess: input.options.concurrency ?? 4,
    storeMs: Math.round(input.storeMs),
    dueAt: input.dueAt.toISOString(),
    timedOut: input.timedOut,
    firstDeliveryMs: messages.length ? Math.min(...messages.map((m) => m.at)) - due : null,
    lastDeliveryMs: last(messages),
    delivered: { SLACK: count("SLACK"), DISCORD: count("DISCORD") },
    deliveredWithin60s: { SLACK: count("SLACK", TARGET_MS), DISCORD: count("DISCORD", TARGET_MS) },
    lastDeliveryMsBy: { SLACK: last(onPlatform("SLACK")), DISCORD: last(onPlatform("DISCORD")) },
    peopleReachedTwice: [...perPerson.values()].filter((list) => list.length > 1).length,
    peopleNotReached:
      people.length - perPerson.size + [...perPerson.keys()].filter((k) => !byKey.has(k)).length,
    messagesWithoutTheirReminder: wrong,
    ...(await databaseAfter(input.db)),
    slack: {
      refused: { ...slack.refused },
      peakPerWorkspacePerSecond: Math.max(0, ...slackPerTeam.map(peakPerWallSecond)),
      peakPerWorkspacePer60s: Math.max(
        0,
        ...slackPerTeam.map((t) => peakInWindow(t, SLACK_WORKSPACE_CAP.windowMs)),
      ),
      workspaceCapPer60s: SLACK_WORKSPACE_CAP.messages,
      peakPerChannelPerSecond: Math.max(
        0,
        ...slackPerChannel.map((list) =>
          peakInWindow(
            list.map((m) => m.at),
            SLACK_CHANNEL_LIMIT.windowMs,
          ),
        ),
      ),
      channelLimitPerSecond: SLACK_CHANNEL_LIMIT.messages,
      requests: slack.attempts.length,
    },
    discord: {
      refused: { ...discord.refused },
      peakAcceptedPerWallSecond: peakPerWallSecond(discord.accepted),
      peakAcceptedInAny1s: peakInWindow(discord.accepted, DISCORD_GLOBAL_LIMIT.windowMs),
      globalLimitPerSecond: DISCORD_GLOBAL_LIMIT.requests,
      peakMessagesPerChannelPer5s: Math.max(
        0,
        ...discordPerChannel.map((list) =>
          peakInWindow(
            list.map((m) => m.at),
            DISCORD_MESSAGE_BUCKET.windowMs,
          ),
        ),
      ),
      messageBucketPer5s: DISCORD_MESSAGE_BUCKET.limit,
      requests: discord.attempts.length,
      clientWaits: workers.reduce(
        (sum, w) => ({
          global: sum.global + w.discordClientWaits.global,
          route: sum.route + w.discordClientWaits.route,
        }),
        { global: 0, route: 0 },
      ),
    },
    runner: workers.map(runnerOf),
    timeline: timeline(messages, due),
  };
}

async function databaseAfter(db: Prisma) {
  const [notes] = await db.$queryRaw<{ unsent: number }[]>`
    SELECT count(*)::int AS "unsent" FROM "Notification" WHERE "kind" = 'SESSION_REMINDER' AND "sentAt" IS NULL`;
  const [jobs] = await db.$queryRaw<{ total: number; done: number; failed: number; retried: number }[]>`
    SELECT count(*)::int AS "total", count("doneAt")::int AS "done", count("failedAt")::int AS "failed",
           count(*) FILTER (WHERE "attempts" > 1)::int AS "retried"
    FROM "ScheduledJob" WHERE "queue" = ${NOTIFY_QUEUE}`;
  return {
    unsentNotifications: notes?.unsent ?? -1,
    jobs: jobs ?? { total: -1, done: -1, failed: -1, retried: -1 },
  };
}

function runnerOf(w: WorkerMetrics): RemindersResult["runner"][number] {
  const jobs = w.jobs;
  const span = jobs.length ? Math.max(...jobs.map((j) => j.end)) - Math.min(...jobs.map((j) => j.start)) : 0;
  const sends = (platform: Platform) =>
    jobs.filter((j) => j.platform === platform && j.sendMs !== null).map((j) => j.sendMs as number);
  const sendMs = (platform: Platform) => (sends(platform).length ? percentiles(sends(platform)) : null);
  return {
    pid: w.pid,
    jobs: jobs.length,
    jobsPerSecond: span > 0 ? Math.round((jobs.length / span) * 10_000) / 10 : 0,
    peakJobsPerSecond: peakPerWallSecond(jobs.map((j) => j.end)),
    handlerMs: percentiles(jobs.map((j) => j.end - j.start)),
    sendMs: { SLACK: sendMs("SLACK"), DISCORD: sendMs("DISCORD") },
    outsideSendMs: percentiles(jobs.map((j: JobSample) => j.end - j.start - (j.sendMs ?? 0))),
    cpuMsPerJob:
      w.cpuMs !== undefined && jobs.length ? Math.round((w.cpuMs / jobs.length) * 100) / 100 : null,
  };
}

function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { p50: 0, p99: 0, max: 0 };
  const r = (v: number) => Math.round(v * 10) / 10;
  return { p50: r(percentile(values, 50)), p99: r(percentile(values, 99)), max: r(Math.max(...values)) };
}

function timeline(
  messages: Array<{ platform: Platform; at: number }>,
  due: number,
): Array<[number, number, number]> {
  const rows = new Map<number, [number, number, number]>();
  for (const m of messages) {
    const s = Math.floor((m.at - due) / 10_000) * 10;
    const row = rows.get(s) ?? [s, 0, 0];
    row[m.platform === "SLACK" ? 1 : 2] += 1;
    rows.set(s, row);
  }
  return [...rows.values()].sort((a, b) => a[0] - b[0]);
}
