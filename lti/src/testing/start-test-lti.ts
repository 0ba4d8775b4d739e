// Test harness: the real LTI front end (real ltijs) on an express server on 127.0.0.1 with a fresh test
// database, and helpers to register a fake LTI platform with it. One per test file: ltijs is a
// singleton, and vitest runs each file in its own process.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type Ai,
  createAi,
  createStudyHallDeps,
  type Database,
  type RetrievalSettings,
  type SecretBox,
  type StudyHallDeps,
} from "@studyhall/core";
import express from "express";
import pino from "pino";
import type { FakeLtiPlatform } from "../../../test/support/fake-lti-platform.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createLtiFrontEnd, type LtiFrontEnd } from "../create-lti-front-end.ts";
import type { LtiSettings } from "../lti-settings.ts";
import { type RegisteredPlatform, registerPlatform } from "../registration/register-platform.ts";
import { registrationUrl } from "../registration/registration-key.ts";
import { toolUrls } from "../registration/tool-configuration.ts";

export const ENCRYPTION_KEY = "test-encryption-key-0123456789abcdef-0123456789";

export interface TestLti {
  /** http://127.0.0.1:<port> */
  url: string;
  /** `${url}/lti` */
  toolUrl: string;
  /** The dynamic registration URL with this installation's key, as `studyhall lti registration-url` prints it. */
  registrationUrl: string;
  database: Database;
  deps: StudyHallDeps;
  frontEnd: LtiFrontEnd;
  /** Every JSON log line the front end wrote (level info and up). */
  logLines: string[];
  /** Shifts the front end's clock (session and login expiry); 0 again with reset(). */
  clock: { offsetMs: number };
  /** Registers the fake with the tool (as `studyhall lti add-platform` would) and the tool with the fake. */
  register(platform: FakeLtiPlatform, options?: { deploymentIds?: string[] }): Promise<RegisteredPlatform>;
  /** Tells the fake where the tool is, without registering the platform with the tool. */
  bindTool(platform: FakeLtiPlatform): void;
  /** The log entries with a `reason` (refusals), parsed. */
  rejections(): Array<{ reason: string; status: number }>;
  close(): Promise<void>;
}

/** Settings a test may turn; the rest are the production defaults (limits included). */
export type TestLtiOptions = Pick<
  LtiSettings,
  "sessionMinutes" | "trustProxy" | "rateLimits" | "loginStatesPerPlatform" | "httpTimeoutMs" | "clever"
> & {
  /** The AI behind the tutor (default: the local provider), e.g. the openai SDK on the fake server. */
  ai?: Ai;
  retrieval?: Partial<RetrievalSettings>;
  /** The box stored secrets are sealed with (default: one made for this process), e.g. one opened from a data directory's key file as another process (the CLI) opens it too. */
  secrets?: SecretBox;
  /** A database to share (not closed by close()); default: a fresh test database. */
  database?: Database;
  /** The study tools' clock (flashcard schedules, practice clocks); default: the system clock. */
  studyClock?: () => Date;
};

export async function startTestLti(options: TestLtiOptions = {}): Promise<TestLti> {
  const database = options.database ?? (await createTestDatabase());
  const logLines: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void logLines.push(line) });
  const {
    ai = createAi({ provider: "local" }),
    retrieval,
    secrets,
    database: _shared,
    studyClock,
    ...settings
  } = options;
  const deps = createStudyHallDeps({
    db: database.prisma,
    ai,
    logger,
    ...(retrieval ? { retrieval } : {}),
    ...(secrets ? { secrets } : {}),
    ...(studyClock ? { clock: studyClock } : {}),
  });
  const app = express();
  const http: Server = createServer(app);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clock = { offsetMs: 0 };
  const frontEnd = createLtiFrontEnd({
    deps,
    settings: {
      encryptionKey: ENCRYPTION_KEY,
      publicUrl: url,
      ...settings,
    },
    logger,
    tuning: { now: () => Date.now() + clock.offsetMs, allowHttpRegistration: true },
  });
  app.use(frontEnd.router);
  await frontEnd.start();
  const toolUrl = `${url}/lti`;
  const bindTool = (platform: FakeLtiPlatform) => {
    const urls = toolUrls(toolUrl);
    platform.registerTool({ loginUrl: urls.login, launchUrl: urls.launch, jwksUrl: urls.keys });
  };
  return {
    url,
    toolUrl,
    registrationUrl: registrationUrl(toolUrl, ENCRYPTION_KEY),
    database,
    deps,
    frontEnd,
    logLines,
    clock,
    bindTool,
    async register(platform, registerOptions = {}) {
      const { platform: registered } = await registerPlatform(
        {
          issuer: platform.issuer,
          clientId: platform.clientId,
          name: `Fake ${platform.name}`,
          authUrl: platform.authUrl,
          tokenUrl: platform.tokenUrl,
          jwksUrl: platform.jwksUrl,
          deploymentIds: registerOptions.deploymentIds ?? platform.deploymentIds,
          registration: "MANUAL",
        },
        { db: database.prisma, secrets: deps.secrets },
      );
      bindTool(platform);
      return registered;
    },
    rejections() {
      return logLines
        .map((line) => JSON.parse(line) as { reason?: string; status?: number })
        .filter((entry): entry is { reason: string; status: number } => typeof entry.reason === "string");
    },
    async close() {
      await frontEnd.stop();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      if (!options.database) await database.close();
    },
  };
}
