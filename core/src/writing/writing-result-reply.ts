import type { Reply, ReplyBlock } from "../reply/reply.ts";
import type { WritingResultView } from "./writing-types.ts";

/**
 * The feedback on one submission: a score per criterion with its comment and the total (or, for
 * structural feedback, the sentence saying nothing was scored), the feedback with its citations, and
 * the next step. Private to the writer.
 */
export function writingResultReply(result: WritingResultView): Reply {
  const blocks: ReplyBlock[] = [
    { type: "text", text: `**Feedback on "${result.promptTitle}"** · ${result.wordCount} words` },
  ];
  if (result.scored) {
    blocks.push({
      type: "fields",
      fields: [
        ...result.scores.map((s) => ({
          label: s.criterion,
          value: `${formatScore(s.score)}/${s.points}${s.comment ? ` · ${s.comment}` : ""}`,
        })),
        { label: "Total", value: `${formatScore(result.totalScore)}/${formatScore(result.maxScore)}` },
      ],
    });
  } else {
    blocks.push({ type: "notice", tone: "info", text: "Not scored: content was not judged (no AI model)." });
  }
  blocks.push({ type: "text", text: result.feedback });
  if (result.citations.length > 0) blocks.push({ type: "citations", citations: result.citations });
  blocks.push({ type: "text", text: `**Next step:** ${result.nextStep}` });
  return { visibility: "private", blocks };
}

/** A list of results: own ones for a student, everyone's (with names) for staff. */
export function writingResultsReply(results: WritingResultView[]): Reply {
  if (results.length === 0)
    return { visibility: "private", blocks: [{ type: "text", text: "No writing submitted yet." }] };
  const lines = results.map((r, i) => {
    const who = r.studentName ? ` · ${r.studentName}` : "";
    const score = r.scored
      ? `${formatScore(r.totalScore)}/${formatScore(r.maxScore)}`
      : "structural feedback, not scored";
    return `${i + 1}. **${r.promptTitle}**${who} · ${score} · ${r.wordCount} words · ${r.createdAt.toISOString().slice(0, 10)}`;
  });
  return { visibility: "private", blocks: [{ type: "text", text: `Writing results:\n${lines.join("\n")}` }] };
}

function formatScore(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
