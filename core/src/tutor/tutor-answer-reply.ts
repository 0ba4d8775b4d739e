import type { Reply } from "../reply/reply.ts";
import type { TutorAnswer } from "./ask-tutor.ts";

/**
 * Who may see an answer. A question moderation withheld is answered to the asker alone, wherever it
 * was asked: classmates must neither read it quoted nor learn that it was flagged (a self-harm reply
 * above all). Every other answer may be shown as widely as the place it was asked in.
 */
export function answerVisibility(
  answer: TutorAnswer,
  where: Reply["visibility"] = "public",
): Reply["visibility"] {
  return answer.withheld === "question" ? "private" : where;
}

/**
 * The neutral reply for a tutor answer: the text, its citations, and 👍/👎 and "Save as card" buttons
 * when answered.
 * `visibility` is that of the place asked in; {@link answerVisibility} may narrow it to the asker.
 */
export function tutorAnswerReply(answer: TutorAnswer, visibility: Reply["visibility"] = "public"): Reply {
  const blocks: Reply["blocks"] = [{ type: "text", text: answer.text }];
  if (answer.citations.length > 0) blocks.push({ type: "citations", citations: answer.citations });
  if (answer.answered) {
    blocks.push({
      type: "buttons",
      buttons: [
        { label: "👍 Helpful", action: { kind: "tutor.feedback", messageId: answer.messageId, vote: 1 } },
        {
          label: "👎 Not helpful",
          action: { kind: "tutor.feedback", messageId: answer.messageId, vote: -1 },
        },
        { label: "📇 Save as card", action: { kind: "card.saveAnswer", messageId: answer.messageId } },
      ],
    });
  }
  return { visibility: answerVisibility(answer, visibility), blocks };
}
