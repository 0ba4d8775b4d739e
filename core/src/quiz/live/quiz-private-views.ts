import type { Question, QuizResult } from "../../db/generated/client.ts";
import type { Reply } from "../../reply/reply.ts";
import { choiceLabel } from "../choice-label.ts";
import type { QuizResponse } from "../grade-response.ts";
import { correctAnswerText } from "./quiz-board-view.ts";
import type { AnswerOutcome } from "./record-answer.ts";

/** The private confirmation a player sees after clicking an answer. */
export function answerOutcomeReply(outcome: AnswerOutcome, question: Question | null): Reply {
  const said =
    outcome.status === "closed" || outcome.status === "notOpen"
      ? ""
      : describeResponse(outcome.response, question);
  const text = (() => {
    switch (outcome.status) {
      case "locked":
        return `🔒 Locked in: ${said}.${outcome.canChange ? " You can change your answer once." : ""}`;
      case "changed":
        return `🔒 Changed to: ${said}. That is final.`;
      case "unchanged":
        return `🔒 Already locked in: ${said}.`;
      case "already":
        return `Your answer is already locked in: ${said}. It cannot be changed in this quiz.`;
      case "notOpen":
        return "⏱ This question has not opened yet, so that answer was not counted. Answer once it appears.";
      case "closed":
        return "⏱ Too late: this question is closed, so that answer was not counted.";
    }
  })();
  return {
    visibility: "private",
    blocks: [
      {
        type: "notice",
        tone:
          outcome.status === "locked" || outcome.status === "changed" || outcome.status === "unchanged"
            ? "info"
            : "warning",
        text,
      },
    ],
  };
}

function describeResponse(response: QuizResponse, question: Question | null): string {
  if (response.choices?.length && question)
    return response.choices.map((i) => choiceLabel(question.kind, i, question.choices[i] ?? "?")).join(", ");
  if (response.text !== undefined) return `“${response.text}”`;
  if (response.number !== undefined) return String(response.number);
  return "no answer";
}

export interface PersonalAnswer {
  question: Question;
  response: QuizResponse | null;
  credit: number;
  points: number;
}

/** One player's result, shown only to them: score, place (unless rankings are hidden), answers. */
export function personalResultReply(input: {
  title: string;
  result: QuizResult;
  players: number;
  showRank: boolean;
  answers: PersonalAnswer[];
}): Reply {
  const { result } = input;
  const lines = input.answers.map(({ question, response, credit, points }, i) => {
    const mark = !response ? "—" : credit >= 1 ? "✅" : credit > 0 ? "◐" : "❌";
    const yours = response ? describeResponse(response, question) : "no answer";
    const right = credit >= 1 ? "" : ` (answer: ${correctAnswerText(question)})`;
    return `${mark} Q${i + 1}: ${yours}${right} · ${points} pts`;
  });
  return {
    visibility: "private",
    blocks: [
      { type: "text", text: `**Your result: ${input.title}**` },
      {
        type: "fields",
        fields: [
          { label: "Score", value: `${result.score} pts` },
          ...(input.showRank ? [{ label: "Place", value: `${result.rank} of ${input.players}` }] : []),
          { label: "Accuracy", value: `${Math.round(result.accuracy * 100)}%` },
          {
            label: "Correct",
            value: `${result.correctCount} correct, ${result.partialCount} partly, ${result.incorrectCount} wrong, ${result.unanswered} unanswered`,
          },
          ...(result.avgLatencyMs !== null
            ? [{ label: "Average time", value: `${(result.avgLatencyMs / 1000).toFixed(1)} s` }]
            : []),
          { label: "Best streak", value: String(result.bestStreak) },
          ...(result.team ? [{ label: "Team", value: result.team }] : []),
        ],
      },
      ...(lines.length ? [{ type: "text" as const, text: lines.join("\n") }] : []),
    ],
  };
}
