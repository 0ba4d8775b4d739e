import { describe, expect, it } from "vitest";
import { csvCell } from "./export-results-csv.ts";

describe("csvCell", () => {
  it("quotes separators and neutralises formulas", () => {
    expect(csvCell("Ada")).toBe("Ada");
    expect(csvCell(12)).toBe("12");
    expect(csvCell('Lovelace, "Ada"')).toBe('"Lovelace, ""Ada"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("-1+1")).toBe("'-1+1");
  });
});
