import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import type { StudyHallDeps } from "../deps.ts";
import { OPTIMIZE_MIN_REVIEWS } from "./optimize-schedule.ts";

/** One card's reviews in order: rating 1..4 and whole days since the previous review (0 first). */
export interface OptimizerItem {
  reviews: Array<{ rating: number; deltaT: number }>;
}

/** Fits FSRS weights to review histories (the binding's computeParameters behind a port, for tests). */
export type FsrsOptimizer = (items: OptimizerItem[]) => Promise<number[]>;

export interface OptimizeResult {
  optimized: boolean;
  reviews: number;
  /** Why the defaults were kept, when they were. */
  reason?: string;
}

/**
 * The optimizer of @open-spaced-repetition/binding (fsrs-rs, native). Each fit runs in a child process
 * (fsrs-optimizer-process.mjs): the binding aborts its process on some inputs, and a crashed child only
 * fails that fit. Where the binding cannot load (another platform, a missing build) the defaults stay,
 * so null.
 */
export async function loadBindingOptimizer(
  options: { timeoutMs?: number } = {},
): Promise<FsrsOptimizer | null> {
  try {
    await import("@open-spaced-repetition/binding");
  } catch {
    return null;
  }
  return (items) => fitInChildProcess(items, options.timeoutMs ?? FIT_TIMEOUT_MS);
}

/**
 * The binding's own bound on one fit. Binding 0.5.0 sometimes holds a finished fit until this runs
 * out (the same weights either way, measured here), so it is kept short; a person's few thousand
 * reviews fit in well under a second.
 */
const FIT_TIMEOUT_MS = 10_000;

const CHILD = fileURLToPath(new URL("./fsrs-optimizer-process.mjs", import.meta.url));

function fitInChildProcess(items: OptimizerItem[], timeoutMs: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    // No loader flags: the child is plain JavaScript, whatever runs the parent (tsx, tests).
    const child = fork(CHILD, [], { execArgv: [], stdio: ["ignore", "ignore", "pipe", "ipc"] });
    let stderr = "";
    let answered = false;
    child.stderr?.on("data", (chunk: Buffer) => {
      if (stderr.length < 2_000) stderr += chunk.toString("utf8");
    });
    child.on("message", (message: { ready?: true; weights?: number[]; error?: string }) => {
      if (message.ready) {
        child.send({ items, timeoutMs });
        return;
      }
      answered = true;
      if (message.weights) resolve(message.weights);
      else reject(new Error(`FSRS optimizer failed: ${message.error ?? "no weights"}`));
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (!answered)
        reject(
          new Error(
            `FSRS optimizer process ended (${signal ?? `code ${code}`}): ${stderr.trim().slice(0, 500)}`,
          ),
        );
    });
  });
}

/**
 * The training set fsrs-rs expects: for each review after a card's first, one item holding the card's
 * reviews up to and including it, when one of them came at least a day after the first.
 */
export function optimizerItems(
  logs: Array<{ cardId: string; rating: number; elapsedDays: number }>,
): OptimizerItem[] {
  const byCard = new Map<string, Array<{ rating: number; deltaT: number }>>();
  for (const log of logs) {
    const reviews = byCard.get(log.cardId) ?? [];
    reviews.push({ rating: log.rating, deltaT: reviews.length === 0 ? 0 : Math.max(0, log.elapsedDays) });
    byCard.set(log.cardId, reviews);
  }
  const items: OptimizerItem[] = [];
  for (const reviews of byCard.values())
    for (let i = 2; i <= reviews.length; i++) {
      // fsrs-rs requires a review at least a day after the first in every item, and a native panic
      // would take the whole process down: same-day histories (learning steps only) are left out.
      if (reviews.slice(1, i).some((r) => r.deltaT > 0)) items.push({ reviews: reviews.slice(0, i) });
    }
  return items;
}

const optimizeInput = z.object({ userId: z.uuid(), now: z.date() });

/**
 * Fits the person's FSRS weights from their review log and stores them with the review count and the
 * time, so their schedule follows their own memory. Keeps ts-fsrs's defaults, saying why, when there
 * are fewer than {@link OPTIMIZE_MIN_REVIEWS} reviews, when the optimizer cannot load, or when its fit
 * is not a full set of weights.
 */
export async function optimizeParameters(
  db: Prisma,
  input: z.input<typeof optimizeInput>,
  options: { optimizer?: FsrsOptimizer | null } = {},
): Promise<OptimizeResult> {
  const { userId, now } = optimizeInput.parse(input);
  const reviews = await db.reviewLog.count({ where: { userId } });
  if (reviews < OPTIMIZE_MIN_REVIEWS)
    return {
      optimized: false,
      reviews,
      reason: `Not enough reviews yet: ${reviews} of the ${OPTIMIZE_MIN_REVIEWS} a fit needs; the default FSRS parameters stay.`,
    };
  const optimizer = options.optimizer === undefined ? await loadBindingOptimizer() : options.optimizer;
  if (!optimizer)
    return {
      optimized: false,
      reviews,
      reason: "The FSRS optimizer could not be loaded here; the default FSRS parameters stay.",
    };
  const logs = await db.reviewLog.findMany({
    where: { userId },
    orderBy: [{ reviewedAt: "asc" }, { id: "asc" }],
    select: { cardId: true, rating: true, elapsedDays: true },
  });
  const items = optimizerItems(logs);
  if (!items.length)
    return {
      optimized: false,
      reviews,
      reason: "No card was reviewed again on a later day yet; the default FSRS parameters stay.",
    };
  let weights: number[];
  try {
    weights = await optimizer(items);
  } catch (error) {
    // A fit that crashed will crash again on the same reviews: keep the defaults until more come.
    return {
      optimized: false,
      reviews,
      reason: `The FSRS optimizer failed (${error instanceof Error ? error.message.slice(0, 200) : "unknown"}); the default FSRS parameters stay.`,
    };
  }
  if (weights.length < 19 || !weights.every(Number.isFinite))
    return {
      optimized: false,
      reviews,
      reason: `The optimizer returned ${weights.length} weights, not a full set; the default FSRS parameters stay.`,
    };
  await db.studySettings.upsert({
    where: { userId },
    create: { userId, fsrsParameters: weights, fsrsParametersReviews: reviews, fsrsOptimizedAt: now },
    update: { fsrsParameters: weights, fsrsParametersReviews: reviews, fsrsOptimizedAt: now },
  });
  return { optimized: true, reviews };
}

const payloadSchema = z.object({ userId: z.uuid() });

/** The STUDY_OPTIMIZE_QUEUE job: one person's fit, logged. A payload that does not parse is dropped. */
export async function runParameterOptimization(deps: StudyHallDeps, payload: unknown): Promise<void> {
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) {
    deps.logger.warn({ payload }, "study.optimize: payload without a user id, dropped");
    return;
  }
  const result = await optimizeParameters(deps.db, { userId: parsed.data.userId, now: deps.clock() });
  deps.logger.info({ userId: parsed.data.userId, ...result }, "study.optimize: FSRS parameters");
}
