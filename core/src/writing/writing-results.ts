import { z } from "zod";
import type { Prisma as PrismaTypes } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import type { Citation } from "../reply/reply.ts";
import { courseNotFound, studyMember } from "../study-guides/study-access.ts";
import type { CriterionScore, WritingResultView } from "./writing-types.ts";

/** Results a list shows, newest first. */
const RESULTS_LIMIT = 200;

export const writingResultsInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  promptId: z.uuid().optional(),
});

const include = {
  prompt: { select: { title: true } },
  user: { select: { displayName: true } },
} as const;

/**
 * Writing results of a course, newest first: a student's own, or everyone's for staff (with the
 * writer's name), optionally of one prompt. Someone outside the course gets NotFound.
 */
export async function writingResults(
  db: Prisma,
  input: z.input<typeof writingResultsInput>,
): Promise<WritingResultView[]> {
  const { actor, courseId, promptId } = parseUseCaseInput(writingResultsInput, input, {
    courseId: () => courseNotFound("malformed"),
  });
  const { userId, role } = await studyMember(db, actor, courseId);
  const rows = await db.writingSubmission.findMany({
    where: { courseId, ...(promptId ? { promptId } : {}), ...(role === "STAFF" ? {} : { userId }) },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: RESULTS_LIMIT,
    include,
  });
  return rows.map(toResultView);
}

/** One stored submission as a result (no access check: for the use case that just stored it). */
export async function readWritingResult(db: Prisma, submissionId: string): Promise<WritingResultView> {
  const row = await db.writingSubmission.findUniqueOrThrow({ where: { id: submissionId }, include });
  return toResultView(row);
}

type Row = PrismaTypes.WritingSubmissionGetPayload<{ include: typeof include }>;

function toResultView(row: Row): WritingResultView {
  return {
    id: row.id,
    promptId: row.promptId,
    promptTitle: row.prompt.title,
    courseId: row.courseId,
    userId: row.userId,
    studentName: row.user.displayName,
    method: row.method,
    model: row.model,
    scored: row.method === "MODEL",
    wordCount: row.wordCount,
    scores: (Array.isArray(row.scores) ? row.scores : []) as unknown as CriterionScore[],
    totalScore: row.totalScore,
    maxScore: row.maxScore,
    feedback: row.feedback,
    citations: (Array.isArray(row.citations) ? row.citations : []) as unknown as Citation[],
    nextStep: row.nextStep,
    createdAt: row.createdAt,
  };
}
