import { hkdfSync } from "node:crypto";
import { AppError, ErrorCode } from "../errors/app-error.ts";

/** The shortest secret accepted as a key: `openssl rand -hex 32` gives 64 characters. */
export const MIN_SECRET_KEY_LENGTH = 32;

const SALT = "studyhall secret box";

/** An AES-256 key derived from a configured secret, with the public id that envelopes name it by. */
export interface SecretKey {
  /** 8 characters naming the key in envelopes and logs; reveals nothing usable about the key. */
  id: string;
  /** 32 bytes for AES-256-GCM. */
  key: Buffer;
}

/**
 * Derives the AES-256 key and its id from a configured secret with HKDF-SHA256. Any string of 32+
 * characters works (hex, base64 or a passphrase from a manager); HKDF spreads it evenly over the key,
 * and the id comes from a separate HKDF output, so publishing the id leaks nothing about the key.
 */
export function deriveSecretKey(secret: string): SecretKey {
  if (secret.length < MIN_SECRET_KEY_LENGTH) {
    throw new AppError(ErrorCode.Config, "secret key too short", {
      userMessage: `The secret key must be at least ${MIN_SECRET_KEY_LENGTH} characters (e.g. \`openssl rand -hex 32\`).`,
    });
  }
  const ikm = Buffer.from(secret, "utf8");
  const key = Buffer.from(hkdfSync("sha256", ikm, SALT, "aes-256-gcm key", 32));
  const id = Buffer.from(hkdfSync("sha256", ikm, SALT, "key id", 6)).toString("base64url");
  return { id, key };
}
