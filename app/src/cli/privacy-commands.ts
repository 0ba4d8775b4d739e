import { writeFile } from "node:fs/promises";
import {
  AppError,
  type AuditLine,
  deleteCourse,
  deletePerson,
  ErrorCode,
  exportPerson,
  findCourse,
  listAudit,
  type PrivacyEraser,
  parsePersonKey,
} from "@studyhall/core";
import { ltiPrivacyEraser } from "@studyhall/lti";
import type { Services } from "../services.ts";
import { cliActor } from "./cli-context.ts";

type Out = { out: NodeJS.WritableStream; err: NodeJS.WritableStream };

/** Front ends' own tables a deletion must reach (the LMS tool's launches, tokens and owed scores). */
const ERASERS: PrivacyEraser[] = [ltiPrivacyEraser];

const operator = () => ({ kind: "operator" as const, actor: cliActor() });

/**
 * `studyhall privacy export --user <platform:id> [--out file]`: everything StudyHall holds about one
 * person, as JSON on stdout or in a file only the operator can read (it holds a student's own words).
 */
export async function privacyExport(services: Services, user: string, out: string | undefined, io: Out) {
  const document = await exportPerson(
    { requester: operator(), person: { identity: parsePersonKey(user) } },
    { db: services.db, logger: services.logger },
  );
  const json = `${JSON.stringify(document, null, 2)}\n`;
  if (!out) {
    io.out.write(json);
    return;
  }
  await writeFile(out, json, { mode: 0o600 });
  io.err.write(`Wrote everything held about ${user} to ${out} (schema version ${document.schemaVersion}).\n`);
}

/** `studyhall privacy delete --user <platform:id> --yes`: deletes one person everywhere. */
export async function privacyDelete(services: Services, user: string, yes: boolean, io: Out) {
  const identity = parsePersonKey(user);
  requireYes(yes, `This deletes ${user} from every course and table, and cannot be undone.`);
  const deleted = await deletePerson(
    { requester: operator(), person: { identity } },
    { db: services.db, logger: services.logger, erasers: ERASERS },
  );
  io.out.write(
    `Deleted ${user}: ${deleted.identities} account(s), ${deleted.enrolments} enrolment(s), ` +
      `${deleted.conversations} conversation(s), ${deleted.linkCodes} link code(s); ` +
      `${deleted.usageLogsAnonymised} tutor request(s) kept as anonymous counts; ` +
      `${deleted.quizSessionsAnonymised} quiz game(s) keep their scores under "Deleted student".\n`,
  );
  if (deleted.coursesWithoutStaff.length > 0) {
    io.err.write(
      `These courses have no staff now: ${deleted.coursesWithoutStaff.join(", ")}. ` +
        "Add staff from the LMS or with a course code.\n",
    );
  }
}

/** `studyhall course delete <course> --yes`: deletes a course and everything in it. */
export async function courseDelete(services: Services, course: string, yes: boolean, io: Out) {
  requireYes(
    yes,
    `This deletes the course "${course}" with every material, quiz, result and conversation in it.`,
  );
  const deleted = await deleteCourse(
    { requester: operator(), course },
    { db: services.db, logger: services.logger, erasers: ERASERS },
  );
  io.out.write(
    `Deleted course ${deleted.slug}: ${deleted.enrolments} enrolment(s), ${deleted.materials} material(s), ` +
      `${deleted.quizSessions} quiz game(s), ${deleted.jobs} pending job(s).\n`,
  );
}

/** `studyhall audit [--course c] [--limit n]`: the audit log, newest first, one line per entry. */
export async function auditList(services: Services, options: { course?: string; limit?: number }, io: Out) {
  const courseId = options.course ? (await findCourse(services.db, options.course)).id : undefined;
  const lines = await listAudit(services.db, {
    requester: operator(),
    ...(courseId ? { courseId } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
  });
  if (lines.length === 0) io.out.write("No audit entries.\n");
  for (const line of lines) io.out.write(`${formatAuditLine(line)}\n`);
}

/** One entry as a terminal line: time, course, who (and through what), what, details. */
export function formatAuditLine(line: AuditLine): string {
  const when = line.createdAt.toISOString().slice(0, 19).replace("T", " ");
  const course = line.courseSlug ?? "-";
  const who = line.actorKnown ? (line.actorName ?? "(no name)") : "(deleted person)";
  const via = line.actorPlatform ? ` via ${line.actorPlatform.toLowerCase()}` : "";
  const details = Object.entries(line.details)
    .filter(([, v]) => v !== null && v !== "")
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(" ");
  return `${when}  ${course}  ${who}${via}  ${line.label}${details ? `  ${details}` : ""}`;
}

function requireYes(yes: boolean, warning: string): void {
  if (yes) return;
  throw new AppError(ErrorCode.InvalidInput, "destructive command without --yes", {
    userMessage: `${warning} Run it again with --yes to go ahead.`,
  });
}
