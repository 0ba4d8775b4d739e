import { describe, expect, it } from "vitest";
import { createCsrf } from "./csrf.ts";

describe("CSRF tokens", () => {
  const csrf = createCsrf("a".repeat(40));

  it("verify for their own session only", () => {
    const token = csrf.tokenFor("session-1");
    expect(csrf.verify("session-1", token)).toBe(true);
    expect(csrf.verify("session-2", token)).toBe(false);
    expect(csrf.verify("session-1", `${token}x`)).toBe(false);
    expect(csrf.verify("session-1", undefined)).toBe(false);
    expect(csrf.verify("session-1", ["array"])).toBe(false);
  });

  it("depend on the encryption key", () => {
    expect(createCsrf("b".repeat(40)).tokenFor("session-1")).not.toBe(csrf.tokenFor("session-1"));
  });
});
