import type { Reply } from "../reply/reply.ts";
import type { TutorAnswer } from "./ask-tutor.ts";

/** The neutral reply for a tutor answer: the text, its citations, and 👍/👎 buttons when answered. */
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
      ],
    });
  }
  return { visibility, blocks };
}
