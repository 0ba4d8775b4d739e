import { z } from "zod";
import { findCourse } from "../courses/find-course.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { actorSchema } from "../people/actor.ts";
import { startSpaceBinding } from "../spaces/bind-space.ts";
import { requireSpaceCourse } from "../spaces/find-space-course.ts";
import { spaceRefSchema } from "../spaces/space-ref.ts";

export const issueSpaceLinkCodeInput = z.object({
  actor: actorSchema,
  /** Where the person asks: the course linked there, unless `course` names one. */
  space: spaceRefSchema.nullish(),
  /** A course's slug or name as people type it ("Hydrology 101"). */
  course: z.string().trim().min(1).max(200).optional(),
});

/** A link code for a course, and the sentence that tells its holder how to use it. */
export interface IssuedSpaceLinkCode {
  code: string;
  expiresAt: Date;
  course: { id: string; name: string; slug: string };
  /** Where the code works, until when, and the command to type on each chat platform. */
  instructions: string;
}

/**
 * A BIND_SPACE code from course staff in chat (`/studyhall code`, Discord `/code`): for the course
 * linked to the channel they ask in, or the course they name. The same code the LMS page and
 * `studyhall course code` make ({@link startSpaceBinding}); only the course's staff get one.
 */
export async function issueSpaceLinkCode(
  db: Prisma,
  input: z.input<typeof issueSpaceLinkCodeInput>,
): Promise<IssuedSpaceLinkCode> {
  const { actor, space, course: named } = issueSpaceLinkCodeInput.parse(input);
  if (!named && !space) {
    throw new AppError(ErrorCode.InvalidInput, "no course for a link code", {
      userMessage: "Name the course you want a link code for, or ask in a channel linked to it.",
    });
  }
  const course = named ? await findCourse(db, named) : await requireSpaceCourse(db, space!);
  const { code, expiresAt } = await startSpaceBinding(db, { actor, courseId: course.id }).catch(
    (error: unknown) => {
      if (error instanceof AppError && error.code === ErrorCode.Forbidden) {
        throw new AppError(ErrorCode.Forbidden, "link code refused: not course staff", {
          userMessage: `Only staff of ${course.name} can make link codes for it. Ask one of its teachers.`,
          details: { courseId: course.id },
          cause: error,
        });
      }
      throw error;
    },
  );
  return {
    code,
    expiresAt,
    course: { id: course.id, name: course.name, slug: course.slug },
    instructions: spaceLinkCodeInstructions(course.name, code, expiresAt),
  };
}

/**
 * How to use a link code, the same words on every front end: it works once, until when, and the
 * command on each chat platform. No admin rights are needed, only membership of the channel.
 */
export function spaceLinkCodeInstructions(courseName: string, code: string, expiresAt: Date): string {
  const until = `${expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return [
    `Link code for **${courseName}**: \`${code}\``,
    `It works once, until ${until}. In the channel to link, run \`/studyhall setup code ${code}\` (Slack) or \`/setup code:${code}\` (Discord).`,
    "Whoever uses it needs no admin rights, only to be a member of that channel, and becomes staff of the course.",
  ].join("\n");
}
