import { describe, expect, it } from "vitest";
import { renderReplyText } from "./render-reply-text.ts";

describe("renderReplyText", () => {
  it("prints text, then numbered sources, and leaves buttons out", () => {
    const text = renderReplyText({
      blocks: [
        { type: "text", text: "ATP [1]." },
        {
          type: "citations",
          citations: [{ n: 1, materialId: "m", chunkId: "c", title: "Reader", anchor: "p. 4" }],
        },
        {
          type: "buttons",
          buttons: [{ label: "👍", action: { kind: "tutor.feedback", messageId: "x", vote: 1 } }],
        },
      ],
    });
    expect(text).toBe("ATP [1].\n\nSources:\n  [1] Reader, p. 4");
  });
});
