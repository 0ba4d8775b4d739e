import { z } from "zod";
import type { StudyGuide } from "../db/generated/client.ts";
import type { Platform } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import type { StudyHallDeps } from "../deps.ts";
import { AppError, ErrorCode, isAppError } from "../errors/app-error.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import { actorSchema } from "../people/actor.ts";
import { deliverStudyGuide } from "./deliver-study-guide.ts";
import { createExtractiveSectionWriter } from "./extractive-section-writer.ts";
import { groupPassages, guidePassages } from "./guide-passages.ts";
import { guideTitle, normaliseScope, scopeKey, studyGuideRequestSchema } from "./guide-scope.ts";
import { createModelSectionWriter } from "./model-section-writer.ts";
import type { SectionWriter } from "./section-writer.ts";
import { studyMember } from "./study-access.ts";
import { checkStudyTokenBudget, logStudyAiUsage, tokensOf } from "./study-ai-usage.ts";
import type { StudyGuideRequest, StudyGuideView } from "./study-guide-types.ts";
import { writeGuideSections } from "./write-guide-sections.ts";

export const requestStudyGuideInput = z.object({
  actor: actorSchema,
  courseId: z.uuid(),
  request: studyGuideRequestSchema,
  /** Write a new guide even when a READY one of the same scope exists. */
  fresh: z.boolean().default(false),
});

/** A guide still WRITING after this long was left by a process that died; a new request replaces it. */
const STALE_WRITING_MS = 15 * 60_000;

export interface StudyGuideOptions {
  /** Called after each section with the passages done so far and the total. */
  onProgress?: (done: number, total: number) => Promise<void> | void;
}

/**
 * A study guide of the course's materials for a topic, chosen materials or a week, for anyone in the
 * course (staff or student). A READY guide of the same scope and method is reused unless `fresh`; a
 * guide of that scope still being written is returned as it is (the caller shows its progress), so
 * two identical requests never write two guides (the check and the new row happen under an advisory
 * lock on the scope). With a chat model each section is written from its passages with every
 * statement cited (uncited statements dropped); offline it is assembled extractively and says so.
 * The model's tokens count against the course's token budget (UsageKind STUDY_GUIDE). A READY guide
 * handed back earns the requester its GUIDE_READ XP.
 */
export async function requestStudyGuide(
  deps: StudyHallDeps,
  input: z.input<typeof requestStudyGuideInput>,
  options: StudyGuideOptions = {},
): Promise<StudyGuideView> {
  const { actor, courseId, request, fresh } = parseUseCaseInput(requestStudyGuideInput, input, {
    courseId: () =>
      new AppError(ErrorCode.NotFound, "course id malformed", {
        userMessage: "That course was not found, or you are not a member of it.",
      }),
  });
  const { db } = deps;
  const { userId } = await studyMember(db, actor, courseId);
  if (request.week !== undefined && (request.topic !== undefined || request.materialIds))
    throw new AppError(ErrorCode.InvalidInput, "week with another scope", {
      userMessage: "Ask for a week on its own, or for a topic (within chosen materials if you like).",
    });
  const scope = normaliseScope(request);
  const key = scopeKey(scope);
  const writer: SectionWriter = deps.ai.chat
    ? createModelSectionWriter(deps.ai.chat)
    : createExtractiveSectionWriter();
  const now = deps.clock();
  const log = deps.logger.child({ courseId, userId, scopeKey: key, method: writer.method });

  if (writer.method === "MODEL")
    await checkStudyTokenBudget(db, {
      courseId,
      userId,
      defaults: deps.tutor.limits,
      now,
      what: "a study guide",
    });
  const claim = await findOrClaim(db, {
    courseId,
    userId,
    scope,
    key,
    method: writer.method,
    model: writer.model,
    fresh,
    now,
  });
  if (!claim.claimed) return deliverStudyGuide(db, { row: claim.row, readerId: userId, now, reused: true });

  const passages = await guidePassages(db, deps.ai.embedder, {
    courseId,
    request: scope,
    minSimilarity: deps.ai.defaultMinSimilarity,
  }).catch(async (error: unknown) => {
    // Nothing to write from: the claimed row goes, so the next request (after materials are added) starts afresh.
    await db.studyGuide.delete({ where: { id: claim.row.id } });
    throw error;
  });
  const guide = await db.studyGuide.update({
    where: { id: claim.row.id },
    data: {
      title: guideTitle(
        request,
        passages.map((p) => p.title),
      ),
      passagesTotal: passages.length,
    },
  });
  const started = performance.now();
  const usage = { courseId, userId, platform: actor.platform as Platform, question: scope.topic ?? key };
  try {
    const written = await writeGuideSections(db, {
      guide,
      groups: groupPassages(passages),
      passages,
      writer,
      topic: scope.topic,
      onProgress: options.onProgress,
      finishedAt: () => deps.clock(),
    });
    if (writer.model)
      await logStudyAiUsage(db, {
        ...usage,
        kind: "STUDY_GUIDE",
        model: writer.model,
        tokensIn: written.tokensIn,
        tokensOut: written.tokensOut,
        latencyMs: performance.now() - started,
      });
    log.info(
      { guideId: guide.id, passages: passages.length, sections: written.sections },
      "study guide written",
    );
    return deliverStudyGuide(db, { row: written.row, readerId: userId, now: deps.clock() });
  } catch (error) {
    const message = isAppError(error) ? error.userMessage : "The study guide could not be written.";
    await db.studyGuide.update({
      where: { id: guide.id },
      data: { status: "FAILED", error: message, finishedAt: deps.clock() },
    });
    if (writer.model)
      await logStudyAiUsage(db, {
        ...usage,
        kind: "STUDY_GUIDE",
        model: writer.model,
        ...tokensOf(error),
        latencyMs: performance.now() - started,
        failure: "ai_error",
      });
    log.warn({ guideId: guide.id, err: error }, "study guide failed");
    throw error;
  }
}

/**
 * Under a lock on the course, method and scope: the guide of that scope being written now, else the
 * READY one to reuse (unless `fresh`), else a new WRITING row this request claims. Two identical
 * requests at once therefore write one guide: the second waits for the lock and finds the first's row.
 */
async function findOrClaim(
  db: Prisma,
  input: {
    courseId: string;
    userId: string;
    scope: StudyGuideRequest;
    key: string;
    method: "MODEL" | "EXTRACTIVE";
    model: string | null;
    fresh: boolean;
    now: Date;
  },
): Promise<{ row: StudyGuide; claimed: boolean }> {
  return db.$transaction(async (tx) => {
    const lock = `study-guide:${input.courseId}:${input.method}:${input.key}`;
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${lock}, 0))`;
    const same = { courseId: input.courseId, scopeKey: input.key, method: input.method };
    const writing = await tx.studyGuide.findFirst({
      where: {
        ...same,
        status: "WRITING",
        createdAt: { gt: new Date(input.now.getTime() - STALE_WRITING_MS) },
      },
      orderBy: { createdAt: "desc" },
    });
    if (writing) return { row: writing, claimed: false };
    const ready = input.fresh
      ? null
      : await tx.studyGuide.findFirst({
          where: { ...same, status: "READY" },
          orderBy: { createdAt: "desc" },
        });
    if (ready) return { row: ready, claimed: false };
    const row = await tx.studyGuide.create({
      data: {
        ...same,
        title: guideTitle(input.scope, []),
        scope: input.scope as object,
        model: input.model,
        requestedById: input.userId,
        createdAt: input.now,
      },
    });
    return { row, claimed: true };
  });
}
