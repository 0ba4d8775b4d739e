import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import {
  PROGRESS_NOW,
  type ProgressIds,
  progressActors,
  seedPractice,
  seedProgressScene,
  seedQuiz,
} from "../../../test/support/progress-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database, Prisma } from "../db/open-database.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { getClassProgress, getStudentProgress } from "./class-progress.ts";
import { getProgress } from "./get-progress.ts";

const { ada, ben, tess } = progressActors;
let database: Database;
const db = () => database.prisma;
let ids: ProgressIds;

beforeAll(async () => {
  database = await createTestDatabase();
  ids = await seedProgressScene(database.prisma);
});
afterAll(() => database.close());

describe("staff views", () => {
  it("shows staff a student's card as the student sees it", async () => {
    const own = await getProgress(db(), { actor: ada, courseId: ids.bio }, { now: PROGRESS_NOW });
    const seen = await getStudentProgress(
      db(),
      { actor: tess, courseId: ids.bio, userId: ids.ada },
      { now: PROGRESS_NOW },
    );
    expect(seen).toEqual(own);
  });

  it("refuses students, and people not in the course", async () => {
    await expect(
      getStudentProgress(db(), { actor: ben, courseId: ids.bio, userId: ids.ada }, { now: PROGRESS_NOW }),
    ).rejects.toMatchObject({ code: "forbidden", userMessage: "Only course staff can do that." });
    await expect(
      getClassProgress(db(), { actor: ben, courseId: ids.bio }, { now: PROGRESS_NOW }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      getStudentProgress(
        db(),
        { actor: tess, courseId: ids.bio, userId: ids.outsider },
        { now: PROGRESS_NOW },
      ),
    ).rejects.toMatchObject({ code: "not_found", userMessage: "That person is not in this course." });
    await expect(
      getClassProgress(db(), { actor: tess, courseId: ids.physics }, { now: PROGRESS_NOW }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("shows the class: each student's level, XP, streak and weakest topic, mastery per topic and XP per day", async () => {
    const view = await getClassProgress(db(), { actor: tess, courseId: ids.bio }, { now: PROGRESS_NOW });
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
      await getClassProgress(counted, { actor: tess, courseId: big.id }, { now: PROGRESS_NOW });
      return queries;
    };
    // The first read may also refresh Tess's "last seen" (once a minute); measure after it.
    await count();
    const few = await count();
    const bigQuiz = await seedQuiz(db(), big.id, "Big quiz", "Stats", "APPROVED", "2027-01-01T00:00:00Z");
    for (let n = 1; n <= 5; n += 1) {
      const { userId } = await resolveUser(db(), studentActor(`B${n}`));
      await db().enrollment.create({
        data: { courseId: big.id, userId, role: "STUDENT", source: "MANUAL", roleSource: "MANUAL" },
      });
      await seedPractice(
        db(),
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
          occurredAt: new Date("2027-03-10T10:00:00Z"),
          localDate: new Date("2027-03-10"),
        },
      });
    }
    expect(await count()).toBe(few);
    const view = await getClassProgress(db(), { actor: tess, courseId: big.id }, { now: PROGRESS_NOW });
    expect(view.students).toHaveLength(6);
    expect(view.skills).toEqual([{ topic: "Stats", mastery: expect.any(Number), students: 5 }]);
  });
});
