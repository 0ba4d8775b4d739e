import { randomBytes } from "node:crypto";
import type { Prisma } from "@studyhall/core";
import { LtiRejection } from "../security/lti-rejection.ts";

/** How long a "Log in with Clever" may take from our button to Clever's redirect back. */
export const CLEVER_LOGIN_STATE_TTL_MS = 10 * 60_000;

/**
 * Records the state of a "Log in with Clever" this site starts: random, good once, for 10 minutes.
 * States older than that are deleted on the way, so the table holds only the last 10 minutes' logins.
 */
export async function recordCleverLoginState(db: Prisma, now: number): Promise<string> {
  const state = randomBytes(24).toString("base64url");
  await db.cleverLoginState.deleteMany({
    where: { createdAt: { lt: new Date(now - CLEVER_LOGIN_STATE_TTL_MS) } },
  });
  await db.cleverLoginState.create({ data: { state, createdAt: new Date(now) } });
  return state;
}

/**
 * Uses up a state Clever sent back: it must be one we issued, fresh and unused. One statement marks it
 * used, so two callbacks with the same state cannot both pass. Anything else is a refusal (400): the
 * same one for unknown, used and expired, as the person's next step is the same.
 */
export async function useCleverLoginState(db: Prisma, state: string, now: number): Promise<void> {
  const { count } = await db.cleverLoginState.updateMany({
    where: {
      state: state.slice(0, 200),
      usedAt: null,
      createdAt: { gte: new Date(now - CLEVER_LOGIN_STATE_TTL_MS) },
    },
    data: { usedAt: new Date(now) },
  });
  if (count !== 1) throw new LtiRejection("clever_state_unknown");
}
