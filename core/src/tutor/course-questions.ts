import { z } from "zod";
import { requireStaff } from "../courses/enrollments.ts";
import type { Platform } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { RATE_LIMITED } from "./tutor-limits.ts";
import { MODERATED_ANSWER, MODERATED_QUESTION } from "./withheld-question.ts";

const courseQuestionsInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  limit: z.number().int().min(1).max(500).default(100),
});

/**
 * How the tutor dealt with a question, from its UsageLog row: `answered` from the materials;
 * `no_source` — nothing relevant enough in the materials, so it said it could not answer; `ai_error` —
 * the model failed; `refused` — a usage limit turned it away; `question_withheld` — moderation held the
 * question back, so nothing searched or answered it; `answer_withheld` — moderation held the tutor's
 * answer back and the student got a calm reply instead.
 */
export type QuestionOutcome =
  | "answered"
  | "no_source"
  | "ai_error"
  | "refused"
  | "question_withheld"
  | "answer_withheld";

/** Outcomes staff should look at: a gap in the materials, a failure, or something moderation held back. */
const NEEDS_ATTENTION: ReadonlySet<QuestionOutcome> = new Set([
  "no_source",
  "ai_error",
  "question_withheld",
  "answer_withheld",
]);

export interface AskedQuestion {
  id: string;
  /**
   * The question's words; null when moderation withheld the question, whose words are kept only in
   * its flag's excerpt on the Flagged page.
   */
  question: string | null;
  askedAt: Date;
  /** The asker's name as StudyHall knows it (null when the person was deleted). */
  who: string | null;
  /** Where it was asked: the front end (Discord, Slack, the LMS, the CLI). */
  platform: Platform;
  outcome: QuestionOutcome;
  /** The asker voted the answer down (👎). */
  votedDown: boolean;
  /** Not answered from the materials, withheld by moderation, or voted down: what staff should look at. */
  needsAttention: boolean;
}

/**
 * The questions students asked the tutor in the course, newest first, with the ones it could not
 * answer from the materials (or whose answer the asker voted down) marked. Staff only.
 */
export async function listCourseQuestions(
  db: Prisma,
  input: z.input<typeof courseQuestionsInput>,
): Promise<AskedQuestion[]> {
  const { actor, courseId, limit } = courseQuestionsInput.parse(input);
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, courseId, userId);
  const logs = await db.usageLog.findMany({
    // A deleted person's requests stay as counts with their question text removed: nothing to list. A
    // withheld question was never stored in words; it is listed (without them) while its asker exists.
    where: {
      courseId,
      kind: "TUTOR",
      OR: [{ question: { not: "" } }, { refusedReason: MODERATED_QUESTION, userId: { not: null } }],
    },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      question: true,
      createdAt: true,
      platform: true,
      answered: true,
      refusedReason: true,
      user: { select: { displayName: true } },
    },
  });
  const votes = await db.message.findMany({
    where: { usageLogId: { in: logs.map((l) => l.id) }, feedback: -1 },
    select: { usageLogId: true },
  });
  const votedDown = new Set(votes.map((v) => v.usageLogId));
  return logs.map((log) => {
    const outcome = outcomeOf(log);
    const down = votedDown.has(log.id);
    return {
      id: log.id,
      question: outcome === "question_withheld" ? null : log.question,
      askedAt: log.createdAt,
      who: log.user?.displayName ?? null,
      platform: log.platform,
      outcome,
      votedDown: down,
      needsAttention: NEEDS_ATTENTION.has(outcome) || down,
    };
  });
}

function outcomeOf(log: { answered: boolean; refusedReason: string | null }): QuestionOutcome {
  if (log.answered) return "answered";
  if (log.refusedReason === RATE_LIMITED) return "refused";
  if (log.refusedReason === "ai_error") return "ai_error";
  if (log.refusedReason === MODERATED_QUESTION) return "question_withheld";
  if (log.refusedReason === MODERATED_ANSWER) return "answer_withheld";
  return "no_source";
}
