// Test harness: the real Slack front end (real Bolt) on an express server on 127.0.0.1, talking to the
// fake Slack Web API, with a fresh test database. Shared by this package's integration tests.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type Ai,
  createAi,
  createJobRunner,
  createStudyHallDeps,
  type Database,
  type JobHandler,
  type JobRunner,
  type PrivacyEraser,
  type SecretBox,
  type StudyHallDeps,
} from "@studyhall/core";
import express from "express";
import pino from "pino";
import {
  blockActionPayload,
  eventCallback,
  interactive,
  slashCommand,
} from "../../../../test/support/fake-slack-payloads.ts";
import {
  type SendOptions,
  type SlackHttpResult,
  type SlackRequestBody,
  sendSignedRequest,
} from "../../../../test/support/fake-slack-signer.ts";
import { type FakeSlackWebApi, startFakeSlackWebApi } from "../../../../test/support/fake-slack-web-api.ts";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import { createSlackFrontEnd, type SlackFrontEnd, type SlackTuning } from "../create-slack-front-end.ts";
import type { SlackSettings } from "../slack-settings.ts";

export const SIGNING_SECRET = "test-signing-secret";
export const TEAM_A = {
  teamId: "T0AAAAAAA",
  botToken: "xoxb-team-a",
  botUserId: "U0BOTA",
  botId: "B0BOTA",
  admins: ["U0ADMINA"],
};
export const TEAM_B = {
  teamId: "T0BBBBBBB",
  botToken: "xoxb-team-b",
  botUserId: "U0BOTB",
  botId: "B0BOTB",
  admins: ["U0ADMINB"],
};

export interface TestSlackApp {
  url: string;
  eventsUrl: string;
  api: FakeSlackWebApi;
  database: Database;
  deps: StudyHallDeps;
  frontEnd: SlackFrontEnd;
  /** Runs the durable jobs (quiz timers, moderation alerts) of this "process". */
  runner: JobRunner;
  /** Every JSON log line the front end wrote (level info and up). */
  logLines: string[];
  /** POSTs a body to /slack/events signed with the app's signing secret. */
  send(body: SlackRequestBody, options?: Partial<SendOptions>): Promise<SlackHttpResult>;
  /** Runs `/studyhall <text>` and returns the HTTP result and the command's response_url. */
  command(
    user: string,
    channel: string,
    text: string,
    teamId?: string,
  ): Promise<SlackHttpResult & { responseUrl: string }>;
  /** Clicks a button (a block_actions payload) with a fresh response_url. */
  click(
    user: string,
    channel: string,
    actionId: string,
    /** `displayName`: the name the clicker's profile shows (users.info), as payloads carry only the username. */
    options?: { teamId?: string; messageTs?: string; displayName?: string; ephemeral?: boolean },
  ): Promise<SlackHttpResult & { responseUrl: string }>;
  /** Delivers an event_callback; `eventId` defaults to a fresh one. */
  event(
    event: Record<string, unknown>,
    options?: { teamId?: string; eventId?: string; retryNum?: number },
  ): Promise<SlackHttpResult>;
  /**
   * Stops this front end, its job runner and its quiz engine as a process would stop (the database and
   * the fake Slack stay), and starts a new front end on the same database: a restart.
   */
  restart(): Promise<TestSlackApp>;
  close(): Promise<void>;
}

let eventCount = 0;

export interface TestSlackAppOptions {
  ai?: Ai;
  settings?: Partial<SlackSettings>;
  tuning?: SlackTuning;
  /** A fake Slack to share (not closed by close()). */
  api?: FakeSlackWebApi;
  /** A database to share (not closed by close()). */
  database?: Database;
  /** The box installations are sealed with (default: one under a key made for this app). */
  secrets?: SecretBox;
  /** Other front ends' erasers a course deletion must reach (the app passes the LMS tool's). */
  erasers?: PrivacyEraser[];
  /** The study tools' clock (flashcard schedules); tests move it. */
  clock?: () => Date;
  /** More durable jobs for this "process" to run (study sessions' steps, notification delivery). */
  jobHandlers?: (deps: StudyHallDeps, frontEnd: SlackFrontEnd) => Record<string, JobHandler>;
}

