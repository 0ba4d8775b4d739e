/**
 * Bot scopes the app asks for (the same list as manifest.yml): mentions, channel/DM messages for
 * follow-ups and private tutoring, posting and updating answers, the slash command, shared files, and
 * users.info to tell workspace admins.
 */
export const BOT_SCOPES = [
  "app_mentions:read",
  "channels:history",
  "groups:history",
  "im:history",
  "chat:write",
  "commands",
  "files:read",
  "users:read",
] as const;
