import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";

export const learnerPreferencesSchema = z.object({
  detailLevel: z.enum(["BRIEF", "STANDARD", "DETAILED"]),
  examples: z.boolean(),
  analogies: z.boolean(),
  technicalLanguage: z.enum(["PLAIN", "BALANCED", "TECHNICAL"]),
  pace: z.enum(["SLOW", "STEADY", "FAST"]),
  priorExperience: z.enum(["NEW", "SOME", "EXPERIENCED"]),
});

/** How a learner wants to be taught; shapes every tutor prompt. */
export type LearnerPreferences = z.infer<typeof learnerPreferencesSchema>;

export const DEFAULT_PREFERENCES: LearnerPreferences = Object.freeze({
  detailLevel: "STANDARD",
  examples: true,
  analogies: false,
  technicalLanguage: "BALANCED",
  pace: "STEADY",
  priorExperience: "SOME",
});

/** The learner's saved preferences, or the defaults. */
export async function getLearnerPreferences(db: Prisma, userId: string): Promise<LearnerPreferences> {
  const row = await db.learnerPreference.findUnique({ where: { userId } });
  if (!row) return { ...DEFAULT_PREFERENCES };
  const { userId: _userId, updatedAt: _updatedAt, ...preferences } = row;
  return preferences;
}

/** Saves a partial update; unknown or invalid values are rejected by the schema before anything is written. */
export async function updateLearnerPreferences(
  db: Prisma,
  userId: string,
  update: Partial<LearnerPreferences>,
): Promise<LearnerPreferences> {
  const parsed = learnerPreferencesSchema.partial().parse(update);
  const row = await db.learnerPreference.upsert({
    where: { userId },
    create: { userId, ...DEFAULT_PREFERENCES, ...parsed },
    update: parsed,
  });
  const { userId: _userId, updatedAt: _updatedAt, ...preferences } = row;
  return preferences;
}
