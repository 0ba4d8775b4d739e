import type { PracticeAnswer, Question } from "../db/generated/client.ts";
import { choiceLabel } from "../quiz/choice-label.ts";
import { correctAnswerText } from "../quiz/live/correct-answer-text.ts";
import type { Reply, ReplyBlock, ReplyButton } from "../reply/reply.ts";
import { type LoadedRun, runScore } from "./practice-run.ts";

/** Kinds answered with one click on a choice; the others open a form (practice.respond). */
export function answersWithButtons(question: Pick<Question, "kind">): boolean {
  return question.kind === "SINGLE_CHOICE" || question.kind === "TRUE_FALSE";
}

export function percent(score: number): string {
  return `${Math.round(score * 100)}%`;
}

function heading(loaded: LoadedRun, position: number): string {
  const retry = loaded.run.mode === "RETRY_MISSED" ? " (missed questions)" : "";
  return `**${loaded.quiz.title}**${retry} · question ${position + 1} of ${loaded.run.questionIds.length}`;
}

/** The question at the run's position: its prompt, and choice buttons or one "Answer" button. */
export function practiceQuestionReply(loaded: LoadedRun, question: Question, notice?: string): Reply {
  const { run } = loaded;
  const blocks: ReplyBlock[] = [];
  if (notice) blocks.push({ type: "notice", tone: "info", text: notice });
  blocks.push({ type: "text", text: `${heading(loaded, run.position)}\n\n${question.prompt}` });
  if (run.timeLimitSec && run.questionShownAt)
    blocks.push({
      type: "countdown",
      label: "Time left",
      endsAt: new Date(run.questionShownAt.getTime() + run.timeLimitSec * 1000).toISOString(),
      totalSeconds: run.timeLimitSec,
    });
  if (answersWithButtons(question)) {
    blocks.push({
      type: "buttons",
      buttons: question.choices.map((text, choice) => ({
        label: choiceLabel(question.kind, choice, text),
        action: { kind: "practice.answer", runId: run.id, position: run.position, choice },
      })),
    });
  } else {
    if (question.kind === "MULTIPLE_SELECT")
      blocks.push({
        type: "text",
        text: question.choices.map((c, i) => choiceLabel(question.kind, i, c)).join("\n"),
      });
    blocks.push({
      type: "buttons",
      buttons: [
        {
          label: "Answer",
          style: "primary",
          action: { kind: "practice.respond", runId: run.id, position: run.position },
        },
      ],
    });
  }
  return { visibility: "private", blocks };
}

function describeAnswer(question: Question, answer: PracticeAnswer): string {
  if (answer.choices.length)
    return answer.choices.map((i) => choiceLabel(question.kind, i, question.choices[i] ?? "?")).join(", ");
  if (answer.text !== null) return `“${answer.text}”`;
  if (answer.number !== null) return String(answer.number);
  return "no answer";
}

function verdict(answer: PracticeAnswer): { tone: "info" | "warning"; text: string } {
  if (answer.late) return { tone: "warning", text: "⏱ Time was up, so this one counts as wrong." };
  if (answer.correct) return { tone: "info", text: "✅ Right!" };
  if (answer.credit > 0) return { tone: "warning", text: `Partly right (${percent(answer.credit)} credit).` };
  return { tone: "warning", text: "❌ Not quite." };
}

/**
 * Instant feedback on one answer: right or wrong, the right answer, the explanation, the passage it
 * comes from, "Save as card", and [Next] (or the run's summary after its last question).
 */
export function practiceFeedbackReply(
  loaded: LoadedRun,
  question: Question,
  answer: PracticeAnswer,
  summary: Reply | null,
): Reply {
  const position = loaded.run.questionIds.indexOf(question.id);
  const blocks: ReplyBlock[] = [
    { type: "text", text: `${heading(loaded, position)}\n\n${question.prompt}` },
    { type: "notice", ...verdict(answer) },
    {
      type: "fields",
      fields: [
        { label: "Your answer", value: describeAnswer(question, answer) },
        { label: "Correct answer", value: correctAnswerText(question) },
      ],
    },
  ];
  if (question.explanation) blocks.push({ type: "text", text: `_${question.explanation}_` });
  if (question.sourceTitle)
    blocks.push({
      type: "citations",
      citations: [
        {
          n: 1,
          materialId: question.sourceMaterialId ?? "",
          chunkId: question.sourceChunkId ?? "",
          title: question.sourceTitle,
          anchor: question.sourceAnchor,
        },
      ],
    });
  const buttons: ReplyButton[] = [];
  if (!summary)
    buttons.push({
      label: "Next",
      style: "primary",
      action: { kind: "practice.next", runId: loaded.run.id },
    });
  buttons.push({ label: "Save as card", action: { kind: "card.saveQuestion", questionId: question.id } });
  blocks.push({ type: "buttons", buttons });
  if (summary) blocks.push({ type: "divider" }, ...summary.blocks);
  return { visibility: "private", blocks };
}

/** Best and last score of the person's full runs of this quiz (retries are not whole-quiz scores). */
export interface QuizStanding {
  best: number | null;
  last: number | null;
}

/** The end of a run: score, best and last, how many were missed, [Retry missed] and [Practise again]. */
export function practiceSummaryReply(loaded: LoadedRun, missed: number, standing: QuizStanding): Reply {
  const { run, quiz } = loaded;
  const total = run.questionIds.length;
  const what = run.mode === "RETRY_MISSED" ? "Retry of the missed questions" : "Practice";
  const fields = [
    { label: "Score", value: `${percent(runScore(run))} (${run.correctCount} of ${total} right)` },
    { label: "Missed", value: String(missed) },
  ];
  if (standing.best !== null) fields.push({ label: "Best", value: percent(standing.best) });
  if (standing.last !== null) fields.push({ label: "Last", value: percent(standing.last) });
  const buttons: ReplyButton[] = [];
  if (missed > 0)
    buttons.push({
      label: "Retry missed",
      style: "primary",
      action: { kind: "practice.retry", runId: run.id },
    });
  buttons.push({ label: "Practise again", action: { kind: "practice.start", quizId: quiz.id } });
  const blocks: ReplyBlock[] = [
    { type: "text", text: `**${what} of ${quiz.title} finished.** ${missed} missed.` },
    { type: "fields", fields },
  ];
  if (run.mode === "RETRY_MISSED")
    blocks.push({
      type: "text",
      text: "_Best and last count whole-quiz runs only, so a retry does not change them._",
    });
  blocks.push({ type: "buttons", buttons });
  return { visibility: "private", blocks };
}
