import type { DiscordCall, DispatchedInteraction } from "./fake-discord-types.ts";

/**
 * Every REST call the bot made to the fake Discord, in order, and the questions tests ask of them:
 * wait for a call, the calls of one interaction, and how fast a channel's messages were edited.
 */
export function createCallLog() {
  const calls: DiscordCall[] = [];
  const listeners = new Set<(call: DiscordCall) => void>();
  const editsOf = (channelId: string) =>
    calls
      .filter((c) => c.method === "PATCH" && c.path.startsWith(`/channels/${channelId}/messages/`))
      .map((c) => c.at);

  return {
    calls,
    record(call: DiscordCall): void {
      calls.push(call);
      for (const listener of listeners) listener(call);
    },
    channelEdits: editsOf,
    peakChannelEdits(channelId: string, windowMs = 5_000): number {
      const times = editsOf(channelId).sort((a, b) => a - b);
      let peak = 0;
      for (let i = 0, j = 0; j < times.length; j++) {
        while (times[j]! - times[i]! >= windowMs) i++;
        peak = Math.max(peak, j - i + 1);
      }
      return peak;
    },
    waitFor(predicate: (call: DiscordCall) => boolean, timeoutMs = 10_000): Promise<DiscordCall> {
      const found = calls.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(
            new Error(
              `no matching Discord call within ${timeoutMs} ms; calls: ${calls.map((c) => `${c.method} ${c.path}`).join(", ")}`,
            ),
          );
        }, timeoutMs);
        const listener = (call: DiscordCall) => {
          if (!predicate(call)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(call);
        };
        listeners.add(listener);
      });
    },
    callsFor: (interaction: DispatchedInteraction) => calls.filter((c) => c.path.includes(interaction.token)),
  };
}
