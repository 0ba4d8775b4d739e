// The data of the "what is due now" benchmark, built with set-based SQL: S students enrolled in C
// courses, each course with one approved deck of K / C cards, and one CardState row per (student, card):
// S × K rows (1,000 × 20,000 = 20 million at full scale). CardState's primary key, indexes and foreign
// keys are dropped for the load and rebuilt after it exactly as the migration declares them (building an
// index once over sorted data is what a bulk load does; keeping five structures up to date row by row
// would measure the load, not the query).
import type { Database } from "../core/src/db/open-database.ts";

export interface DueDataShape {
  students: number;
  cardsPerStudent: number;
  courses: number;
  /** Students per INSERT ... SELECT (one statement builds students × cardsPerStudent rows). */
  studentsPerBatch: number;
  /** The fixed "now" of the run; due dates spread from 2 days before it to 120 days after. */
  now: Date;
}

/** Seconds each phase of the build took. */
export interface DueDataBuild {
  rows: number;
  peopleAndCardsS: number;
  cardStateLoadS: number;
  keysAndIndexesS: number;
  foreignKeysS: number;
  analyzeS: number;
  totalS: number;
}

export const BENCH_TENANT = "T0DUE";
export const benchStudentExternalId = (n: number) => `U${String(n).padStart(6, "0")}`;

/**
 * SQL for a deterministic id from a name: md5 spread over the key space as uuid v4 ids are, with the
 * version and variant digits of a v4 uuid, so core's input checks (zod's uuid) accept it.
 */
export const sqlUuid = (name: string) =>
  `overlay(overlay(md5(${name}) placing '4' from 13 for 1) placing '8' from 17 for 1)::uuid`;

/** A timestamp literal for the zone-less UTC columns Prisma writes. */
export const sqlTimestamp = (d: Date) => `'${d.toISOString().replace("T", " ").replace("Z", "")}'::timestamp`;

