import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

// ltijs keeps private keys, public keys and access tokens encrypted as { iv, data } (hex) with
// AES-256-CBC under sha256(encryption key). We write and read the same format, so records made by
// `studyhall lti add-platform` and by ltijs itself are interchangeable.

function keyOf(secret: string): Buffer {
  return createHash("sha256").update(secret).digest().subarray(0, 32);
}

/** Encrypts `plain` the way ltijs's Database.Encrypt does. */
export function encryptRecord(plain: string, secret: string): { iv: string; data: string } {
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", keyOf(secret), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return { iv: iv.toString("hex"), data: data.toString("hex") };
}

/** Decrypts a record made by {@link encryptRecord} (or by ltijs). Throws on a wrong key. */
export function decryptRecord(record: { iv: string; data: string }, secret: string): string {
  const decipher = createDecipheriv("aes-256-cbc", keyOf(secret), Buffer.from(record.iv, "hex"));
  return Buffer.concat([decipher.update(Buffer.from(record.data, "hex")), decipher.final()]).toString("utf8");
}
