import {
  findSpaceCourse,
  formatSessionTime,
  listDecks,
  listQuizzes,
  listStudySessions,
} from "@studyhall/core";
import type { BotContext } from "../../bot-context.ts";
import type { DiscordPlace } from "../../context/discord-member.ts";

type Choice = { name: string; value: string };

/**
 * Suggestions for `/session`'s options: the channel course's approved quizzes and decks (by id) for a
 * schedule, and its coming sessions for a cancel, numbered as `/session list` numbers them. Reads only;
 * outside a linked channel nothing is suggested.
 */
export async function sessionSuggestions(
  ctx: BotContext,
  option: string,
  place: DiscordPlace,
): Promise<Choice[]> {
  const { db } = ctx.deps;
  if (!place.space) return [];
  const course = await findSpaceCourse(db, place.space);
  if (!course) return [];
  const { actor } = place;
  switch (option) {
    case "schedule.quiz":
      return (await listQuizzes(db, { actor, courseId: course.id, status: "APPROVED" })).map((q) => ({
        name: `${q.title} (${q.questions} questions)`,
        value: q.id,
      }));
    case "schedule.deck":
      // A session suggests a course deck everyone can review: approved course decks only.
      return (await listDecks(db, { actor, courseId: course.id }))
        .filter((d) => d.kind === "COURSE" && d.status === "APPROVED")
        .map((d) => ({
          name: `${d.title} (${d.cardCount} cards)`,
          value: d.id,
        }));
    case "cancel.session":
      return (await listStudySessions(ctx.deps, { actor, space: place.space, courseId: course.id })).map(
        (s, i) => ({
          name: `${i + 1}. ${s.title}, ${formatSessionTime(s.startsAt, s.timeZone)}`,
          value: s.id,
        }),
      );
    default:
      return [];
  }
}
