import { z } from "zod";
import { requireEnrollment } from "../courses/enrollments.ts";
import type { PracticeMode } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import type { Reply, ReplyBlock } from "../reply/reply.ts";
import { practiceQuizNotFound } from "./practice-errors.ts";
import { percent } from "./practice-replies.ts";
import { runScore } from "./practice-run.ts";
import { type QuizRecord, quizRecords, recordOf } from "./practice-standings.ts";

/** The topic name of quizzes without one. */
export const OTHER_TOPIC = "Other";
const RECENT_RUNS = 10;

/** One person's practice in one course (scores 0..1; best and last from whole-quiz runs only). */
export interface PracticeHistory {
  courseId: string;
  quizzes: Array<{ quizId: string; title: string; topic: string | null } & QuizRecord>;
  topics: Array<{ topic: string; quizzes: number; runs: number; best: number | null; last: number | null }>;
  recent: Array<{
    runId: string;
    quizId: string;
    title: string;
    mode: PracticeMode;
    score: number;
    correct: number;
    questions: number;
    finishedAt: Date;
  }>;
}

const historyInput = z.object({ actor: actorSchema, courseId: z.uuid(), quizId: z.uuid().optional() });

/** The person's practice history in a course: per quiz, per topic and their most recent runs. */
export async function practiceHistoryData(
  db: Prisma,
  input: z.input<typeof historyInput>,
): Promise<PracticeHistory> {
  const { actor, courseId, quizId } = parseUseCaseInput(historyInput, input, {
    courseId: () => practiceQuizNotFound(),
    quizId: () => practiceQuizNotFound(),
  });
  const { userId } = await resolveUser(db, actor);
  await requireEnrollment(db, courseId, userId);
  const [records, runs] = await Promise.all([
    quizRecords(db, { userId, courseId, ...(quizId ? { quizIds: [quizId] } : {}) }),
    db.practiceRun.findMany({
      where: { userId, courseId, finishedAt: { not: null }, ...(quizId ? { quizId } : {}) },
      orderBy: { finishedAt: "desc" },
      take: RECENT_RUNS,
      include: { quiz: { select: { title: true } } },
    }),
  ]);
  const quizRows = await db.quiz.findMany({
    where: { courseId, id: { in: [...records.keys()] } },
    select: { id: true, title: true, topic: true },
    orderBy: { title: "asc" },
  });
  const quizzes = quizRows.map((q) => ({
    quizId: q.id,
    title: q.title,
    topic: q.topic,
    ...recordOf(records, q.id),
  }));
  return {
    courseId,
    quizzes,
    topics: byTopic(quizzes),
    recent: runs.map((r) => ({
      runId: r.id,
      quizId: r.quizId,
      title: r.quiz.title,
      mode: r.mode,
      score: runScore(r),
      correct: r.correctCount,
      questions: r.questionIds.length,
      finishedAt: r.finishedAt as Date,
    })),
  };
}

/** Per topic: how many quizzes were practised, their runs, and the mean of their best and last scores. */
function byTopic(quizzes: PracticeHistory["quizzes"]): PracticeHistory["topics"] {
  const groups = new Map<string, PracticeHistory["quizzes"]>();
  for (const q of quizzes) {
    const topic = q.topic?.trim() || OTHER_TOPIC;
    groups.set(topic, [...(groups.get(topic) ?? []), q]);
  }
  const mean = (values: Array<number | null>) => {
    const known = values.filter((v): v is number => v !== null);
    return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
  };
  return [...groups.entries()]
    .map(([topic, qs]) => ({
      topic,
      quizzes: qs.length,
      runs: qs.reduce((n, q) => n + q.runs, 0),
      best: mean(qs.map((q) => q.best)),
      last: mean(qs.map((q) => q.last)),
    }))
    .sort((a, b) =>
      a.topic === OTHER_TOPIC ? 1 : b.topic === OTHER_TOPIC ? -1 : a.topic.localeCompare(b.topic),
    );
}

/** The practice history as a reply for chat: per quiz, per topic and the recent runs. */
export async function practiceHistory(db: Prisma, input: z.input<typeof historyInput>): Promise<Reply> {
  const history = await practiceHistoryData(db, input);
  if (history.recent.length === 0)
    return {
      visibility: "private",
      blocks: [{ type: "notice", tone: "info", text: "No finished practice yet. Type `practice` to start." }],
    };
  const score = (v: number | null) => (v === null ? "–" : percent(v));
  const blocks: ReplyBlock[] = [
    { type: "text", text: "**Your practice**" },
    {
      type: "fields",
      fields: history.quizzes.map((q) => ({
        label: q.title,
        value: `${q.runs} run${q.runs === 1 ? "" : "s"} · best ${score(q.best)} · last ${score(q.last)}${q.lastAt ? ` (${q.lastAt.toISOString().slice(0, 10)})` : ""}`,
      })),
    },
  ];
  if (history.topics.length > 1)
    blocks.push({
      type: "text",
      text: `**By topic**\n${history.topics.map((t) => `• ${t.topic}: ${t.runs} runs · best ${score(t.best)} · last ${score(t.last)}`).join("\n")}`,
    });
  blocks.push({
    type: "text",
    text: `**Recent runs**\n${history.recent
      .map(
        (r) =>
          `• ${r.finishedAt.toISOString().slice(0, 10)} ${r.title}${r.mode === "RETRY_MISSED" ? " (retry of missed)" : ""}: ${percent(r.score)} (${r.correct}/${r.questions})`,
      )
      .join("\n")}`,
  });
  blocks.push({
    type: "text",
    text: "_Practice is never sent to the gradebook. Best and last count whole-quiz runs only._",
  });
  return { visibility: "private", blocks };
}
