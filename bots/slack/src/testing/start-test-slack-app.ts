// Test harness: the real Slack front end (real Bolt) on an express server on 127.0.0.1, talking to the
// fake Slack Web API, with a fresh test database. Shared by this package's integration tests.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Ai, createAi, createStudyHallDeps, type Database, type StudyHallDeps } from "@studyhall/core";
import express from "express";
import pino from "pino";
import { eventCallback, slashCommand } from "../../../../test/support/fake-slack-payloads.ts";
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
  /** Delivers an event_callback; `eventId` defaults to a fresh one. */
  event(
    event: Record<string, unknown>,
    options?: { teamId?: string; eventId?: string; retryNum?: number },
  ): Promise<SlackHttpResult>;
  close(): Promise<void>;
}

let eventCount = 0;

export async function startTestSlackApp(
  options: { ai?: Ai; settings?: Partial<SlackSettings>; tuning?: SlackTuning; api?: FakeSlackWebApi } = {},
): Promise<TestSlackApp> {
  const api = options.api ?? (await startFakeSlackWebApi());
  api.addWorkspace(TEAM_A);
  api.addWorkspace(TEAM_B);
  const database = await createTestDatabase();
  const ai = options.ai ?? createAi({ provider: "local" });
  const logLines: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void logLines.push(line) });
  const db = database.prisma;
  const deps: StudyHallDeps = createStudyHallDeps({ db, ai, logger });
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
  const server = express();
  server.use(frontEnd.router);
  const http: Server = await new Promise((resolve) => {
    const s = server.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const eventsUrl = `${url}/slack/events`;
  const send: TestSlackApp["send"] = (body, sendOptions = {}) =>
    sendSignedRequest(eventsUrl, body, { signingSecret: SIGNING_SECRET, ...sendOptions });
  return {
    url,
    eventsUrl,
    api,
    database,
    deps,
    frontEnd,
    logLines,
    send,
    async command(user, channel, text, teamId = TEAM_A.teamId) {
      const responseUrl = api.responseUrl();
      const result = await send(
        slashCommand({ teamId, userId: user, channelId: channel, text, responseUrl }),
      );
      return { ...result, responseUrl };
    },
    event(event, { teamId = TEAM_A.teamId, eventId = `Ev${++eventCount}${Date.now()}`, retryNum } = {}) {
      return send(eventCallback(teamId, eventId, event), retryNum === undefined ? {} : { retryNum });
    },
    async close() {
      await frontEnd.stop();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      if (!options.api) await api.close();
      await database.close();
    },
  };
}
