import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The key that must come with a dynamic registration (`/lti/register?key=…`). Without it anyone who
 * finds the server could register a "platform" of their own and spend the installation's AI budget in
 * courses they make up. It is derived from LTI_ENCRYPTION_KEY, so there is nothing more to store or
 * configure; `studyhall lti registration-url` prints the URL with it for the LMS administrator.
 */
export function registrationKey(encryptionKey: string): string {
  return createHmac("sha256", encryptionKey)
    .update("studyhall:lti-registration")
    .digest("base64url")
    .slice(0, 32);
}

/** The URL an LMS administrator pastes into "add by URL" (Canvas, Moodle, D2L). */
export function registrationUrl(toolUrl: string, encryptionKey: string): string {
  return `${toolUrl}/register?key=${registrationKey(encryptionKey)}`;
}

/** Whether `given` is this installation's registration key (compared in constant time). */
export function isRegistrationKey(given: unknown, encryptionKey: string): boolean {
  if (typeof given !== "string") return false;
  const expected = Buffer.from(registrationKey(encryptionKey));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
