import { randomUUID } from "node:crypto";
import { z } from "zod";
import { permits, sessionsRefusal } from "../courses/course-settings-access.ts";
import { requireOpenCourse } from "../courses/require-open-course.ts";
import type { Prisma } from "../db/open-database.ts";
import type { StudyHallDeps } from "../deps.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { parseSessionTime } from "./parse-session-time.ts";
import { type SessionPlace, sessionMember } from "./session-member.ts";
import { scheduleSessionSteps } from "./session-steps-schedule.ts";
import { loadSessionView, type StudySessionView } from "./session-view.ts";

/** The bounds of a session's length, in minutes. */
export const SESSION_MINUTES = { min: 15, max: 480, default: 60 } as const;

export const scheduleSessionInput = z.object({
  title: z
    .string({ message: "Give the session a title, e.g. “Week 3 review”." })
    .trim()
    .min(1, "Give the session a title, e.g. “Week 3 review”.")
    .max(100, "A session title is at most 100 characters."),
  when: z.string().trim().min(1, "Say when, e.g. “thu 18:00”.").max(100),
  minutes: z
    .number()
    .int()
    .min(SESSION_MINUTES.min, `A session lasts at least ${SESSION_MINUTES.min} minutes.`)
    .max(SESSION_MINUTES.max, `A session lasts at most ${SESSION_MINUTES.max / 60} hours.`)
    .default(SESSION_MINUTES.default),
  weekly: z.boolean().default(false),
  quiz: z.string().trim().max(200).optional(),
  deck: z.string().trim().max(200).optional(),
});

export type ScheduleSessionInput = z.input<typeof scheduleSessionInput>;

/**
 * Schedules a study session in the place's course: staff may, and everyone enrolled when the course's
 * `sessionsPolicy` allows. The time is read in the person's own zone and stored in UTC; a time in the
 * past or one that does not read is refused with the formats that work. The session is held in the
 * channel the command came from, else the course's first linked chat channel, else only on the LMS page
 * and calendars. Its steps (announcement, reminders, start, end) are durable jobs stored with it.
 */
export async function scheduleStudySession(
  deps: StudyHallDeps,
  input: SessionPlace & ScheduleSessionInput,
): Promise<StudySessionView & { zoneGuessed: boolean }> {
  const fields = parseUseCaseInput(scheduleSessionInput, input);
  const { db } = deps;
  const now = deps.clock();
  const member = await sessionMember(db, input);
  const course = await db.course.findUniqueOrThrow({ where: { id: member.courseId } });
  requireOpenCourse(course);
  if (!permits(course.sessionsPolicy, member.role)) throw sessionsRefusal(course.name);
  const { timeZone, guessed } = await schedulerZone(db, member.userId, input.timeZoneHint);
  const startsAt = parseSessionTime(fields.when, { timeZone, now });
  const quizId = fields.quiz ? await pickQuiz(db, course.id, course.name, fields.quiz) : null;
  const deckId = fields.deck ? await pickDeck(db, course.id, course.name, fields.deck) : null;
  const home = await homeChannel(db, course.id, input);
  const id = randomUUID();
  await db.$transaction(async (tx) => {
    await tx.studySession.create({
      data: {
        id,
        courseId: course.id,
        seriesId: randomUUID(),
        title: fields.title,
        startsAt,
        endsAt: new Date(startsAt.getTime() + fields.minutes * 60_000),
        timeZone,
        recurrence: fields.weekly ? "WEEKLY" : "NONE",
        quizId,
        deckId,
        createdById: member.userId,
        ...home,
      },
    });
    await scheduleSessionSteps(
      tx,
      { id, startsAt, endsAt: new Date(startsAt.getTime() + fields.minutes * 60_000) },
      now,
    );
  });
  deps.logger.info({ sessionId: id, courseId: course.id, weekly: fields.weekly }, "study session scheduled");
  return { ...(await loadSessionView(db, id)), zoneGuessed: guessed };
}

/**
 * The zone the scheduler's words are read in: their own setting; else the platform's hint, kept as
 * their setting from now on (their reminders and nudges then speak their time too); else UTC, which
 * the confirmation then says, with how to set theirs.
 */
async function schedulerZone(
  db: Prisma,
  userId: string,
  hint: string | undefined,
): Promise<{ timeZone: string; guessed: boolean }> {
  const settings = await db.studySettings.findUnique({ where: { userId }, select: { timeZone: true } });
  if (settings) return { timeZone: settings.timeZone, guessed: false };
  if (hint && isTimeZone(hint)) {
    await db.studySettings.upsert({ where: { userId }, create: { userId, timeZone: hint }, update: {} });
    return { timeZone: hint, guessed: false };
  }
  return { timeZone: "UTC", guessed: true };
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Where the session is held: the chat channel asked from, else the course's first linked channel. */
async function homeChannel(
  db: Prisma,
  courseId: string,
  place: SessionPlace,
): Promise<{ platform: "SLACK" | "DISCORD"; tenant: string; channelId: string } | Record<string, never>> {
  const space = place.space;
  if (space && (space.platform === "SLACK" || space.platform === "DISCORD")) {
    return { platform: space.platform, tenant: space.tenant, channelId: space.channelId };
  }
  const linked = await db.courseSpace.findFirst({
    where: { courseId, kind: { in: ["SLACK_CHANNEL", "DISCORD_CHANNEL"] } },
    orderBy: { createdAt: "asc" },
  });
  if (linked && (linked.platform === "SLACK" || linked.platform === "DISCORD")) {
    return { platform: linked.platform, tenant: linked.tenant, channelId: linked.externalId };
  }
  return {};
}

async function pickQuiz(db: Prisma, courseId: string, courseName: string, words: string): Promise<string> {
  const quiz = await db.quiz.findFirst({
    where: {
      courseId,
      status: "APPROVED",
      OR: [
        ...(z.uuid().safeParse(words).success ? [{ id: words }] : []),
        { title: { contains: words, mode: "insensitive" as const } },
        { topic: { contains: words, mode: "insensitive" as const } },
      ],
    },
    orderBy: { approvedAt: "desc" },
    select: { id: true },
  });
  if (!quiz) {
    throw new AppError(ErrorCode.NotFound, "no approved quiz matches", {
      userMessage: `No approved quiz of ${courseName} matches “${words.slice(0, 60)}”. Leave the quiz out, or use words of an approved quiz’s title.`,
    });
  }
  return quiz.id;
}

async function pickDeck(db: Prisma, courseId: string, courseName: string, words: string): Promise<string> {
  const deck = await db.deck.findFirst({
    where: {
      courseId,
      kind: "COURSE",
      status: "APPROVED",
      OR: [
        ...(z.uuid().safeParse(words).success ? [{ id: words }] : []),
        { title: { contains: words, mode: "insensitive" as const } },
      ],
    },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  if (!deck) {
    throw new AppError(ErrorCode.NotFound, "no course deck matches", {
      userMessage: `No approved course deck of ${courseName} matches “${words.slice(0, 60)}”. Leave the deck out, or use words of an approved course deck’s title.`,
    });
  }
  return deck.id;
}
