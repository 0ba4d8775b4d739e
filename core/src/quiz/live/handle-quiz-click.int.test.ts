import { afterEach, describe, expect, it } from "vitest";
import {
  createRecordingQuizBoard,
  type RecordingQuizBoard,
} from "../../../../test/support/recording-quiz-board.ts";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import { createCourse } from "../../courses/create-course.ts";
import { ensureEnrollment } from "../../courses/enrollments.ts";
import type { Database } from "../../db/open-database.ts";
import { createJobRunner, type JobRunner } from "../../jobs/job-runner.ts";
import { silentLogger } from "../../logger.ts";
import type { Actor } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import type { Reply } from "../../reply/reply.ts";
import { saveQuiz } from "../save-quiz.ts";
import {
  handleQuizClick,
  QUESTION_CLOSED_NOTICE,
  type QuizClickAction,
  type QuizClickOutcome,
  type QuizClickPort,
} from "./handle-quiz-click.ts";
import { createQuizEngine, type OpenQuestion, type QuizEngine } from "./quiz-engine.ts";

const TEAM = "T0CLICK";
const host: Actor = { platform: "SLACK", tenant: TEAM, externalId: "UHOST", displayName: "Prof. Host" };
const student: Actor = { platform: "SLACK", tenant: TEAM, externalId: "USTUDENT", displayName: "Ada" };

interface World {
  database: Database;
  courseId: string;
  quizId: string;
  draftId: string;
  engine: QuizEngine;
  board: RecordingQuizBoard;
  runner: JobRunner;
}

const open: World[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) {
    await w.runner.stop();
    await w.engine.close();
    await w.database.close();
  }
});

async function world(): Promise<World> {
  const database = await createTestDatabase();
  const db = database.prisma;
  const course = await createCourse(db, { name: "Cell biology" });
  await db.courseSpace.create({
    data: { courseId: course.id, platform: "SLACK", kind: "SLACK_CHANNEL", tenant: TEAM, externalId: "C1" },
  });
  const { userId } = await resolveUser(db, host);
  await ensureEnrollment(db, { courseId: course.id, userId, role: "STAFF", source: "MANUAL" });
  const question = {
    kind: "SINGLE_CHOICE" as const,
    prompt: "What makes ATP?",
    choices: ["Nucleus", "Mitochondria"],
    correctChoices: [1],
    timeLimitSec: 30,
  };
  const { quizId } = await saveQuiz(db, {
    courseId: course.id,
    title: "Organelles",
    origin: "AUTHORED",
    approved: true,
    questions: [question],
  });
  const { quizId: draftId } = await saveQuiz(db, {
    courseId: course.id,
    title: "Membranes",
    origin: "AUTHORED",
    approved: false,
    questions: [question],
  });
  const board = createRecordingQuizBoard();
  const engine = createQuizEngine({ db, logger: silentLogger() });
  engine.registerBoard("SLACK", board);
  const runner = createJobRunner({ db, logger: silentLogger(), handlers: engine.jobHandlers(), pollMs: 50 });
  runner.start();
  const w = { database, courseId: course.id, quizId, draftId, engine, board, runner };
  open.push(w);
  return w;
}

/** A port that records what core asked of the platform, like Slack's (staff rights cost a call). */
function recordingPort(w: World, known?: boolean) {
  const asked = { staff: 0, team: 0, place: 0 };
  const forms: OpenQuestion[] = [];
  const port: QuizClickPort = {
    ...(known === undefined ? {} : { knownPlatformStaff: known }),
    async platformStaff() {
      asked.staff++;
      return false;
    },
    async teamHint() {
      asked.team++;
      return null;
    },
    async placeCourseId() {
      asked.place++;
      return w.courseId;
    },
    quizStartCommand: "/studyhall quiz start",
    async showAnswerForm(question) {
      forms.push(question);
    },
  };
  return { port, asked, forms };
}

function click(w: World, actor: Actor, action: QuizClickAction, port: QuizClickPort) {
  return handleQuizClick({ db: w.database.prisma, engine: w.engine }, { action, actor }, port);
}

function textOf(outcome: QuizClickOutcome): string {
  const reply: Reply | undefined = "reply" in outcome ? outcome.reply : undefined;
  return (reply?.blocks ?? []).map((b) => ("text" in b ? String(b.text) : "")).join("\n");
}

describe("handleQuizClick", () => {
  it("joins and answers through the engine, asking the platform for staff rights only for a host's control", async () => {
    const w = await world();
    const { sessionId } = await w.engine.start({
      actor: host,
      space: { platform: "SLACK", tenant: TEAM, channelId: "C1" },
    });
    const { port, asked } = recordingPort(w);

    const joined = await click(w, student, { kind: "quiz.join", sessionId }, port);
    expect(joined.kind).toBe("private");
    expect(textOf(joined)).toContain("You're in!");
    expect(asked).toEqual({ staff: 0, team: 1, place: 0 });

    const started = await click(w, host, { kind: "quiz.control", sessionId, command: "start" }, port);
    expect(started.kind).toBe("private");
    expect(asked.staff).toBe(1);
    await w.board.waitFor(sessionId, (t) => t.includes("What makes ATP?"));

    const answered = await click(
      w,
      student,
      { kind: "quiz.answer", sessionId, questionIndex: 0, choice: 1 },
      port,
    );
    expect(textOf(answered)).toContain("Locked in");
    expect(asked).toEqual({ staff: 1, team: 2, place: 0 });

    // Where the platform knows the rights for free (Discord), it is never asked.
    const discordLike = recordingPort(w, true);
    await click(w, host, { kind: "quiz.control", sessionId, command: "pause" }, discordLike.port);
    expect(discordLike.asked.staff).toBe(0);
  });

  it("shows the platform's form for the open question, and says too late, showing nothing, once it is closed", async () => {
    const w = await world();
    const { sessionId } = await w.engine.start({
      actor: host,
      space: { platform: "SLACK", tenant: TEAM, channelId: "C1" },
    });
    const { port, forms } = recordingPort(w);
    await click(w, host, { kind: "quiz.control", sessionId, command: "start" }, port);
    await w.board.waitFor(sessionId, (t) => t.includes("What makes ATP?"));

    const shown = await click(w, student, { kind: "quiz.respond", sessionId, questionIndex: 0 }, port);
    expect(shown).toEqual({ kind: "form-shown" });
    expect(forms).toMatchObject([{ sessionId, questionIndex: 0, prompt: "What makes ATP?" }]);

    const late = await click(w, student, { kind: "quiz.respond", sessionId, questionIndex: 1 }, port);
    expect(late.kind).toBe("private");
    expect(textOf(late)).toContain(QUESTION_CLOSED_NOTICE);
    expect(forms).toHaveLength(1);
  });

  it("refuses a student's review and leaves the draft; staff approve it, in words for the platform", async () => {
    const w = await world();
    const db = w.database.prisma;
    const { port } = recordingPort(w);

    await expect(click(w, student, { kind: "quiz.approve", quizId: w.draftId }, port)).rejects.toMatchObject({
      code: "forbidden",
    });
    expect((await db.quiz.findUniqueOrThrow({ where: { id: w.draftId } })).status).toBe("DRAFT");

    const approved = await click(w, host, { kind: "quiz.approve", quizId: w.draftId }, port);
    expect(approved.kind).toBe("reviewed");
    expect(textOf(approved)).toContain("Approved **Membranes**. Play it here with `/studyhall quiz start`.");
    expect((await db.quiz.findUniqueOrThrow({ where: { id: w.draftId } })).status).toBe("APPROVED");
  });
});
