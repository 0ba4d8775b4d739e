import {
  isAppError,
  type JobHandler,
  type Logger,
  NOTIFY_QUEUE,
  notificationJobHandler,
  STUDY_NUDGE_QUEUE,
  STUDY_SESSION_QUEUE,
  type StudyHallDeps,
  type StudyNudgeSender,
  type StudySessionPort,
  studyNudgeJobHandler,
  studySessionJobHandler,
} from "@studyhall/core";
import { createDiscordFrontEnd } from "@studyhall/discord";
import { createLtiFrontEnd } from "@studyhall/lti";
import { createSlackFrontEnd, resolveSlackMode } from "@studyhall/slack";
import type { Router } from "express";
import type { Config } from "./config.ts";

export interface FrontEndStatus {
  name: "Slack" | "Discord" | "LTI";
  on: boolean;
  /** Why it is off, phrased as what to do about it. */
  reason?: string;
  /** What else the start line says about it when it is on (e.g. whether Clever sign-in is on). */
  detail?: string;
}

/**
 * A started front end: Slack and LTI mount a router on the shared server, Discord keeps a gateway
 * connection.
 */
export interface FrontEnd {
  name: FrontEndStatus["name"];
  router?: Router;
  /** Durable jobs the front end runs (e.g. LTI grade delivery), by queue. */
  jobHandlers?: Record<string, JobHandler>;
  /** How a chat front end DMs the daily due-cards nudge; the app's nudge job sends through it. */
  studyNudgeSender?: StudyNudgeSender;
  /** How a chat front end announces, opens and closes study sessions; the sessions' job goes through it. */
  studySessionPort?: StudySessionPort;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Which front ends this process serves, and why the others are off (phrased as what to set). A setting
 * combination that cannot work (e.g. half of the Slack OAuth settings) is reported, not ignored.
 */
export function frontEndStatus(config: Readonly<Config>): FrontEndStatus[] {
  return [slackStatus(config), discordStatus(config), ltiStatus(config)];
}

function slackStatus(config: Readonly<Config>): FrontEndStatus {
  const s = config.slack;
  if (!s.signingSecret && !s.botToken && !s.appToken && !s.clientId) {
    return { name: "Slack", on: false, reason: "set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN" };
  }
  try {
    resolveSlackMode({ ...s, publicUrl: config.publicUrl });
    return { name: "Slack", on: true };
  } catch (error) {
    return { name: "Slack", on: false, reason: isAppError(error) ? error.userMessage : String(error) };
  }
}

function discordStatus(config: Readonly<Config>): FrontEndStatus {
  const missing = [
    ["DISCORD_TOKEN", config.discord.token],
    ["DISCORD_APPLICATION_ID", config.discord.applicationId],
  ].filter(([, v]) => !v);
  return missing.length > 0
    ? { name: "Discord", on: false, reason: `set ${missing.map(([k]) => k).join(" and ")}` }
    : { name: "Discord", on: true };
}

function ltiStatus(config: Readonly<Config>): FrontEndStatus {
  // An LMS must reach the tool, so a URL derived from PORT (localhost) will not do.
  const missing = [
    ["LTI_ENCRYPTION_KEY", config.lti.encryptionKey],
    ["PUBLIC_URL", config.publicUrlSet ? config.publicUrl : undefined],
  ].filter(([, v]) => !v);
  if (missing.length > 0) {
    return { name: "LTI", on: false, reason: `set ${missing.map(([k]) => k).join(" and ")}` };
  }
  return {
    name: "LTI",
    on: true,
    detail: config.clever
      ? "Clever sign-in and rosters on"
      : "Clever off: set CLEVER_CLIENT_ID and CLEVER_CLIENT_SECRET",
  };
}

/** Builds the front ends that are on. */
export function createFrontEnds(
  config: Readonly<Config>,
  deps: StudyHallDeps,
  logger: Logger,
  status: FrontEndStatus[],
): FrontEnd[] {
  const on = new Set(status.filter((s) => s.on).map((s) => s.name));
  const frontEnds: FrontEnd[] = [];
  if (on.has("Slack")) {
    const slack = createSlackFrontEnd({
      deps,
      settings: { ...config.slack, publicUrl: config.publicUrl },
      logger,
    });
    frontEnds.push({
      name: "Slack",
      router: slack.router,
      jobHandlers: slack.jobHandlers,
      studyNudgeSender: slack.studyNudgeSender,
      studySessionPort: slack.studySessionPort,
      start: slack.start,
      stop: slack.stop,
    });
  }
  if (on.has("Discord")) {
    const discord = createDiscordFrontEnd({ deps, settings: config.discord, logger });
    frontEnds.push({
      name: "Discord",
      jobHandlers: discord.jobHandlers,
      studyNudgeSender: discord.studyNudgeSender,
      studySessionPort: discord.studySessionPort,
      start: discord.start,
      stop: discord.stop,
    });
  }
  if (on.has("LTI") && config.lti.encryptionKey) {
    const lti = createLtiFrontEnd({
      deps,
      settings: {
        encryptionKey: config.lti.encryptionKey,
        publicUrl: config.publicUrl,
        sessionMinutes: config.lti.sessionMinutes,
        trustProxy: config.trustProxy,
        rateLimits: config.lti.rateLimits,
        loginStatesPerPlatform: config.lti.loginStatesPerPlatform,
        httpTimeoutMs: config.lti.httpTimeoutMs,
        ...(config.clever ? { clever: { ...config.clever } } : {}),
      },
      logger,
    });
    frontEnds.push({
      name: "LTI",
      router: lti.router,
      jobHandlers: lti.jobHandlers,
      start: lti.start,
      stop: lti.stop,
    });
  }
  return frontEnds;
}

/**
 * The daily due-cards nudge's job handler, sending through the chat front ends this process serves
 * (each gives its `studyNudgeSender`). A process with none registers no handler, so its runner leaves
 * the nudge jobs to a process that can send them.
 */
export function studyNudgeJobHandlers(
  deps: StudyHallDeps,
  frontEnds: Pick<FrontEnd, "studyNudgeSender">[],
): Record<string, JobHandler> {
  const senders = frontEnds.flatMap((f) => (f.studyNudgeSender ? [f.studyNudgeSender] : []));
  return senders.length > 0 ? { [STUDY_NUDGE_QUEUE]: studyNudgeJobHandler(deps, () => senders) } : {};
}

/**
 * The notification delivery job's handler, sending through the same DM senders as the nudge. A process
 * with no chat front end registers none, so its runner leaves delivery to a process that can send;
 * the notifications wait in the inbox meanwhile.
 */
export function notificationJobHandlers(
  deps: StudyHallDeps,
  frontEnds: Pick<FrontEnd, "studyNudgeSender">[],
): Record<string, JobHandler> {
  const senders = frontEnds.flatMap((f) => (f.studyNudgeSender ? [f.studyNudgeSender] : []));
  return senders.length > 0 ? { [NOTIFY_QUEUE]: notificationJobHandler(deps, () => senders) } : {};
}

/**
 * The study sessions' job handler, always registered: reminders, attendance and the summary's record
 * need no chat, so an LMS-only deployment runs them too. A step that must post to a platform this
 * process has no front end for fails and is retried, for a process that has one.
 */
export function studySessionJobHandlers(
  deps: StudyHallDeps,
  frontEnds: Pick<FrontEnd, "studySessionPort">[],
): Record<string, JobHandler> {
  const ports = frontEnds.flatMap((f) => (f.studySessionPort ? [f.studySessionPort] : []));
  return { [STUDY_SESSION_QUEUE]: studySessionJobHandler(deps, () => ports) };
}
