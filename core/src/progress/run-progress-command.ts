import type { StudyHallDeps } from "../deps.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseFrontDoorCommand } from "../errors/parse-input.ts";
import { describeMember } from "../people/describe-member.ts";
import { type MemberReplyCommands, memberReply } from "../people/member-reply.ts";
import type { Reply } from "../reply/reply.ts";
import { noticeReply } from "../reply/reply.ts";
import { chooseStudyCourse, type StudyPlace } from "../study/choose-study-course.ts";
import { renderProgressCardPng } from "./card/render-progress-card.ts";
import { getProgress } from "./get-progress.ts";
import { getHistory } from "./history.ts";
import { getLeaderboard } from "./leaderboard.ts";
import { setLeaderboardHidden } from "./leaderboard-visibility.ts";
import { progressCardReply } from "./progress-card-reply.ts";
import { type ProgressCommand, progressCommandSchema } from "./progress-command.ts";
import { historyReply, type LeaderboardReplyCommands, leaderboardReply } from "./progress-replies.ts";

export interface RunProgressCommandOptions {
  /** How the front end names its commands in the replies' hints. */
  commands?: MemberReplyCommands & Partial<LeaderboardReplyCommands>;
}

/**
 * Runs one progress command for whoever asked, wherever they asked: `me` (the progress card as a
 * picture with its text fallback, then the account summary `/me` has always shown), a course
 * leaderboard, hiding from or returning to leaderboards, and history. Every front end calls this.
 * `me` and `history` cover the place's course, or every course of the person when the place names
 * none; a leaderboard needs one course. Refusals are {@link AppError}s with a sentence for the person.
 */
export async function runProgressCommand(
  deps: StudyHallDeps,
  input: StudyPlace & { command: ProgressCommand },
  options: RunProgressCommandOptions = {},
): Promise<Reply> {
  const command = parseFrontDoorCommand(progressCommandSchema, input.command, "progress");
  const { db } = deps;
  const { actor } = input;
  const now = deps.clock();
  switch (command.name) {
    case "me":
      return meReply(deps, input, options, now);
    case "leaderboard": {
      const chosen = await chooseStudyCourse(db, input, { span: false });
      if (!chosen) throw new AppError(ErrorCode.Internal, "leaderboard without a course");
      const view = await getLeaderboard(
        db,
        { actor, courseId: chosen.courseId, period: command.period },
        { now },
      );
      return leaderboardReply(view, leaderboardCommands(options));
    }
    case "leaderboard.hide": {
      await setLeaderboardHidden(db, { actor, hidden: command.hidden });
      const { show, hide } = leaderboardCommands(options);
      return noticeReply(
        "info",
        command.hidden
          ? `Done: your name is off every course leaderboard. Your XP and streak still count, and you still see your own place. \`${show}\` puts you back.`
          : `Done: you are back on the leaderboards of your courses. \`${hide}\` hides you again.`,
      );
    }
    case "history": {
      const chosen = await chooseStudyCourse(db, input, { span: true });
      return historyReply(await getHistory(db, { actor, courseId: chosen?.courseId ?? null }, { now }));
    }
  }
}

async function meReply(
  deps: StudyHallDeps,
  place: StudyPlace,
  options: RunProgressCommandOptions,
  now: Date,
): Promise<Reply> {
  const { db, logger } = deps;
  const courseId = await meCourse(deps, place);
  const view = await getProgress(db, { actor: place.actor, courseId }, { now });
  let png: Uint8Array | null = null;
  try {
    png = await renderProgressCardPng(view);
  } catch (error) {
    // The text fallback carries the same facts; a card that fails to draw must not cost the reply.
    logger.warn({ err: error, userId: view.userId }, "progress card did not render; sending text only");
  }
  const card = progressCardReply(view, png);
  // What remains of the tutor's limits, as `/me` has always told, from the deployment's own limits.
  const { limits, now: tutorNow } = deps.tutor;
  const budget = { limits, ...(tutorNow ? { now: tutorNow() } : {}) };
  const member = await describeMember(db, place.actor, { budget });
  const account = memberReply(member, { prefs: options.commands?.prefs ?? "prefs" });
  return {
    visibility: "private",
    blocks: [...card.blocks, { type: "divider" }, ...account.blocks],
    ...(card.files?.length ? { files: card.files } : {}),
  };
}

/**
 * The course `me` shows: the place's, or every course of the person. Someone in no course yet still
 * gets their card (empty) and their account, which is how `/me` has always answered them.
 */
async function meCourse(deps: StudyHallDeps, place: StudyPlace): Promise<string | null> {
  try {
    const chosen = await chooseStudyCourse(deps.db, place, { span: true });
    // A channel of a course the person is not in: their own progress everywhere, not a refusal.
    return chosen?.role ? chosen.courseId : null;
  } catch (error) {
    if (error instanceof AppError && error.code === ErrorCode.NotFound && !place.course) return null;
    throw error;
  }
}

function leaderboardCommands(options: RunProgressCommandOptions): LeaderboardReplyCommands {
  return {
    show: options.commands?.show ?? "leaderboard show",
    hide: options.commands?.hide ?? "leaderboard hide",
  };
}
