import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { XpKind } from "../db/generated/enums.ts";
import type { Database, Prisma } from "../db/open-database.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { getClassProgress, getStudentProgress } from "./class-progress.ts";
import { getProgress } from "./get-progress.ts";

// 03:00 UTC on the 11th is 22:00 on the 10th in New York (before the 14 March change): Ada's today.
const NOW = new Date("2027-03-11T03:00:00Z");
const at = (iso: string) => new Date(iso);

const ada = studentActor("U1");
const ben = studentActor("U2");
const tess: Actor = { platform: "DISCORD", tenant: "", externalId: "T1", displayName: "Tess" };
const outsider = studentActor("U9");

let database: Database;
const db = () => database.prisma;
const ids = {} as Record<"ada" | "ben" | "tess" | "outsider" | "bio" | "chem" | "physics" | "art", string>;

beforeAll(async () => {
  database = await createTestDatabase();
  const bio = await seedCourse(db(), "Biology", [ada, ben]);
  const chem = await seedCourse(db(), "Chemistry", [ada]);
  const physics = await seedCourse(db(), "Physics", [outsider]);
  const art = await seedCourse(db(), "Art", [ada]);
  Object.assign(ids, { bio: bio.id, chem: chem.id, physics: physics.id, art: art.id });
  for (const [key, actor] of [
    ["ada", ada],
    ["ben", ben],
    ["tess", tess],
    ["outsider", outsider],
  ] as const) {
    ids[key] = (await resolveUser(db(), actor)).userId;
  }
  await db().enrollment.create({
    data: { courseId: bio.id, userId: ids.tess, role: "STAFF", source: "MANUAL", roleSource: "MANUAL" },
  });
  await db().studySettings.create({ data: { userId: ids.ada, timeZone: "America/New_York" } });
  await seedXp();
  await seedAttempts();
  // Ada left Art: what she did there is no longer counted.
  await db().enrollment.update({
    where: { courseId_userId: { courseId: art.id, userId: ids.ada } },
    data: { removedAt: at("2027-03-01T00:00:00Z") },
  });
});
afterAll(() => database.close());

