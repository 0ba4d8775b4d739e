// An archived course is read-only in the places archiving first missed (issue 11 §7): a quiz taken on
// one's own in a page, link codes from every front end, and linking a channel with a code made before
// the archiving. Each is refused in core's archived sentence and changes nothing; past results stay.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCourse } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database } from "../db/open-database.ts";
import { AppError } from "../errors/app-error.ts";
import { issueSpaceLinkCode } from "../links/issue-space-link-code.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { loadQuizAttempt } from "../quiz/attempt/load-quiz-attempt.ts";
import { submitQuizAttempt } from "../quiz/attempt/submit-quiz-attempt.ts";
import { saveQuiz } from "../quiz/save-quiz.ts";
import { bindSpace, startSpaceBinding } from "../spaces/bind-space.ts";
import { archiveCourse } from "./archive-course.ts";
import { ensureEnrollment } from "./enrollments.ts";

const ISSUER = "https://canvas.example";
const teacher: Actor = { platform: "LTI", tenant: ISSUER, externalId: "t-arch", displayName: "Tess" };
const student = (n: number): Actor => ({
  platform: "LTI",
  tenant: ISSUER,
  externalId: `s-arch-${n}`,
  displayName: `Student ${n}`,
});
const slackTeacher: Actor = { platform: "SLACK", tenant: "T1", externalId: "U-ARCH", displayName: "Tess" };
const channel = (id: string) => ({ platform: "SLACK" as const, tenant: "T1", channelId: id, name: id });
const ARCHIVED = /^"Geology 201" is archived, so it is read-only/;

let database: Database;
let courseId: string;
let quizId: string;
let questionId: string;
const db = () => database.prisma;

beforeAll(async () => {
  database = await createTestDatabase();
  courseId = (await seedCourse(db(), "Geology 201", [teacher, slackTeacher], "STAFF")).id;
  for (const n of [1, 2]) {
    const { userId } = await resolveUser(db(), student(n));
    await ensureEnrollment(db(), { courseId, userId, role: "STUDENT", source: "LTI" });
  }
  ({ quizId } = await saveQuiz(db(), {
    courseId,
    title: "Rocks",
    origin: "AUTHORED",
    approved: true,
    questions: [{ kind: "TRUE_FALSE", prompt: "Granite is igneous.", answer: true }],
  }));
  questionId = (await db().question.findFirstOrThrow({ where: { quizId } })).id;
});
afterAll(() => database?.close());

const archive = (archived: boolean) => archiveCourse(db(), { actor: teacher, courseId, archived });

/** Expects `run` to be refused with the archived sentence, and nothing stored by it. */
async function refusedAsArchived(run: () => Promise<unknown>): Promise<void> {
  const before = await counts();
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ code: "conflict" });
  expect((error as AppError).userMessage).toMatch(ARCHIVED);
  expect(await counts()).toEqual(before);
}

async function counts() {
  return {
    sessions: await db().quizSession.count({ where: { courseId } }),
    results: await db().quizResult.count({ where: { courseId } }),
    codes: await db().linkCode.count({ where: { courseId } }),
    usedCodes: await db().linkCode.count({ where: { courseId, usedAt: { not: null } } }),
    spaces: await db().courseSpace.count({ where: { courseId } }),
  };
}

describe("a quiz taken on one's own in an archived course", () => {
  it("refuses a first attempt and still shows an attempt made before the archiving", async () => {
    const answers = { [questionId]: { choices: [0] } };
    const first = await submitQuizAttempt(db(), { actor: student(1), courseId, quizId, responses: answers });
    expect(first.created).toBe(true);
    await archive(true);
    try {
      await refusedAsArchived(() =>
        submitQuizAttempt(db(), { actor: student(2), courseId, quizId, responses: answers }),
      );
      // Reading stays: the quiz opens, and the earlier attempt is shown (a resubmit stores nothing).
      const opened = await loadQuizAttempt(db(), { actor: student(2), courseId, quizId });
      expect(opened.attempt).toBeNull();
      const past = await loadQuizAttempt(db(), { actor: student(1), courseId, quizId });
      expect(past.attempt).toMatchObject({ resultId: first.attempt.resultId, accuracy: 1 });
      const again = await submitQuizAttempt(db(), { actor: student(1), courseId, quizId, responses: {} });
      expect(again).toMatchObject({ created: false, attempt: { resultId: first.attempt.resultId } });
    } finally {
      await archive(false);
    }
    const reopened = await submitQuizAttempt(db(), {
      actor: student(2),
      courseId,
      quizId,
      responses: answers,
    });
    expect(reopened.created).toBe(true);
  });
});

describe("link codes and linking a channel to an archived course", () => {
  it("makes no link code from the LMS page, the CLI or chat", async () => {
    await archive(true);
    try {
      await refusedAsArchived(() => startSpaceBinding(db(), { actor: teacher, courseId }));
      // Pickers leave an archived course out by name; its slug still finds it, to say why not.
      await refusedAsArchived(() => issueSpaceLinkCode(db(), { actor: slackTeacher, course: "geology-201" }));
    } finally {
      await archive(false);
    }
  });

  it("refuses a code made before the archiving, leaving it unused, and it works once reopened", async () => {
    const { code } = await startSpaceBinding(db(), { actor: teacher, courseId });
    await archive(true);
    const link = () =>
      bindSpace(db(), {
        actor: { ...slackTeacher, externalId: "U-CO" },
        space: channel("C-GEO"),
        platformStaff: false,
        memberOfSpace: true,
        course: { code },
      });
    try {
      await refusedAsArchived(link);
      // An admin with the same code is refused too: archived means no new channel, whoever asks.
      await refusedAsArchived(() =>
        bindSpace(db(), {
          actor: slackTeacher,
          space: channel("C-GEO-ADMIN"),
          platformStaff: true,
          course: { code },
        }),
      );
    } finally {
      await archive(false);
    }
    const bound = await link();
    expect(bound).toMatchObject({ created: false, course: { id: courseId } });
  });
});
