import type { Reply } from "../reply/reply.ts";

/** A private "working on it" reply with a progress bar, shown in place while long work runs. */
export function progressReply(label: string, done: number, total: number): Reply {
  const value = total > 0 ? Math.min(1, done / total) : 0;
  return {
    visibility: "private",
    blocks: [{ type: "progress", label: `${label}: ${done} of ${total} passages`, value }],
  };
}
