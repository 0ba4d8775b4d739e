import { findSpaceCourse, type Reply } from "@studyhall/core";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import type { CommandHandler } from "./command-scope.ts";

const USAGE = [
  "**StudyHall** answers questions from your course's own materials and cites them.",
  "",
  "• `/ask question:` ask the tutor (or DM me, privately); follow up in the answer's thread",
  "• `/materials list` see what the tutor answers from",
  "• `/prefs` how you like to be taught · `/link code:` link your LMS or Clever account",
  "• Progress: `/me` your card and courses · `/leaderboard` (`hide:` to leave it) · `/history` past games and reviews",
  "• `/notifications show` your inbox (`read`, `kind` on/off, `digest` daily; quiet hours in `/cards settings`)",
  "• Live quizzes: **Join**, then click your answer; `/quiz results` shows the last one",
  "• Sessions: `/session list` · **Interested** on the event for reminders · `/calendar` for your calendar app",
  "• Study: `/cards review` flashcards in your DMs (`due`, `decks`, `add`, `import`, `export`, `settings`) · `/practice start` a quiz alone, never graded · `/guide make` a study guide (Markdown, PDF) · `/writing submit` for feedback",
  "",
  "**Course staff:** `/setup` links a channel or the server to a course, `/unlink` undoes it · `/code` lets a teacher without Manage Server link a channel they are in · `/staff add` or `remove` co-teachers and TAs · `/course rename`, `archive`, `unarchive` or `delete` the channel's course · `/materials add file:` or `url:` · `/materials remove` · `/policy` full answers, hints or questions · `/settings` who may host and add, quiz defaults, budgets",
  "**Study tools (staff):** `/cards new` and `add` course decks, `/cards generate` a draft deck · `/writing set` a prompt with 3-5 criteria, or `/writing generate`",
  "**Sessions (staff):** `/session schedule` (no options: a form; `weekly`, a `quiz` to start) · `/session cancel`",
  "**Quizzes:** `/quiz generate [topic:]` drafts one from the materials · `/quiz write` your own · `/quiz drafts` to review and approve · `/quiz start` opens a live game here (host: Start, Pause, Skip, End) · `/quiz stop` · `/quiz export` CSV",
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
