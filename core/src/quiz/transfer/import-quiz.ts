import { z } from "zod";
import { recordAudit } from "../../audit/record-audit.ts";
import { requireStaff } from "../../courses/enrollments.ts";
import { requireOpenCourseById } from "../../courses/require-open-course.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { parseUseCaseInput } from "../../errors/parse-input.ts";
import { actorSchema } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { MAX_QUIZ_TITLE_CHARS } from "../manage-quizzes.ts";
import { questionColumns } from "../question-input.ts";
import { type ParsedQuizSheet, parseQuizRecords, parseQuizSheet } from "./parse-quiz-csv.ts";
import { describeProblems, QUIZ_FILE_LIMITS } from "./quiz-csv-format.ts";
import { looksLikeZip, readXlsxSheet } from "./read-xlsx-sheet.ts";

const importQuizInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  /** The file's bytes (UTF-8 text with or without a byte order mark, or an .xlsx workbook) or its text. */
  data: z.union([z.string(), z.custom<Uint8Array>((v) => v instanceof Uint8Array, "a file")]),
  /** The uploaded file's name; the quiz is named after it when no title is given. */
  fileName: z.string().max(255).optional(),
  title: z.string().max(MAX_QUIZ_TITLE_CHARS).optional(),
});

export interface ImportedQuiz {
  quizId: string;
  title: string;
  questions: number;
  layout: "studyhall" | "kahoot";
}

/**
 * Imports a quiz file (StudyHall's quiz CSV, or Kahoot's template as its .xlsx workbook or saved as
 * CSV) as a draft of the course, for staff to review and approve like any other. A workbook is told by
 * its bytes, not its name, and its first sheet is read. All or nothing: a file with any problem is
 * refused with each problem's line (a workbook's row) and column (the first {@link QUIZ_FILE_LIMITS}.maxProblemsListed)
 * and nothing is stored; a good one is stored with its audit entry in one transaction.
 */
export async function importQuiz(db: Prisma, input: z.input<typeof importQuizInput>): Promise<ImportedQuiz> {
  const { actor, courseId, data, fileName, title } = parseUseCaseInput(importQuizInput, input);
  const { userId } = await resolveUser(db, actor);
  await requireStaff(db, courseId, userId);
  await requireOpenCourseById(db, courseId);
  checkSize(data);
  const workbook = typeof data !== "string" && looksLikeZip(data);
  const sheet: ParsedQuizSheet = workbook
    ? parseQuizRecords(readXlsxSheet(data))
    : parseQuizSheet(decode(data));
  if (sheet.problems)
    throw new AppError(ErrorCode.InvalidInput, "malformed quiz file", {
      userMessage: describeProblems(sheet.problems, workbook ? "Row" : "Line"),
      details: { problems: sheet.problems.length, first: sheet.problems[0], workbook },
    });
  const name = quizName(title, fileName);
  const questions = sheet.questions.map((q) => q.question);
  const quizId = await db.$transaction(async (tx) => {
    const created = await tx.quiz.create({
      data: {
        courseId,
        title: name,
        origin: "AUTHORED",
        createdById: userId,
        status: "DRAFT",
        questions: { create: questions.map((q, position) => ({ position, ...questionColumns(q) })) },
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      action: "quiz.imported",
      courseId,
      actorId: userId,
      actorPlatform: actor.platform,
      targetType: "quiz",
      targetId: created.id,
      details: { title: name.slice(0, 200), questions: questions.length, layout: sheet.layout },
    });
    return created.id;
  });
  return { quizId, title: name, questions: questions.length, layout: sheet.layout };
}

/** The size limit holds for every file before anything is read or unpacked. */
function checkSize(data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
  if (bytes > QUIZ_FILE_LIMITS.maxBytes)
    throw new AppError(ErrorCode.InvalidInput, "quiz file too large", {
      userMessage: `That file is ${Math.ceil(bytes / 1024)} KB; a quiz file may be at most ${QUIZ_FILE_LIMITS.maxBytes / 1024} KB.`,
      details: { bytes },
    });
}

function decode(data: string | Uint8Array): string {
  if (typeof data === "string") return data;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch (cause) {
    throw new AppError(ErrorCode.InvalidInput, "quiz file is not UTF-8", {
      userMessage:
        "That file is not UTF-8 text or an Excel workbook (.xlsx). Upload the .xlsx itself, or in your spreadsheet save it as 'CSV UTF-8 (comma delimited)' and upload that.",
      cause,
    });
  }
}

/**
 * The title given, else the file's name without its extension, else "Imported quiz". A "/" in the name
 * is kept: browsers send names without folders, so it is part of the name ("Week 3/4.csv").
 */
function quizName(title: string | undefined, fileName: string | undefined): string {
  const fromFile = fileName
    ?.replace(/\.[^.]*$/, "")
    .replace(/[_]+/g, " ")
    .trim();
  return (title?.trim() || fromFile || "Imported quiz").slice(0, MAX_QUIZ_TITLE_CHARS);
}
