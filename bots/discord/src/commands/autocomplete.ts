import {
  describeMember,
  findSpaceCourse,
  type Logger,
  listCourseMaterials,
  listQuizzes,
} from "@studyhall/core";
import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from "discord.js";
import type { BotContext } from "../bot-context.ts";
import { type DiscordPlace, placeOfInteraction } from "../context/discord-member.ts";
import { DISCORD_MAX_CHOICE_NAME, DISCORD_MAX_CHOICES } from "../render/discord-limits.ts";
import { sessionSuggestions } from "./sessions/session-autocomplete.ts";
import { EXISTING_COURSE_PREFIX } from "./setup-command.ts";
import { STUDY_COMMANDS, studySuggestions } from "./study/study-autocomplete.ts";

type Choice = ApplicationCommandOptionChoiceData<string>;

/**
 * Suggestions while someone types: their courses (`/ask course:` in DMs, `/setup course:`, `course:` of
 * /me, /leaderboard and /history), this channel's course materials (`/materials remove`), its approved
 * quizzes (`/quiz start`) and drafts (`/quiz drafts`, staff only), the study commands' (see
 * studySuggestions) and `/session`'s (see sessionSuggestions). Reads only; nobody is enrolled by
 * typing. Any failure answers with no suggestions rather than leaving Discord's spinner turning.
 */
export async function answerAutocomplete(
  ctx: BotContext,
  interaction: AutocompleteInteraction,
  log: Logger,
): Promise<void> {
  try {
    const focused = interaction.options.getFocused(true);
    const place = placeOfInteraction(interaction, ctx.settings.staffRole);
    const raw = String(focused.value).trim();
    const typed = raw.toLowerCase();
    // Subcommands that share an option name (quiz start and quiz drafts) suggest different things.
    const sub = interaction.commandName === "quiz" ? `.${interaction.options.getSubcommand(false)}` : "";
    const choices = STUDY_COMMANDS.has(interaction.commandName)
      ? await studySuggestions(ctx, interaction, place, focused.name)
      : interaction.commandName === "session"
        ? await sessionSuggestions(ctx, `${interaction.options.getSubcommand(false)}.${focused.name}`, place)
        : await suggestions(ctx, `${interaction.commandName}${sub}.${focused.name}`, raw, place);
    await interaction.respond(
      choices
        .filter((c) => typed === "" || c.name.toLowerCase().includes(typed) || c.value === raw)
        .slice(0, DISCORD_MAX_CHOICES)
        .map((c) => ({
          name: c.name.slice(0, DISCORD_MAX_CHOICE_NAME),
          value: c.value.slice(0, DISCORD_MAX_CHOICE_NAME),
        })),
    );
  } catch (error) {
    log.warn({ err: error }, "autocomplete failed");
    await interaction.respond([]).catch(() => {});
  }
}

async function suggestions(
  ctx: BotContext,
  option: string,
  typed: string,
  place: DiscordPlace,
): Promise<Choice[]> {
  const { db } = ctx.deps;
  switch (option) {
    case "ask.course": {
      const { courses } = await describeMember(db, place.actor);
      return courses.map((c) => ({ name: c.name, value: c.id }));
    }
    case "me.course":
    case "leaderboard.course":
    case "history.course": {
      // By slug, as the study commands name a course to core.
      const { courses } = await describeMember(db, place.actor);
      return courses.map((c) => ({ name: `${c.name} (${c.slug})`, value: c.slug }));
    }
    case "setup.course": {
      const { courses } = await describeMember(db, place.actor);
      const mine = courses
        .filter((c) => c.role === "STAFF")
        .map((c) => ({ name: `Link to ${c.name}`, value: `${EXISTING_COURSE_PREFIX}${c.id}` }));
      // Whatever was typed can always become a new course's name.
      return typed ? [{ name: `Create a new course "${typed}"`, value: typed }, ...mine] : mine;
    }
    case "materials.material": {
      if (!place.space) return [];
      const course = await findSpaceCourse(db, place.space);
      if (!course) return [];
      const materials = await listCourseMaterials(db, { actor: place.actor, courseId: course.id });
      return materials.map((m) => ({ name: m.title, value: m.id }));
    }
    case "quiz.start.quiz":
    case "quiz.drafts.quiz": {
      if (!place.space) return [];
      const course = await findSpaceCourse(db, place.space);
      if (!course) return [];
      const status = option === "quiz.start.quiz" ? "APPROVED" : "DRAFT";
      const quizzes = await listQuizzes(db, { actor: place.actor, courseId: course.id, status });
      return quizzes.map((q) => ({ name: `${q.title} (${q.questions} questions)`, value: q.id }));
    }
    default:
      return [];
  }
}
