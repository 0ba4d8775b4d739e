// The people of the reminder benchmark: Slack people spread evenly over W workspaces (one course each)
// and Discord people in courses of up to 1,000, each with one chat identity, no StudySettings row
// (notification defaults: no quiet hours, no digest), and one study session per course whose 15-minute
// reminder every one of its people gets.
import type { Database } from "../core/src/db/open-database.ts";
import { notify } from "../core/src/notifications/notify.ts";
import { sqlTimestamp, sqlUuid } from "./flashcards-due-data.ts";

/** Discord people per course (a guild's study session). */
const DISCORD_COURSE_SIZE = 1_000;

export interface ReminderPerson {
  userId: string;
  platform: "SLACK" | "DISCORD";
  tenant: string;
  externalId: string;
  /** The session title their reminder names. */
  session: string;
}

export interface ReminderShape {
  slack: number;
  workspaces: number;
  discord: number;
}

export const slackTeamId = (w: number) => `T0REM${String(w).padStart(3, "0")}`;

/** Seeds the people and returns them with their session's title. */
export async function seedReminderPeople(
  database: Database,
  shape: ReminderShape,
): Promise<ReminderPerson[]> {
  const now = sqlTimestamp(new Date());
  const discordCourses = Math.ceil(shape.discord / DISCORD_COURSE_SIZE);
  const courses = shape.workspaces + discordCourses;
  const slackCourse = `(s % ${shape.workspaces})`;
  const discordCourse = `(${shape.workspaces} + d / ${DISCORD_COURSE_SIZE})`;
  await database.withSession((sql) =>
    sql.exec(`
      INSERT INTO "Course" ("id", "slug", "name", "updatedAt")
        SELECT ${sqlUuid(`'rem-course' || c`)}, 'reminders-' || c, 'Course ' || c, ${now}
        FROM generate_series(0, ${courses - 1}) c;
      INSERT INTO "User" ("id", "displayName", "updatedAt")
        SELECT ${sqlUuid(`'rem-slack' || s`)}, 'Slack student ' || s, ${now}
        FROM generate_series(0, ${shape.slack - 1}) s;
      INSERT INTO "Identity" ("id", "userId", "platform", "tenant", "externalId")
        SELECT ${sqlUuid(`'rem-slack-id' || s`)}, ${sqlUuid(`'rem-slack' || s`)}, 'SLACK',
               'T0REM' || lpad(${slackCourse}::text, 3, '0'), 'U0REM' || lpad(s::text, 6, '0')
        FROM generate_series(0, ${shape.slack - 1}) s;
      INSERT INTO "Enrollment" ("id", "courseId", "userId", "role", "source", "roleSource", "updatedAt")
        SELECT ${sqlUuid(`'rem-slack-enrol' || s`)}, ${sqlUuid(`'rem-course' || ${slackCourse}`)},
               ${sqlUuid(`'rem-slack' || s`)}, 'STUDENT', 'SLACK', 'SLACK', ${now}
        FROM generate_series(0, ${shape.slack - 1}) s;
      INSERT INTO "User" ("id", "displayName", "updatedAt")
        SELECT ${sqlUuid(`'rem-discord' || d`)}, 'Discord student ' || d, ${now}
        FROM generate_series(0, ${shape.discord - 1}) d;
      INSERT INTO "Identity" ("id", "userId", "platform", "tenant", "externalId")
        SELECT ${sqlUuid(`'rem-discord-id' || d`)}, ${sqlUuid(`'rem-discord' || d`)}, 'DISCORD', '',
               (1100000000000000000 + d)::text
        FROM generate_series(0, ${shape.discord - 1}) d;
      INSERT INTO "Enrollment" ("id", "courseId", "userId", "role", "source", "roleSource", "updatedAt")
        SELECT ${sqlUuid(`'rem-discord-enrol' || d`)}, ${sqlUuid(`'rem-course' || ${discordCourse}`)},
               ${sqlUuid(`'rem-discord' || d`)}, 'STUDENT', 'DISCORD', 'DISCORD', ${now}
        FROM generate_series(0, ${shape.discord - 1}) d;
      ANALYZE;`),
  );
  const rows = await database.prisma.$queryRawUnsafe<
    Array<{
      userId: string;
      platform: "SLACK" | "DISCORD";
      tenant: string;
      externalId: string;
      course: string;
    }>
  >(
    `SELECT i."userId"::text AS "userId", i."platform"::text AS "platform", i."tenant", i."externalId",
            c."name" AS "course"
     FROM "Identity" i JOIN "Enrollment" e ON e."userId" = i."userId" JOIN "Course" c ON c."id" = e."courseId"
     WHERE c."slug" LIKE 'reminders-%'
     ORDER BY i."platform", i."externalId"`,
  );
  return rows.map(({ course, ...person }) => ({ ...person, session: sessionTitle(course) }));
}

const sessionTitle = (course: string) => `Week 3 review (${course})`;

/**
 * Stores every person's 15-minute reminder with core's notify(), due at `dueAt`: one call per session
 * with all its people, as the session's reminder step does. Returns how many were stored.
 */
export async function storeReminders(
  database: Database,
  people: ReminderPerson[],
  dueAt: Date,
): Promise<number> {
  const bySession = new Map<string, ReminderPerson[]>();
  for (const person of people) {
    const attendees = bySession.get(person.session);
    if (attendees) attendees.push(person);
    else bySession.set(person.session, [person]);
  }
  const courseIds = await database.prisma.course.findMany({
    where: { slug: { startsWith: "reminders-" } },
    select: { id: true, name: true },
  });
  const courseOf = new Map(courseIds.map((c) => [sessionTitle(c.name), c.id]));
  let stored = 0;
  for (const [session, attendees] of bySession) {
    stored += await notify(
      database.prisma,
      attendees.map((person) => ({
        userId: person.userId,
        courseId: courseOf.get(session) ?? null,
        kind: "SESSION_REMINDER" as const,
        title: `${session} starts in 15 minutes`,
        body: "Thu 10 Dec, 18:00 (UTC), in the course's study channel. You said you're going.",
        sourceKey: `session:${session}:remind-15m`,
      })),
      { now: dueAt },
    );
  }
  return stored;
}
