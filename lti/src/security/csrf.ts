import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * CSRF tokens bound to one launch: HMAC-SHA256 of the session id under a key derived from the
 * encryption key. Every form carries it in a hidden field beside the ltik; a post whose token is not
 * this session's is refused. Nothing is stored: the session id is already in the database.
 */
export function createCsrf(encryptionKey: string): {
  tokenFor(sessionId: string): string;
  verify(sessionId: string, token: unknown): boolean;
} {
  const key = createHash("sha256").update(`studyhall-lti-csrf\0${encryptionKey}`).digest();
  const tokenFor = (sessionId: string) => createHmac("sha256", key).update(sessionId).digest("base64url");
  return {
    tokenFor,
    verify(sessionId, token) {
      if (typeof token !== "string") return false;
      const expected = Buffer.from(tokenFor(sessionId));
      const given = Buffer.from(token);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}
