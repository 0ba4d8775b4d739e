import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import type { Logger } from "../logger.ts";
import { notificationsSection } from "./export-notifications-section.ts";
import {
  auditSection,
  conversationsSection,
  enrolmentsSection,
  identitiesSection,
  moderationSection,
  preferencesSection,
  quizSection,
  staffSection,
  usageLogsSection,
} from "./export-sections.ts";
import { sessionsSection } from "./export-sessions-section.ts";
import { studySection } from "./export-study-section.ts";
import { findPersonInScope } from "./find-person.ts";
import { personRefSchema } from "./person-key.ts";
import { authoriseRequester, privacyRequesterSchema } from "./privacy-requester.ts";

/** Bumped whenever a field of the export changes meaning or goes away (new fields do not bump it). */
export const EXPORT_SCHEMA_VERSION = 1;

export const exportPersonInput = z.object({
  requester: privacyRequesterSchema,
  person: personRefSchema,
});

export interface PrivacyDeps {
  db: Prisma;
  logger: Logger;
  /** The clock, injectable for tests. */
  now?: () => Date;
}

type Sections = {
  identities: Awaited<ReturnType<typeof identitiesSection>>;
  enrolments: Awaited<ReturnType<typeof enrolmentsSection>>;
  preferences: Awaited<ReturnType<typeof preferencesSection>>;
  conversations: Awaited<ReturnType<typeof conversationsSection>>;
  usageLogs: Awaited<ReturnType<typeof usageLogsSection>>;
  quiz: Awaited<ReturnType<typeof quizSection>>;
  staff: Awaited<ReturnType<typeof staffSection>>;
  auditEntries: Awaited<ReturnType<typeof auditSection>>;
  moderationFlags: Awaited<ReturnType<typeof moderationSection>>;
  /** Flashcards, practice, study guides asked for and writing (study tools). */
  study: Awaited<ReturnType<typeof studySection>>;
  /** The person's notifications and, for an operator, their notification settings. */
  notifications: Awaited<ReturnType<typeof notificationsSection>>;
  /** Study sessions they scheduled, answered or attended, and their calendar addresses (never the secret). */
  sessions: Awaited<ReturnType<typeof sessionsSection>>;
};

/** The document a person (or their school, on their behalf) receives: everything held about them. */
export interface PersonExport extends Sections {
  schemaVersion: typeof EXPORT_SCHEMA_VERSION;
  generatedAt: string;
  /** `all` from an operator; `course` from course staff, with that course's slug. */
  scope: { kind: "all" } | { kind: "course"; course: string };
  person: { id: string; displayName: string | null; createdAt: string };
}

/**
 * Everything StudyHall holds about one person, as a versioned JSON document. Operators (CLI) get all of
 * it. Course staff get only what belongs to their own course, and only for someone who was in it: no
 * other course's conversations, results or enrolments, no chat platforms' account ids, and no learner
 * preferences (they are the person's own, not the course's). The export is itself audited.
 */
export async function exportPerson(
  input: z.input<typeof exportPersonInput>,
  deps: PrivacyDeps,
): Promise<PersonExport> {
  const parsed = exportPersonInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError(ErrorCode.InvalidInput, "malformed export request", {
      userMessage: "That export request is not valid: name one person.",
      details: { issues: parsed.error.issues.map((i) => i.message) },
    });
  }
  const { db } = deps;
  const requester = await authoriseRequester(db, parsed.data.requester);
  const { scope } = requester;
  const person = await findPersonInScope(db, parsed.data.person, scope);
  const { userId } = person;
  const [
    identities,
    enrolments,
    preferences,
    conversations,
    usageLogs,
    quiz,
    staff,
    auditEntries,
    moderationFlags,
    study,
    notifications,
    sessions,
  ] = await Promise.all([
    identitiesSection(db, userId, scope),
    enrolmentsSection(db, userId, scope),
    scope.kind === "all" ? preferencesSection(db, userId) : Promise.resolve(null),
    conversationsSection(db, userId, scope),
    usageLogsSection(db, userId, scope),
    quizSection(db, userId, scope),
    staffSection(db, userId, scope),
    auditSection(db, userId, scope),
    moderationSection(db, userId, scope),
    studySection(db, userId, scope),
    notificationsSection(db, userId, scope),
    sessionsSection(db, userId, scope),
  ]);
  const course =
    scope.kind === "course"
      ? await db.course.findUniqueOrThrow({ where: { id: scope.courseId }, select: { slug: true } })
      : null;
  await recordAudit(db, {
    action: "privacy.exported",
    courseId: scope.kind === "course" ? scope.courseId : null,
    actorId: requester.userId,
    actorPlatform: requester.platform,
    targetType: "person",
    targetId: userId,
    details: { scope: scope.kind },
  });
  deps.logger.info({ userId, scope: scope.kind, by: requester.userId }, "person's data exported");
  return {
    schemaVersion: EXPORT_SCHEMA_VERSION,
    generatedAt: (deps.now?.() ?? new Date()).toISOString(),
    scope: course ? { kind: "course", course: course.slug } : { kind: "all" },
    person: { id: userId, displayName: person.displayName, createdAt: person.createdAt.toISOString() },
    identities,
    enrolments,
    preferences,
    conversations,
    usageLogs,
    quiz,
    staff,
    auditEntries,
    moderationFlags,
    study,
    notifications,
    sessions,
  };
}
