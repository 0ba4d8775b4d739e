import { describe, expect, it } from "vitest";
import { MAX_MATERIAL_BYTES, materialTooLarge } from "./material-limits.ts";

describe("materialTooLarge", () => {
  it("says the file's size and the limit when the size is known", () => {
    const error = materialTooLarge({ what: "notes.pdf", bytes: 80 * 1024 * 1024, reason: "shared file" });
    expect(error).toMatchObject({
      code: "material_too_large",
      message: "shared file",
      userMessage: "notes.pdf is 80.0 MB; StudyHall takes files up to 50.0 MB. Split it into smaller parts.",
      details: { bytes: 80 * 1024 * 1024, maxBytes: MAX_MATERIAL_BYTES },
    });
  });

  it("says only the limit when the size is unknown, or reads the same as the limit", () => {
    const cutOff = materialTooLarge({ maxBytes: 256 * 1024, reason: "upload" });
    const justOver = materialTooLarge({ bytes: MAX_MATERIAL_BYTES + 1, reason: "ingest" });
    expect(cutOff.userMessage).toBe(
      "That file is larger than 256.0 KB, the most StudyHall takes. Split it into smaller parts.",
    );
    expect(justOver.userMessage).toBe(
      "That file is larger than 50.0 MB, the most StudyHall takes. Split it into smaller parts.",
    );
  });
});
