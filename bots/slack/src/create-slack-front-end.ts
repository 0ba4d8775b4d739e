import {
  App,
  ExpressReceiver,
  type InstallationStore,
  type Receiver,
  SocketModeReceiver,
  webApi,
} from "@slack/bolt";
import {
  type FetchOptions,
  fetchMaterialUrl,
  type JobHandler,
  type Logger,
  moderationAlertHandlers,
  type StudyHallDeps,
  type StudyNudgeSender,
  type StudySessionPort,
  updateDisplayName,
} from "@studyhall/core";
import express, { type Router } from "express";
import { prismaInstallationStore } from "./auth/prisma-installation-store.ts";
import { singleWorkspaceAuthorize } from "./auth/single-workspace-authorize.ts";
import { boltLogger } from "./bolt-logger.ts";
import * as actions from "./listeners/actions/index.ts";
import * as commands from "./listeners/commands/index.ts";
import * as events from "./listeners/events/index.ts";
import * as views from "./listeners/views/index.ts";
import { createBackgroundWork } from "./slack/background-work.ts";
import { slackFileDestination } from "./slack/download-slack-file.ts";
import { createMessageEdits } from "./slack/shared-message-edits.ts";
import { createSlackDisplayNames } from "./slack/slack-display-names.ts";
import { createSlackQuizBoard, SLACK_MIN_EDIT_INTERVAL_MS } from "./slack/slack-quiz-board.ts";
import { createSlackStaffNotifier } from "./slack/slack-staff-notifier.ts";
import { createSlackStudyNudgeSender } from "./slack/slack-study-nudge-sender.ts";
import { createSlackStudySessionPort } from "./slack/slack-study-session-port.ts";
import { createTeamGroups } from "./slack/team-groups.ts";
import { createWorkspaceAdmins } from "./slack/workspace-admins.ts";
import { createWorkspaceClients } from "./slack/workspace-clients.ts";
import type { SlackContext } from "./slack-context.ts";
import { BOT_SCOPES } from "./slack-scopes.ts";
import { resolveSlackMode, type SlackMode, type SlackSettings } from "./slack-settings.ts";

export interface SlackFrontEnd {
  /** Express router to mount at "/" on the shared server: POST /slack/events, GET /slack/install, GET /slack/oauth_redirect. Empty in Socket Mode. */
  router: Router;
  /** Socket Mode connects here; HTTP mode does nothing extra. */
  start(): Promise<void>;
  /** Disconnects Socket Mode and waits for answers already under way. */
  stop(): Promise<void>;
  /** Resolves when no acknowledged request still has work in progress (tests, benchmarks, shutdown). */
  idle(): Promise<void>;
  /** Durable jobs this front end runs, by queue: moderation alerts DMed to course staff. */
  jobHandlers: Record<string, JobHandler>;
  /** Sends the daily due-cards nudge as a DM (the app registers it with core's nudge job). */
  studyNudgeSender: StudyNudgeSender;
  /** Announces study sessions, opens their threads and starts their quizzes (the app registers it with core's session job). */
  studySessionPort: StudySessionPort;
}

/** Knobs with production defaults; tests and benchmarks turn them. */
export interface SlackTuning {
  /** Minimum time between chat.updates of one streaming message (default 1000 ms). */
  updateIntervalMs?: number;
  /** Background jobs at once: always `min`, up to `max` while the event loop keeps up (default 1 / 16 / 15 ms). */
  work?: { min?: number; max?: number; lagThresholdMs?: number };
  /**
   * Let `materials add <link>` fetch loopback, private and reserved addresses. Off by default and in
   * production: only tests of the successful path on 127.0.0.1 turn it on.
   */
  allowPrivateMaterialHosts?: boolean;
  /**
   * For `materials add <link>` with the production policy: hosts (`host:port`) exempt from it and the
   * resolver, so SSRF tests can stand a "public" site that redirects on 127.0.0.1. Unset in production.
   */
  materialLinks?: Pick<FetchOptions, "privateHosts" | "resolve">;
}

/** Retries for Web API calls: 429s wait for Retry-After (the client's own handling), other failures back off briefly. */
const RETRY = { retries: 4, factor: 2, minTimeout: 250, maxTimeout: 8000 };

/**
 * Builds the Slack front end: a Bolt app on Bolt's own receivers (ExpressReceiver, which verifies
 * signatures and timestamps; SocketModeReceiver when an app token is set), authorised by one bot token
 * or by OAuth installations stored in Postgres, with every listener registered.
 */