// The migration's CardState keys and indexes (prisma/migrations/20261210000000_study_tools).
const CARD_STATE_KEYS = [
  `ALTER TABLE "CardState" ADD CONSTRAINT "CardState_pkey" PRIMARY KEY ("userId", "cardId")`,
  `CREATE INDEX "CardState_userId_due_idx" ON "CardState"("userId", "due")`,
  `CREATE INDEX "CardState_cardId_idx" ON "CardState"("cardId")`,
];
const CARD_STATE_FOREIGN_KEYS = [
  `ALTER TABLE "CardState" ADD CONSTRAINT "CardState_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
  `ALTER TABLE "CardState" ADD CONSTRAINT "CardState_cardId_fkey" FOREIGN KEY ("cardId") REFERENCES "Card"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
  `ALTER TABLE "CardState" ADD CONSTRAINT "CardState_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
];

/** Builds the data in an empty, migrated database; `log` gets progress lines. */
export async function buildDueData(
  database: Database,
  shape: DueDataShape,
  log: (line: string) => void,
): Promise<DueDataBuild> {
  const began = performance.now();
  const seconds = (from: number) => Math.round((performance.now() - from) / 100) / 10;
  const perCourse = Math.ceil(shape.cardsPerStudent / shape.courses);
  const now = sqlTimestamp(shape.now);
  return database.withSession(async (sql) => {
    await sql.exec(`SET maintenance_work_mem = '512MB'`);
    let phase = performance.now();
    await sql.exec(`
      INSERT INTO "Course" ("id", "slug", "name", "updatedAt")
        SELECT ${sqlUuid(`'course' || c`)}, 'due-bench-' || c, 'Course ' || c, ${now}
        FROM generate_series(1, ${shape.courses}) c;
      INSERT INTO "Deck" ("id", "courseId", "kind", "title", "status", "origin", "updatedAt")
        SELECT ${sqlUuid(`'deck' || c`)}, ${sqlUuid(`'course' || c`)}, 'COURSE', 'Deck ' || c, 'APPROVED', 'AUTHORED', ${now}
        FROM generate_series(1, ${shape.courses}) c;
      INSERT INTO "Card" ("id", "deckId", "courseId", "position", "front", "back", "updatedAt")
        SELECT ${sqlUuid(`'card' || c || '.' || k`)}, ${sqlUuid(`'deck' || c`)}, ${sqlUuid(`'course' || c`)}, k,
               'Front ' || c || '.' || k, 'Back ' || c || '.' || k, ${now}
        FROM generate_series(1, ${shape.courses}) c, generate_series(0, ${perCourse - 1}) k;
      INSERT INTO "User" ("id", "displayName", "updatedAt")
        SELECT ${sqlUuid(`'user' || s`)}, 'Student ' || s, ${now} FROM generate_series(1, ${shape.students}) s;
      INSERT INTO "Identity" ("id", "userId", "platform", "tenant", "externalId")
        SELECT ${sqlUuid(`'identity' || s`)}, ${sqlUuid(`'user' || s`)}, 'SLACK', '${BENCH_TENANT}', 'U' || lpad(s::text, 6, '0')
        FROM generate_series(1, ${shape.students}) s;
      INSERT INTO "Enrollment" ("id", "courseId", "userId", "role", "source", "roleSource", "updatedAt")
        SELECT ${sqlUuid(`'enrol' || s || '.' || c`)}, ${sqlUuid(`'course' || c`)}, ${sqlUuid(`'user' || s`)},
               'STUDENT', 'SLACK', 'SLACK', ${now}
        FROM generate_series(1, ${shape.students}) s, generate_series(1, ${shape.courses}) c;`);
    const peopleAndCardsS = seconds(phase);
    log(`  people, courses and ${perCourse * shape.courses} cards: ${peopleAndCardsS} s`);

    await sql.exec(`
      ALTER TABLE "CardState" DROP CONSTRAINT "CardState_userId_fkey";
      ALTER TABLE "CardState" DROP CONSTRAINT "CardState_cardId_fkey";
      ALTER TABLE "CardState" DROP CONSTRAINT "CardState_courseId_fkey";
      DROP INDEX "CardState_userId_due_idx";
      DROP INDEX "CardState_cardId_idx";
      ALTER TABLE "CardState" DROP CONSTRAINT "CardState_pkey";`);
    phase = performance.now();
    await sql.exec(`SELECT setseed(0.13)`);
    for (let first = 1; first <= shape.students; first += shape.studentsPerBatch) {
      const last = Math.min(shape.students, first + shape.studentsPerBatch - 1);
      // Mostly review cards (state 2) due between 2 days ago and 120 days ahead, so about 1.6% are due
      // at `now` and a little more by the end of the day: the share a daily reviewer carries.
      await sql.exec(`
        INSERT INTO "CardState" ("userId", "cardId", "courseId", "due", "stability", "difficulty",
          "elapsedDays", "scheduledDays", "reps", "lapses", "state", "lastReview", "createdAt")
        SELECT u."id", c."id", c."courseId",
               ${now} + (random() * 122 - 2) * interval '1 day',
               1 + random() * 60, 1 + random() * 9, (random() * 30)::int, (random() * 60)::int,
               1 + (random() * 8)::int, (random() * 2)::int, 2,
               ${now} - random() * interval '30 days', ${now} - interval '90 days'
        FROM "User" u CROSS JOIN "Card" c
        WHERE u."id" IN (SELECT ${sqlUuid(`'user' || s`)} FROM generate_series(${first}, ${last}) s)`);
      if (last % Math.max(shape.studentsPerBatch, Math.round(shape.students / 10)) < shape.studentsPerBatch)
        log(`  CardState: ${last * shape.cardsPerStudent} rows, ${seconds(phase)} s`);
    }
    const cardStateLoadS = seconds(phase);
    phase = performance.now();
    for (const statement of CARD_STATE_KEYS) await sql.exec(statement);
    const keysAndIndexesS = seconds(phase);
    log(`  primary key and indexes: ${keysAndIndexesS} s`);
    phase = performance.now();
    for (const statement of CARD_STATE_FOREIGN_KEYS) await sql.exec(statement);
    const foreignKeysS = seconds(phase);
    log(`  foreign keys checked: ${foreignKeysS} s`);
    phase = performance.now();
    await sql.exec(`ANALYZE`);
    const analyzeS = seconds(phase);
    const [count] = await sql.query(`SELECT count(*)::bigint AS n FROM "CardState"`);
    return {
      rows: Number((count as { n: string | number }).n),
      peopleAndCardsS,
      cardStateLoadS,
      keysAndIndexesS,
      foreignKeysS,
      analyzeS,
      totalS: seconds(began),
    };
  });
}
