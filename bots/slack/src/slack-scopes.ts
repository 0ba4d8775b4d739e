/**
 * Bot scopes the app asks for (the same list as manifest.yml): mentions, channel/DM messages for
 * follow-ups and private tutoring, posting and updating answers, the slash command, shared files,
 * users.info to tell workspace admins, channels:read and groups:read to tell whether someone linking a
 * channel with a code is in it (conversations.members), and for live quizzes: "Team …" user groups, and quiz results
 * exported as a file into a staff member's DM (im:write opens the DM, files:write uploads).
 */
export const BOT_SCOPES = [
  "app_mentions:read",
  "channels:history",
  "groups:history",
  "im:history",
  "chat:write",
  "commands",
  "files:read",
  "files:write",
  "im:write",
  "users:read",
  "usergroups:read",
  "channels:read",
  "groups:read",
] as const;
