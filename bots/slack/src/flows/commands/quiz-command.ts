import type { webApi } from "@slack/bolt";
import {
  type Actor,
  AppError,
  ErrorCode,
  enterSpace,
  type Logger,
  type Reply,
  type SpaceMember,
  type SpaceRef,
} from "@studyhall/core";
import type { QuizCommand } from "../../parse/parse-quiz-command.ts";
import type { SlackContext } from "../../slack-context.ts";
import type { CommandRequest } from "./command-request.ts";
import { runQuizDrafts, runQuizExport, runQuizGenerate, runQuizResults } from "./quiz-manage-command.ts";
import { runQuizWrite } from "./quiz-write-command.ts";

/** `/studyhall quiz <start|stop|drafts|generate|results|export>`: the decisions are the core's. */
export async function runQuizCommand(
  ctx: SlackContext,
  req: CommandRequest,
  quiz: QuizCommand,
): Promise<void> {
  switch (quiz.action) {
    case "start":
      return startQuiz(ctx, req, quiz);
    case "stop":
      return req.reply(
        await ctx.deps.quiz.engine.stopInSpace({
          space: { platform: "SLACK", tenant: req.space.tenant, channelId: req.space.channelId },
          actor: req.actor,
          platformStaff: await isAdmin(ctx, req),
        }),
      );
    case "drafts":
      return runQuizDrafts(ctx, req, await member(ctx, req), quiz.index);
    case "generate":
      return runQuizGenerate(ctx, req, await member(ctx, req), quiz);
    case "write":
      return runQuizWrite(ctx, req, quiz.title);
    case "results":
      return runQuizResults(ctx, req, await member(ctx, req, false));
    case "export":
      return runQuizExport(ctx, req, await member(ctx, req));
  }
}

/**
 * Opens a lobby; the game message is posted by the quiz board. If Slack refuses it (the app is not in
 * the channel), the engine cancels the lobby and rethrows Slack's error, which the host sees explained.
 */
async function startQuiz(
  ctx: SlackContext,
  req: CommandRequest,
  quiz: Extract<QuizCommand, { action: "start" }>,
): Promise<void> {
  const { reply } = await openQuizLobby(ctx, {
    actor: req.actor,
    space: req.space,
    client: req.client,
    log: req.log,
    ...(quiz.quiz ? { quiz: quiz.quiz } : {}),
    ...(quiz.questions !== undefined ? { questions: quiz.questions } : {}),
    ...(quiz.seconds !== undefined ? { seconds: quiz.seconds } : {}),
    options: quiz.options,
  });
  await req.reply(reply);
}

/** Who opens a lobby where, and the game's settings (as `/studyhall quiz start` reads them). */
export interface QuizLobbyRequest {
  actor: Actor;
  space: SpaceRef;
  /** A client of the space's workspace: asks Slack whether the host is a workspace admin. */
  client: webApi.WebClient;
  log: Logger;
  quiz?: string;
  questions?: number;
  seconds?: number;
  options?: Extract<QuizCommand, { action: "start" }>["options"];
}

/**
 * The one way a live quiz starts in Slack, for `/studyhall quiz start` and a study session's quiz:
 * core's engine opens the lobby (host rules, one game per channel) and the quiz board posts the game
 * message, registered with the engine.
 */
export async function openQuizLobby(
  ctx: SlackContext,
  request: QuizLobbyRequest,
): Promise<{ sessionId: string; reply: Reply }> {
  const { actor, space, client, log, ...game } = request;
  const platformStaff = await ctx.admins.isAdmin(client, space.tenant, actor.externalId, log);
  const started = await ctx.deps.quiz.engine.start({ actor, space, platformStaff, ...game });
  log.info({ sessionId: started.sessionId }, "quiz lobby posted");
  return started;
}

/** The course of this channel and the person's place in it (admins count as staff). */
async function member(ctx: SlackContext, req: CommandRequest, staffOnly = true): Promise<SpaceMember> {
  const platformStaff = await isAdmin(ctx, req);
  const joined = await enterSpace(ctx.deps.db, { actor: req.actor, space: req.space, platformStaff });
  if (staffOnly && joined.role !== "STAFF")
    throw new AppError(ErrorCode.Forbidden, "non-staff managed quizzes", {
      userMessage: "Only course staff can write, review or export quizzes.",
    });
  return joined;
}

function isAdmin(ctx: SlackContext, req: CommandRequest): Promise<boolean> {
  return ctx.admins.isAdmin(req.client, req.space.tenant, req.actor.externalId, req.log);
}