async function seedXp() {
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
  await db().xpEvent.createMany({
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

async function quiz(
  courseId: string,
  title: string,
  topic: string | null,
  status: "APPROVED" | "DRAFT",
  made: string,
) {
  return db().quiz.create({
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

async function seedAttempts() {
  await quiz(ids.bio, "Cells (draft)", "cells", "DRAFT", "2027-01-01T00:00:00Z");
  const cells = await quiz(ids.bio, "Cell basics", " Cells ", "APPROVED", "2027-01-02T00:00:00Z");
  const acids = await quiz(ids.chem, "Acids", "  ", "APPROVED", "2027-01-02T00:00:00Z");
  const art = await quiz(ids.art, "Colour", null, "APPROVED", "2027-01-02T00:00:00Z");
  const [q0, q1] = cells.questions.map((q) => q.id) as [string, string];
  const session = await db().quizSession.create({
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
  await db().answer.createMany({
    data: [
      answer(ids.ada, q0, true, "2027-03-09T10:00:00Z"),
      answer(ids.ada, q1, false, "2027-03-09T10:01:00Z"),
      answer(ids.ben, q0, true, "2027-03-09T10:00:00Z"),
      answer(ids.ben, q1, true, "2027-03-09T10:01:00Z"),
    ],
  });
  await practice(ids.ada, ids.bio, cells.id, [[q0, true]], "2027-03-10T10:00:00Z");
  await practice(ids.ben, ids.bio, cells.id, [[q0, true]], "2027-03-10T10:00:00Z");
  await practice(ids.ada, ids.chem, acids.id, [[acids.questions[0]?.id ?? "", true]], "2027-03-10T11:00:00Z");
  await practice(ids.ada, ids.art, art.id, [[art.questions[0]?.id ?? "", false]], "2027-02-10T11:00:00Z");
  const deck = await db().deck.create({
    data: {
      courseId: ids.bio,
      kind: "COURSE",
      title: "Enzymes",
      cards: { create: [{ courseId: ids.bio, position: 0, front: "Enzyme?", back: "A catalyst" }] },
    },
    include: { cards: true },
  });
  const cardId = deck.cards[0]?.id ?? "";
  await review(ids.ada, cardId, 1, "2027-03-08T09:00:00Z");
  await review(ids.ada, cardId, 1, "2027-03-09T09:00:00Z");
  await review(ids.ada, cardId, 3, "2027-03-10T09:00:00Z");
}

async function practice(
  userId: string,
  courseId: string,
  quizId: string,
  answers: Array<[string, boolean]>,
  when: string,
) {
  await db().practiceRun.create({
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

async function review(userId: string, cardId: string, rating: number, when: string) {
  await db().reviewLog.create({
    data: {
      userId,
      cardId,
      courseId: ids.bio,
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

describe("getProgress", () => {
  it("shows the course's level, the person's streak across courses and 30 days of the course's XP in their time zone", async () => {
    const view = await getProgress(db(), { actor: ada, courseId: ids.bio }, { now: NOW });
    expect(view).toMatchObject({
      userId: ids.ada,
      displayName: "Student U1",
      course: { id: ids.bio, name: "Biology" },
      timeZone: "America/New_York",
      today: "2027-03-10",
      level: { level: 1, xp: 65, levelStartXp: 0, nextLevelXp: 100 },
      overall: { level: 2, xp: 165, levelStartXp: 100, nextLevelXp: 250 },
      streak: { current: 4, longest: 4, activeToday: true, frozenDates: [] },
    });
    expect(view.last30Days).toHaveLength(30);
    expect(view.last30Days[0]).toEqual({ date: "2027-02-09", xp: 0 });
    expect(view.last30Days.slice(-4)).toEqual([
      { date: "2027-03-07", xp: 0 },
      { date: "2027-03-08", xp: 10 },
      { date: "2027-03-09", xp: 20 },
      { date: "2027-03-10", xp: 5 },
    ]);
  });

  it("reads skills from live answers, practice and reviews in the course, and suggests what to study for the weakest", async () => {
    const view = await getProgress(db(), { actor: ada, courseId: ids.bio }, { now: NOW });
    expect(view.skills.map((s) => [s.topic, s.attempts])).toEqual([
      ["Cells", 3],
      ["Enzymes", 3],
    ]);
    expect(view.skills[0]?.mastery).toBeGreaterThan(0.6);
    expect(view.skills[1]?.mastery).toBeLessThan(0.4);
    expect(view.skills[0]?.lastAt).toBe("2027-03-10T10:00:00.000Z");
    expect(view.weakest.map((w) => [w.topic, w.suggestion])).toEqual([
      ["Enzymes", { kind: "deck", deckId: expect.any(String), name: "Enzymes", courseId: ids.bio }],
      ["Cells", { kind: "practice", quizId: expect.any(String), title: "Cell basics" }],
    ]);
  });

  it("covers every course the person is still in when no course is named", async () => {
    const view = await getProgress(db(), { actor: ada, courseId: null }, { now: NOW });
    expect(view.course).toBeNull();
    expect(view.level).toEqual(view.overall);
    expect(view.level.xp).toBe(165);
    expect(view.last30Days.find((d) => d.date === "2027-03-07")?.xp).toBe(100);
    // Acids has one attempt: a skill, too few to be called weak. Art (left) counts for nothing.
    expect(view.skills.map((s) => s.topic).sort()).toEqual(["Acids", "Cells", "Enzymes"]);
    expect(view.weakest.map((w) => w.topic)).toEqual(["Enzymes", "Cells"]);
  });

  it("starts at nothing for someone who has done nothing yet", async () => {
    const view = await getProgress(db(), { actor: outsider, courseId: ids.physics }, { now: NOW });
    expect(view).toMatchObject({
      timeZone: "UTC",
      today: "2027-03-11",
      level: { level: 1, xp: 0 },
      streak: { current: 0, longest: 0, activeToday: false, freezeAvailable: true },
      skills: [],
      weakest: [],
    });
    expect(view.last30Days.every((d) => d.xp === 0)).toBe(true);
  });

  it("refuses a course the person is not in, or an id that names nothing, as the study tools do", async () => {
    const refusal = {
      code: "not_found",
      userMessage: "That course was not found, or you are not a member of it.",
    };
    await expect(
      getProgress(db(), { actor: ada, courseId: ids.physics }, { now: NOW }),
    ).rejects.toMatchObject(refusal);
    await expect(getProgress(db(), { actor: ada, courseId: ids.art }, { now: NOW })).rejects.toMatchObject(
      refusal,
    );
    await expect(getProgress(db(), { actor: ada, courseId: "nope" }, { now: NOW })).rejects.toMatchObject(
      refusal,
    );
  });
});

describe("staff views", () => {
  it("shows staff a student's card as the student sees it", async () => {
    const own = await getProgress(db(), { actor: ada, courseId: ids.bio }, { now: NOW });
    const seen = await getStudentProgress(
      db(),
      { actor: tess, courseId: ids.bio, userId: ids.ada },
      { now: NOW },
    );
    expect(seen).toEqual(own);
  });

  it("refuses students, and people not in the course", async () => {
    await expect(
      getStudentProgress(db(), { actor: ben, courseId: ids.bio, userId: ids.ada }, { now: NOW }),
    ).rejects.toMatchObject({ code: "forbidden", userMessage: "Only course staff can do that." });
    await expect(
      getClassProgress(db(), { actor: ben, courseId: ids.bio }, { now: NOW }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      getStudentProgress(db(), { actor: tess, courseId: ids.bio, userId: ids.outsider }, { now: NOW }),
    ).rejects.toMatchObject({ code: "not_found", userMessage: "That person is not in this course." });
    await expect(
      getClassProgress(db(), { actor: tess, courseId: ids.physics }, { now: NOW }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("shows the class: each student's level, XP, streak and weakest topic, mastery per topic and XP per day", async () => {
    const view = await getClassProgress(db(), { actor: tess, courseId: ids.bio }, { now: NOW });
    expect(view.course).toEqual({ id: ids.bio, name: "Biology" });
    expect(view.students).toEqual([
      {
        userId: ids.ada,
        displayName: "Student U1",
        level: 1,
        xp: 65,
        xpLast7Days: 35,
        streak: 4,
        weakestTopic: "Enzymes",
      },
      {
        userId: ids.ben,
        displayName: "Student U2",
        level: 1,
        xp: 7,
        xpLast7Days: 7,
        streak: 1,
        weakestTopic: "Cells",
      },
    ]);
    expect(view.skills.map((s) => [s.topic, s.students])).toEqual([
      ["Enzymes", 1],
      ["Cells", 2],
    ]);
    // Tess has no time zone set: her today is the 11th in UTC.
    expect(view.last30Days).toHaveLength(30);
    expect(view.last30Days.slice(-2)).toEqual([
      { date: "2027-03-10", xp: 12 },
      { date: "2027-03-11", xp: 0 },
    ]);
  });
});

describe("suggestions and reads", () => {
  it("suggests the person's own deck when the course has neither quiz nor deck, and nothing when nothing fits", async () => {
    const own = await db().deck.create({
      data: {
        courseId: ids.bio,
        kind: "PERSONAL",
        ownerId: ids.ben,
        title: "My mitosis cards",
        topic: "Mitosis",
        cards: { create: [{ courseId: ids.bio, position: 0, front: "Phases?", back: "PMAT" }] },
      },
      include: { cards: true },
    });
    const retired = await quiz(ids.bio, "Genetics", null, "APPROVED", "2027-01-03T00:00:00Z");
    await db().quiz.update({ where: { id: retired.id }, data: { status: "ARCHIVED" } });
    const genes = retired.questions.map((q) => q.id);
    for (const day of ["07", "08", "09"]) {
      await review(ids.ben, own.cards[0]?.id ?? "", 1, `2027-03-${day}T09:00:00Z`);
      await practice(
        ids.ben,
        ids.bio,
        retired.id,
        [[genes[0] ?? "", day === "09"]],
        `2027-03-${day}T10:00:00Z`,
      );
    }
    const view = await getProgress(db(), { actor: ben, courseId: ids.bio }, { now: NOW });
    expect(view.weakest.map((w) => [w.topic, w.suggestion])).toEqual([
      ["Mitosis", { kind: "deck", deckId: own.id, name: "My mitosis cards", courseId: ids.bio }],
      ["Genetics", null],
      ["Cells", { kind: "practice", quizId: expect.any(String), title: "Cell basics" }],
    ]);
    // Ada sees none of Ben's cards, as suggestions or as skills.
    const adas = await getProgress(db(), { actor: ada, courseId: ids.bio }, { now: NOW });
    expect(adas.skills.map((s) => s.topic)).not.toContain("Mitosis");
  });

  it("reads a class in the same number of queries however many students it has", async () => {
    const big = await seedCourse(db(), "Big class", [studentActor("B0")]);
    await db().enrollment.create({
      data: { courseId: big.id, userId: ids.tess, role: "STAFF", source: "MANUAL", roleSource: "MANUAL" },
    });
    let queries = 0;
    const counted = db().$extends({
      query: {
        async $allOperations({ args, query }) {
          queries += 1;
          return query(args);
        },
      },
    }) as unknown as Prisma;
    const count = async () => {
      queries = 0;
      await getClassProgress(counted, { actor: tess, courseId: big.id }, { now: NOW });
      return queries;
    };
    // The first read may also refresh Tess's "last seen" (once a minute); measure after it.
    await count();
    const few = await count();
    const bigQuiz = await quiz(big.id, "Big quiz", "Stats", "APPROVED", "2027-01-01T00:00:00Z");
    for (let n = 1; n <= 5; n += 1) {
      const { userId } = await resolveUser(db(), studentActor(`B${n}`));
      await db().enrollment.create({
        data: { courseId: big.id, userId, role: "STUDENT", source: "MANUAL", roleSource: "MANUAL" },
      });
      await practice(
        userId,
        big.id,
        bigQuiz.id,
        [[bigQuiz.questions[0]?.id ?? "", n % 2 === 0]],
        "2027-03-10T10:00:00Z",
      );
      await db().xpEvent.create({
        data: {
          userId,
          courseId: big.id,
          kind: "PRACTICE_ANSWER",
          sourceKey: `big-${n}`,
          points: 2,
          occurredAt: at("2027-03-10T10:00:00Z"),
          localDate: at("2027-03-10"),
        },
      });
    }
    expect(await count()).toBe(few);
    const view = await getClassProgress(db(), { actor: tess, courseId: big.id }, { now: NOW });
    expect(view.students).toHaveLength(6);
    expect(view.skills).toEqual([{ topic: "Stats", mastery: expect.any(Number), students: 5 }]);
  });
});
