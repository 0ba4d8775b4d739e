import { type FSRS, type Card as FsrsCard, fsrs, generatorParameters, State } from "ts-fsrs";

/** The CardState columns ts-fsrs reads and writes (a row of "CardState" as the review SQL returns it). */
export interface CardStateRow {
  due: Date;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: number;
  lastReview: Date | null;
}

/** A CardState row as ts-fsrs's Card. */
export function toFsrsCard(row: CardStateRow): FsrsCard {
  return {
    due: row.due,
    stability: row.stability,
    difficulty: row.difficulty,
    elapsed_days: row.elapsedDays,
    scheduled_days: row.scheduledDays,
    learning_steps: row.learningSteps,
    reps: row.reps,
    lapses: row.lapses,
    state: toState(row.state),
    ...(row.lastReview ? { last_review: row.lastReview } : {}),
  };
}

/** ts-fsrs's Card as CardState columns. */
export function fromFsrsCard(card: FsrsCard): CardStateRow {
  return {
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: card.state,
    lastReview: card.last_review ?? null,
  };
}

function toState(n: number): State {
  return n === 1 ? State.Learning : n === 2 ? State.Review : n === 3 ? State.Relearning : State.New;
}

/** What of a person's StudySettings shapes their schedule. */
export interface SchedulerSettings {
  desiredRetention: number;
  /** Fitted weights; empty means ts-fsrs's defaults. */
  fsrsParameters: number[];
}

/**
 * The person's scheduler. Fuzz is off: the interval written on each rating button is the one the
 * click gives (with fuzz, ts-fsrs seeds from the review time, so a preview and the click a minute later
 * could differ by a day), and tests are deterministic. Fuzz's benefit, spreading the reviews of cards
 * learned together, matters for decks of thousands; a course deck is small.
 */
export function schedulerFor(settings: SchedulerSettings): FSRS {
  return fsrs(
    generatorParameters({
      request_retention: settings.desiredRetention,
      enable_fuzz: false,
      enable_short_term: true,
      ...(settings.fsrsParameters.length ? { w: settings.fsrsParameters } : {}),
    }),
  );
}

/** "1m", "10m", "3h", "1d", "4d", "3mo", "1.5y": how long from `from` until `to`, rounded for a button. */
export function formatInterval(from: Date, to: Date): string {
  const minutes = Math.max(1, Math.round((to.getTime() - from.getTime()) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours}h`;
  const days = Math.round(minutes / 1440);
  if (days < 31) return `${days}d`;
  if (days < 365) return `${Math.round(days / 30)}mo`;
  const years = Math.round((days / 365) * 10) / 10;
  return `${years}y`;
}
