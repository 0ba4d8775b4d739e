import {
  AppError,
  type CourseRole,
  describeMember,
  ErrorCode,
  enterSpace,
  latestThreadCourse,
  type Prisma,
  type SpaceRef,
} from "@studyhall/core";
import type { DiscordPlace } from "./discord-member.ts";

export interface PlaceCourse {
  courseId: string;
  courseName: string;
  userId: string;
  role: CourseRole;
}

/** The conversation key of a person's DMs with the bot (one per course they talk about there). */
export function dmThreadKey(userId: string): string {
  return `discord:dm:${userId}`;
}

/** The conversation key of a thread (an answer's thread, and follow-ups in it). */
export function threadKey(threadId: string): string {
  return `discord:thread:${threadId}`;
}

/**
 * The course a person means here. In a server: the course bound to the channel (or the server), which
 * enrols them on first contact; another guild's course is never reachable. In DMs: the course they
 * name, else their only course, else the one they last talked about in DMs; when that is still
 * ambiguous they are asked to choose.
 */
export async function courseForPlace(
  db: Prisma,
  place: DiscordPlace,
  courseOption?: string,
): Promise<PlaceCourse> {
  if (place.space) {
    const member = await enterSpace(db, {
      actor: place.actor,
      space: place.space,
      platformStaff: place.platformStaff,
    });
    return {
      courseId: member.course.id,
      courseName: member.course.name,
      userId: member.userId,
      role: member.role,
    };
  }
  const summary = await describeMember(db, place.actor);
  const pick = (c: (typeof summary.courses)[number]): PlaceCourse => ({
    courseId: c.id,
    courseName: c.name,
    userId: summary.userId,
    role: c.role,
  });
  if (courseOption) {
    const wanted = courseOption.trim().toLowerCase();
    const match = summary.courses.find(
      (c) => c.id === courseOption || c.slug === wanted || c.name.toLowerCase() === wanted,
    );
    if (!match) {
      throw new AppError(ErrorCode.NotFound, "no such course for this person", {
        userMessage: `You are not in a course called "${courseOption}". Your courses: ${names(summary.courses)}.`,
      });
    }
    return pick(match);
  }
  if (summary.courses.length === 0) {
    throw new AppError(ErrorCode.NotFound, "person has no courses", {
      userMessage:
        "You are not in any course yet. Ask a question in your course's server first, or link your account from your course page with /link.",
    });
  }
  if (summary.courses.length === 1) return pick(summary.courses[0]!);
  const lastId = await latestThreadCourse(db, {
    userId: summary.userId,
    threadKey: dmThreadKey(place.actor.externalId),
    courseIds: summary.courses.map((c) => c.id),
  });
  const recent = summary.courses.find((c) => c.id === lastId);
  if (recent) return pick(recent);
  throw new AppError(ErrorCode.InvalidInput, "ambiguous course in DMs", {
    userMessage: `You are in several courses (${names(summary.courses)}). Choose one with \`/ask course:\`; your next messages here go to that course.`,
  });
}

/** The space of a server command; these commands are registered for servers only, so this is a guard. */
export function requireSpace(place: DiscordPlace): SpaceRef {
  if (!place.space) {
    throw new AppError(ErrorCode.InvalidInput, "server command used outside a server", {
      userMessage: "Use this command in a channel of your course's server.",
    });
  }
  return place.space;
}

function names(courses: Array<{ name: string }>): string {
  return courses.map((c) => c.name).join(", ");
}
