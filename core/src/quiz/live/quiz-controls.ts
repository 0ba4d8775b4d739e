import type { QuizControl } from "./live-session.ts";
import type { Transition } from "./quiz-transitions.ts";

/** The transition each host command asks for. */
export const CONTROL_TRANSITIONS: Record<QuizControl, Transition> = {
  start: "begin",
  pause: "pause",
  resume: "resume",
  skip: "skip",
  stop: "stop",
};

/** What the host is told when their command changed the game. */
export const CONTROL_DONE: Record<QuizControl, string> = {
  start: "The quiz has started.",
  pause: "Paused.",
  resume: "Resumed.",
  skip: "Skipped ahead.",
  stop: "The quiz has ended.",
};

/** What the host is told when the game was not in a state for their command. */
export const CONTROL_NOTHING_TO_DO = "Nothing to do: the quiz is not in a state for that.";
