import type { Tx } from "./flashcard-access.ts";

/** A person's study settings with the defaults filled in (no row yet means the defaults). */
export interface StudySettingsView {
  cardsFromMisses: boolean;
  newCardsPerDay: number;
  desiredRetention: number;
  nudge: { hour: number } | false;
  quietHours: { start: number; end: number } | null;
  timeZone: string;
  /** How many reviews the fitted FSRS weights came from; 0 while ts-fsrs's defaults are used. */
  optimizedFromReviews: number;
  optimizedAt: Date | null;
  fsrsParameters: number[];
}

export const STUDY_SETTINGS_DEFAULTS = {
  cardsFromMisses: true,
  newCardsPerDay: 20,
  desiredRetention: 0.9,
  timeZone: "UTC",
} as const;

/** The person's settings, or the defaults when they never changed any. */
export async function studySettingsOf(tx: Tx, userId: string): Promise<StudySettingsView> {
  const row = await tx.studySettings.findUnique({ where: { userId } });
  if (!row)
    return {
      ...STUDY_SETTINGS_DEFAULTS,
      nudge: false,
      quietHours: null,
      optimizedFromReviews: 0,
      optimizedAt: null,
      fsrsParameters: [],
    };
  return {
    cardsFromMisses: row.cardsFromMisses,
    newCardsPerDay: row.newCardsPerDay,
    desiredRetention: row.desiredRetention,
    nudge: row.nudgeEnabled ? { hour: row.nudgeHour } : false,
    quietHours:
      row.quietStartHour !== null && row.quietEndHour !== null
        ? { start: row.quietStartHour, end: row.quietEndHour }
        : null,
    timeZone: row.timeZone,
    optimizedFromReviews: row.fsrsParametersReviews,
    optimizedAt: row.fsrsOptimizedAt,
    fsrsParameters: row.fsrsParameters,
  };
}
