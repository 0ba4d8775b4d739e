// The platform-neutral picture of a person's progress: what the /me card draws, the text fallback
// says and the LMS page charts. Front ends render it; nothing here knows a platform.

/** A level and where the person stands in it. */
export interface LevelView {
  level: number;
  /** Total XP in the scope. */
  xp: number;
  /** Total XP at which this level started, and at which the next starts. */
  levelStartXp: number;
  nextLevelXp: number;
}

/** The daily streak, counted in the person's own local days. */
export interface StreakView {
  /** Days in a row with study, today included when studied today. */
  current: number;
  longest: number;
  /** Whether today already counts. */
  activeToday: boolean;
  /** Whether this week's freeze is still unused. */
  freezeAvailable: boolean;
  /** Missed days a freeze covered in the current streak ("2027-03-14"), oldest first. */
  frozenDates: string[];
}

/** XP earned on one local day. */
export interface DailyXp {
  /** "2027-03-14", in the person's time zone. */
  date: string;
  xp: number;
}

/** Mastery of one topic, from the person's quiz, practice and review results. */
export interface SkillView {
  topic: string;
  /** 0..1: the share right on the latest attempts, weighted towards recent ones and fading with time. */
  mastery: number;
  attempts: number;
  /** ISO 8601 of the latest attempt. */
  lastAt: string;
}

/** What to study for a weak topic. */
export type SkillSuggestion =
  | { kind: "practice"; quizId: string; title: string }
  | { kind: "deck"; deckId: string; name: string; courseId: string };

export interface WeakTopic extends SkillView {
  suggestion: SkillSuggestion | null;
}

/** One person's progress in one course, or across all their courses. */
export interface ProgressView {
  userId: string;
  displayName: string;
  /** The course shown; null means every course of the person. */
  course: { id: string; name: string } | null;
  /** The IANA zone days are counted in, and today's date there. */
  timeZone: string;
  today: string;
  /** The level in the scope shown, and across every course. */
  level: LevelView;
  overall: LevelView;
  /** Streaks are the person's, across courses. */
  streak: StreakView;
  /** 30 entries, oldest first, the last one today. */
  last30Days: DailyXp[];
  /** Strongest first, at most 8. */
  skills: SkillView[];
  /** Weakest first, at most 3, each with a suggestion when the course has one. */
  weakest: WeakTopic[];
}
