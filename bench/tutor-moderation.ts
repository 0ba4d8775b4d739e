// What moderation costs on the tutor path: askTutor (instant model, 10k-chunk course) without a
// moderator, with the offline local rules, and with the OpenAI moderator against the fake OpenAI
// server on loopback, interleaved question by question so all three share the machine's state. Every
// question is clean, so this is the cost paid on every turn (question and answer both checked); the fake
// answers at once, so the OpenAI column is our client's own cost, not the provider's network time.
// Streaming adds the local rules over each partial (partial-answer-gate.ts), measured apart on the
// longest answer the tutor writes, streamed one word per piece as OpenAI does.

import { createHashedEmbedder } from "../core/src/ai/local/hashed-embedder.ts";
import { createOpenAiClient } from "../core/src/ai/openai/create-openai-client.ts";
import { ensureEnrollment } from "../core/src/courses/enrollments.ts";
import { silentLogger } from "../core/src/logger.ts";
import { createLocalModerator } from "../core/src/moderation/local-rules.ts";
import type { Moderator } from "../core/src/moderation/moderator.ts";
import { createOpenAiModerator } from "../core/src/moderation/openai-moderator.ts";
import { createPartialAnswerGate } from "../core/src/moderation/partial-answer-gate.ts";
import { resolveUser } from "../core/src/people/resolve-user.ts";
import { askTutor, type TutorDeps } from "../core/src/tutor/ask-tutor.ts";
import { createLlmResponder } from "../core/src/tutor/llm-responder.ts";
import { startFakeOpenAi } from "../test/support/fake-openai-server.ts";
import type { BenchTarget } from "./bench-database.ts";
import { percentile, questionFrom, random } from "./corpus.ts";
import { loadCorpus } from "./retrieval.ts";
import { instantModel } from "./tutor-overhead.ts";

const WARMUP = 10;

export async function benchTutorModeration(
  target: BenchTarget,
  size: number,
  questions: number,
  log: (s: string) => void,
) {
  const db = await target.open("moderation");
  const fake = await startFakeOpenAi();
  try {
    const corpus = await loadCorpus(db, size, "hashed", log);
    const actor = { platform: "DISCORD" as const, tenant: "", externalId: "bench-student" };
    const { userId } = await resolveUser(db.prisma, actor);
    await ensureEnrollment(db.prisma, {
      courseId: corpus.courseId,
      userId,
      role: "STUDENT",
      source: "MANUAL",
    });
    const base: TutorDeps = {
      db: db.prisma,
      embedder: createHashedEmbedder(),
      responder: createLlmResponder(instantModel),
      logger: silentLogger(),
      retrieval: { topK: 8, minSimilarity: 0.5, minCoverage: 0.5 },
      limits: [
        { scope: "PER_USER" as const, windowSeconds: 3600, maxRequests: 1_000_000 },
        { scope: "COURSE" as const, windowSeconds: 86_400, maxTokens: 1_000_000_000 },
      ],
    };
    const client = createOpenAiClient({
      apiKey: fake.apiKey,
      baseURL: fake.url,
      timeoutMs: 5_000,
      maxRetries: 0,
    });
    const variants: Array<{ name: "none" | "local" | "openai"; moderator?: Moderator; times: number[] }> = [
      { name: "none", times: [] },
      { name: "local", moderator: createLocalModerator(), times: [] },
      { name: "openai", moderator: createOpenAiModerator(client), times: [] },
    ];
    const rng = random(13);
    for (let i = 0; i < questions + WARMUP; i++) {
      const question = questionFrom(corpus.texts[Math.floor(rng() * corpus.texts.length)]!, 4, rng);
      for (const variant of variants) {
        const deps = variant.moderator ? { ...base, moderator: variant.moderator } : base;
        const started = performance.now();
        const answer = await askTutor(
          { actor, courseId: corpus.courseId, question, threadKey: `${variant.name}${i % 20}` },
          deps,
        );
        if (answer.withheld) throw new Error(`the bench question "${question}" was flagged`);
        if (i >= WARMUP) variant.times.push(performance.now() - started);
      }
    }
    const p50 = (name: string) => percentile(variants.find((v) => v.name === name)!.times, 50);
    const p95 = (name: string) => percentile(variants.find((v) => v.name === name)!.times, 95);
    return {
      target: target.label,
      chunks: size,
      questions,
      noneP50: round(p50("none")),
      noneP95: round(p95("none")),
      localP50: round(p50("local")),
      localP95: round(p95("local")),
      openaiP50: round(p50("openai")),
      openaiP95: round(p95("openai")),
      localRatioP50: round(p50("local") / p50("none"), 3),
      openaiRatioP50: round(p50("openai") / p50("none"), 3),
      moderationRequests: fake.moderationRequests().length,
      ...benchPartialGate(corpus.texts),
    };
  } finally {
    await fake.close();
    await db.close();
  }
}

/** Words in the longest answer the tutor asks for (DETAILED: 1,000 tokens, about 750 words). */
const LONG_ANSWER_WORDS = 750;

/**
 * The local rules over each streamed piece of a long clean answer: microseconds per piece (p50, p95
 * over the pieces of 50 answers) and milliseconds per whole answer, the front end's onDelta being a
 * bare concatenation. The gate reads only the words not yet shown, so a piece costs the same however
 * long the answer grows.
 */
function benchPartialGate(texts: string[]) {
  const words = texts.join(" ").split(/\s+/).slice(0, LONG_ANSWER_WORDS);
  const pieces = words.map((word, i) => (i === 0 ? word : ` ${word}`));
  const perPiece: number[] = [];
  const perAnswer: number[] = [];
  for (let run = 0; run < 60; run++) {
    let shown = "";
    const gate = createPartialAnswerGate((delta) => {
      shown += delta;
    });
    const answerStarted = performance.now();
    for (const piece of pieces) {
      const started = performance.now();
      gate.push(piece);
      if (run >= 10) perPiece.push((performance.now() - started) * 1000);
    }
    gate.release();
    if (gate.held) throw new Error("the bench answer was flagged by the local rules");
    if (run >= 10) perAnswer.push(performance.now() - answerStarted);
    if (shown.length === 0) throw new Error("the gate passed nothing");
  }
  return {
    streamedPieces: pieces.length,
    gatePerPieceP50Us: round(percentile(perPiece, 50)),
    gatePerPieceP95Us: round(percentile(perPiece, 95)),
    gatePerAnswerP50Ms: round(percentile(perAnswer, 50)),
  };
}

function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits));
}
