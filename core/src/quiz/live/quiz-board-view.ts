import type { Question } from "../../db/generated/client.ts";
import type { Prisma } from "../../db/open-database.ts";
import type { Reply, ReplyBlock, ReplyButton } from "../../reply/reply.ts";
import { CHOICE_LETTERS, choiceLabel } from "../choice-label.ts";
import { questionTimeMs } from "../quiz-options.ts";
import { rankPlayers, rankTeams, type Standing, type TeamStanding } from "../rank-players.ts";
import { type LiveSession, sessionQuestions, toLiveSession } from "./live-session.ts";
import { databaseNow, tallyPlayers } from "./quiz-transitions.ts";

/** Everything the public game message shows, loaded in a few queries. */
export interface BoardData {
  session: LiveSession;
  title: string;
  questionCount: number;
  question: Question | null;
  players: number;
  answered: number;
  /** Answers per choice (choice questions) on reveal. */
  distribution: number[];
  /** Fully correct answers to the current question, on reveal. */
  correctAnswers: number;
  standings: Standing[];
  teams: TeamStanding[];
  /**
   * When the open question's time runs out: its deadline, or, for a question whose clock starts once
   * this view is shown, the database's time now plus its time (a moment early, never late).
   */
  countdownEndsAt: Date | null;
}

const LEADERBOARD_ROWS = 5;

export async function loadBoardData(db: Prisma, sessionId: string): Promise<BoardData | null> {
  const row = await db.quizSession.findUnique({
    where: { id: sessionId },
    include: { quiz: { select: { title: true } } },
  });
  if (!row) return null;
  const session = toLiveSession(row);
  const questions = await sessionQuestions(db, session);
  const question = questions[session.questionIndex] ?? null;
  const revealing = session.state === "REVEAL" || session.state === "FINISHED";
  const [players, answers, tallies] = await Promise.all([
    db.quizPlayer.count({ where: { sessionId } }),
    question
      ? db.answer.findMany({
          where: { sessionId, questionId: question.id },
          select: { choices: true, credit: true },
        })
      : Promise.resolve([]),
    revealing ? tallyPlayers(db, sessionId) : Promise.resolve([]),
  ]);
  let countdownEndsAt = session.questionEndsAt;
  if (session.state === "QUESTION" && !session.questionStartedAt && question) {
    const limit = questionTimeMs(session.options, question);
    const remaining = Math.min(limit, session.pausedRemainingMs ?? limit);
    countdownEndsAt = new Date((await databaseNow(db)).getTime() + remaining);
  }
  const distribution = (question?.choices ?? []).map(
    (_, i) => answers.filter((a) => a.choices.includes(i)).length,
  );
  return {
    session,
    title: row.quiz.title,
    questionCount: questions.length,
    question,
    players,
    answered: answers.length,
    distribution,
    correctAnswers: answers.filter((a) => a.credit >= 1).length,
    standings: rankPlayers(tallies),
    teams: rankTeams(tallies),
    countdownEndsAt,
  };
}

/** The public message of a game in its current state. Pure: the same data renders the same reply. */
export function buildBoardView(data: BoardData): Reply {
  const { session } = data;
  const blocks: ReplyBlock[] = [];
  const control = (
    command: "start" | "pause" | "resume" | "skip" | "stop",
    label: string,
    style?: "primary" | "danger",
  ): ReplyButton => ({
    label,
    action: { kind: "quiz.control", sessionId: session.id, command },
    ...(style ? { style } : {}),
  });
  switch (session.state) {
    case "LOBBY": {
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
          control("start", "Start"),
          control("stop", "Cancel", "danger"),
        ],
      });
      break;
    }
    case "QUESTION":
    case "PAUSED": {
      const q = data.question;
      if (!q) break;
      blocks.push({
        type: "text",
        text: `**Question ${session.questionIndex + 1} of ${data.questionCount}** · ${data.title}`,
      });
      blocks.push({ type: "text", text: `**${q.prompt}**${kindHint(q)}` });
      if (session.state === "PAUSED") {
        blocks.push({ type: "notice", tone: "info", text: "⏸ Paused by the host." });
        blocks.push({
          type: "buttons",
          buttons: [control("resume", "Resume", "primary"), control("stop", "End quiz", "danger")],
        });
        break;
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
        buttons: [control("pause", "Pause"), control("skip", "Skip"), control("stop", "End quiz", "danger")],
      });
      break;
    }
    case "REVEAL": {
      const q = data.question;
      if (!q) break;
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
      if (session.options.showRankings) pushLeaderboard(blocks, data, LEADERBOARD_ROWS, "Leaderboard");
      const last = session.questionIndex + 1 >= data.questionCount;
      blocks.push({
        type: "buttons",
        buttons: [
          control("skip", last ? "Show results" : "Next question", "primary"),
          control("pause", "Pause"),
          control("stop", "End quiz", "danger"),
        ],
      });
      break;
    }
    case "FINISHED": {
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
      break;
    }
    case "CANCELLED":
      blocks.push({ type: "text", text: `🎯 **${data.title}**` });
      blocks.push({ type: "notice", tone: "info", text: "This quiz was cancelled." });
      break;
  }
  return { visibility: "public", blocks };
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

/** The right answer in words, for reveals and personal results. */
export function correctAnswerText(q: Question): string {
  switch (q.kind) {
    case "SINGLE_CHOICE":
    case "MULTIPLE_SELECT":
    case "TRUE_FALSE":
      return q.correctChoices.map((i) => choiceLabel(q.kind, i, q.choices[i] ?? "?")).join(", ");
    case "SHORT_TEXT":
      return q.acceptedAnswers.join(" / ");
    case "NUMERIC":
      return q.tolerance ? `${q.numericAnswer} (± ${q.tolerance})` : String(q.numericAnswer);
  }
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
