// An LMS that stops answering: requests whose path matches are held, as by a platform under load or a
// gateway whose upstream hangs, for 90 s unless told otherwise or until the test releases them. The
// hold sits in front of the platform's handlers: a held request whose client gave up (closed the
// connection) never reaches them, so it changes nothing; one still waiting when released is served
// as usual. Tests release a stall rather than wait it out.
import type { ServerResponse } from "node:http";
import type { FakeRequest } from "./fake-lti-http.ts";

/** What a test sees of a stall. */
export interface FakeStall {
  /** Requests held so far. */
  readonly held: number;
  /** Held requests whose client hung up before the stall ended; none of them reached the platform. */
  readonly abandoned: number;
  /** Ends the stall now: held requests are served (or dropped, if their client is gone). */
  release(): void;
}

export interface StallRule extends FakeStall {
  pattern: RegExp;
  /** How many more requests this stall will hold. */
  remaining: number;
  ended: Promise<void>;
  held: number;
  abandoned: number;
}

/** A stall of the next `count` requests whose path matches `pattern`, for `ms` at most. */
export function createStall(pattern: RegExp, options: { count?: number; ms?: number } = {}): StallRule {
  let end = () => {};
  const ended = new Promise<void>((resolve) => {
    end = resolve;
  });
  const timer = setTimeout(end, options.ms ?? 90_000);
  timer.unref();
  return {
    pattern,
    remaining: options.count ?? 1,
    ended,
    held: 0,
    abandoned: 0,
    release() {
      clearTimeout(timer);
      end();
    },
  };
}

/**
 * Holds `req` if a stall matches it; resolves true when the platform should serve it (no stall, or the
 * stall ended with the client still waiting), false when the client hung up meanwhile.
 */
export async function waitOutStall(
  stalls: StallRule[],
  req: FakeRequest,
  res: ServerResponse,
): Promise<boolean> {
  const rule = stalls.find((s) => s.remaining > 0 && s.pattern.test(req.url.pathname));
  if (!rule) return true;
  rule.remaining -= 1;
  rule.held += 1;
  let gone = false;
  // Before an answer is written, "close" means the client closed the connection.
  res.once("close", () => {
    gone = true;
  });
  await rule.ended;
  if (!gone) return true;
  rule.abandoned += 1;
  return false;
}
