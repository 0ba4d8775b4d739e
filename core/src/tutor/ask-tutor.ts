import { z } from "zod";
import type { Embedder } from "../ai/embedder.ts";
import { requireEnrollment } from "../courses/enrollments.ts";
import { findCourse } from "../courses/find-course.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode, isAppError } from "../errors/app-error.ts";
import type { Logger } from "../logger.ts";
import type { Moderator } from "../moderation/moderator.ts";
import { createPartialAnswerGate } from "../moderation/partial-answer-gate.ts";
import { screenText, type Withheld } from "../moderation/screen-text.ts";
import { actorSchema } from "../people/actor.ts";
import { getLearnerPreferences } from "../people/learner-preferences.ts";
import { resolveUser } from "../people/resolve-user.ts";
import type { Citation } from "../reply/reply.ts";
import { type ChunkHit, hybridSearch } from "../search/chunk-repository.ts";
import { termCoverage } from "../text/terms.ts";
import { citationAnchor } from "./citation-anchor.ts";
import { loadConversation, retrievalText } from "./conversation-memory.ts";
import { type BudgetRule, checkTutorBudget, RATE_LIMITED } from "./tutor-limits.ts";
import type { TutorResponder, TutorSource } from "./tutor-responder.ts";
import { answerWithheldQuestion, MODERATED_ANSWER } from "./withheld-question.ts";

export const askTutorInput = z.object({
  actor: actorSchema,
  courseId: z.string().uuid(),
  question: z
    .string()
    .trim()
    .min(1, "Ask a question after the command.")
    .max(2000, "Questions are at most 2,000 characters."),
  /** Identifies the conversation: a Slack thread, a Discord thread or DM, an LMS page. */
  threadKey: z.string().min(1).max(300).default("default"),
});

export interface RetrievalSettings {
  /** Passages given to the responder. */
  topK: number;
  /** A passage is relevant if its cosine similarity reaches this... */
  minSimilarity: number;
  /** ...or if it contains at least this share of the question's terms. */
  minCoverage: number;
}

export interface TutorDeps {
  db: Prisma;
  embedder: Embedder;
  responder: TutorResponder;
  /**
   * Checks the question before any retrieval or AI call and the answer before it is shown. Absent: no
   * moderation (benchmarks measuring the path without it; the app always passes one).
   */
  moderator?: Moderator;
  logger: Logger;
  retrieval: RetrievalSettings;
  /** The deployment's default limits; a course's Budget rows override them. */
  limits: BudgetRule[];
  now?: () => Date;
}

export interface TutorAnswer {
  /** False when no source was found (the question is logged as unanswered). */
  answered: boolean;
  text: string;
  citations: Citation[];
  conversationId: string;
  /** The assistant message, for feedback votes. */
  messageId: string;
  usageLogId: string;
  model: string;
  /**
   * Set when moderation withheld the question (nothing was streamed: a front end may show the reply
   * privately) or the answer (what streamed was a clean beginning at most; `text` replaces it).
   */
  withheld?: "question" | "answer";
}

export const NO_SOURCE_ANSWER =
  "I couldn't find this in the course materials, so I won't guess. I've noted the question for your teacher; try rephrasing it with the words your course uses.";
export const NO_MATERIALS_ANSWER =
  "This course has no materials yet, so I have nothing to answer from. Ask your teacher to add some.";

/**
 * Answers a question from the course's own materials, with citations. Retrieval never leaves the
 * course; when nothing relevant is found the tutor says so rather than inventing. Every call writes a
 * UsageLog row, answered or not.
 *
 * Moderation comes first, before the limits, so a student in crisis always gets the safe-messaging
 * reply: a flagged question gets a calm reply, a ModerationFlag and staff alerts, and no AI call.
 * While the answer streams, `onDelta` gets only text the local rules passed, a few words behind the
 * model (partial-answer-gate.ts); the rest follows once the whole answer passed the final check. A
 * flagged answer is replaced by a calm reply; front ends replace what streamed with the returned text.
 */
