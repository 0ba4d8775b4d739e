import { z } from "zod";
import { recordAudit } from "../audit/record-audit.ts";
import { requireOpenCourse } from "../courses/require-open-course.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { courseNotFound, studyMember, studyStaff } from "../study-guides/study-access.ts";
import { criterionSchema, rubricCountProblem } from "./writing-limits.ts";
import { promptNotFound, readPrompt, toWritingPromptView } from "./writing-prompt-view.ts";
import type { WritingPromptView } from "./writing-types.ts";

export { approveWritingPrompt, discardWritingPrompt } from "./review-writing-prompt.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const malformedCourse = { courseId: () => courseNotFound("malformed") };

export const createWritingPromptInput = z
  .object({
    actor: actorSchema,
    courseId: z.uuid(),
    title: z
      .string()
      .trim()
      .min(1, "Give the prompt a title.")
      .max(200, "A title is at most 200 characters."),
    prompt: z
      .string()
      .trim()
      .min(1, "Write the prompt itself.")
      .max(4_000, "A prompt is at most 4,000 characters."),
    criteria: z.array(criterionSchema),
    minWords: z.number().int().min(1).max(5_000).optional(),
    maxWords: z.number().int().min(1).max(5_000).optional(),
  })
  .refine((v) => v.minWords === undefined || v.maxWords === undefined || v.minWords <= v.maxWords, {
    message: "The fewest words must not be more than the most words.",
    path: ["minWords"],
  });

/**
 * A writing prompt set by staff, with its rubric of 3 to 5 criteria (each a name, an optional
 * description and its points, 4 by default). Approved at once: staff wrote it. Audited.
 */
export async function createWritingPrompt(
  db: Prisma,
  input: z.input<typeof createWritingPromptInput>,
): Promise<WritingPromptView> {
  const count = Array.isArray((input as { criteria?: unknown }).criteria) ? input.criteria.length : 0;
  const problem = rubricCountProblem(count);
  if (problem) throw new AppError(ErrorCode.InvalidInput, "rubric criteria count", { userMessage: problem });
  const parsed = createWritingPromptInput.safeParse(input);
  if (!parsed.success) {
    if (parsed.error.issues.some((i) => i.path[0] === "courseId")) throw courseNotFound("malformed");
    const first = parsed.error.issues[0];
    throw new AppError(ErrorCode.InvalidInput, `invalid writing prompt: ${first?.message}`, {
      userMessage: first?.message ?? "That writing prompt is not valid.",
    });
  }
  const { actor, courseId, title, prompt, criteria, minWords, maxWords } = parsed.data;
  const { userId, course } = await studyStaff(db, actor, courseId);
  requireOpenCourse(course);
  const names = criteria.map((c) => c.name.toLowerCase());
  if (new Set(names).size !== names.length)
    throw new AppError(ErrorCode.InvalidInput, "duplicate criterion", {
      userMessage: "Two criteria have the same name; give each its own.",
    });
  const rubric = criteria.map((c) => ({
    name: c.name,
    description: c.description ?? null,
    points: c.points,
  }));
  const row = await db.$transaction(async (tx) => {
    const created = await tx.writingPrompt.create({
      data: {
        courseId,
        title,
        prompt,
        rubric,
        minWords: minWords ?? null,
        maxWords: maxWords ?? null,
        status: "APPROVED",
        origin: "AUTHORED",
        createdById: userId,
        approvedById: userId,
        approvedAt: new Date(),
      },
    });
    await recordAudit(tx, {
      action: "writing.created",
      courseId,
      actorId: userId,
      actorPlatform: actor.platform,
      targetType: "writing_prompt",
      targetId: created.id,
      details: { title: title.slice(0, 200), criteria: rubric.length },
    });
    return created;
  });
  return toWritingPromptView(row);
}

export const listWritingPromptsInput = z.object({ actor: actorSchema, courseId: z.uuid() });

/** The course's prompts, oldest first (the numbers `findWritingPrompt` takes); drafts only for staff. */
export async function listWritingPrompts(
  db: Prisma,
  input: z.input<typeof listWritingPromptsInput>,
): Promise<WritingPromptView[]> {
  const { actor, courseId } = parseUseCaseInput(listWritingPromptsInput, input, malformedCourse);
  const { role } = await studyMember(db, actor, courseId);
  const rows = await db.writingPrompt.findMany({
    where: { courseId, status: role === "STAFF" ? { in: ["DRAFT", "APPROVED"] } : "APPROVED" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toWritingPromptView);
}

export const findWritingPromptInput = listWritingPromptsInput.extend({
  prompt: z.string().trim().min(1).max(300),
});

/** One prompt of the list: its id, its 1-based number, or its title (case-insensitive). */
export async function findWritingPrompt(
  db: Prisma,
  input: z.input<typeof findWritingPromptInput>,
): Promise<WritingPromptView> {
  const { actor, courseId, prompt } = parseUseCaseInput(findWritingPromptInput, input, malformedCourse);
  const list = await listWritingPrompts(db, { actor, courseId });
  const number = /^\d{1,3}$/.test(prompt) ? Number(prompt) : null;
  const found = UUID.test(prompt)
    ? list.find((p) => p.id === prompt.toLowerCase())
    : number !== null
      ? list[number - 1]
      : list.find((p) => p.title.toLowerCase() === prompt.toLowerCase());
  if (!found)
    throw new AppError(ErrorCode.NotFound, "writing prompt not found", {
      userMessage: `No writing prompt "${prompt}" in this course. \`writing\` lists them with their numbers.`,
    });
  return found;
}

export const describeWritingPromptInput = z.object({ actor: actorSchema, promptId: z.string().max(100) });

/**
 * The prompt a person may write for: an APPROVED prompt of a course they are in. Anything else
 * (another course's, a draft for a student, an unknown id) is NotFound.
 */
export async function describeWritingPrompt(
  db: Prisma,
  input: z.input<typeof describeWritingPromptInput>,
): Promise<WritingPromptView> {
  const { actor, promptId } = parseUseCaseInput(describeWritingPromptInput, input);
  const row = await readPrompt(db, promptId);
  await studyMember(db, actor, row.courseId).catch(() => {
    throw promptNotFound(promptId);
  });
  if (row.status !== "APPROVED") throw promptNotFound(promptId);
  return toWritingPromptView(row);
}
