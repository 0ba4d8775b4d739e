import {
  chooseStudyCourse,
  describeMember,
  listDecks,
  listPracticeQuizzes,
  listWritingPrompts,
} from "@studyhall/core";
import type { AutocompleteInteraction } from "discord.js";
import type { BotContext } from "../../bot-context.ts";
import type { DiscordPlace } from "../../context/discord-member.ts";

/** The commands whose options this file suggests for. */
export const STUDY_COMMANDS = new Set(["cards", "practice", "guide", "writing"]);

type Choice = { name: string; value: string };

/**
 * Suggestions for the study commands' options: the person's courses (by slug, as core names them),
 * and the decks, practice quizzes and writing prompts of the course core would choose (by id). Reads
 * only; a course that cannot be chosen yet suggests nothing.
 */
export async function studySuggestions(
  ctx: BotContext,
  interaction: AutocompleteInteraction,
  place: DiscordPlace,
  option: string,
): Promise<Choice[]> {
  const { db } = ctx.deps;
  const actor = place.actor;
  if (option === "course") {
    const { courses } = await describeMember(db, actor);
    return courses.map((c) => ({ name: `${c.name} (${c.slug})`, value: c.slug }));
  }
  const course = interaction.options.getString("course")?.trim();
  const chosen = await chooseStudyCourse(
    db,
    { actor, space: place.space, ...(course ? { course } : {}) },
    { span: false },
  ).catch(() => null);
  if (!chosen) return [];
  const courseId = chosen.courseId;
  switch (`${interaction.commandName}.${option}`) {
    case "cards.deck":
      return (await listDecks(db, { actor, courseId })).map((d) => ({
        name: `${d.title} (${d.cardCount} cards)`,
        value: d.id,
      }));
    case "practice.quiz":
      return (await listPracticeQuizzes(db, { actor, courseId })).map((q) => ({
        name: `${q.title} (${q.questions} questions)`,
        value: q.quizId,
      }));
    case "writing.prompt":
      return (await listWritingPrompts(db, { actor, courseId })).map((p) => ({ name: p.title, value: p.id }));
    default:
      return [];
  }
}
