// Boards of a live game built by core's own board view, for the reply contract: what every renderer
// shows of a true/false question, its reveal and a generated quiz's lobby.
import type { Question } from "../../core/src/db/generated/client.ts";
import type { LiveSession } from "../../core/src/quiz/live/live-session.ts";
import { type BoardData, buildBoardView } from "../../core/src/quiz/live/quiz-board-view.ts";
import { resolveQuizOptions } from "../../core/src/quiz/quiz-options.ts";
import type { Reply } from "../../core/src/reply/reply.ts";

const SESSION_ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
const ENDS_AT = new Date("2030-01-01T12:00:20.000Z");

const TRUE_FALSE: Question = {
  id: "5f0c1f0e-7a55-4c55-9f77-0b8a4e7c2d11",
  quizId: "2a8e4d3c-1b7f-4e6a-9c5d-3f2e1d0c9b8a",
  position: 0,
  kind: "TRUE_FALSE",
  prompt: "True or false: Sandstone is a sedimentary rock made of sand grains cemented together.",
  choices: ["True", "False"],
  correctChoices: [0],
  acceptedAnswers: [],
  numericAnswer: null,
  tolerance: null,
  explanation: null,
  hint: null,
  points: 1000,
  timeLimitSec: 20,
  difficulty: "EASY",
  sourceChunkId: null,
  sourceMaterialId: null,
  sourceTitle: null,
  sourceAnchor: null,
};

function session(state: LiveSession["state"], questionIndex: number): LiveSession {
  return {
    id: SESSION_ID,
    courseId: "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
    quizId: TRUE_FALSE.quizId,
    platform: "SLACK",
    tenant: "T1234",
    spaceId: "C0BIO",
    hostUserId: "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed",
    options: resolveQuizOptions({}),
    state,
    step: 1,
    questionIndex,
    questionStartedAt: state === "QUESTION" ? new Date("2030-01-01T12:00:00.000Z") : null,
    questionEndsAt: state === "QUESTION" ? ENDS_AT : null,
    pausedRemainingMs: null,
    pausedFrom: null,
    board: null,
    boardRefreshedAt: null,
    createdAt: new Date("2030-01-01T11:59:00.000Z"),
    startedAt: new Date("2030-01-01T12:00:00.000Z"),
    endedAt: null,
  };
}

function board(state: LiveSession["state"], questionIndex: number, question: Question | null): Reply {
  const data: Omit<BoardData, "countdownEndsAt"> = {
    session: session(state, questionIndex),
    title: "Quiz: Rocks of the ridge",
    questionCount: 1,
    question,
    players: 2,
    answered: 2,
    distribution: [2, 0],
    correctAnswers: 2,
    standings: [],
    teams: [],
  };
  // Assigned rather than written in the literal, so the fixture holds whether or not the board data
  // carries its own countdown.
  return buildBoardView(
    Object.assign(data, { countdownEndsAt: question && state === "QUESTION" ? ENDS_AT : null }),
  );
}

/** The lobby of a generated quiz, whose title starts with "Quiz:". */
export const QUIZ_LOBBY: Reply = board("LOBBY", -1, null);
/** A true/false question being asked. */
export const TRUE_FALSE_QUESTION: Reply = board("QUESTION", 0, TRUE_FALSE);
/** The same question revealed. */
export const TRUE_FALSE_REVEAL: Reply = board("REVEAL", 0, TRUE_FALSE);
