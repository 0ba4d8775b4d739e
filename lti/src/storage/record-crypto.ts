import { createDecipheriv, createHash } from "node:crypto";
import type { LtijsQuery } from "ltijs";

/**
 * ltijs's collections whose documents it asks its database plugin to encrypt: the tool's key pairs
 * per platform and the platforms' service access tokens (Utils/Auth.js, Provider.js).
 */
export const ENCRYPTED_COLLECTIONS = ["privatekey", "publickey", "accesstoken"] as const;

/** Fields of a stored record that are not its index: the envelope, or ltijs's own AES-CBC pair. */
const CIPHER_FIELDS = new Set(["sealed", "iv", "data"]);

/**
 * What an LtiRecord's envelope is bound to: its collection and its key id (key pairs; ltijs may later
 * change their platform URL and client id in place), or else all its index fields (access tokens). A
 * private key's envelope copied into another platform's row does not open.
 */
export function ltiRecordContext(collection: string, fields: LtijsQuery): string {
  const index = Object.entries(fields).filter(
    ([name, value]) => !CIPHER_FIELDS.has(name) && value !== undefined,
  );
  const kid = fields.kid;
  if (typeof kid === "string") return `LtiRecord ${collection} kid=${kid}`;
  const sorted = index.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `LtiRecord ${collection} ${JSON.stringify(sorted)}`;
}

/** A record as ltijs (and StudyHall before sealing) stored it: `{ ...index, iv, data }` in hex. */
export function isLegacyRecord(data: unknown): data is { iv: string; data: string } {
  const record = data as { iv?: unknown; data?: unknown } | null;
  return typeof record?.iv === "string" && typeof record.data === "string";
}

/**
 * The plaintext of a legacy record: AES-256-CBC under sha256(LTI_ENCRYPTION_KEY), as ltijs's
 * Database.Encrypt made it. Only for sealing such rows once (see lti-record-secrets.ts): CBC carries no
 * integrity check, so reads never accept this format. Undefined when it does not decrypt to a JSON object.
 */
export function decryptLegacyRecord(
  record: { iv: string; data: string },
  secret: string,
): string | undefined {
  try {
    const key = createHash("sha256").update(secret).digest();
    const decipher = createDecipheriv("aes-256-cbc", key, Buffer.from(record.iv, "hex"));
    const plain = Buffer.concat([decipher.update(Buffer.from(record.data, "hex")), decipher.final()]);
    const text = plain.toString("utf8");
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? text : undefined;
  } catch {
    return undefined;
  }
}
