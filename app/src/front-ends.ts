import type { Config } from "./config.ts";

export interface FrontEndStatus {
  name: "Slack" | "Discord" | "LTI";
  on: boolean;
  /** Why it is off, phrased as what to do about it. */
  reason?: string;
}

/**
 * Which front ends this process serves. A front end is on when its settings are present and its
 * adapter is part of this build; otherwise the reason says what is missing.
 */
export function frontEndStatus(
  config: Readonly<Config>,
  available: ReadonlySet<FrontEndStatus["name"]>,
): FrontEndStatus[] {
  const missing = (pairs: Array<[string, string | undefined]>) => pairs.filter(([, v]) => !v).map(([k]) => k);
  const candidates: Array<{ name: FrontEndStatus["name"]; missing: string[] }> = [
    {
      name: "Slack",
      missing: missing([
        ["SLACK_SIGNING_SECRET", config.slack.signingSecret],
        ["SLACK_BOT_TOKEN", config.slack.botToken],
      ]),
    },
    {
      name: "Discord",
      missing: missing([
        ["DISCORD_TOKEN", config.discord.token],
        ["DISCORD_APPLICATION_ID", config.discord.applicationId],
      ]),
    },
    { name: "LTI", missing: missing([["LTI_ENCRYPTION_KEY", config.lti.encryptionKey]]) },
  ];
  return candidates.map(({ name, missing: unset }) => {
    if (unset.length > 0) return { name, on: false, reason: `set ${unset.join(" and ")}` };
    if (!available.has(name)) return { name, on: false, reason: "not part of this version yet" };
    return { name, on: true };
  });
}
