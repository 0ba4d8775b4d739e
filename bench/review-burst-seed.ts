// The data of the Slack review-click burst: one course with an approved deck of 20 cards, N students
// (plus 20 for warming up) enrolled in it, each with all 20 cards already reviewed twice and due since
// yesterday, so a rating click counts and the reply that follows draws the student's next due card.
import type { Database } from "../core/src/db/open-database.ts";
import { sqlTimestamp, sqlUuid } from "./flashcards-due-data.ts";

const CARDS = 20;
const WARM_STUDENTS = 20;
const REPS = 2;

export interface ReviewBurstSeed {
  /** Student s clicks `cardId` (card s mod 20); the last 20 students only warm up. */
  students: Array<{ externalId: string; userId: string; cardId: string }>;
  /** Every seeded state's reps (the number a rating click carries). */
  reps: number;
}

export async function seedReviewBurst(
  database: Database,
  input: { teamId: string; students: number; now: Date },
): Promise<ReviewBurstSeed> {
  const total = input.students + WARM_STUDENTS;
  const now = sqlTimestamp(input.now);
  await database.withSession((sql) =>
    sql.exec(`
      INSERT INTO "Course" ("id", "slug", "name", "updatedAt")
        VALUES (${sqlUuid(`'review-course'`)}, 'review-burst', 'Biology 101', ${now});
      INSERT INTO "Deck" ("id", "courseId", "kind", "title", "status", "origin", "updatedAt")
        VALUES (${sqlUuid(`'review-deck'`)}, ${sqlUuid(`'review-course'`)}, 'COURSE', 'Cells', 'APPROVED', 'AUTHORED', ${now});
      INSERT INTO "Card" ("id", "deckId", "courseId", "position", "front", "back", "updatedAt")
        SELECT ${sqlUuid(`'review-card' || k`)}, ${sqlUuid(`'review-deck'`)}, ${sqlUuid(`'review-course'`)}, k,
               'What does organelle ' || k || ' do?', 'It does thing ' || k || '.', ${now}
        FROM generate_series(0, ${CARDS - 1}) k;
      INSERT INTO "User" ("id", "displayName", "updatedAt")
        SELECT ${sqlUuid(`'review-user' || s`)}, 'Student ' || s, ${now} FROM generate_series(0, ${total - 1}) s;
      INSERT INTO "Identity" ("id", "userId", "platform", "tenant", "externalId")
        SELECT ${sqlUuid(`'review-identity' || s`)}, ${sqlUuid(`'review-user' || s`)}, 'SLACK', '${input.teamId}',
               'U0R' || lpad(s::text, 5, '0')
        FROM generate_series(0, ${total - 1}) s;
      INSERT INTO "Enrollment" ("id", "courseId", "userId", "role", "source", "roleSource", "updatedAt")
        SELECT ${sqlUuid(`'review-enrol' || s`)}, ${sqlUuid(`'review-course'`)}, ${sqlUuid(`'review-user' || s`)},
               'STUDENT', 'SLACK', 'SLACK', ${now}
        FROM generate_series(0, ${total - 1}) s;
      INSERT INTO "CardState" ("userId", "cardId", "courseId", "due", "stability", "difficulty",
          "elapsedDays", "scheduledDays", "reps", "lapses", "state", "lastReview", "createdAt")
        SELECT ${sqlUuid(`'review-user' || s`)}, ${sqlUuid(`'review-card' || k`)}, ${sqlUuid(`'review-course'`)},
               ${now} - interval '1 day' + k * interval '1 minute', 4.5, 5.2, 5, 5, ${REPS}, 0, 2,
               ${now} - interval '6 days', ${now} - interval '7 days'
        FROM generate_series(0, ${total - 1}) s, generate_series(0, ${CARDS - 1}) k;
      ANALYZE;`),
  );
  const rows = await database.prisma.$queryRawUnsafe<
    Array<{ externalId: string; userId: string; cardId: string }>
  >(
    `SELECT i."externalId", i."userId"::text AS "userId", ${sqlUuid(`'review-card' || (s % ${CARDS})`)}::text AS "cardId"
     FROM generate_series(0, ${total - 1}) s
     JOIN "Identity" i ON i."id" = ${sqlUuid(`'review-identity' || s`)}
     ORDER BY s`,
  );
  return { students: rows, reps: REPS };
}
