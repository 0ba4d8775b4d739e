// askTutor's own cost: every step (validation, identity, enrolment, limits, conversation, embedding,
// hybrid retrieval, relevance, prompt building, usage log, messages) with a chat model that answers
// instantly, over a 10k-chunk course. The model's own time is excluded by construction.
import type { ChatModel } from "../core/src/ai/chat-model.ts";
import { createHashedEmbedder } from "../core/src/ai/local/hashed-embedder.ts";
import { ensureEnrollment } from "../core/src/courses/enrollments.ts";
import type { Database } from "../core/src/db/open-database.ts";
import { silentLogger } from "../core/src/logger.ts";
import type { Actor } from "../core/src/people/actor.ts";
import { resolveUser } from "../core/src/people/resolve-user.ts";
import { askTutor, type TutorDeps } from "../core/src/tutor/ask-tutor.ts";
import { createLlmResponder } from "../core/src/tutor/llm-responder.ts";
import type { BenchTarget } from "./bench-database.ts";
import { percentile, questionFrom, random } from "./corpus.ts";
import { loadCorpus } from "./retrieval.ts";

/** A chat model that answers at once: the benchmarks measure everything but the model. */
export const instantModel: ChatModel = {
  model: "instant",
  complete: async (request) => ({
    text: "From the sources [1].",
    tokensIn: Math.ceil(request.messages.reduce((n, m) => n + m.content.length, 0) / 4),
    tokensOut: 5,
  }),
};

/**
 * Enrols `actor` as a student of the course and gives the tutor's dependencies for the benchmarks: the
 * hashed embedder, {@link instantModel}, and limits no benchmark reaches.
 */
export async function enrolledTutorDeps(db: Database, courseId: string, actor: Actor): Promise<TutorDeps> {
  const { userId } = await resolveUser(db.prisma, actor);
  await ensureEnrollment(db.prisma, { courseId, userId, role: "STUDENT", source: "MANUAL" });
  return {
    db: db.prisma,
    embedder: createHashedEmbedder(),
    responder: createLlmResponder(instantModel),
    logger: silentLogger(),
    retrieval: { topK: 8, minSimilarity: 0.5, minCoverage: 0.5 },
    limits: [
      { scope: "PER_USER", windowSeconds: 3600, maxRequests: 1_000_000 },
      { scope: "COURSE", windowSeconds: 86_400, maxTokens: 1_000_000_000 },
    ],
  };
}

export async function benchTutorOverhead(
  target: BenchTarget,
  size: number,
  questions: number,
  log: (s: string) => void,
) {
  const db = await target.open("tutor");
  try {
    const corpus = await loadCorpus(db, size, "hashed", log);
    const actor = { platform: "DISCORD" as const, tenant: "", externalId: "bench-student" };
    const deps = await enrolledTutorDeps(db, corpus.courseId, actor);
    const rng = random(9);
    const times: number[] = [];
    let answered = 0;
    for (let i = 0; i < questions + 10; i++) {
      const question = questionFrom(corpus.texts[Math.floor(rng() * corpus.texts.length)]!, 4, rng);
      const started = performance.now();
      const answer = await askTutor(
        { actor, courseId: corpus.courseId, question, threadKey: `t${i % 20}` },
        deps,
      );
      if (i >= 10) {
        times.push(performance.now() - started);
        if (answer.answered) answered++;
      }
    }
    return {
      target: target.label,
      chunks: size,
      questions,
      answered,
      p50: round(percentile(times, 50)),
      p95: round(percentile(times, 95)),
    };
  } finally {
    await db.close();
  }
}

function round(value: number): number {
  return Number(value.toFixed(2));
}
