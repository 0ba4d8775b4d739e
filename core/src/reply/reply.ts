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
  | { kind: "open"; url: string };

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
  | { type: "divider" };

export interface Reply {
  blocks: ReplyBlock[];
  /** "private" replies are shown only to the person who asked (ephemeral). */
  visibility: "public" | "private";
}

/** A reply of one notice, for errors and refusals. */
export function noticeReply(tone: "info" | "warning" | "error", text: string): Reply {
  return { visibility: "private", blocks: [{ type: "notice", tone, text }] };
}
