import type { webApi } from "@slack/bolt";
import { type Actor, type Clock, displayNameOf, type Logger, realClock } from "@studyhall/core";
import { slackActor } from "./slack-identity.ts";

/**
 * The name classmates know a Slack user by. Payloads carry only the username ("ada.01"): slash
 * commands' `user_name` and interactions' `user.name`. The profile's display name and real name come
 * from `users.info`, which nothing a person is waiting for may wait on: a quiz answer is timed when it
 * is recorded, and a class's first clicks at once would run into users.info's rate limit (Tier 4,
 * about 100 a minute), which the Web API client waits out before answering.
 */
export interface SlackDisplayNames {
  /** The name looked up for this person lately, from memory; undefined when none is known yet. */
  known(teamId: string, userId: string): string | undefined;
  /**
   * Looks the person's name up in the background, unless it is fresh or already being looked up, and
   * stores what Slack answers. Returns at once and never throws.
   */
  refresh(client: webApi.WebClient, teamId: string, userId: string, log: Logger): void;
  /** Resolves when no lookup is queued or running (shutdown and tests). */
  idle(): Promise<void>;
}

export interface SlackDisplayNamesOptions {
  /** Stores a name learned (core's updateDisplayName), so boards and results rendered later show it. */
  store(actor: Actor & { displayName: string }, log: Logger): Promise<unknown>;
  /** How long a name answered is trusted before it is asked again. */
  ttlMs?: number;
  /** How long after a failed lookup (no users:read scope, an outage) the person is not asked again. */
  failureTtlMs?: number;
  /** Lookups at once for the whole process: a burst queues here instead of tripping Slack's 429s. */
  concurrency?: number;
  clock?: Clock;
}

interface Entry {
  name: string | undefined;
  until: number;
}

/**
 * One lookup per person at a time (clicks of one person while it runs add nothing), at most
 * `concurrency` at once, each answer applied with core's rule (display name, else real name, else
 * username). A failed lookup keeps the name known before; core keeps the name stored before.
 */
export function createSlackDisplayNames(options: SlackDisplayNamesOptions): SlackDisplayNames {
  const { store, ttlMs = 60 * 60_000, failureTtlMs = 5 * 60_000, concurrency = 4 } = options;
  const clock = options.clock ?? realClock;
  const cache = new Map<string, Entry>();
  const wanted = new Set<string>();
  const queue: Array<() => Promise<void>> = [];
  let running = 0;
  let idleWaiters: Array<() => void> = [];

  async function lookUp(client: webApi.WebClient, teamId: string, userId: string, log: Logger) {
    const key = `${teamId}:${userId}`;
    let name: string | undefined;
    try {
      const { user } = await client.users.info({ user: userId });
      name = displayNameOf({
        displayName: user?.profile?.display_name,
        realName: user?.profile?.real_name ?? user?.real_name,
        username: user?.name,
      });
    } catch (error) {
      log.warn({ err: error, userId }, "users.info failed; the person keeps the name known before");
      cache.set(key, { name: cache.get(key)?.name, until: clock.now() + failureTtlMs });
      return;
    }
    cache.set(key, { name, until: clock.now() + ttlMs });
    if (!name) return;
    try {
      await store({ ...slackActor(teamId, userId), displayName: name }, log);
    } catch (error) {
      log.error({ err: error, userId }, "could not store the person's display name");
    }
  }

  function pump(): void {
    while (running < concurrency && queue.length > 0) {
      const next = queue.shift()!;
      running += 1;
      void next().finally(() => {
        running -= 1;
        pump();
      });
    }
    if (running === 0 && queue.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  return {
    known(teamId, userId) {
      return cache.get(`${teamId}:${userId}`)?.name;
    },
    refresh(client, teamId, userId, log) {
      const key = `${teamId}:${userId}`;
      const hit = cache.get(key);
      if (wanted.has(key) || (hit && hit.until > clock.now())) return;
      wanted.add(key);
      queue.push(() => lookUp(client, teamId, userId, log).finally(() => wanted.delete(key)));
      pump();
    },
    idle() {
      if (running === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
