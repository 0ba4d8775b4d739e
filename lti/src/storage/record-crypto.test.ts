import { describe, expect, it } from "vitest";
import { decryptRecord, encryptRecord } from "./record-crypto.ts";

describe("record encryption", () => {
  it("round-trips with a fresh iv each time, and fails with another key", () => {
    const a = encryptRecord('{"key":"secret"}', "k".repeat(40));
    const b = encryptRecord('{"key":"secret"}', "k".repeat(40));
    expect(a.iv).not.toBe(b.iv);
    expect(a.data).not.toContain("secret");
    expect(decryptRecord(a, "k".repeat(40))).toBe('{"key":"secret"}');
    expect(() => decryptRecord(a, "j".repeat(40))).toThrow();
  });
});
