import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptLegacyRecord, isLegacyRecord, ltiRecordContext } from "./record-crypto.ts";

const LTI_KEY = "k".repeat(40);

/** A record as ltijs's Database.Encrypt wrote it (AES-256-CBC under sha256 of its key, hex). */
function ltijsRecord(plain: string, secret: string): { iv: string; data: string } {
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", createHash("sha256").update(secret).digest(), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return { iv: iv.toString("hex"), data: data.toString("hex") };
}

describe("ltijs's legacy records", () => {
  it("are recognised by shape and read with LTI_ENCRYPTION_KEY, for sealing once", () => {
    const record = ltijsRecord('{"key":"PEM","kid":"k1"}', LTI_KEY);
    expect(isLegacyRecord({ kid: "k1", ...record })).toBe(true);
    expect(isLegacyRecord({ kid: "k1", sealed: "shs1:..." })).toBe(false);
    expect(decryptLegacyRecord(record, LTI_KEY)).toBe('{"key":"PEM","kid":"k1"}');
  });

  it("give nothing under another key, or when they do not decrypt to a JSON object", () => {
    const record = ltijsRecord('{"key":"PEM"}', LTI_KEY);
    expect(decryptLegacyRecord(record, "j".repeat(40))).toBeUndefined();
    expect(decryptLegacyRecord(ltijsRecord('"just a string"', LTI_KEY), LTI_KEY)).toBeUndefined();
    expect(decryptLegacyRecord({ iv: record.iv, data: "00" }, LTI_KEY)).toBeUndefined();
  });
});

describe("what a record's envelope is bound to", () => {
  it("is the collection and key id for key pairs, whatever ltijs later changes beside them", () => {
    const a = ltiRecordContext("privatekey", { kid: "k1", platformUrl: "https://a.example", sealed: "x" });
    expect(a).toBe(ltiRecordContext("privatekey", { kid: "k1", platformUrl: "https://b.example" }));
    expect(a).not.toBe(ltiRecordContext("publickey", { kid: "k1" }));
    expect(a).not.toBe(ltiRecordContext("privatekey", { kid: "k2" }));
  });

  it("is every index field, in any order, for access tokens", () => {
    const a = ltiRecordContext("accesstoken", {
      platformUrl: "https://a.example",
      clientId: "1",
      scopes: "s",
    });
    expect(a).toBe(
      ltiRecordContext("accesstoken", { scopes: "s", clientId: "1", platformUrl: "https://a.example" }),
    );
    expect(a).not.toBe(
      ltiRecordContext("accesstoken", { platformUrl: "https://a.example", clientId: "2", scopes: "s" }),
    );
  });
});
