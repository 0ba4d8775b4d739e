import type { Question } from "../../db/generated/client.ts";
import type { Reply, ReplyBlock, ReplyButton } from "../../reply/reply.ts";
import { CHOICE_LETTERS, choiceLabel } from "../choice-label.ts";
import { questionTimeMs } from "../quiz-options.ts";
import { correctAnswerText } from "./correct-answer-text.ts";
import type { LiveSession, QuizControl } from "./live-session.ts";
import type { BoardData } from "./load-board-data.ts";

export { correctAnswerText } from "./correct-answer-text.ts";
export { type BoardData, loadBoardData } from "./load-board-data.ts";

const LEADERBOARD_ROWS = 5;

/** The public message of a game in its current state. Pure: the same data renders the same reply. */
export function buildBoardView(data: BoardData): Reply {
  const blocks = ((): ReplyBlock[] => {
    switch (data.session.state) {
      case "LOBBY":
        return lobbyBlocks(data);
      case "QUESTION":
      case "PAUSED":
        return questionBlocks(data);
      case "REVEAL":
        return revealBlocks(data);
      case "FINISHED":
        return finishedBlocks(data);
      case "CANCELLED":
        return [
          { type: "text", text: `🎯 **${data.title}**` },
          { type: "notice", tone: "info", text: "This quiz was cancelled." },
        ];
    }
  })();
  return { visibility: "public", blocks };
}

/** A host control button of the game. */
function control(
  session: LiveSession,
  command: QuizControl,
  label: string,
  style?: "primary" | "danger",
): ReplyButton {
  return {
    label,
    action: { kind: "quiz.control", sessionId: session.id, command },
    ...(style ? { style } : {}),
  };
}

/** The lobby: who is in, and the Join, Start and Cancel buttons. */
function lobbyBlocks(data: BoardData): ReplyBlock[] {
  const { session } = data;
  const blocks: ReplyBlock[] = [];
  blocks.push({ type: "text", text: `🎯 **Live quiz: ${withoutQuizPrefix(data.title)}**` });
  blocks.push({
    type: "fields",
    fields: [
      { label: "Questions", value: String(data.questionCount) },
      { label: "Players", value: String(data.players) },
      ...(session.options.teams !== "off"
        ? [
            {
              label: "Teams",
              value:
                session.options.teams === "auto"
                  ? `${session.options.teamCount}, balanced`
                  : "from team roles",
            },
          ]
        : []),
    ],
  });
  blocks.push({
    type: "text",
    text: "Press **Join** to play. The host starts the quiz when everyone is in.",
  });
  blocks.push({
    type: "buttons",
    buttons: [
      { label: "Join", action: { kind: "quiz.join", sessionId: session.id }, style: "primary" },
      control(session, "start", "Start"),
      control(session, "stop", "Cancel", "danger"),
    ],
  });
  return blocks;
}

/** An open or paused question: its choices, the time left, how many answered, the host controls. */
function questionBlocks(data: BoardData): ReplyBlock[] {
  const { session } = data;
  const blocks: ReplyBlock[] = [];
  const q = data.question;
  if (!q) return blocks;
  blocks.push({
    type: "text",
    text: `**Question ${session.questionIndex + 1} of ${data.questionCount}** · ${data.title}`,
  });
  blocks.push({ type: "text", text: `**${q.prompt}**${kindHint(q)}` });
  if (session.state === "PAUSED") {
    blocks.push({ type: "notice", tone: "info", text: "⏸ Paused by the host." });
    blocks.push({
      type: "buttons",
      buttons: [
        control(session, "resume", "Resume", "primary"),
        control(session, "stop", "End quiz", "danger"),
      ],
    });
    return blocks;
  }
  // The letters tie long choices to their buttons; true/false buttons say all there is.
  if (q.kind === "SINGLE_CHOICE")
    blocks.push({
      type: "text",
      text: q.choices.map((c, i) => `**${CHOICE_LETTERS[i]}.** ${c}`).join("\n"),
    });
  if (data.countdownEndsAt)
    blocks.push({
      type: "countdown",
      label: "Time left",
      endsAt: data.countdownEndsAt.toISOString(),
      totalSeconds: Math.round(questionTimeMs(session.options, q) / 1000),
    });
  blocks.push({
    type: "progress",
    label: `${data.answered} of ${data.players} answered`,
    value: data.players ? Math.min(1, data.answered / data.players) : 0,
  });
  blocks.push({ type: "buttons", buttons: answerButtons(session, q) });
  blocks.push({
    type: "buttons",
    buttons: [
      control(session, "pause", "Pause"),
      control(session, "skip", "Skip"),
      control(session, "stop", "End quiz", "danger"),
    ],
  });
  return blocks;
}

