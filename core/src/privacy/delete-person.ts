import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import type { Tx } from "../quiz/live/live-session.ts";
import { anonymiseQuizHistory } from "./anonymise-quiz-history.ts";
import type { PrivacyDeps } from "./export-person.ts";
import { findPerson } from "./find-person.ts";
import { type PersonIdentity, personRefSchema } from "./person-key.ts";
import type { PrivacyEraser } from "./privacy-erasers.ts";
import { authoriseRequester, privacyRequesterSchema, requireOperator } from "./privacy-requester.ts";

export const deletePersonInput = z.object({
  requester: privacyRequesterSchema,
  person: personRefSchema,
});

export interface DeletePersonDeps extends PrivacyDeps {
  /** Front ends' own tables to erase in the same transaction (e.g. the LMS tool's). */
  erasers?: PrivacyEraser[];
}

export interface DeletedPerson {
  identities: number;
  enrolments: number;
  conversations: number;
  /** Tutor requests kept as anonymous counts (no person, no question text). */
  usageLogsAnonymised: number;
  /** Quiz sessions whose answers and results now belong to an anonymous stand-in. */
  quizSessionsAnonymised: number;
  linkCodes: number;
  /** Rows front ends erased from their own tables, by eraser. */
  erased: Record<string, number>;
  /** Courses the person was the only active staff of; they stay, without staff, until an operator adds some. */
  coursesWithoutStaff: string[];
}

/**
 * Deletes one person from every table, in one transaction (all or nothing). Operators only: a person
 * spans courses, so no course's staff may delete them.
 *
 * - Gone: identities, enrolments, conversations and their messages, learner preferences, link codes
 *   they issued, their study tools (personal decks and cards, card states, reviews, study settings,
 *   practice runs, writing submissions), and whatever the front ends' erasers hold (LMS sessions, id
 *   tokens, owed scores).
 * - Kept anonymous: tutor requests become counts with no person and no question text, so course
 *   budgets and usage statistics stay right; answers and results of finished games move to a stand-in
 *   per game ("Deleted student"), so leaderboards keep their totals and ranks.
 * - Kept, without them: materials they uploaded, quizzes, course decks and writing prompts they wrote
 *   or approved, and study guides they asked for (the course's, not theirs).
 * - Audit entries they made keep the action but lose the actor; entries naming them lose the name.
 */
export async function deletePerson(
  input: z.input<typeof deletePersonInput>,
  deps: DeletePersonDeps,
): Promise<DeletedPerson> {
  const parsed = deletePersonInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError(ErrorCode.InvalidInput, "malformed deletion request", {
      userMessage: "That deletion request is not valid: name one person.",
      details: { issues: parsed.error.issues.map((i) => i.message) },
    });
  }
  const { db } = deps;
  const requester = await authoriseRequester(db, parsed.data.requester);
  requireOperator(requester);
  const { userId } = await findPerson(db, parsed.data.person);
  if (userId === requester.userId) {
    throw new AppError(ErrorCode.Conflict, "operator asked to delete themselves", {
      userMessage: "You cannot delete the account you are running this command as.",
    });
  }
  const result = await db.$transaction((tx) => deleteInTransaction(tx, userId, requester.userId, deps), {
    timeout: 120_000,
    maxWait: 30_000,
  });
  deps.logger.info({ userId, by: requester.userId, ...result, erased: undefined }, "person deleted");
  return result;
}

async function deleteInTransaction(
  tx: Tx,
  userId: string,
  operatorId: string,
  deps: DeletePersonDeps,
): Promise<DeletedPerson> {
  // Lock the person's row first: a concurrent merge or a second deletion waits, then finds nobody.
  const locked = await tx.$queryRaw<unknown[]>`SELECT 1 FROM "User" WHERE "id" = ${userId}::uuid FOR UPDATE`;
  if (locked.length === 0) {
    throw new AppError(ErrorCode.NotFound, "person deleted concurrently", {
      userMessage: "No one with that account is known to StudyHall.",
    });
  }
  const identities: PersonIdentity[] = await tx.identity.findMany({
    where: { userId },
    select: { platform: true, tenant: true, externalId: true },
  });
  const enrolments = await tx.enrollment.findMany({
    where: { userId },
    select: { courseId: true, role: true },
  });
  const coursesWithoutStaff = await soleStaffCourses(tx, userId);

  const erased: Record<string, number> = {};
  for (const eraser of deps.erasers ?? []) {
    if (eraser.erasePerson) erased[eraser.name] = await eraser.erasePerson(tx, { userId, identities });
  }
  const { sessions } = await anonymiseQuizHistory(tx, userId);
  const usage = await tx.usageLog.updateMany({ where: { userId }, data: { userId: null, question: "" } });
  const codes = await tx.linkCode.deleteMany({ where: { createdById: userId } });
  await tx.linkCode.updateMany({ where: { usedById: userId }, data: { usedById: null } });
  await tx.quiz.updateMany({ where: { approvedById: userId }, data: { approvedById: null } });
  await tx.quiz.updateMany({ where: { createdById: userId }, data: { createdById: null } });
  await tx.material.updateMany({ where: { uploadedById: userId }, data: { uploadedById: null } });
  // Course decks and writing prompts they approved stay the course's; the approver (no foreign key) goes.
  await tx.deck.updateMany({ where: { approvedById: userId }, data: { approvedById: null } });
  await tx.writingPrompt.updateMany({ where: { approvedById: userId }, data: { approvedById: null } });
  await tx.auditEntry.updateMany({
    where: { targetType: "person", targetId: userId },
    data: { targetId: null },
  });
  await tx.auditEntry.updateMany({ where: { actorId: userId }, data: { actorId: null } });
  const conversations = await tx.conversation.count({ where: { userId } });
  // Identities, enrolments, conversations (with their messages) and preferences go with the user, and
  // so do their study tools (foreign keys cascade): personal decks with their cards, card states,
  // reviews, study settings, practice runs with their answers, writing submissions. Course decks,
  // writing prompts and study guides they made or asked for stay the course's, without them (SET NULL).
  await tx.user.delete({ where: { id: userId } });

  const counts = {
    identities: identities.length,
    enrolments: enrolments.length,
    conversations,
    usageLogsAnonymised: usage.count,
    quizSessionsAnonymised: sessions,
    linkCodes: codes.count,
  };
  for (const enrolment of enrolments) {
    await recordAudit(tx, {
      action: "privacy.deleted",
      courseId: enrolment.courseId,
      actorId: operatorId,
      actorPlatform: "CLI",
      targetType: "person",
      details: { role: enrolment.role },
    });
  }
  await recordAudit(tx, {
    action: "privacy.deleted",
    actorId: operatorId,
    actorPlatform: "CLI",
    targetType: "person",
    details: counts,
  });
  return { ...counts, erased, coursesWithoutStaff: coursesWithoutStaff.map((c) => c.slug) };
}

/** Courses where the person is the only active staff member. */
function soleStaffCourses(tx: Tx, userId: string): Promise<Array<{ slug: string }>> {
  return tx.$queryRaw<Array<{ slug: string }>>`
    SELECT c."slug" FROM "Enrollment" e JOIN "Course" c ON c."id" = e."courseId"
    WHERE e."userId" = ${userId}::uuid AND e."role" = 'STAFF' AND e."removedAt" IS NULL
      AND NOT EXISTS (
        SELECT 1 FROM "Enrollment" o
        WHERE o."courseId" = e."courseId" AND o."userId" <> e."userId"
          AND o."role" = 'STAFF' AND o."removedAt" IS NULL)
    ORDER BY c."slug"`;
}
