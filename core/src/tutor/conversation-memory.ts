import type { Platform } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";

/** Stored in a conversation in place of a question moderation withheld, so it never reaches a prompt. */
export const WITHHELD_QUESTION_CONTENT = "(a message withheld by moderation)";

/** Turns of history sent with each question: enough for follow-ups, small enough for the prompt. */
export const HISTORY_MESSAGES = 6;

export interface ConversationContext {
  conversationId: string;
  history: Array<{ role: "user" | "assistant"; content: string }>;
}

/** The conversation for this person, course and thread (created on first use) and its recent messages. */
export async function loadConversation(
  db: Prisma,
  input: { userId: string; courseId: string; platform: Platform; threadKey: string },
): Promise<ConversationContext> {
  const conversation = await db.conversation.upsert({
    where: {
      userId_courseId_threadKey: {
        userId: input.userId,
        courseId: input.courseId,
        threadKey: input.threadKey,
      },
    },
    create: input,
    update: {},
  });
  const recent = await db.message.findMany({
    where: { conversationId: conversation.id },
    orderBy: { createdAt: "desc" },
    take: HISTORY_MESSAGES,
  });
  return {
    conversationId: conversation.id,
    history: recent
      .reverse()
      .map((m) => ({ role: m.role === "USER" ? "user" : "assistant", content: m.content })),
  };
}

/**
 * The text retrieval searches with: a follow-up ("why?") borrows the words of the previous question
 * (not of a withheld one, which has no words to lend).
 */
export function retrievalText(question: string, history: ConversationContext["history"]): string {
  const previous = [...history]
    .reverse()
    .find((m) => m.role === "user" && m.content !== WITHHELD_QUESTION_CONTENT);
  return previous ? `${previous.content}\n${question}` : question;
}
