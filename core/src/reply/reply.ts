// The platform-neutral answer every use case returns. Adapters render it with a pure function each
// (Block Kit, Discord messages, LTI HTML, terminal text); nothing here knows a platform's limits.

/** Where a passage came from, shown after an answer. */
export interface Citation {
  /** The number used in the answer text, as in "[2]". */
  n: number;
  materialId: string;
  chunkId: string;
  title: string;
  /** "p. 12" or a heading path; null when the material has neither. */
  anchor: string | null;
}

/** What a button does; each adapter encodes this into its own action id and decodes it back. */
export type ReplyAction =
  | { kind: "tutor.feedback"; messageId: string; vote: 1 | -1 }
  | { kind: "open"; url: string }
  /** Join a live quiz's lobby. */
  | { kind: "quiz.join"; sessionId: string }
  /** Answer the open question with one choice (single choice, true/false). */
  | { kind: "quiz.answer"; sessionId: string; questionIndex: number; choice: number }
  /**
   * Open a form to answer the open question (multiple select, typed text or a number); the front end
   * asks core for the question with `describeOpenQuestion` and submits through `answer`.
   */
  | { kind: "quiz.respond"; sessionId: string; questionIndex: number }
  /** A host command. */
  | { kind: "quiz.control"; sessionId: string; command: "start" | "pause" | "resume" | "skip" | "stop" }
  /** Show the clicker their own result privately. */
  | { kind: "quiz.result"; sessionId: string }
  /** Staff review of a generated draft. */
  | { kind: "quiz.approve"; quizId: string }
  | { kind: "quiz.discard"; quizId: string }
  /** Mark every unread notification of the clicker read. */
  | { kind: "notifications.read" }
  /** Answer a study session's invitation (core/src/study-sessions): going, maybe or not going. */
  | { kind: "session.rsvp"; sessionId: string; choice: "GOING" | "MAYBE" | "NOT_GOING" }
  /** "I'm here" on an open study session: counts the clicker as attending. */
  | { kind: "session.join"; sessionId: string }
  | StudyAction;

/** Flashcard ratings (ts-fsrs's Rating without "Manual"): 1 again, 2 hard, 3 good, 4 easy. */
export type CardRating = 1 | 2 | 3 | 4;

/**
 * Buttons of the study tools (flashcards, practice, writing). `reps` is how many reviews the card had
 * when the button was drawn: a click from an older window, after the card was already reviewed in
 * another, is recognised by it and counted once.
 */
export type StudyAction =
  /** Start or continue reviewing the due cards of one course ("" for every course of the person). */
  | { kind: "card.review"; courseId: string }
  | { kind: "card.show"; cardId: string; reps: number }
  | { kind: "card.hint"; cardId: string; reps: number }
  | { kind: "card.rate"; cardId: string; reps: number; rating: CardRating }
  /** Save a tutor answer (its message id) as a card in the person's own deck. */
  | { kind: "card.saveAnswer"; messageId: string }
  /** Save a revealed quiz question as a card in the person's own deck. */
  | { kind: "card.saveQuestion"; questionId: string }
  /** Staff review of a generated deck. */
  | { kind: "deck.approve"; deckId: string }
  | { kind: "deck.discard"; deckId: string }
  /** Practise a quiz alone. */
  | { kind: "practice.start"; quizId: string }
  /** Answer the shown practice question with one choice (single choice, true/false). */
  | { kind: "practice.answer"; runId: string; position: number; choice: number }
  /** Open a form to answer the shown practice question (multiple select, text, number). */
  | { kind: "practice.respond"; runId: string; position: number }
  | { kind: "practice.next"; runId: string }
  /** A new run of only the questions missed in this one. */
  | { kind: "practice.retry"; runId: string }
  /** Open a form to submit writing for a prompt. */
  | { kind: "writing.open"; promptId: string }
  /** Staff review of a generated writing prompt. */
  | { kind: "writing.approve"; promptId: string }
  | { kind: "writing.discard"; promptId: string };

export interface ReplyButton {
  label: string;
  action: ReplyAction;
  style?: "primary" | "danger";
}

export type ReplyBlock =
  /** Light markdown: **bold**, _italic_, `code`, lists, [links](url). */
  | { type: "text"; text: string }
  | { type: "citations"; citations: Citation[] }
  | { type: "fields"; fields: Array<{ label: string; value: string }> }
  | { type: "progress"; label: string; value: number }
  | { type: "buttons"; buttons: ReplyButton[] }
  | { type: "notice"; tone: "info" | "warning" | "error"; text: string }
  /**
   * Time left until `endsAt` (ISO 8601). Renderers that can show a live countdown do (Discord's
   * relative timestamps); others show the time left when rendered and the deadline.
   */
  | { type: "countdown"; label: string; endsAt: string; totalSeconds: number }
  /**
   * A moment (ISO 8601 `at`) shown in each reader's own time zone where the renderer can (Discord's and
   * Slack's date tokens); elsewhere `fallback`, the time already written out in a zone core chose.
   */
  | { type: "time"; label: string; at: string; fallback: string }
  | { type: "divider" };

/**
 * A file that goes with a reply: a study guide as Markdown or PDF, a deck as an Anki package, the
 * progress card as a PNG.
 */
export interface ReplyFile {
  name: string;
  mimeType: string;
  /** A short title shown with the file. */
  title: string;
  content: Uint8Array;
  /**
   * What an image shows, for screen readers and where images are off (Slack's alt_text, Discord's
   * attachment description, an HTML img's alt). Only images have one.
   */
  altText?: string;
}

export interface Reply {
  blocks: ReplyBlock[];
  /** "private" replies are shown only to the person who asked (ephemeral). */
  visibility: "public" | "private";
  /** Files to attach; front ends that cannot attach offer them another way (the LMS page links them). */
  files?: ReplyFile[];
}

/** A reply of one notice, for errors and refusals. */
export function noticeReply(tone: "info" | "warning" | "error", text: string): Reply {
  return { visibility: "private", blocks: [{ type: "notice", tone, text }] };
}