export async function askTutor(
  input: z.input<typeof askTutorInput>,
  deps: TutorDeps,
  options: { onDelta?: (text: string) => void } = {},
): Promise<TutorAnswer> {
  const { actor, courseId, question, threadKey } = askTutorInput.parse(input);
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const started = performance.now();
  const course = await findCourse(db, courseId);
  const { userId } = await resolveUser(db, actor);
  await requireEnrollment(db, course.id, userId);
  const log = deps.logger.child({ courseId: course.id, userId, platform: actor.platform });
  const usage = { userId, courseId: course.id, platform: actor.platform, question };
  const screen = (kind: "question" | "answer", text: string): Promise<Withheld | null> =>
    deps.moderator
      ? screenText(
          { db, moderator: deps.moderator, logger: log },
          { courseId: course.id, userId, kind, text },
        )
      : Promise.resolve(null);

  const withheldQuestion = await screen("question", question);
  if (withheldQuestion) {
    const answer = await answerWithheldQuestion(db, {
      userId,
      courseId: course.id,
      platform: actor.platform,
      threadKey,
      reply: withheldQuestion.reply,
      latencyMs: elapsed(started),
    });
    log.info({ usageLogId: answer.usageLogId, flagId: withheldQuestion.flagId }, "tutor withheld a question");
    return { ...answer, withheld: "question" };
  }

  try {
    await checkTutorBudget(db, { courseId: course.id, userId, defaults: deps.limits, now: now() });
  } catch (error) {
    if (isAppError(error, ErrorCode.RateLimited)) {
      await db.usageLog.create({
        data: {
          ...usage,
          answered: false,
          refusedReason: RATE_LIMITED,
          latencyMs: 0,
          model: "",
          retrieved: [],
        },
      });
    }
    throw error;
  }

  const conversation = await loadConversation(db, {
    userId,
    courseId: course.id,
    platform: actor.platform,
    threadKey,
  });
  const searchText = retrievalText(question, conversation.history);
  const hits = await retrieve(deps, course.id, searchText);
  const sources = hits.filter((h) => h.relevant).map((h, i): TutorSource => ({ ...h, n: i + 1 }));

  let text: string;
  let tokensIn = 0;
  let tokensOut = 0;
  let model = deps.responder.model;
  // With moderation on, no partial reaches a student before the local rules have read it.
  const gate = deps.moderator && options.onDelta ? createPartialAnswerGate(options.onDelta) : undefined;
  const onDelta = gate ? (delta: string) => gate.push(delta) : options.onDelta;
  if (sources.length === 0) {
    const hasMaterials = (await db.material.count({ where: { courseId: course.id, status: "READY" } })) > 0;
    // A fixed sentence is not streamed: the final reply shows it, and a front end that opens a
    // conversation on the first streamed words (Discord's thread named after the question) opens none.
    text = hasMaterials ? NO_SOURCE_ANSWER : NO_MATERIALS_ANSWER;
    model = "";
  } else {
    try {
      const draft = await deps.responder.respond({
        question,
        courseName: course.name,
        policy: course.answerPolicy,
        preferences: await getLearnerPreferences(db, userId),
        sources,
        history: conversation.history,
        ...(onDelta ? { onDelta } : {}),
      });
      ({ text, tokensIn, tokensOut } = draft);
      if (gate?.held) log.info("local rules held back the rest of a streaming answer");
    } catch (cause) {
      await db.usageLog.create({
        data: {
          ...usage,
          answered: false,
          refusedReason: "ai_error",
          latencyMs: elapsed(started),
          model,
          retrieved: [],
        },
      });
      throw isAppError(cause)
        ? cause
        : new AppError(ErrorCode.AiUnavailable, "tutor responder failed", { cause });
    }
  }

  const withheldAnswer = sources.length > 0 ? await screen("answer", text) : null;
  if (withheldAnswer) text = withheldAnswer.reply;
  else gate?.release();
  const citations = withheldAnswer ? [] : citationsFor(text, sources);
  const answered = sources.length > 0 && !withheldAnswer;
  const latencyMs = elapsed(started);
  const { usageLogId, messageId } = await db.$transaction(async (tx) => {
    const logRow = await tx.usageLog.create({
      data: {
        ...usage,
        answered,
        refusedReason: withheldAnswer ? MODERATED_ANSWER : answered ? null : "no_source",
        latencyMs,
        tokensIn,
        tokensOut,
        model,
        retrieved: hits.map((h) => ({
          chunkId: h.chunkId,
          score: h.score,
          similarity: h.similarity,
          vectorRank: h.vectorRank,
          textRank: h.textRank,
          relevant: h.relevant,
        })),
      },
    });
    await tx.message.create({
      data: { conversationId: conversation.conversationId, role: "USER", content: question },
    });
    const reply = await tx.message.create({
      data: {
        conversationId: conversation.conversationId,
        role: "ASSISTANT",
        content: text,
        citations: citations.map((c) => ({ ...c })),
        usageLogId: logRow.id,
      },
    });
    return { usageLogId: logRow.id, messageId: reply.id };
  });
  log.info({ answered, latencyMs, sources: sources.length, model, usageLogId }, "tutor answered");
  return {
    answered,
    text,
    citations,
    conversationId: conversation.conversationId,
    messageId,
    usageLogId,
    model,
    ...(withheldAnswer ? { withheld: "answer" as const } : {}),
  };
}

type ScoredHit = ChunkHit & { relevant: boolean };

async function retrieve(deps: TutorDeps, courseId: string, text: string): Promise<ScoredHit[]> {
  const [embedding] = await deps.embedder.embed([text]);
  const hits = await hybridSearch(deps.db, {
    courseId,
    embeddingModel: deps.embedder.model,
    embedding: embedding!,
    text,
    limit: deps.retrieval.topK,
  });
  return hits.map((hit) => ({
    ...hit,
    anchor: citationAnchor(hit.title, hit.anchor),
    relevant:
      (hit.similarity ?? -1) >= deps.retrieval.minSimilarity ||
      termCoverage(text, `${hit.title} ${hit.text}`) >= deps.retrieval.minCoverage,
  }));
}

/** The sources the answer cites with [n]; all of them when the answer cites none explicitly. */
function citationsFor(text: string, sources: TutorSource[]): Citation[] {
  const cited = new Set([...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
  const chosen = cited.size > 0 ? sources.filter((s) => cited.has(s.n)) : sources.slice(0, 3);
  return chosen.map(({ n, materialId, chunkId, title, anchor }) => ({
    n,
    materialId,
    chunkId,
    title,
    anchor,
  }));
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
