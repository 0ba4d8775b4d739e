import type { Ai } from "./ai/create-ai.ts";
import type { Prisma } from "./db/open-database.ts";
import type { Logger } from "./logger.ts";
import type { IngestDeps } from "./materials/ingest-material.ts";
import type { PrivacyEraser } from "./privacy/privacy-erasers.ts";
import { createQuestionWriter, type GenerateQuizDeps } from "./quiz/generate/generate-quiz.ts";
import { createQuizEngine, type QuizEngine } from "./quiz/live/quiz-engine.ts";
import { ephemeralSecretBox, type SecretBox } from "./secrets/secret-box.ts";
import type { RetrievalSettings, TutorDeps } from "./tutor/ask-tutor.ts";
import type { BudgetRule } from "./tutor/tutor-limits.ts";

/** Live quizzes: the engine front ends register their game boards with, and quiz generation. */
export interface QuizDeps {
  engine: QuizEngine;
  generation: GenerateQuizDeps;
}

/** What a front end needs from the core, built once per process by the app and passed in. */
export interface StudyHallDeps {
  db: Prisma;
  /** The AI provider: `ai.chat` is null offline, where the study tools build their extractive versions. */
  ai: Ai;
  /** The study tools' clock (flashcard schedules, practice clocks, nudges); tests move it. */
  clock: () => Date;
  tutor: TutorDeps;
  ingest: IngestDeps;
  quiz: QuizDeps;
  logger: Logger;
  /** Seals and opens the secrets front ends store (Slack installations, LTI tool keys). */
  secrets: SecretBox;
  /** Front ends' own rows a course deletion must reach, whichever front end asks for it. */
  erasers: PrivacyEraser[];
  /** The deployment's public address, without a trailing slash: links core writes (calendar feeds). */
  publicUrl: string;
}

/**
 * Wires every use case's dependencies from the database, the AI provider and the settings. The app
 * calls it once at start; tests and benchmarks call it with their own database and AI.
 */
export function createStudyHallDeps(input: {
  db: Prisma;
  ai: Ai;
  logger: Logger;
  retrieval?: Partial<RetrievalSettings>;
  limits?: BudgetRule[];
  /**
   * The box under the deployment's secret key (the app always passes it). Without one, a key made for
   * this process only: fine for tests and benchmarks, useless for anything that must survive a restart.
   */
  secrets?: SecretBox;
  /** Front ends' erasers (the app passes the LMS tool's); none by default. */
  erasers?: PrivacyEraser[];
  /** The study tools' clock; the system clock by default. */
  clock?: () => Date;
  /** The deployment's public address (the app passes PUBLIC_URL's); http://localhost:3000 by default. */
  publicUrl?: string;
}): StudyHallDeps {
  const { db, ai, logger } = input;
  return {
    db,
    ai,
    clock: input.clock ?? (() => new Date()),
    logger,
    secrets: input.secrets ?? ephemeralSecretBox(logger),
    erasers: input.erasers ?? [],
    publicUrl: (input.publicUrl ?? "http://localhost:3000").replace(/\/+$/, ""),
    tutor: {
      db,
      embedder: ai.embedder,
      responder: ai.responder,
      moderator: ai.moderator,
      logger,
      retrieval: { topK: 8, minSimilarity: ai.defaultMinSimilarity, minCoverage: 0.5, ...input.retrieval },
      limits: input.limits ?? [],
    },
    ingest: { db, embedder: ai.embedder, logger },
    quiz: {
      engine: createQuizEngine({ db, logger }),
      generation: {
        db,
        embedder: ai.embedder,
        writer: createQuestionWriter(ai),
        logger,
        minSimilarity: ai.defaultMinSimilarity,
        limits: input.limits ?? [],
      },
    },
  };
}
