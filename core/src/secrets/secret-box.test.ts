import pino from "pino";
import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error.ts";
import { createSecretBox, isSealedSecret, keylessSecretBox } from "./secret-box.ts";

const OLD = "old-secret-0123456789abcdef0123456789abcdef";
const NEW = "new-secret-fedcba9876543210fedcba9876543210";
const TOKEN = "xoxb-1234-5678-secret-token";
const ROW = "SlackInstallation T0AAA";

/** A box whose refusals are captured as parsed log lines. */
function boxWithLog(keys: { current: string; previous?: string[] }) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { box: createSecretBox(keys, logger), lines };
}

/** The error `fn` throws (fails the test when it does not throw). */
function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected a refusal");
}

/** Flips one bit in the base64url part `index` (1 key id, 2 iv, 3 tag, 4 ciphertext) of an envelope. */
function flip(sealed: string, index: number): string {
  const parts = sealed.split(":");
  const bytes = Buffer.from(parts[index]!, "base64url");
  bytes[0]! ^= 0x01;
  parts[index] = bytes.toString("base64url");
  return parts.join(":");
}

describe("the secret box", () => {
  it("round-trips, with a fresh iv each time and no trace of the plaintext in the envelope", () => {
    const { box } = boxWithLog({ current: NEW });
    const a = box.seal(TOKEN, ROW);
    const b = box.seal(TOKEN, ROW);
    expect(a).not.toBe(b);
    expect(a).not.toContain(TOKEN);
    expect(Buffer.from(a.split(":")[4]!, "base64url").toString("utf8")).not.toContain("xoxb");
    expect(a.startsWith(`shs1:${box.keyId}:`)).toBe(true);
    expect(isSealedSecret(a)).toBe(true);
    expect(box.open(a, ROW)).toBe(TOKEN);
    expect(box.open(b, ROW)).toBe(TOKEN);
  });

  it("names its key by an id that is stable for one secret and differs between secrets", () => {
    expect(createSecretBox({ current: NEW }).keyId).toBe(createSecretBox({ current: NEW }).keyId);
    expect(createSecretBox({ current: NEW }).keyId).not.toBe(createSecretBox({ current: OLD }).keyId);
    expect(createSecretBox({ current: NEW }).keyId).toMatch(/^[A-Za-z0-9_-]{8}$/);
  });

  it("attack: an envelope read with another key -> refused, logged without the value", () => {
    const sealed = createSecretBox({ current: OLD }).seal(TOKEN, ROW);
    const { box, lines } = boxWithLog({ current: NEW });
    const error = thrown(() => box.open(sealed, ROW));
    expect(error.code).toBe("secret_unreadable");
    expect(error.message).toContain(ROW);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ row: ROW, reason: "sealed under a key that is not configured" });
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
  });

  it.each([
    ["its iv", 2],
    ["its tag", 3],
    ["its ciphertext", 4],
  ])("attack: one bit of %s changed -> refused, not decrypted", (_part, index) => {
    const { box, lines } = boxWithLog({ current: NEW });
    const tampered = flip(box.seal(TOKEN, ROW), index);
    const error = thrown(() => box.open(tampered, ROW));
    expect(error.code).toBe("secret_unreadable");
    expect(error.message).not.toContain(TOKEN);
    expect(lines[0]).toMatchObject({
      row: ROW,
      keyId: box.keyId,
      reason: expect.stringMatching(/integrity/),
    });
  });

  it("attack: a ciphertext truncated or extended -> refused", () => {
    const { box } = boxWithLog({ current: NEW });
    const sealed = box.seal(TOKEN, ROW);
    expect(thrown(() => box.open(sealed.slice(0, -2), ROW)).code).toBe("secret_unreadable");
    expect(thrown(() => box.open(`${sealed}AA`, ROW)).code).toBe("secret_unreadable");
  });

  it("attack: another row's envelope copied into this row -> refused (bound to its row)", () => {
    const { box, lines } = boxWithLog({ current: NEW });
    const theirs = box.seal(TOKEN, "SlackInstallation T0BBB");
    expect(thrown(() => box.open(theirs, ROW)).code).toBe("secret_unreadable");
    expect(lines[0]).toMatchObject({ row: ROW });
    expect(box.open(theirs, "SlackInstallation T0BBB")).toBe(TOKEN);
  });

  it("attack: the key id in the header swapped for the previous key's -> refused", () => {
    const { box } = boxWithLog({ current: NEW, previous: [OLD] });
    const sealed = box.seal(TOKEN, ROW).split(":");
    sealed[1] = createSecretBox({ current: OLD }).keyId;
    expect(thrown(() => box.open(sealed.join(":"), ROW)).code).toBe("secret_unreadable");
  });

  it("attack: a plain value where an envelope belongs -> refused as not sealed", () => {
    const { box, lines } = boxWithLog({ current: NEW });
    for (const value of [TOKEN, { bot: { token: TOKEN } }, undefined, "shs1:short"]) {
      expect(thrown(() => box.open(value, ROW)).code).toBe("secret_unreadable");
    }
    expect(lines.map((l) => l.reason)).toEqual(Array(4).fill("not a sealed secret"));
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
  });

  it("opens what a previous key sealed during a rotation, and seals only under the current key", () => {
    const sealedBefore = createSecretBox({ current: OLD }).seal(TOKEN, ROW);
    const box = createSecretBox({ current: NEW, previous: [OLD] });
    expect(box.keyIds).toEqual([box.keyId, createSecretBox({ current: OLD }).keyId]);
    expect(box.open(sealedBefore, ROW)).toBe(TOKEN);
    expect(box.keyIdOf(box.seal(TOKEN, ROW))).toBe(box.keyId);
    expect(box.keyIdOf(sealedBefore)).not.toBe(box.keyId);
  });

  it("refuses a key shorter than 32 characters", () => {
    expect(thrown(() => createSecretBox({ current: "short" })).code).toBe("config");
    expect(thrown(() => createSecretBox({ current: NEW, previous: ["short"] })).code).toBe("config");
  });

  it("without a key, says what to set instead of sealing or opening anything", () => {
    const box = keylessSecretBox();
    expect(box.keyIds).toEqual([]);
    const error = thrown(() => box.seal(TOKEN, ROW));
    expect(error.code).toBe("config");
    expect(error.userMessage).toMatch(/STUDYHALL_SECRET_KEY/);
  });
});
