import type { FetchOptions } from "@studyhall/core";
import { DISCORD_INTERACTION_TOKEN_MS } from "./render/discord-limits.ts";

/** The Discord front end's settings: the plain values of app/src/config.ts's `config.discord`. */
export interface DiscordSettings {
  token?: string;
  applicationId?: string;
  /** REST base URL without the version, e.g. `https://discord.com/api` or a shared REST proxy. */
  apiUrl?: string;
  /** Ask for the privileged Message Content intent: thread follow-ups without mentioning the bot. */
  messageContent: boolean;
  /** A role (id or name) whose members are course staff, besides those with Manage Server. */
  staffRole?: string;
  /** Shards run by this process: "auto" uses the count Discord recommends. */
  shards?: "auto" | number;
}

/** Timings that tests shorten; production uses the defaults. */
export interface DiscordTuning {
  /** At most one streaming edit per this many ms (Discord allows about 5 edits per 5 s). */
  streamEditIntervalMs: number;
  /** Stop using an interaction token this long after the interaction (Discord: 15 minutes). */
  interactionTokenMs: number;
  /**
   * Answers and uploads one process works on at once: from `min`, growing to `max` while the event loop
   * stays under `targetLagMs` (see createWorkSlots). More wait, already acknowledged, for a slot.
   */
  work: { min: number; max: number; targetLagMs: number };
  /**
   * The same for live-quiz clicks, which come in bursts of hundreds a second and each need only a few
   * small queries: a tighter lag target keeps every click's acknowledgement fast while answers are
   * recorded in the background.
   */
  quizWork: { min: number; max: number; targetLagMs: number };
  /**
   * Let `/materials add url:` fetch loopback, private and reserved addresses. Off by default and in
   * production: only tests of the successful path on 127.0.0.1 turn it on.
   */
  allowPrivateMaterialHosts?: boolean;
  /**
   * For `/materials add url:` with the production policy: hosts (`host:port`) exempt from it and the
   * resolver, so SSRF tests can stand a "public" site that redirects on 127.0.0.1. Unset in production.
   */
  materialLinks?: Pick<FetchOptions, "privateHosts" | "resolve">;
}

export const DEFAULT_TUNING: DiscordTuning = Object.freeze({
  streamEditIntervalMs: 1_000,
  // A minute of margin: an edit started just before expiry must still land.
  interactionTokenMs: DISCORD_INTERACTION_TOKEN_MS - 60_000,
  work: { min: 2, max: 32, targetLagMs: 40 },
  quizWork: { min: 1, max: 64, targetLagMs: 10 },
});
