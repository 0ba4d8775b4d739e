// One scene for the progress reads' tests: Ada studies Biology and Chemistry (and left Art), Ben
// studies Biology, Tess teaches it, and an outsider is only in Physics. XP rows are written directly, as
// are the live answers, practice answers and card reviews skills are read from.

import type { XpKind } from "../../core/src/db/generated/enums.ts";
import type { Prisma } from "../../core/src/db/open-database.ts";
import type { Actor } from "../../core/src/people/actor.ts";
import { resolveUser } from "../../core/src/people/resolve-user.ts";
import { seedCourse, studentActor } from "./course-fixtures.ts";

/** 03:00 UTC on the 11th is 22:00 on the 10th in New York (before the 14 March change): Ada's today. */
export const PROGRESS_NOW = new Date("2027-03-11T03:00:00Z");
const at = (iso: string) => new Date(iso);

export const progressActors = {
  ada: studentActor("U1"),
  ben: studentActor("U2"),
  tess: { platform: "DISCORD", tenant: "", externalId: "T1", displayName: "Tess" } satisfies Actor,
  outsider: studentActor("U9"),
};

export type ProgressIds = Record<
  "ada" | "ben" | "tess" | "outsider" | "bio" | "chem" | "physics" | "art",
  string
>;

/**
 * The scene: Ada (New York) earns XP on 1 January and 7-10 March (the 7th in Chemistry), Ben (UTC) on
 * 10 March. Ada's Biology attempts: Cells 2 of 3 right, Enzymes (a course deck) 1 of 3; Acids once in
 * Chemistry; Art's attempt is in a course she left. Ben: Cells 3 of 3.
 */
export async function seedProgressScene(db: Prisma): Promise<ProgressIds> {
  const { ada, ben, outsider } = progressActors;
  const bio = await seedCourse(db, "Biology", [ada, ben]);
  const chem = await seedCourse(db, "Chemistry", [ada]);
  const physics = await seedCourse(db, "Physics", [outsider]);
  const art = await seedCourse(db, "Art", [ada]);
  const ids = { bio: bio.id, chem: chem.id, physics: physics.id, art: art.id } as ProgressIds;
  for (const [key, actor] of Object.entries(progressActors)) {
    ids[key as "ada"] = (await resolveUser(db, actor)).userId;
  }
  await db.enrollment.create({
    data: { courseId: bio.id, userId: ids.tess, role: "STAFF", source: "MANUAL", roleSource: "MANUAL" },
  });
  await db.studySettings.create({ data: { userId: ids.ada, timeZone: "America/New_York" } });
  await seedXp(db, ids);
  await seedAttempts(db, ids);
  // Ada left Art: what she did there is no longer counted.
  await db.enrollment.update({
    where: { courseId_userId: { courseId: art.id, userId: ids.ada } },
    data: { removedAt: at("2027-03-01T00:00:00Z") },
  });
  return ids;
}

async function seedXp(db: Prisma, ids: ProgressIds) {
  const xp = (
    user: string,
    course: string,
    points: number,
    occurredAt: string,
    localDate: string,
    key: string,
  ) => ({
    userId: ids[user as "ada"],
    courseId: ids[course as "bio"],
    kind: "LIVE_ANSWER" as XpKind,
    sourceKey: key,
    points,
    occurredAt: at(occurredAt),
    localDate: at(localDate),
  });
  await db.xpEvent.createMany({
    data: [
      xp("ada", "bio", 30, "2027-01-01T15:00:00Z", "2027-01-01", "a0"),
      xp("ada", "chem", 100, "2027-03-07T15:00:00Z", "2027-03-07", "a1"),
      xp("ada", "bio", 10, "2027-03-08T15:00:00Z", "2027-03-08", "a2"),
      xp("ada", "bio", 20, "2027-03-09T15:00:00Z", "2027-03-09", "a3"),
      // Late evening in New York, already the 11th in UTC: the stored local date is what counts.
      xp("ada", "bio", 5, "2027-03-11T01:00:00Z", "2027-03-10", "a4"),
      xp("ben", "bio", 7, "2027-03-10T12:00:00Z", "2027-03-10", "b1"),
    ],
  });
}

/** An approved (or draft) quiz with two single-choice questions, the first choice right. */
export async function seedQuiz(
  db: Prisma,
  courseId: string,
  title: string,
  topic: string | null,
  status: "APPROVED" | "DRAFT" | "ARCHIVED",
  made: string,
) {
  return db.quiz.create({
    data: {
      courseId,
      title,
      topic,
      status,
      createdAt: at(made),
      questions: {
        create: [0, 1].map((position) => ({
          position,
          kind: "SINGLE_CHOICE" as const,
          prompt: `Q${position}`,
          choices: ["a", "b"],
          correctChoices: [0],
        })),
      },
    },
    include: { questions: { orderBy: { position: "asc" } } },
  });
}

