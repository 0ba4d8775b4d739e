import type { Platform } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import type { TutorAnswer } from "./ask-tutor.ts";
import { loadConversation, WITHHELD_QUESTION_CONTENT } from "./conversation-memory.ts";

export { WITHHELD_QUESTION_CONTENT };

/** UsageLog.refusedReason of a turn whose question or answer moderation withheld. */
export const MODERATED_QUESTION = "moderated_question";
export const MODERATED_ANSWER = "moderated_answer";

/**
 * Ends a turn whose question moderation withheld: no retrieval and no AI call. The conversation keeps a
 * placeholder for the question (the flag holds its excerpt for staff) and the reply the student saw; a
 * UsageLog row without the question's words records the refusal, which counts against the asker's
 * request limit like any question.
 */
export async function answerWithheldQuestion(
  db: Prisma,
  turn: {
    userId: string;
    courseId: string;
    platform: Platform;
    threadKey: string;
    reply: string;
    latencyMs: number;
  },
): Promise<TutorAnswer> {
  const { userId, courseId, platform, threadKey, reply } = turn;
  const { conversationId } = await loadConversation(db, { userId, courseId, platform, threadKey });
  return db.$transaction(async (tx) => {
    const usage = await tx.usageLog.create({
      data: {
        userId,
        courseId,
        platform,
        // Its words are kept only in the flag's excerpt, for staff's Flagged list, not in the questions list.
        question: "",
        answered: false,
        refusedReason: MODERATED_QUESTION,
        latencyMs: turn.latencyMs,
        model: "",
        retrieved: [],
      },
    });
    await tx.message.create({ data: { conversationId, role: "USER", content: WITHHELD_QUESTION_CONTENT } });
    const message = await tx.message.create({
      data: { conversationId, role: "ASSISTANT", content: reply, citations: [], usageLogId: usage.id },
    });
    return {
      answered: false,
      text: reply,
      citations: [],
      conversationId,
      messageId: message.id,
      usageLogId: usage.id,
      model: "",
    };
  });
}
