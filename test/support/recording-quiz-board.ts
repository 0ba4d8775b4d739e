// A quiz board for core tests: records what the engine shows instead of calling a chat platform.
// Front-end tests use the real Slack and Discord boards against the fake servers instead.
import {
  type Clock,
  type QuizBoardPort,
  type QuizBoardTarget,
  type Reply,
  sleepOn,
} from "../../core/src/index.ts";

export interface RecordedView {
  sessionId: string;
  board: unknown;
  view: Reply;
  text: string;
}

export interface RecordingQuizBoard extends QuizBoardPort {
  views: RecordedView[];
  privates: Array<{ sessionId: string; externalId: string; text: string }>;
  /** The latest view of a session, as plain text. */
  latest(sessionId: string): string;
  /** Resolves when a view of the session satisfies `predicate`. */
  waitFor(sessionId: string, predicate: (text: string) => boolean, timeoutMs?: number): Promise<string>;
}

/** Plain text of a reply's blocks (buttons as [label]), for assertions. */
export function replyText(reply: Reply): string {
  return reply.blocks
    .map((b) => {
      switch (b.type) {
        case "text":
        case "notice":
          return b.text;
        case "fields":
          return b.fields.map((f) => `${f.label}: ${f.value}`).join("\n");
        case "progress":
          return `${b.label} (${Math.round(b.value * 100)}%)`;
        case "buttons":
          return b.buttons.map((x) => `[${x.label}]`).join(" ");
        case "citations":
          return b.citations.map((c) => `[${c.n}] ${c.title}${c.anchor ? `, ${c.anchor}` : ""}`).join("\n");
        case "countdown":
          return `${b.label}: until ${b.endsAt}`;
        case "time":
          return `${b.label}: ${b.fallback}`;
        case "divider":
          return "---";
        default:
          return "";
      }
    })
    .join("\n");
}

export function createRecordingQuizBoard(
  options: {
    minEditIntervalMs?: number;
    countdownTickMs?: number;
    /** Each edit is recorded when sent and accepted `ms` later on `clock` (the test moves it). */
    editTakes?: { clock: Clock; ms: number };
  } = {},
): RecordingQuizBoard {
  const views: RecordedView[] = [];
  const privates: RecordingQuizBoard["privates"] = [];
  let messages = 0;
  const waiters = new Set<() => void>();
  return {
    views,
    privates,
    minEditIntervalMs: options.minEditIntervalMs ?? 50,
    countdownTickMs: options.countdownTickMs ?? 0,
    async show(target: QuizBoardTarget, view: Reply) {
      const board = target.board ?? { message: ++messages };
      views.push({ sessionId: target.sessionId, board, view, text: replyText(view) });
      for (const wake of waiters) wake();
      if (options.editTakes) await sleepOn(options.editTakes.clock, options.editTakes.ms);
      return board;
    },
    async sendPrivately(target, list) {
      for (const m of list)
        privates.push({ sessionId: target.sessionId, externalId: m.externalId, text: replyText(m.reply) });
      for (const wake of waiters) wake();
    },
    latest(sessionId) {
      return views.filter((v) => v.sessionId === sessionId).at(-1)?.text ?? "";
    },
    waitFor(sessionId, predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = views.filter((v) => v.sessionId === sessionId).find((v) => predicate(v.text));
          if (!hit) return false;
          clearTimeout(timer);
          waiters.delete(onChange);
          resolve(hit.text);
          return true;
        };
        const onChange = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(onChange);
          reject(new Error(`no view matched within ${timeoutMs} ms; latest:\n${this.latest(sessionId)}`));
        }, timeoutMs);
        if (!check()) waiters.add(onChange);
      });
    },
  };
}
