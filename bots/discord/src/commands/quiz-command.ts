import { AppError, ErrorCode, type QuizOptionsLayer } from "@studyhall/core";
import { z } from "zod";
import { requireSpace } from "../context/course-for-place.ts";
import { openQuizLobby } from "../quiz/open-quiz-lobby.ts";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import type { CommandHandler, CommandScope } from "./command-scope.ts";
import { quizDrafts, quizGenerate } from "./quiz-library.ts";
import { quizExport, quizResults } from "./quiz-results.ts";
import { rememberQuizToken } from "./quiz-token.ts";
import { quizWrite } from "./quiz-write-form.ts";

/** `/quiz start|stop|drafts|generate|write|results|export`. Every decision (who may, which quiz) is core's. */
export const quizCommand: CommandHandler = async (scope) => {
  const sub = scope.interaction.options.getSubcommand(false);
  switch (sub) {
    case "start":
      return startQuiz(scope);
    case "stop":
      return stopQuiz(scope);
    case "drafts":
      return quizDrafts(scope);
    case "generate":
      return quizGenerate(scope);
    case "write":
      return quizWrite(scope);
    case "results":
      return quizResults(scope);
    case "export":
      return quizExport(scope);
    default:
      throw new AppError(ErrorCode.InvalidInput, `unknown quiz subcommand ${sub}`, {
        userMessage: "Use `/quiz start`, `stop`, `drafts`, `generate`, `write`, `results` or `export`.",
      });
  }
};

const startOptions = z.object({
  quiz: z.string().trim().min(1).max(200, "Quiz names are at most 200 characters.").optional(),
  questions: z.number().int().min(1, "Play at least 1 question.").max(100).optional(),
  seconds: z.number().int().min(5, "Give at least 5 seconds.").max(300, "At most 300 seconds.").optional(),
  teams: z.enum(["off", "auto", "roles"]).optional(),
  hide_rankings: z.boolean().optional(),
  allow_change: z.boolean().optional(),
  scoring: z.enum(["speed", "accuracy"]).optional(),
  streaks: z.boolean().optional(),
});

/** The host's choices as an options layer: only what they set, so the quiz's and course's own stand. */
export function startOptionsLayer(input: z.infer<typeof startOptions>): QuizOptionsLayer {
  const layer: QuizOptionsLayer = {};
  if (input.teams) layer.teams = input.teams === "roles" ? "platform" : input.teams;
  if (input.hide_rankings !== undefined) layer.showRankings = !input.hide_rankings;
  if (input.allow_change !== undefined) layer.allowAnswerChange = input.allow_change;
  if (input.scoring) layer.scoring = input.scoring;
  if (input.streaks !== undefined) layer.streaks = input.streaks;
  return layer;
}

/** `/quiz start`: opens the lobby; the game message is posted in the channel by the quiz board. */
async function startQuiz(scope: CommandScope): Promise<void> {
  const reply = await scope.defer({ ephemeral: true });
  const { options } = scope.interaction;
  const input = startOptions.parse({
    quiz: options.getString("quiz") ?? undefined,
    questions: options.getInteger("questions") ?? undefined,
    seconds: options.getInteger("seconds") ?? undefined,
    teams: options.getString("teams") ?? undefined,
    hide_rankings: options.getBoolean("hide_rankings") ?? undefined,
    allow_change: options.getBoolean("allow_change") ?? undefined,
    scoring: options.getString("scoring") ?? undefined,
    streaks: options.getBoolean("streaks") ?? undefined,
  });
  const space = requireSpace(scope.place);
  const { actor, platformStaff } = scope.place;
  const started = await openQuizLobby(scope.ctx.deps, {
    actor,
    space,
    platformStaff,
    ...(input.quiz ? { quiz: input.quiz } : {}),
    ...(input.questions ? { questions: input.questions } : {}),
    ...(input.seconds ? { seconds: input.seconds } : {}),
    options: startOptionsLayer(input),
  });
  rememberQuizToken(scope, started.sessionId);
  scope.log.info({ sessionId: started.sessionId }, "quiz lobby opened");
  await reply.edit(toDiscordMessages(started.reply)[0]!);
}

/** `/quiz stop`: ends the channel's game (host or staff), showing the results so far. */
async function stopQuiz(scope: CommandScope): Promise<void> {
  const reply = await scope.defer({ ephemeral: true });
  const space = requireSpace(scope.place);
  const { actor, platformStaff } = scope.place;
  const result = await scope.ctx.deps.quiz.engine.stopInSpace({ space, actor, platformStaff });
  await reply.edit(toDiscordMessages(result)[0]!);
}
