// `npm start`: one HTTP server with /healthz and every configured front end.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import {
  createJobRunner,
  createLogger,
  isAppError,
  pruneClaimedEvents,
  pruneJobs,
  retentionJobHandlers,
  runParameterOptimization,
  STUDY_OPTIMIZE_QUEUE,
  scheduleNightlyRetention,
  scheduleNightlyVacuum,
  vacuumJobHandlers,
} from "@studyhall/core";
import { ConfigError, loadConfig } from "./config.ts";
import {
  createFrontEnds,
  frontEndStatus,
  notificationJobHandlers,
  studyNudgeJobHandlers,
  studySessionJobHandlers,
} from "./front-ends.ts";
import { createHttpApp } from "./http-server.ts";
import { describeDatabase, startServices } from "./services.ts";

const rootDir = path.resolve(import.meta.dirname, "..", "..");

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(process.env, { isTty: process.stdout.isTTY, rootDir });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.log);
  logger.info({ database: describeDatabase(config), ai: config.ai.provider }, "StudyHall starting");
  if (config.ai.provider === "local")
    logger.info("AI: local offline provider (set OPENAI_API_KEY to use OpenAI)");

  const services = await startServices(config, logger).catch((error: unknown) => {
    logger.fatal({ err: error }, isAppError(error) ? error.userMessage : "could not start");
    process.exit(1);
  });
  const status = frontEndStatus(config);
  for (const f of status) {
    if (f.on) logger.info(`${f.name}: on${f.detail ? `, ${f.detail}` : ""}`);
    else logger.info(`${f.name}: off, ${f.reason}`);
  }
  const frontEnds = createFrontEnds(config, services, logger, status);
  // Durable jobs (live quiz timers, LMS grade delivery, roster syncs, the study nudge) for the front
  // ends this process serves. Every process runs one; a job is claimed by exactly one of them, so
  // several processes can share the database.
  const retention = {
    db: services.db,
    logger,
    retentionDays: config.privacy.retentionDays,
    now: () => new Date(),
  };
  const embedded = services.database.kind === "pglite";
  const handlers = () => ({
    ...services.quiz.engine.jobHandlers(),
    ...retentionJobHandlers(retention),
    ...Object.assign({}, ...frontEnds.map((f) => f.jobHandlers ?? {})),
    ...studyNudgeJobHandlers(services, frontEnds),
    // Notifications, one DM a minute at most, on the platform each person used last (core/src/notifications).
    ...notificationJobHandlers(services, frontEnds),
    ...studySessionJobHandlers(services, frontEnds),
    // A person's FSRS weights, fitted when their reviews have grown enough (core/src/flashcards).
    [STUDY_OPTIMIZE_QUEUE]: ({ payload }: { payload: unknown }) =>
      runParameterOptimization(services, payload),
    // The embedded database has no autovacuum; a Postgres server vacuums itself.
    ...(embedded ? vacuumJobHandlers(retention) : {}),
  });
  const jobs = createJobRunner({
    db: services.db,
    logger: logger.child({ component: "jobs" }),
    handlers: handlers(),
    concurrency: config.jobConcurrency,
  });

  const app = createHttpApp(services, status, { trustProxy: config.trustProxy });
  // Front-end routers first: Bolt must read the raw body to verify Slack's signatures.
  for (const f of frontEnds) if (f.router) app.use(f.router);
  const server: Server = app.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    logger.info({ port, host: config.host }, `listening on http://${config.host}:${port}`);
    const started = frontEnds.map((f) =>
      f.start().then(
        () => logger.info(`${f.name}: started`),
        (error: unknown) => logger.error({ err: error }, `${f.name}: could not start`),
      ),
    );
    // Games that were open when the last process stopped: show their current state again.
    void Promise.all(started)
      .then(() => services.quiz.engine.resume())
      .catch((error: unknown) => logger.warn({ err: error }, "could not resume live quizzes"));
    if (Object.keys(handlers()).length > 0) jobs.start();
    // Idempotent (keyed by date): every process schedules tonight's run, one of them runs it.
    scheduleNightlyRetention(retention).catch((error: unknown) =>
      logger.warn({ err: error }, "could not schedule the retention job"),
    );
    if (embedded)
      scheduleNightlyVacuum(retention).catch((error: unknown) =>
        logger.warn({ err: error }, "could not schedule the nightly vacuum"),
      );
  });
  // Finished jobs and old delivery claims only matter for a day or so; prune them hourly.
  const prune = setInterval(() => {
    Promise.all([pruneJobs(services.db), pruneClaimedEvents(services.db)]).catch((error: unknown) =>
      logger.warn({ err: error }, "pruning finished jobs failed"),
    );
  }, 3600_000);
  prune.unref();
  server.on("error", (error) => {
    logger.fatal({ err: error }, `cannot listen on ${config.host}:${config.port}`);
    process.exit(1);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    server.close(() => {
      jobs
        .stop()
        .then(() => services.quiz.engine.close())
        .then(() => Promise.allSettled(frontEnds.map((f) => f.stop())))
        .then(() => services.close())
        .finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

await main();
