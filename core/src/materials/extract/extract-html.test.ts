import { describe, expect, it } from "vitest";
import { extractHtml } from "./extract-html.ts";

const page = `<!doctype html>
<html>
<head>
  <title>Biology 101 &ndash; Week 1</title>
  <style>p { color: red }</style>
  <script>window.secret = "tracking";</script>
</head>
<body>
  <nav><a href="/">Home</a> <a href="/week2">Next week</a></nav>
  <p>Welcome to
     the course.</p>
  <h1>Cells</h1>
  <p>Cells are the <em>basic</em> unit of life.<br>Every organism has them.</p>
  <h2>Membranes</h2>
  <ul>
    <li>Phospholipid bilayer</li>
    <li>Proteins &amp; channels</li>
  </ul>
  <h3>Transport</h3>
  <p>Osmosis moves water &lt;across&gt; membranes.</p>
  <h2>Organelles</h2>
  <table><tr><th>Organelle</th><td>Function</td></tr><tr><td>Ribosome</td><td>Builds proteins</td></tr></table>
  <pre><code>ATP -&gt; ADP
  + energy</code></pre>
  <noscript>Enable JavaScript</noscript>
  <form><label>Email</label><input name="email"></form>
  <footer>© 2024 University</footer>
  <script>alert("hi")</script>
</body>
</html>`;

describe("extractHtml", () => {
  it("gives one unit per heading section, with a heading path", () => {
    const document = extractHtml(page);
    expect(document.units.map((unit) => unit.section)).toEqual([
      null,
      "Cells",
      "Cells › Membranes",
      "Cells › Membranes › Transport",
      "Cells › Organelles",
    ]);
    expect(document.units.every((unit) => unit.page === null)).toBe(true);
    expect(document.pageCount).toBeNull();
  });

  it("separates paragraphs, list items, cells and <pre> blocks and decodes entities", () => {
    const [intro, cells, membranes, transport, organelles] = extractHtml(page).units;
    expect(intro?.text).toBe("Welcome to the course.");
    expect(cells?.text).toBe("Cells are the basic unit of life.\nEvery organism has them.");
    expect(membranes?.text).toBe("Phospholipid bilayer\n\nProteins & channels");
    expect(transport?.text).toBe("Osmosis moves water <across> membranes.");
    expect(organelles?.text).toBe(
      "Organelle\n\nFunction\n\nRibosome\n\nBuilds proteins\n\nATP -> ADP\n  + energy",
    );
  });

  it("drops scripts, styles, navigation, forms and footers", () => {
    const all = extractHtml(page)
      .units.map((unit) => unit.text)
      .join("\n");
    for (const hidden of [
      "tracking",
      "alert",
      "color",
      "Next week",
      "Enable JavaScript",
      "Email",
      "University",
    ]) {
      expect(all).not.toContain(hidden);
    }
  });

  it("takes the title from <title>, else from the first h1", () => {
    expect(extractHtml(page).title).toBe("Biology 101 – Week 1");
    expect(extractHtml("<h2>Intro</h2><h1>Genetics</h1><p>Genes.</p>").title).toBe("Genetics");
    expect(extractHtml("<p>No headings here.</p>").title).toBeNull();
  });

  it("lets a heading replace its siblings and deeper headings, not its parents", () => {
    const html =
      "<h1>A</h1><h2>B</h2><h3>C</h3><p>one</p><h3>D</h3><p>two</p><h2>E</h2><p>three</p><h1>F</h1><p>four</p>";
    expect(extractHtml(html).units.map((unit) => [unit.section, unit.text])).toEqual([
      ["A › B › C", "one"],
      ["A › B › D", "two"],
      ["A › E", "three"],
      ["F", "four"],
    ]);
  });
});
