import { describe, expect, it } from "vitest";
import { trusted } from "../pages/html.ts";
import { decodeAction, encodeAction } from "./action-codec.ts";
import { toHtml } from "./to-html.ts";

const form = { url: "https://studyhall.example/lti/course/action", hidden: trusted("") };

describe("toHtml", () => {
  it("escapes text before applying light markdown, so no markup gets through", () => {
    const html = toHtml({
      blocks: [
        { type: "text", text: '**Bold** <img src=x onerror="alert(1)"> _it_ `a<b` [x](javascript:alert(1))' },
      ],
    }).value;
    expect(html).toContain("<strong>Bold</strong>");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain("<em>it</em>");
    expect(html).toContain("<code>a&lt;b</code>");
    expect(html).not.toContain('href="javascript');
    expect(html).not.toContain("<img");
  });

  it("renders lists and https links", () => {
    const html = toHtml({
      blocks: [{ type: "text", text: "Read:\n- [Cells](https://example.edu/a?b=1&c=2)\n- Notes" }],
    }).value;
    expect(html).toContain(
      '<ul><li><a href="https://example.edu/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">Cells</a></li><li>Notes</li></ul>',
    );
  });

  it("makes link buttons plain links, and only for web URLs", () => {
    const html = toHtml(
      {
        blocks: [
          {
            type: "buttons",
            buttons: [
              { label: "Open", action: { kind: "open", url: "https://example.edu/x" } },
              { label: "Evil", action: { kind: "open", url: "javascript:alert(1)" } },
            ],
          },
        ],
      },
      form,
    ).value;
    expect(html).toContain('<a href="https://example.edu/x"');
    expect(html).not.toContain("javascript:");
    expect(html).toContain("Evil");
  });

  it("links sources where the form says (the material page at the passage), and only those with a material", () => {
    const citations = [
      { n: 1, materialId: "m-1", chunkId: "c-1", title: "Cells", anchor: "p. 4" },
      { n: 2, materialId: "", chunkId: "", title: "Removed notes", anchor: null },
    ];
    const linked = toHtml(
      { blocks: [{ type: "citations", citations }] },
      {
        ...form,
        citationHref: (c) => `https://studyhall.example/lti/learn/materials/${c.materialId}#page-4`,
      },
    ).value;
    expect(linked).toContain(
      '<li value="1"><a class="citation" href="https://studyhall.example/lti/learn/materials/m-1#page-4">Cells, p. 4</a></li>',
    );
    expect(linked).toContain('<li value="2">Removed notes</li>');
    expect(toHtml({ blocks: [{ type: "citations", citations }] }, form).value).not.toContain("<a");
  });

  it("draws study buttons as posts of their compact id, with the rating's interval in the label", () => {
    const cardId = "7d3f6a2e-3c1b-4d5e-9f8a-1b2c3d4e5f60";
    const html = toHtml(
      {
        blocks: [
          {
            type: "buttons",
            buttons: [{ label: "Good · 4d", action: { kind: "card.rate", cardId, reps: 2, rating: 3 } }],
          },
        ],
      },
      form,
    ).value;
    const value = /name="action" value="([^"]+)"/.exec(html)?.[1];
    expect(html).toContain(">Good · 4d</button>");
    expect(decodeAction(value!)).toEqual({ kind: "card.rate", cardId, reps: 2, rating: 3 });
  });

  it("leaves buttons out when there is nowhere to post them", () => {
    const html = toHtml({
      blocks: [
        { type: "buttons", buttons: [{ label: "Approve", action: { kind: "quiz.approve", quizId: "x" } }] },
      ],
    }).value;
    expect(html).not.toContain("Approve");
  });
});

describe("the action codec", () => {
  it("round-trips feedback and quiz actions and refuses anything else", () => {
    const messageId = "7d3f6a2e-3c1b-4d5e-9f8a-1b2c3d4e5f60";
    const vote = { kind: "tutor.feedback", messageId, vote: -1 } as const;
    expect(decodeAction(encodeAction(vote)!)).toEqual(vote);
    const approve = { kind: "quiz.approve", quizId: messageId } as const;
    expect(decodeAction(encodeAction(approve)!)).toEqual(approve);
    expect(encodeAction({ kind: "open", url: "https://x" })).toBeNull();
    expect(decodeAction("fb:not-a-uuid:up")).toBeNull();
    expect(decodeAction("q:ok:../../etc")).toBeNull();
  });
});
