// Starts the real Discord front end against the fake Discord and a fresh test database: what every
// Discord integration test needs, in one call.
import {
  createJobRunner,
  createStudyHallDeps,
  type JobHandler,
  type JobRunner,
  type Logger,
  type StudyHallDeps,
} from "@studyhall/core";
import {
  createDiscordFrontEnd,
  type DiscordFrontEnd,
  type DiscordSettings,
  type DiscordTuning,
} from "@studyhall/discord";
import pino from "pino";
import { type Ai, createAi } from "../../core/src/ai/create-ai.ts";
import type { Database } from "../../core/src/db/open-database.ts";
import type { FakeGuild, FakeUser } from "./fake-discord-payloads.ts";
import { snowflake } from "./fake-discord-payloads.ts";
import {
  type DiscordCall,
  type DispatchedInteraction,
  type FakeDiscord,
  type FakeDiscordOptions,
  startFakeDiscord,
} from "./fake-discord-server.ts";
import { createTestDatabase } from "./test-database.ts";

export interface DiscordHarness {
  fake: FakeDiscord;
  database: Database;
  /** The running bot's deps, front end and durable job runner (replaced by `restart`). */
  deps: StudyHallDeps;
  bot: DiscordFrontEnd;
  jobs: JobRunner;
  /** Every log line the bot wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** The first successful edit of the interaction's original reply that satisfies `predicate`. */
  waitForEdit(
    interaction: DispatchedInteraction,
    predicate: (content: string, call: DiscordCall) => boolean,
    timeoutMs?: number,
  ): Promise<DiscordCall>;
  /**
   * A process restart: the bot, its quiz engine and job runner stop as a dying process's would; a new
   * bot, engine and runner start on the same database and log in to the same fake Discord.
   */
  restart(): Promise<void>;
  /** A second bot process on the same database and fake Discord; stopped by `stop` or close(). */
  startSecondBot(): Promise<{
    deps: StudyHallDeps;
    bot: DiscordFrontEnd;
    jobs: JobRunner;
    stop(): Promise<void>;
  }>;
  close(): Promise<void>;
}

/** A guild with one channel and a "Course staff" role; ids are fresh snowflakes. */
export function makeGuild(
  name: string,
  owner: FakeUser,
): FakeGuild & { channelId: string; staffRoleId: string } {
  const channelId = snowflake();
  const staffRoleId = snowflake();
  return {
    id: snowflake(),
    name,
    ownerId: owner.id,
    roles: [{ id: staffRoleId, name: "Course staff", permissions: "0" }],
    channels: [{ id: channelId, name: "study-hall" }],
    channelId,
    staffRoleId,
  };
}

export function makeUser(username: string): FakeUser {
  return { id: snowflake(), username };
}

export async function startDiscordHarness(options: {
  guilds: FakeGuild[];
  ai?: Ai;
  settings?: Partial<DiscordSettings>;
  tuning?: Partial<DiscordTuning>;
  fake?: FakeDiscordOptions;
  /** A database to share with another front end (not closed by close()); a fresh one by default. */
  database?: Database;
  /** The study tools' clock (flashcard schedules, practice clocks); the system clock by default. */
  clock?: () => Date;
  /** More durable job handlers for the runner, built for each process (e.g. study sessions' steps). */
  jobHandlers?: (deps: StudyHallDeps, bot: DiscordFrontEnd) => Record<string, JobHandler>;
}): Promise<DiscordHarness> {
  const database = options.database ?? (await createTestDatabase());
  const fake = await startFakeDiscord({ ...options.fake, guilds: options.guilds });
  const logs: Array<Record<string, unknown>> = [];
  // DISCORD_TEST_LOGS=1 echoes the bot's log lines to stderr while debugging a test.
  const echo = process.env.DISCORD_TEST_LOGS === "1";
  const logger: Logger = pino(
    { level: "debug" },
    {
      write: (line: string) => {
        logs.push(JSON.parse(line));
        if (echo) process.stderr.write(line);
      },
    },
  );
  const ai = options.ai ?? createAi({ provider: "local" });
  const db = database.prisma;
  // As in app/src/main.ts: the front end registers its quiz board when created, then the runner of
  // durable jobs (quiz timers, moderation alerts) starts; on the way down the runner stops before the
  // quiz engine.
  const startProcess = async () => {
    const deps: StudyHallDeps = createStudyHallDeps({
      db,
      ai,
      logger,
      ...(options.clock ? { clock: options.clock } : {}),
    });
    const bot = createDiscordFrontEnd({
      deps,
      logger,
      settings: {
        token: fake.token,
        applicationId: fake.applicationId,
        apiUrl: fake.apiUrl,
        messageContent: false,
        ...options.settings,
      },
      tuning: { streamEditIntervalMs: 50, ...options.tuning },
    });
    const jobs = createJobRunner({
      db,
      logger,
      handlers: {
        ...deps.quiz.engine.jobHandlers(),
        ...bot.jobHandlers,
        ...options.jobHandlers?.(deps, bot),
      },
      pollMs: 50,
    });
    await bot.start();
    jobs.start();
    return { deps, bot, jobs };
  };
  const stopProcess = async (p: { deps: StudyHallDeps; bot: DiscordFrontEnd; jobs: JobRunner }) => {
    await p.jobs.stop();
    await p.deps.quiz.engine.close();
    await p.bot.stop();
  };
  const others: Array<Awaited<ReturnType<typeof startProcess>>> = [];
  const first = await startProcess();
  const harness: DiscordHarness = {
    fake,
    database,
    ...first,
    logs,
    waitForEdit(interaction, predicate, timeoutMs) {
      return fake.waitFor(
        (c) =>
          c.method === "PATCH" &&
          c.status < 300 &&
          c.path.includes(interaction.token) &&
          predicate(String(c.body.content ?? ""), c),
        timeoutMs,
      );
    },
    async restart() {
      await stopProcess(harness);
      Object.assign(harness, await startProcess());
    },
    async startSecondBot() {
      const second = await startProcess();
      others.push(second);
      return {
        ...second,
        async stop() {
          const at = others.indexOf(second);
          if (at >= 0) others.splice(at, 1);
          await stopProcess(second);
        },
      };
    },
    async close() {
      for (const p of [harness, ...others.splice(0)]) await stopProcess(p);
      await fake.close();
      if (!options.database) await database.close();
    },
  };
  return harness;
}
