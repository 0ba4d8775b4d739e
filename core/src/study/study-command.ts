import { z } from "zod";

const text = (max: number) => z.string().trim().min(1).max(max);

/** How a person's study settings change; an empty object shows them unchanged. */
export const studySettingsChangesSchema = z
  .object({
    cardsFromMisses: z.boolean().optional(),
    newCardsPerDay: z.number().int().min(0).max(200).optional(),
    nudge: z.union([z.object({ hour: z.number().int().min(0).max(23) }), z.literal(false)]).optional(),
    quietHours: z
      .object({ start: z.number().int().min(0).max(23), end: z.number().int().min(0).max(23) })
      .nullable()
      .optional(),
    timeZone: z.string().trim().min(1).max(64).optional(),
    desiredRetention: z.number().min(0.7).max(0.97).optional(),
  })
  .strict();

export type StudySettingsChanges = z.infer<typeof studySettingsChangesSchema>;

/** What a study guide is asked for: a topic, "week N", or chosen materials (their ids). */
export const studyGuideRequestSchema = z
  .object({
    topic: text(200).optional(),
    week: z.number().int().min(1).max(60).optional(),
    materialIds: z.array(z.uuid()).min(1).max(50).optional(),
    /** Materials by the 1-based numbers the materials list shows (chat front ends); resolved in core. */
    materialNumbers: z.array(z.number().int().min(1).max(500)).min(1).max(50).optional(),
  })
  .strict();

export type StudyGuideRequestInput = z.infer<typeof studyGuideRequestSchema>;

/**
 * A study command, as every front end hands it to {@link runStudyCommand}: Slack and the CLI parse it
 * from text ({@link parseStudyCommandText}), Discord builds it from its options, the LMS page from forms.
 * Decks, quizzes, guides and prompts are named by id, the number their list shows, or their title.
 */
export const studyCommandSchema = z.discriminatedUnion("name", [
  /** Cards due today in each course, the person's decks and settings. */
  z.object({ name: z.literal("cards") }),
  /** Start reviewing the due cards. */
  z.object({ name: z.literal("review") }),
  z.object({ name: z.literal("decks") }),
  /** Staff make a course deck; students a personal one. */
  z.object({ name: z.literal("deck.create"), title: text(120) }),
  z.object({
    name: z.literal("card.add"),
    // Card limits are checked by the flashcards use case, which names them; here only sanity bounds.
    front: text(20_000),
    back: text(20_000),
    hint: z.string().trim().max(20_000).optional(),
    deck: text(200).optional(),
  }),
  z.object({
    name: z.literal("deck.generate"),
    topic: text(200).optional(),
    count: z.number().int().min(1).max(50).optional(),
  }),
  z.object({ name: z.literal("deck.import"), title: text(120), text: z.string().max(2_000_000) }),
  z.object({ name: z.literal("deck.export"), deck: text(200) }),
  z.object({ name: z.literal("study.settings"), changes: studySettingsChangesSchema }),
  /** No quiz: the list of quizzes to practise. */
  z.object({
    name: z.literal("practice"),
    quiz: text(200).optional(),
    clockSec: z.number().int().min(5).max(600).optional(),
  }),
  z.object({ name: z.literal("practice.history"), quiz: text(200).optional() }),
  z.object({ name: z.literal("guide"), request: studyGuideRequestSchema }),
  z.object({ name: z.literal("guides") }),
  z.object({ name: z.literal("writing") }),
  z.object({
    name: z.literal("writing.set"),
    title: text(120),
    prompt: text(4_000),
    criteria: z.array(text(200)).min(1).max(10),
  }),
  z.object({ name: z.literal("writing.generate"), topic: text(200).optional() }),
  // The text's own limit is the writing use case's, which names it; here only a sanity bound.
  z.object({ name: z.literal("writing.submit"), prompt: text(200), text: z.string().max(1_000_000) }),
  z.object({ name: z.literal("writing.results"), prompt: text(200).optional() }),
]);

export type StudyCommand = z.infer<typeof studyCommandSchema>;
