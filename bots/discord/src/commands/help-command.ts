import { findSpaceCourse, type Reply } from "@studyhall/core";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import type { CommandHandler } from "./command-scope.ts";

const USAGE = [
  "**StudyHall** answers questions from your course's own materials and cites them.",
  "",
  "• `/ask question:` ask the tutor; the answer gets a thread where you can keep asking follow-ups",
  "• Message me directly for private tutoring",
  "• `/materials list` see what the tutor answers from",
  "• `/prefs` how you like to be taught · `/link code:` link your LMS or Clever account",
  "• Progress: `/me` your progress card and courses · `/leaderboard` (`hide:` to leave it) · `/history` your past games, practice and reviews",
  "• `/notifications show` your inbox (`read`, `kind` on or off, `digest` once a day; quiet hours in `/cards settings`)",
  "• Live quizzes: press **Join** on the quiz, then click your answer; `/quiz results` shows the last one",
  "• Study: `/cards review` flashcards in your DMs (`due`, `decks`, `add`, `import`, `export`, `settings` for a daily reminder) · `/practice start` a quiz alone, never graded · `/guide make` a study guide as Markdown and PDF · `/writing submit` writing with feedback",
  "",
  "**Course staff:** `/setup` links a channel or the server to a course, `/unlink` undoes it · `/code` a one-time code that lets a teacher without Manage Server link a channel they are in · `/staff add` or `remove` co-teachers and TAs · `/course rename`, `archive`, `unarchive` or `delete` the channel's course · `/materials add file:` or `url:` adds a file or a link · `/materials remove` · `/policy` full answers, hints or socratic questions · `/settings` who may host quizzes and add materials, quiz defaults, budgets",
  "**Study tools (staff):** `/cards new` and `add` course decks, `/cards generate` a draft deck from the materials · `/writing set` a prompt with 3-5 criteria, or `/writing generate` one",
  "**Quizzes:** `/quiz generate [topic:]` writes a draft from the materials · `/quiz write` a short quiz of your own · `/quiz drafts` to review and approve · `/quiz start` opens a live game here (host: Start, Pause, Skip, End) · `/quiz stop` · `/quiz export` CSV",
].join("\n");

/** `/help`: what StudyHall does here, and whether this channel is linked yet. */
export const helpCommand: CommandHandler = async (scope) => {
  const reply = await scope.defer({ ephemeral: true });
  // Where the person is comes first: the list of commands is long enough to run into a second message.
  const blocks: Reply["blocks"] = [];
  const space = scope.place.space;
  if (space) {
    const course = await findSpaceCourse(scope.ctx.deps.db, space);
    blocks.push(
      course
        ? { type: "notice", tone: "info", text: `This channel belongs to **${course.name}**.` }
        : {
            type: "notice",
            tone: "warning",
            text: "This channel is not linked to a course yet: staff can run `/setup`.",
          },
    );
  }
  blocks.push({ type: "text", text: USAGE });
  await reply.show(toDiscordMessages({ visibility: "private", blocks }));
};