/** A question's reveal: the right answer, how the answers split, the explanation and its source. */
function revealBlocks(data: BoardData): ReplyBlock[] {
  const { session } = data;
  const blocks: ReplyBlock[] = [];
  const q = data.question;
  if (!q) return blocks;
  blocks.push({
    type: "text",
    text: `**Question ${session.questionIndex + 1} of ${data.questionCount}** · time is up`,
  });
  blocks.push({ type: "text", text: `**${q.prompt}**` });
  blocks.push({ type: "text", text: `✅ ${correctAnswerText(q)}` });
  if (q.choices.length) {
    const total = Math.max(1, data.answered);
    q.choices.forEach((choice, i) => {
      const count = data.distribution[i] ?? 0;
      const mark = q.correctChoices.includes(i) ? "✅" : "▫️";
      blocks.push({
        type: "progress",
        label: `${mark} ${choiceLabel(q.kind, i, choice)} — ${count}`,
        value: count / total,
      });
    });
  } else {
    blocks.push({
      type: "fields",
      fields: [{ label: "Correct", value: `${data.correctAnswers} of ${data.answered}` }],
    });
  }
  if (q.explanation) blocks.push({ type: "text", text: `_${q.explanation}_` });
  if (q.sourceTitle)
    blocks.push({
      type: "citations",
      citations: [
        {
          n: 1,
          materialId: q.sourceMaterialId ?? "",
          chunkId: q.sourceChunkId ?? "",
          title: q.sourceTitle,
          anchor: q.sourceAnchor,
        },
      ],
    });
  // Anyone in the channel saw the answer, so anyone may keep the question as a flashcard (core checks
  // the clicker is enrolled and that the question was revealed).
  blocks.push({
    type: "buttons",
    buttons: [{ label: "📇 Save as card", action: { kind: "card.saveQuestion", questionId: q.id } }],
  });
  if (session.options.showRankings) pushLeaderboard(blocks, data, LEADERBOARD_ROWS, "Leaderboard");
  const last = session.questionIndex + 1 >= data.questionCount;
  blocks.push({
    type: "buttons",
    buttons: [
      control(session, "skip", last ? "Show results" : "Next question", "primary"),
      control(session, "pause", "Pause"),
      control(session, "stop", "End quiz", "danger"),
    ],
  });
  return blocks;
}

/** The final results: the podium (or a note that rankings are hidden) and the My result button. */
function finishedBlocks(data: BoardData): ReplyBlock[] {
  const { session } = data;
  const blocks: ReplyBlock[] = [];
  blocks.push({ type: "text", text: `🏁 **${data.title}: final results**` });
  if (session.options.showRankings && data.standings.length) {
    const medals = ["🥇", "🥈", "🥉"];
    const podium = data.standings.filter((p) => p.rank <= session.options.podiumSize);
    blocks.push({
      type: "text",
      text: podium
        .map(
          (p) =>
            `${medals[p.rank - 1] ?? `${p.rank}.`} **${p.displayName}**${p.team ? ` (${p.team})` : ""} — ${p.score} pts`,
        )
        .join("\n"),
    });
    if (data.teams.length)
      blocks.push({
        type: "text",
        text: `**Teams:** ${data.teams.map((t) => `${t.rank}. ${t.team} ${t.score}`).join(" · ")}`,
      });
  } else if (data.standings.length) {
    blocks.push({
      type: "text",
      text: "Rankings are hidden for this quiz. Everyone gets their own result privately.",
    });
  }
  blocks.push({
    type: "fields",
    fields: [
      { label: "Players", value: String(data.standings.length) },
      { label: "Questions", value: String(Math.min(data.questionCount, session.questionIndex + 1)) },
    ],
  });
  if (data.standings.length)
    blocks.push({
      type: "buttons",
      buttons: [{ label: "My result", action: { kind: "quiz.result", sessionId: session.id } }],
    });
  else blocks.push({ type: "text", text: "Nobody answered this time." });
  return blocks;
}

function answerButtons(session: LiveSession, q: Question): ReplyButton[] {
  if (q.kind === "SINGLE_CHOICE" || q.kind === "TRUE_FALSE")
    return q.choices.map((c, i) => ({
      label: choiceLabel(q.kind, i, c),
      action: { kind: "quiz.answer", sessionId: session.id, questionIndex: session.questionIndex, choice: i },
    }));
  return [
    {
      label: "Answer",
      action: { kind: "quiz.respond", sessionId: session.id, questionIndex: session.questionIndex },
      style: "primary",
    },
  ];
}

function kindHint(q: Question): string {
  if (q.kind === "MULTIPLE_SELECT") return "\n_Select every correct answer._";
  if (q.kind === "SHORT_TEXT") return "\n_Type your answer._";
  if (q.kind === "NUMERIC") return "\n_Answer with a number._";
  return "";
}

function pushLeaderboard(blocks: ReplyBlock[], data: BoardData, rows: number, title: string): void {
  if (data.teams.length)
    blocks.push({
      type: "text",
      text: `**Teams:** ${data.teams.map((t) => `${t.rank}. ${t.team} ${t.score}`).join(" · ")}`,
    });
  const top = data.standings.slice(0, rows);
  if (top.length)
    blocks.push({
      type: "text",
      text: `**${title}**\n${top.map((p) => `${p.rank}. ${p.displayName} — ${p.score}`).join("\n")}`,
    });
}

/**
 * A generated quiz is titled "Quiz: <topic>"; under a "Live quiz:" heading that prefix would read twice
 * ("Live quiz: Quiz: Rivers").
 */
function withoutQuizPrefix(title: string): string {
  return title.replace(/^quiz\s*[:–-]\s*/i, "") || title;
}
