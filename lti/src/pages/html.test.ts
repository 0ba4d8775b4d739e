import { describe, expect, it } from "vitest";
import { html, trusted } from "./html.ts";

describe("html", () => {
  it("escapes interpolated text and attributes, and joins arrays", () => {
    const name = `"><script>alert('x')</script>`;
    const out = html`<p title="${name}">${name}</p>${["a", "<b>"]}${null}${false}`.value;
    expect(out).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>a&lt;b&gt;',
    );
  });

  it("keeps markup it built itself", () => {
    const inner = html`<em>${"<i>"}</em>`;
    expect(html`<p>${inner}${trusted("<br>")}</p>`.value).toBe("<p><em>&lt;i&gt;</em><br></p>");
  });
});
