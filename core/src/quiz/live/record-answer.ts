import type { Question } from "../../db/generated/client.ts";
import type { Prisma } from "../../db/open-database.ts";
import { gradeResponse, type QuizResponse } from "../grade-response.ts";

export type AnswerOutcome =
  /** Recorded. `canChange`: the game allows one change and it has not been used. */
  | { status: "locked"; response: QuizResponse; canChange: boolean }
  /** The one allowed change was recorded. */
  | { status: "changed"; response: QuizResponse }
  /** The same answer arrived again (a double click or a retried delivery). */
  | { status: "unchanged"; response: QuizResponse }
  /** A different answer after the first, and no (more) changes are allowed. */
  | { status: "already"; response: QuizResponse }
  /** The question is on, but its board edit has not been shown yet, so its clock has not started. */
  | { status: "notOpen" }
  /** The question is not open: time is up, the game is paused, or it is another question. */
  | { status: "closed" };

/**
 * Records one answer, exactly once per session, question and person, in one statement: it only
 * inserts while the session is on this question and before its deadline (database time), and it holds
 * a share lock on the session row, so the transition that closes the question waits for answers
 * already being written and every answer that gets in is scored. The answer time is measured by the
 * database from the question's start, which is stamped once players can see it; before that (only a
 * crafted request can answer a question nobody has seen) nothing is written.
 */
export async function recordAnswer(
  db: Prisma,
  input: {
    sessionId: string;
    questionIndex: number;
    question: Question;
    userId: string;
    response: QuizResponse;
    allowChange: boolean;
  },
): Promise<AnswerOutcome> {
  const { sessionId, questionIndex, question, userId, allowChange } = input;
  const response = normaliseResponse(input.response);
  const { credit, correct } = gradeResponse(question, response);
  const choices = response.choices ?? [];
  const text = response.text ?? null;
  const number = response.number ?? null;
  const rows = await db.$queryRaw<Array<{ inserted: boolean; changes: number }>>`
    INSERT INTO "Answer" ("id", "sessionId", "questionId", "userId", "choices", "text", "number", "correct", "credit", "latencyMs")
    SELECT gen_random_uuid(), s.id, ${question.id}::uuid, ${userId}::uuid, ${choices}::int[], ${text}, ${number}::float8,
           ${correct}, ${credit}::float8,
           GREATEST(0, (EXTRACT(EPOCH FROM (clock_timestamp() - s."questionStartedAt")) * 1000)::int)
    FROM (
      SELECT id, "questionStartedAt" FROM "QuizSession"
      WHERE id = ${sessionId}::uuid AND state = 'QUESTION' AND "questionIndex" = ${questionIndex}
        AND "questionStartedAt" IS NOT NULL AND clock_timestamp() <= "questionEndsAt"
      FOR SHARE
    ) AS s
    ON CONFLICT ("sessionId", "questionId", "userId") DO UPDATE
      SET "choices" = EXCLUDED."choices", "text" = EXCLUDED."text", "number" = EXCLUDED."number",
          "correct" = EXCLUDED."correct", "credit" = EXCLUDED."credit", "latencyMs" = EXCLUDED."latencyMs",
          "changes" = "Answer"."changes" + 1, "answeredAt" = clock_timestamp()
      WHERE ${allowChange} AND "Answer"."changes" < 1
        AND ("Answer"."choices", "Answer"."text", "Answer"."number")
            IS DISTINCT FROM (EXCLUDED."choices", EXCLUDED."text", EXCLUDED."number")
    RETURNING (xmax = 0) AS inserted, "changes"`;
  const row = rows[0];
  if (row?.inserted) return { status: "locked", response, canChange: allowChange };
  if (row) return { status: "changed", response };

  // Nothing written: find out why, so the player gets a precise answer.
  const [existing, window] = await Promise.all([
    db.answer.findUnique({
      where: { sessionId_questionId_userId: { sessionId, questionId: question.id, userId } },
      select: { choices: true, text: true, number: true },
    }),
    questionWindow(db, sessionId, questionIndex),
  ]);
  if (window === "notOpen") return { status: "notOpen" };
  if (!existing) return { status: "closed" };
  const previous: QuizResponse = {
    ...(existing.choices.length ? { choices: existing.choices } : {}),
    ...(existing.text !== null ? { text: existing.text } : {}),
    ...(existing.number !== null ? { number: existing.number } : {}),
  };
  if (sameResponse(previous, response)) return { status: "unchanged", response: previous };
  return window === "open" ? { status: "already", response: previous } : { status: "closed" };
}

/** Whether question `questionIndex` of the session takes answers now, has yet to, or no longer does. */
async function questionWindow(
  db: Prisma,
  sessionId: string,
  questionIndex: number,
): Promise<"open" | "notOpen" | "closed"> {
  const [row] = await db.$queryRaw<Array<{ phase: "open" | "notOpen" | "closed" }>>`
    SELECT CASE
             WHEN state <> 'QUESTION' OR "questionIndex" <> ${questionIndex} THEN 'closed'
             WHEN "questionStartedAt" IS NULL THEN 'notOpen'
             WHEN clock_timestamp() <= "questionEndsAt" THEN 'open'
             ELSE 'closed'
           END AS phase
    FROM "QuizSession" WHERE id = ${sessionId}::uuid`;
  return row?.phase ?? "closed";
}

function normaliseResponse(response: QuizResponse): QuizResponse {
  return {
    ...(response.choices ? { choices: [...new Set(response.choices)].sort((a, b) => a - b) } : {}),
    ...(response.text !== undefined ? { text: response.text.trim().slice(0, 200) } : {}),
    ...(response.number !== undefined ? { number: response.number } : {}),
  };
}

function sameResponse(a: QuizResponse, b: QuizResponse): boolean {
  return (
    (a.choices ?? []).join(",") === (b.choices ?? []).join(",") &&
    (a.text ?? null) === (b.text ?? null) &&
    (a.number ?? null) === (b.number ?? null)
  );
}