export async function startTestSlackApp(options: TestSlackAppOptions = {}): Promise<TestSlackApp> {
  const api = options.api ?? (await startFakeSlackWebApi());
  api.addWorkspace(TEAM_A);
  api.addWorkspace(TEAM_B);
  const database = options.database ?? (await createTestDatabase());
  const ai = options.ai ?? createAi({ provider: "local" });
  const logLines: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void logLines.push(line) });
  const db = database.prisma;
  const deps: StudyHallDeps = createStudyHallDeps({
    db,
    ai,
    logger,
    ...(options.secrets ? { secrets: options.secrets } : {}),
    ...(options.erasers ? { erasers: options.erasers } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const settings: SlackSettings = {
    signingSecret: SIGNING_SECRET,
    botToken: TEAM_A.botToken,
    apiUrl: api.apiUrl,
    publicUrl: "http://127.0.0.1",
    ...options.settings,
  };
  const frontEnd = createSlackFrontEnd({
    deps,
    settings,
    logger,
    tuning: { updateIntervalMs: 100, allowPrivateMaterialHosts: true, ...options.tuning },
  });
  // Durable timers of live quizzes, started after the front end registered its quiz board.
  const runner = createJobRunner({
    db,
    logger,
    handlers: {
      ...deps.quiz.engine.jobHandlers(),
      ...frontEnd.jobHandlers,
      ...options.jobHandlers?.(deps, frontEnd),
    },
    pollMs: 50,
  });
  runner.start();
  const server = express();
  server.use(frontEnd.router);
  const http: Server = await new Promise((resolve) => {
    const s = server.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const eventsUrl = `${url}/slack/events`;
  const send: TestSlackApp["send"] = (body, sendOptions = {}) =>
    sendSignedRequest(eventsUrl, body, { signingSecret: SIGNING_SECRET, ...sendOptions });
  let owns = { api: !options.api, database: !options.database };
  const stop = async () => {
    // The order npm start uses: no timer fires into a closed engine, no edit into a stopped app.
    await runner.stop();
    await deps.quiz.engine.close();
    await frontEnd.stop();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
  return {
    url,
    eventsUrl,
    api,
    database,
    deps,
    frontEnd,
    runner,
    logLines,
    send,
    async command(user, channel, text, teamId = TEAM_A.teamId) {
      const responseUrl = api.responseUrl();
      const result = await send(
        slashCommand({ teamId, userId: user, channelId: channel, text, responseUrl }),
      );
      return { ...result, responseUrl };
    },
    async click(user, channel, actionId, { teamId = TEAM_A.teamId, messageTs, displayName, ephemeral } = {}) {
      if (displayName)
        api.setProfile(teamId, user, {
          displayName,
          realName: "",
          email: `${user.toLowerCase()}@school.example`,
        });
      const responseUrl = api.responseUrl();
      const payload = blockActionPayload({
        teamId,
        userId: user,
        channelId: channel,
        actionId,
        responseUrl,
        messageTs,
        ephemeral,
      });
      return { ...(await send(interactive(payload))), responseUrl };
    },
    event(event, { teamId = TEAM_A.teamId, eventId = `Ev${++eventCount}${Date.now()}`, retryNum } = {}) {
      return send(eventCallback(teamId, eventId, event), retryNum === undefined ? {} : { retryNum });
    },
    async restart() {
      await stop();
      const next = await startTestSlackApp({ ...options, api, database });
      // The new "process" now owns what this one owned.
      const closeNext = next.close;
      const owned = owns;
      owns = { api: false, database: false };
      next.close = async () => {
        await closeNext();
        if (owned.api) await api.close();
        if (owned.database) await database.close();
      };
      return next;
    },
    async close() {
      await stop();
      if (owns.api) await api.close();
      if (owns.database) await database.close();
    },
  };
}
