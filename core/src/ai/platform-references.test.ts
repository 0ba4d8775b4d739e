import { describe, expect, it } from "vitest";
import { withoutPlatformReferences } from "./platform-references.ts";

describe("withoutPlatformReferences", () => {
  it.each([
    ["Slack user", "ask <@U024BE7LH> about it", "ask @someone about it"],
    ["Slack user with a label", "as <@W0ABC123|ada.lovelace> said", "as @someone said"],
    ["Slack channel", "see <#C024BE7LR|general>", "see #channel"],
    ["Slack user group", "<!subteam^S0614TZR7|@tas> help", "@group help"],
    ["Discord user", "<@80351110224678912> and <@!80351110224678913>", "@someone and @someone"],
    ["Discord role and channel", "<@&165511591545143296> in <#222197033908436994>", "@group in #channel"],
    [
      "Slack mailto link",
      "write to <mailto:jane.doe@school.example|jane.doe@school.example>",
      "write to an email address",
    ],
    ["bare email address", "I am Ana.Pérez+bio@mail.school.example.", "I am an email address."],
  ])("replaces a %s mention", (_kind, text, expected) => {
    expect(withoutPlatformReferences(text)).toBe(expected);
  });

  it("leaves the rest of the text, including look-alikes that are not mentions, as it is", () => {
    const text = "Compare <U> and <@x> with 2 < 3 > 1; what is ATP (C10H16N5O13P3)? Meet @ 5pm, a@b.";
    expect(withoutPlatformReferences(text)).toBe(text);
  });
});
