/** The names a platform knows a person by; any may be missing or blank. */
export interface PlatformNames {
  /** The name the person chose to be shown by (Slack's profile display name, a Discord nickname or global name). */
  displayName?: string | null | undefined;
  /** Their full name (Slack's profile real name, an LMS's name). */
  realName?: string | null | undefined;
  /** Their handle ("ada.01"): unique but not how classmates know them. */
  username?: string | null | undefined;
}

const MAX_NAME = 200;

/**
 * The one rule for the name StudyHall shows of a person on leaderboards, podiums, reports and exports:
 * their display name, else their real name, else their username; undefined when all are blank.
 */
export function displayNameOf(names: PlatformNames): string | undefined {
  for (const name of [names.displayName, names.realName, names.username]) {
    const trimmed = name?.trim();
    if (trimmed) return trimmed.slice(0, MAX_NAME);
  }
  return undefined;
}
