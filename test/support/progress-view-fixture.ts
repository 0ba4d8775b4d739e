// A filled-in ProgressView for tests and the benchmark of the progress card: a month of study with a
// frozen day, eight skills and a weak topic with a practice quiz to suggest.
import type { DailyXp, ProgressView } from "../../core/src/progress/progress-view.ts";

/** 30 days ending 2027-03-14, with a quiet day now and then and 0 on the frozen day. */
function month(): DailyXp[] {
  return Array.from({ length: 30 }, (_, i) => {
    const date = new Date(Date.UTC(2027, 1, 13 + i)).toISOString().slice(0, 10);
    const xp = date === "2027-03-09" ? 0 : i % 7 === 3 ? 0 : 10 + ((i * 37) % 90);
    return { date, xp };
  });
}

const SKILLS = [
  ["Cell structure", 0.94, 20],
  ["Photosynthesis", 0.86, 18],
  ["Enzymes", 0.77, 12],
  ["Cellular respiration", 0.68, 20],
  ["Mitosis and meiosis", 0.55, 9],
  ["Membrane transport", 0.49, 14],
  ["Ecology", 0.41, 6],
  ["Mendelian genetics", 0.34, 11],
] as const;

export function sampleProgressView(overrides: Partial<ProgressView> = {}): ProgressView {
  const skills = SKILLS.map(([topic, mastery, attempts]) => ({
    topic,
    mastery,
    attempts,
    lastAt: "2027-03-13T18:20:00.000Z",
  }));
  return {
    userId: "5b1f0c2a-8d3e-4f6a-9b7c-1d2e3f4a5b6c",
    displayName: "Ada Lovelace",
    course: { id: "c0a8012e-0000-4000-8000-000000000001", name: "Biology 101" },
    timeZone: "Europe/London",
    today: "2027-03-14",
    level: { level: 4, xp: 620, levelStartXp: 450, nextLevelXp: 700 },
    overall: { level: 6, xp: 1240, levelStartXp: 1000, nextLevelXp: 1350 },
    streak: {
      current: 12,
      longest: 19,
      activeToday: true,
      freezeAvailable: false,
      frozenDates: ["2027-03-09"],
    },
    last30Days: month(),
    skills,
    weakest: [
      {
        ...skills[7]!,
        suggestion: {
          kind: "practice",
          quizId: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
          title: "Genetics review",
        },
      },
      {
        ...skills[6]!,
        suggestion: {
          kind: "deck",
          deckId: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
          name: "Ecology terms",
          courseId: "c0a8012e-0000-4000-8000-000000000001",
        },
      },
    ],
    ...overrides,
  };
}