export function createSlackFrontEnd(options: {
  deps: StudyHallDeps;
  settings: SlackSettings;
  logger: Logger;
  tuning?: SlackTuning;
}): SlackFrontEnd {
  const { deps, settings, tuning = {} } = options;
  const mode = resolveSlackMode(settings);
  const log = options.logger.child({ platform: "slack" });
  const logger = boltLogger(log);
  const clientOptions = (): webApi.WebClientOptions => ({
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    retryConfig: RETRY,
    logger,
  });
  const router = express.Router();
  const installations =
    mode.auth.kind === "oauth" ? prismaInstallationStore(deps.db, deps.secrets) : undefined;
  const receiver = buildReceiver(mode, { settings, router, logger, clientOptions, installations });
  const app = new App({
    receiver,
    logger,
    clientOptions: clientOptions(),
    // One workspace: its bot token, with the bot's ids from one lazy auth.test. OAuth: Bolt reads the
    // installation store through the receiver's InstallProvider.
    ...(mode.auth.kind === "single"
      ? {
          authorize: singleWorkspaceAuthorize(
            new webApi.WebClient(undefined, clientOptions()),
            mode.auth.botToken,
          ),
        }
      : {}),
  });
  app.error(async (error) => {
    log.error({ err: error }, "Bolt listener error");
  });
  // Live quizzes are moved on by timers and answers, not only by requests: their game messages are
  // posted and edited with the workspace's own bot token.
  const clients = createWorkspaceClients({
    botToken: mode.auth.kind === "single" ? mode.auth.botToken : undefined,
    installations,
    clientOptions,
  });
  const quizBoard = createSlackQuizBoard({
    clients,
    log: log.child({ component: "quiz-board" }),
  });
  deps.quiz.engine.registerBoard("SLACK", quizBoard);
  const ctx: SlackContext = {
    ...buildContext({ deps, log, settings, tuning, installations }),
    sharedEdits: createMessageEdits({
      intervalMs: SLACK_MIN_EDIT_INTERVAL_MS,
      log: log.child({ component: "shared-edits" }),
    }),
    quizBoard,
    teams: createTeamGroups(),
  };
  for (const listeners of [commands, events, actions, views]) listeners.register(app, ctx);
  log.info({ transport: mode.transport, auth: mode.auth.kind }, "Slack front end ready");

  return {
    router: mode.transport === "http" ? router : express.Router(),
    async start() {
      if (mode.transport === "socket") await app.start();
    },
    async stop() {
      if (mode.transport === "socket") await app.stop();
      await ctx.work.idle();
      await ctx.names.idle();
    },
    // Names are looked up after the work that needed them, so the work goes idle first.
    idle: async () => {
      await ctx.work.idle();
      await ctx.names.idle();
    },
    jobHandlers: moderationAlertHandlers({
      db: deps.db,
      logger: log,
      notifier: createSlackStaffNotifier(clients),
    }),
    // DMs to many people (reminders, notifications) give a rate-limited call back to the job runner
    // instead of waiting inside it, so one throttled workspace does not hold every slot.
    studyNudgeSender: createSlackStudyNudgeSender(
      createWorkspaceClients({
        botToken: mode.auth.kind === "single" ? mode.auth.botToken : undefined,
        installations,
        clientOptions: () => ({ ...clientOptions(), rejectRateLimitedCalls: true }),
      }),
    ),
    studySessionPort: createSlackStudySessionPort({
      ctx,
      clients,
      log: log.child({ component: "study-sessions" }),
    }),
  };
}

function buildContext(parts: {
  deps: StudyHallDeps;
  log: Logger;
  settings: SlackSettings;
  tuning: SlackTuning;
  installations: InstallationStore | undefined;
}): Omit<SlackContext, "quizBoard" | "teams" | "sharedEdits"> {
  const { tuning } = parts;
  return {
    deps: parts.deps,
    log: parts.log,
    work: createBackgroundWork({ min: 1, max: 16, lagThresholdMs: 15, ...tuning.work }),
    admins: createWorkspaceAdmins(),
    names: createSlackDisplayNames({ store: (actor) => updateDisplayName(parts.deps.db, { actor }) }),
    updateIntervalMs: tuning.updateIntervalMs ?? 1000,
    fetchUrl: (url, log) =>
      fetchMaterialUrl(url, {
        ...tuning.materialLinks,
        allowPrivateHosts: tuning.allowPrivateMaterialHosts ?? false,
        log,
      }),
    fileDestination: slackFileDestination(parts.settings.apiUrl),
    ...(parts.installations ? { installations: parts.installations } : {}),
  };
}

function buildReceiver(
  mode: SlackMode,
  parts: {
    settings: SlackSettings;
    router: Router;
    logger: ReturnType<typeof boltLogger>;
    clientOptions: () => webApi.WebClientOptions;
    installations: InstallationStore | undefined;
  },
): Receiver {
  const { settings, router, logger, clientOptions } = parts;
  if (mode.transport === "socket") {
    return new SocketModeReceiver({
      appToken: mode.appToken,
      logger,
      installerOptions: { clientOptions: clientOptions() },
    });
  }
  const oauth =
    mode.auth.kind === "oauth"
      ? {
          clientId: mode.auth.clientId,
          clientSecret: mode.auth.clientSecret,
          stateSecret: mode.auth.stateSecret,
          installationStore: parts.installations,
          scopes: [...BOT_SCOPES],
          redirectUri: `${settings.publicUrl}/slack/oauth_redirect`,
          installerOptions: {
            directInstall: true,
            installPath: "/slack/install",
            redirectUriPath: "/slack/oauth_redirect",
            clientOptions: clientOptions(),
            // A custom API host (GovSlack) has its own authorisation page beside it.
            ...(settings.apiUrl
              ? { authorizationUrl: new URL("/oauth/v2/authorize", settings.apiUrl).href }
              : {}),
          },
        }
      : {};
  return new ExpressReceiver({
    signingSecret: mode.signingSecret,
    logger,
    router,
    endpoints: "/slack/events",
    ...oauth,
  });
}
