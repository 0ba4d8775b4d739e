// Gateway payloads shaped like Discord's (API v10), with stable names and fresh snowflake ids. The
// fake Discord server sends them; tests build interactions and messages with them.
import { SnowflakeUtil } from "discord.js";

/** A fresh, realistic snowflake (discord.js routes its rate-limit buckets by 17-19 digit ids). */
export function snowflake(): string {
  return SnowflakeUtil.generate().toString();
}

export interface FakeUser {
  id: string;
  username: string;
  /** The display name the person chose; their username when left out, none when null. */
  globalName?: string | null;
  bot?: boolean;
}

export interface FakeRole {
  id: string;
  name: string;
  /** Permission bits as a decimal string, as Discord sends them. */
  permissions: string;
}

export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  roles: FakeRole[];
  channels: Array<{ id: string; name: string }>;
}

/** Discord permission bits used by the tests. */
export const PERMISSIONS = {
  none: "0",
  /** Send messages, read history, use application commands: an ordinary member. */
  member: String((1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 31n)),
  manageGuild: String(1n << 5n),
} as const;

export function userObject(user: FakeUser) {
  return {
    id: user.id,
    username: user.username,
    global_name: user.globalName === undefined ? user.username : user.globalName,
    discriminator: "0",
    avatar: null,
    bot: user.bot ?? false,
    public_flags: 0,
  };
}

export function guildCreatePayload(guild: FakeGuild, bot: FakeUser) {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    owner_id: guild.ownerId,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    features: [],
    mfa_level: 0,
    system_channel_flags: 0,
    premium_tier: 0,
    preferred_locale: "en-US",
    nsfw_level: 0,
    unavailable: false,
    member_count: 2,
    large: false,
    joined_at: new Date().toISOString(),
    emojis: [],
    stickers: [],
    roles: [
      { id: guild.id, name: "@everyone", permissions: PERMISSIONS.member },
      ...guild.roles.map((r) => ({ id: r.id, name: r.name, permissions: r.permissions })),
    ].map((r, position) => ({
      ...r,
      color: 0,
      hoist: false,
      position,
      managed: false,
      mentionable: false,
      flags: 0,
    })),
    channels: guild.channels.map((c, position) => ({
      id: c.id,
      type: 0,
      guild_id: guild.id,
      name: c.name,
      position,
      permission_overwrites: [],
      nsfw: false,
      parent_id: null,
      rate_limit_per_user: 0,
    })),
    threads: [],
    members: [
      {
        user: userObject(bot),
        roles: [],
        joined_at: new Date().toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
      },
    ],
    voice_states: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [] as unknown[],
  };
}

export function readyPayload(
  bot: FakeUser,
  applicationId: string,
  guildIds: string[],
  shard: [number, number],
  url: string,
) {
  return {
    v: 10,
    user: { ...userObject(bot), bot: true, verified: true, mfa_enabled: false, flags: 0 },
    guilds: guildIds.map((id) => ({ id, unavailable: true })),
    session_id: `session-${shard[0]}-${snowflake()}`,
    resume_gateway_url: url,
    shard,
    application: { id: applicationId, flags: 0 },
  };
}

/** A Discord message object as the API returns and the gateway dispatches it. */
export function messageObject(input: {
  id?: string;
  channelId: string;
  guildId?: string;
  author: FakeUser;
  content: string;
  flags?: number;
  components?: unknown[];
  mentions?: FakeUser[];
  member?: { roles: string[] };
}) {
  return {
    id: input.id ?? snowflake(),
    type: 0,
    channel_id: input.channelId,
    ...(input.guildId
      ? {
          guild_id: input.guildId,
          member: {
            roles: input.member?.roles ?? [],
            joined_at: new Date().toISOString(),
            deaf: false,
            mute: false,
            flags: 0,
          },
        }
      : {}),
    author: userObject(input.author),
    content: input.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: (input.mentions ?? []).map(userObject),
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    flags: input.flags ?? 0,
    components: input.components ?? [],
  };
}

export function threadObject(input: {
  id: string;
  guildId: string;
  parentId: string;
  ownerId: string;
  name: string;
}) {
  return {
    id: input.id,
    type: 11,
    guild_id: input.guildId,
    parent_id: input.parentId,
    owner_id: input.ownerId,
    name: input.name,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    flags: 0,
    total_message_sent: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: 1440,
      archive_timestamp: new Date().toISOString(),
      locked: false,
    },
  };
}
