import { describe, expect, it } from "vitest";
import { contentDisposition } from "./send-original-file.ts";

describe("contentDisposition", () => {
  it("names the file inline, ASCII and RFC 5987", () => {
    expect(contentDisposition("notes.pdf")).toBe(`inline; filename="notes.pdf"; filename*=UTF-8''notes.pdf`);
  });

  it("keeps a non-ASCII name exactly in filename* and stands in for it in filename", () => {
    expect(contentDisposition("Größe (Teil 1)*.pdf")).toBe(
      `inline; filename="Gr__e (Teil 1)*.pdf"; filename*=UTF-8''Gr%C3%B6%C3%9Fe%20%28Teil%201%29%2A.pdf`,
    );
  });

  it("lets no path separator, quote, line break or leading dot into the header", () => {
    const header = contentDisposition('../week 3/"notes"\r\nX-Evil: 1.pdf');
    expect(header).not.toMatch(/[\r\n/\\]/);
    expect(header).toMatch(/^inline; filename="_week 3__notes___X-Evil: 1\.pdf"; filename\*=UTF-8''/);
    expect(contentDisposition("")).toContain('filename="material"');
  });

  it("shortens a very long name and keeps its extension", () => {
    const header = contentDisposition(`${"a".repeat(400)}.docx`);
    expect(header).toContain(`filename="${"a".repeat(145)}.docx"`);
  });
});
