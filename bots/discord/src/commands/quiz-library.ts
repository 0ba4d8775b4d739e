import {
  describeQuizShortfall,
  generateQuiz,
  listQuizzes,
  noticeReply,
  quizReviewReply,
  type Reply,
} from "@studyhall/core";
import { z } from "zod";
import { courseForPlace, requireSpace } from "../context/course-for-place.ts";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import type { CommandScope } from "./command-scope.ts";

const draftsOptions = z.object({ quiz: z.uuid("Choose a draft from the list.").optional() });

/**
 * `/quiz drafts [quiz:]`: the course's drafts, and one draft in full (the chosen one, else the newest)
 * with Approve / Discard. Staff only (core refuses others).
 */
export async function quizDrafts(scope: CommandScope): Promise<void> {
  const reply = await scope.defer({ ephemeral: true });
  const { quiz } = draftsOptions.parse({ quiz: scope.interaction.options.getString("quiz") ?? undefined });
  requireSpace(scope.place);
  const { db } = scope.ctx.deps;
  const { actor } = scope.place;
  const course = await courseForPlace(db, scope.place);
  const drafts = await listQuizzes(db, { actor, courseId: course.courseId, status: "DRAFT" });
  const chosen = quiz ?? drafts[0]?.id;
  if (!chosen) {
    await reply.edit(
      toDiscordMessages(
        noticeReply("info", `${course.courseName} has no drafts. Write one with \`/quiz generate\`.`),
      )[0]!,
    );
    return;
  }
  const review = await quizReviewReply(db, { actor, courseId: course.courseId, quizId: chosen });
  const list =
    drafts.length > 1
      ? `**Drafts of ${course.courseName}** (${drafts.length}; review another with \`/quiz drafts quiz:\`)\n${drafts
          .map((d) => `• ${d.title} · ${d.questions} questions · ${d.createdAt.toISOString().slice(0, 10)}`)
          .join("\n")}`
      : null;
  await reply.show(
    toDiscordMessages({
      visibility: "private",
      blocks: [
        ...(list ? [{ type: "text" as const, text: list }, { type: "divider" as const }] : []),
        ...review.blocks,
      ],
    }),
  );
}

const generateOptions = z.object({
  topic: z.string().trim().min(1).max(200, "Topics are at most 200 characters.").optional(),
  count: z
    .number()
    .int()
    .min(1, "Ask for at least 1 question.")
    .max(20, "Ask for at most 20 questions.")
    .optional(),
});

/** `/quiz generate [topic:] [count:]`: writes a draft from the course materials and shows it for review. */
export async function quizGenerate(scope: CommandScope): Promise<void> {
  const reply = await scope.defer({ ephemeral: true });
  const input = generateOptions.parse({
    topic: scope.interaction.options.getString("topic") ?? undefined,
    count: scope.interaction.options.getInteger("count") ?? undefined,
  });
  requireSpace(scope.place);
  const { db } = scope.ctx.deps;
  const { actor } = scope.place;
  const course = await courseForPlace(db, scope.place);
  await reply.edit(
    toDiscordMessages(noticeReply("info", `Writing questions from ${course.courseName}'s materials…`))[0]!,
  );
  const generated = await generateQuiz(
    { actor, courseId: course.courseId, ...input },
    scope.ctx.deps.quiz.generation,
  );
  scope.log.info({ quizId: generated.quizId, questions: generated.questions }, "quiz draft generated");
  const review = await quizReviewReply(db, { actor, courseId: course.courseId, quizId: generated.quizId });
  const dropped = generated.dropped ? ` (${generated.dropped} unusable ones were dropped)` : "";
  const header: Reply["blocks"] = [
    {
      type: "notice",
      tone: "info",
      text: `Draft saved with ${generated.questions} question${generated.questions === 1 ? "" : "s"}${dropped}.${generated.shortfall ? ` ${describeQuizShortfall(generated.shortfall)}` : ""} Check them, then Approve to play it with \`/quiz start\`.`,
    },
  ];
  await reply.show(toDiscordMessages({ visibility: "private", blocks: [...header, ...review.blocks] }));
}
