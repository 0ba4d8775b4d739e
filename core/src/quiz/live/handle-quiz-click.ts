import type { Prisma } from "../../db/open-database.ts";
import type { Actor } from "../../people/actor.ts";
import { noticeReply, type Reply, type ReplyAction } from "../../reply/reply.ts";
import { approveQuiz, discardQuiz } from "../manage-quizzes.ts";
import type { OpenQuestion, QuizEngine } from "./quiz-engine.ts";

/** A quiz button's action, as the front end decoded it with quiz-action-codec. */
export type QuizClickAction = Extract<ReplyAction, { kind: `quiz.${string}` }>;

/** What only the platform can do or know about one click. Front ends implement it per click. */
export interface QuizClickPort {
  /**
   * The clicker's staff rights on the platform when they are known for free (Discord sends the
   * member's permissions with the click); unset where finding out costs a call (Slack's admin
   * lookup), which is then made only for a host's or a reviewer's click.
   */
  knownPlatformStaff?: boolean;
  /** Whether the platform makes the clicker staff (Slack workspace admin, Discord Manage Server). */
  platformStaff(): Promise<boolean>;
  /** The clicker's team on the platform (a "Team …" group or role), for games played in platform teams. */
  teamHint(): Promise<string | null>;
  /**
   * The course of the place the click came from, entering the clicker into it: a draft is reviewed in
   * its course's channel. Throws an AppError saying where to review when the place has no course.
   */
  placeCourseId(platformStaff: boolean): Promise<string>;
  /** How people start a quiz on this platform, quoted after an approval: "/quiz start". */
  quizStartCommand: string;
  /** Shows the platform's form for answering an open question (multiple select, text, number). */
  showAnswerForm(question: OpenQuestion): Promise<void>;
}

/**
 * What became of a click: a reply for the clicker alone; the answer to a draft review, which replaces
 * the review (so its buttons cannot be pressed twice); or a form the port has already shown.
 */
export type QuizClickOutcome =
  | { kind: "private"; reply: Reply }
  | { kind: "reviewed"; reply: Reply }
  | { kind: "form-shown" };

/** What the dispatcher needs: the database (draft review) and the live quiz engine. */
export interface QuizClickDeps {
  db: Prisma;
  engine: QuizEngine;
}

/** The reply to a form button whose question closed before the click arrived. */
export const QUESTION_CLOSED_NOTICE =
  "⏱ Too late: this question is closed, so it cannot be answered any more.";

/**
 * The one decision of what a quiz button does, for every front end: join, answer, host controls, my
 * result, answering through a form, and approving or discarding a draft. The front end acknowledges
 * the click first (its own platform's rule), then calls this, then shows the outcome.
 */
export async function handleQuizClick(
  deps: QuizClickDeps,
  input: { action: QuizClickAction; actor: Actor },
  port: QuizClickPort,
): Promise<QuizClickOutcome> {
  const { engine } = deps;
  const { action, actor } = input;
  const known = port.knownPlatformStaff === undefined ? {} : { platformStaff: port.knownPlatformStaff };
  const privately = (reply: Reply): QuizClickOutcome => ({ kind: "private", reply });
  switch (action.kind) {
    case "quiz.join":
      return privately(
        await engine.join({ sessionId: action.sessionId, actor, ...known, teamHint: await port.teamHint() }),
      );
    case "quiz.answer":
      return privately(
        await engine.answer({
          sessionId: action.sessionId,
          questionIndex: action.questionIndex,
          actor,
          response: { choices: [action.choice] },
          ...known,
          teamHint: await port.teamHint(),
        }),
      );
    case "quiz.control":
      return privately(
        await engine.control({
          sessionId: action.sessionId,
          actor,
          command: action.command,
          platformStaff: port.knownPlatformStaff ?? (await port.platformStaff()),
        }),
      );
    case "quiz.result":
      return privately(await engine.myResult({ sessionId: action.sessionId, actor }));
    case "quiz.respond": {
      const open = await engine.describeOpenQuestion(action.sessionId, action.questionIndex);
      if (!open) return privately(noticeReply("warning", QUESTION_CLOSED_NOTICE));
      await port.showAnswerForm(open);
      return { kind: "form-shown" };
    }
    case "quiz.approve":
    case "quiz.discard":
      return reviewDraft(deps, { action, actor }, port);
  }
}

async function reviewDraft(
  deps: QuizClickDeps,
  input: { action: Extract<QuizClickAction, { kind: "quiz.approve" | "quiz.discard" }>; actor: Actor },
  port: QuizClickPort,
): Promise<QuizClickOutcome> {
  const { action, actor } = input;
  const courseId = await port.placeCourseId(port.knownPlatformStaff ?? (await port.platformStaff()));
  const review = { actor, courseId, quizId: action.quizId };
  const text =
    action.kind === "quiz.approve"
      ? `Approved **${(await approveQuiz(deps.db, review)).title}**. Play it here with \`${port.quizStartCommand}\`.`
      : `Discarded **${(await discardQuiz(deps.db, review)).title}**.`;
  return { kind: "reviewed", reply: noticeReply("info", text) };
}
