import { type Actor, describeMember, latestThreadCourse, type Prisma } from "@studyhall/core";
import { dmThreadKey } from "./slack-identity.ts";

export interface CourseChoice {
  id: string;
  slug: string;
  name: string;
}

/** Which course a question in a DM is about. */
export type DmCourseChoice =
  | { kind: "chosen"; course: CourseChoice; question: string; others: CourseChoice[] }
  | { kind: "ask"; courses: CourseChoice[]; question: string }
  | { kind: "none" };

/**
 * Picks the course for a DM question: a leading `course-slug:` names it; a person in one course needs
 * no choice; otherwise the course of their last DM question, and failing that we ask.
 */
export async function chooseDmCourse(db: Prisma, actor: Actor, text: string): Promise<DmCourseChoice> {
  const member = await describeMember(db, actor);
  const courses = member.courses.map(({ id, slug, name }) => ({ id, slug, name }));
  if (courses.length === 0) return { kind: "none" };
  const others = (course: CourseChoice) => courses.filter((c) => c.id !== course.id);
  const prefix = /^\s*([\w-]+)\s*:\s*([\s\S]*)$/.exec(text);
  const named = prefix && courses.find((c) => c.slug.toLowerCase() === prefix[1]!.toLowerCase());
  if (named) return { kind: "chosen", course: named, question: prefix[2]!.trim(), others: others(named) };
  if (courses.length === 1) return { kind: "chosen", course: courses[0]!, question: text.trim(), others: [] };
  const lastId = await latestThreadCourse(db, {
    userId: member.userId,
    threadKey: dmThreadKey(actor.tenant, actor.externalId),
    courseIds: courses.map((c) => c.id),
  });
  const lastCourse = courses.find((c) => c.id === lastId);
  if (lastCourse)
    return { kind: "chosen", course: lastCourse, question: text.trim(), others: others(lastCourse) };
  return { kind: "ask", courses, question: text.trim() };
}
