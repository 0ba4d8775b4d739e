import type { Reply } from "../reply/reply.ts";
import type { StudySessionView } from "./session-view.ts";

/** The durable job queue of study sessions' steps (announce, reminders, open, end, update). */
export const STUDY_SESSION_QUEUE = "session.step";

/**
 * What a chat platform does for a study session; core decides when and what, the port only posts.
 * Each chat front end gives one (Discord: a Guild Scheduled Event and a thread; Slack: a message with
 * Going/Maybe buttons and its thread). Failures are thrown: the step's job retries them.
 */
export interface StudySessionPort {
  platform: "SLACK" | "DISCORD";
  /**
   * Announces a new session in its channel; returns the platform's reference to what it posted, and
   * `messageRef` when a chat message carries the announcement beside a record that is not a message.
   */
  announce(session: StudySessionView, reply: Reply): Promise<{ ref: string; messageRef?: string }>;
  /** The announcement changed: RSVP counts, cancelled, started, ended. */
  update(session: StudySessionView, reply: Reply): Promise<void>;
  /** Opens the session's thread at its start and posts `reply` there; returns the thread's reference. */
  open(session: StudySessionView, reply: Reply): Promise<{ threadRef: string }>;
  /** Starts the session's live quiz in its channel with `session.host` as host; null when it could not. */
  startQuiz(session: StudySessionView, quizId: string): Promise<{ quizSessionId: string } | null>;
  /** Posts into the session's thread (the summary at the end). */
  postInThread(session: StudySessionView, reply: Reply): Promise<void>;
}