async function seedAttempts(db: Prisma, ids: ProgressIds) {
  await seedQuiz(db, ids.bio, "Cells (draft)", "cells", "DRAFT", "2027-01-01T00:00:00Z");
  const cells = await seedQuiz(db, ids.bio, "Cell basics", " Cells ", "APPROVED", "2027-01-02T00:00:00Z");
  const acids = await seedQuiz(db, ids.chem, "Acids", "  ", "APPROVED", "2027-01-02T00:00:00Z");
  const art = await seedQuiz(db, ids.art, "Colour", null, "APPROVED", "2027-01-02T00:00:00Z");
  const [q0, q1] = cells.questions.map((q) => q.id) as [string, string];
  const session = await db.quizSession.create({
    data: {
      courseId: ids.bio,
      quizId: cells.id,
      platform: "DISCORD",
      tenant: "",
      spaceId: "C1",
      hostUserId: ids.tess,
      options: {},
    },
  });
  const answer = (userId: string, questionId: string, correct: boolean, answeredAt: string) => ({
    sessionId: session.id,
    questionId,
    userId,
    choices: [correct ? 0 : 1],
    correct,
    credit: correct ? 1 : 0,
    latencyMs: 1000,
    answeredAt: at(answeredAt),
  });
  await db.answer.createMany({
    data: [
      answer(ids.ada, q0, true, "2027-03-09T10:00:00Z"),
      answer(ids.ada, q1, false, "2027-03-09T10:01:00Z"),
      answer(ids.ben, q0, true, "2027-03-09T10:00:00Z"),
      answer(ids.ben, q1, true, "2027-03-09T10:01:00Z"),
    ],
  });
  await seedPractice(db, ids.ada, ids.bio, cells.id, [[q0, true]], "2027-03-10T10:00:00Z");
  await seedPractice(db, ids.ben, ids.bio, cells.id, [[q0, true]], "2027-03-10T10:00:00Z");
  await seedPractice(
    db,
    ids.ada,
    ids.chem,
    acids.id,
    [[acids.questions[0]?.id ?? "", true]],
    "2027-03-10T11:00:00Z",
  );
  await seedPractice(
    db,
    ids.ada,
    ids.art,
    art.id,
    [[art.questions[0]?.id ?? "", false]],
    "2027-02-10T11:00:00Z",
  );
  const deck = await db.deck.create({
    data: {
      courseId: ids.bio,
      kind: "COURSE",
      title: "Enzymes",
      cards: { create: [{ courseId: ids.bio, position: 0, front: "Enzyme?", back: "A catalyst" }] },
    },
    include: { cards: true },
  });
  const cardId = deck.cards[0]?.id ?? "";
  await seedReview(db, { userId: ids.ada, cardId, courseId: ids.bio }, 1, "2027-03-08T09:00:00Z");
  await seedReview(db, { userId: ids.ada, cardId, courseId: ids.bio }, 1, "2027-03-09T09:00:00Z");
  await seedReview(db, { userId: ids.ada, cardId, courseId: ids.bio }, 3, "2027-03-10T09:00:00Z");
}

/** One practice run with its answers, all at `when`. */
export async function seedPractice(
  db: Prisma,
  userId: string,
  courseId: string,
  quizId: string,
  answers: Array<[string, boolean]>,
  when: string,
) {
  await db.practiceRun.create({
    data: {
      courseId,
      quizId,
      userId,
      platform: "DISCORD",
      questionIds: answers.map(([q]) => q),
      answers: {
        create: answers.map(([questionId, correct]) => ({
          questionId,
          choices: [correct ? 0 : 1],
          correct,
          credit: correct ? 1 : 0,
          answeredAt: at(when),
        })),
      },
    },
  });
}

/** One review of a card, rated 1 (again) to 4 (easy), at `when`. */
export async function seedReview(
  db: Prisma,
  card: { userId: string; cardId: string; courseId: string },
  rating: number,
  when: string,
) {
  const { userId, cardId, courseId } = card;
  await db.reviewLog.create({
    data: {
      userId,
      cardId,
      courseId,
      rating,
      elapsedDays: 0,
      scheduledDays: 1,
      stateBefore: 0,
      stateAfter: 1,
      stabilityBefore: 0,
      stabilityAfter: 1,
      difficultyBefore: 5,
      difficultyAfter: 5,
      dueBefore: at(when),
      dueAfter: at(when),
      platform: "DISCORD",
      reviewedAt: at(when),
    },
  });
}
