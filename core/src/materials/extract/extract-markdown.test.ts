import { describe, expect, it } from "vitest";
import { extractMarkdown } from "./extract-markdown.ts";

const notes = `---
title: Week 1 notes
tags: [biology]
---

Read this **before** the lab.

# Cells

Cells are the *basic* unit of life, as [Hooke](https://en.wikipedia.org/wiki/Robert_Hooke) saw
in 1665 ![a cork cell](cork.png).

## Membranes

- Phospholipid <b>bilayer</b>
* Proteins and channels
1. Osmosis

### Transport

\`\`\`python
# not a heading inside a fence
def move(water_in, water_out):
    return water_in - water_out
\`\`\`

Organelles
----------

The \`snake_case_name\` and the file_name_here stay; __bold__ and _italic_ go. \\*Not emphasis\\*.

***

Genetics
========

Genes are inherited.
`;

describe("extractMarkdown", () => {
  it("builds heading paths from ATX and setext headings", () => {
    const document = extractMarkdown(notes);
    expect(document.units.map((unit) => unit.section)).toEqual([
      null,
      "Cells",
      "Cells › Membranes",
      "Cells › Membranes › Transport",
      "Cells › Organelles",
      "Genetics",
    ]);
    expect(document.units.every((unit) => unit.page === null)).toBe(true);
  });

  it("strips inline syntax, joins wrapped lines and keeps list items on their own lines", () => {
    const [intro, cells, membranes, transport, organelles, genetics] = extractMarkdown(notes).units;
    // The front matter is metadata, not text.
    expect(intro?.text).toBe("Read this before the lab.");
    expect(cells?.text).toBe("Cells are the basic unit of life, as Hooke saw in 1665.");
    expect(membranes?.text).toBe("- Phospholipid bilayer\n- Proteins and channels\n1. Osmosis");
    expect(organelles?.text).toBe(
      "The snake_case_name and the file_name_here stay; bold and italic go. *Not emphasis*.",
    );
    expect(genetics?.text).toBe("Genes are inherited.");
    expect(transport?.text).toBe(
      "# not a heading inside a fence\ndef move(water_in, water_out):\n    return water_in - water_out",
    );
  });

  it("takes the title from the first level-1 heading", () => {
    expect(extractMarkdown(notes).title).toBe("Cells");
    expect(extractMarkdown("## Only a subheading\n\nText.").title).toBeNull();
    expect(extractMarkdown("Setext title\n===\n\nText.").title).toBe("Setext title");
  });

  it("treats a rule after a list as a rule, and keeps an unclosed fence to the end", () => {
    const document = extractMarkdown("- one\n- two\n---\n\n~~~\ncode line\n# still code");
    expect(document.units).toEqual([
      { text: "- one\n- two\n\ncode line\n# still code", page: null, section: null },
    ]);
  });

  it("keeps table rows and reference-link text, dropping the divider row and the link definitions", () => {
    const markdown =
      "| Organelle | Job |\n|:---|---:|\n| Ribosome | Proteins |\n\nSee [the atlas][atlas].\n\n[atlas]: https://example.com/atlas";
    expect(extractMarkdown(markdown).units).toEqual([
      { text: "| Organelle | Job |\n| Ribosome | Proteins |\n\nSee the atlas.", page: null, section: null },
    ]);
  });

  it("normalises Windows line ends and honours hard line breaks", () => {
    const document = extractMarkdown("# Poem\r\nRoses are red,  \r\nviolets are blue.\r\n");
    expect(document.units).toEqual([
      { text: "Roses are red,\nviolets are blue.", page: null, section: "Poem" },
    ]);
  });
});
