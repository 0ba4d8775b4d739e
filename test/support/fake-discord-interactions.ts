// INTERACTION_CREATE payloads (API v10) for the fake Discord server: slash commands, autocomplete,
// buttons and modal submits, in a guild channel, a thread or a DM.
import { type FakeUser, PERMISSIONS, snowflake, userObject } from "./fake-discord-payloads.ts";

/** Where an interaction happens and who starts it. */
export interface InteractionPlace {
  user: FakeUser;
  /** Absent for DMs. */
  guildId?: string;
  channelId: string;
  /** Set when the channel is a thread: its parent channel. */
  parentId?: string;
  /** The member's permission bits in the channel (decimal string); an ordinary member by default. */
  permissions?: string;
  roles?: string[];
  /** The member's nickname in this server. */
  nick?: string;
}

export interface CommandOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: CommandOption[];
}

export const OPTION = { subcommand: 1, string: 3, boolean: 5, user: 6, attachment: 11 } as const;

export interface FakeAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  content_type?: string;
}

/** A fresh interaction token; pass one to slashCommand to aim injected failures at its webhook. */
export function interactionToken(): string {
  return `itoken-${snowflake()}`;
}

/** The parts every interaction shares; `token` and `id` are fresh each time. */
export function interactionBase(
  applicationId: string,
  type: number,
  place: InteractionPlace,
  token?: string,
) {
  const common = {
    id: snowflake(),
    application_id: applicationId,
    type,
    token: token ?? interactionToken(),
    version: 1,
    channel_id: place.channelId,
    locale: "en-US",
    entitlements: [],
    app_permissions: PERMISSIONS.member,
    attachment_size_limit: 10 * 1024 * 1024,
  };
  if (!place.guildId) {
    return {
      ...common,
      user: userObject(place.user),
      channel: { id: place.channelId, type: 1, recipients: [userObject(place.user)], last_message_id: null },
      context: 1,
      authorizing_integration_owners: { "0": place.user.id },
    };
  }
  return {
    ...common,
    guild_id: place.guildId,
    guild: { id: place.guildId, locale: "en-US", features: [] },
    guild_locale: "en-US",
    channel: place.parentId
      ? { id: place.channelId, type: 11, guild_id: place.guildId, parent_id: place.parentId, name: "thread" }
      : { id: place.channelId, type: 0, guild_id: place.guildId, name: "channel", nsfw: false, position: 0 },
    member: {
      user: userObject(place.user),
      roles: place.roles ?? [],
      permissions: place.permissions ?? PERMISSIONS.member,
      joined_at: new Date().toISOString(),
      nick: place.nick ?? null,
      avatar: null,
      premium_since: null,
      pending: false,
      deaf: false,
      mute: false,
      flags: 0,
    },
    context: 0,
    authorizing_integration_owners: { "0": place.guildId },
  };
}

/**
 * A slash command (type 2). `attachments` become `data.resolved.attachments`, `users` (the people
 * named by user options) `data.resolved.users`.
 */
export function slashCommandPayload(
  applicationId: string,
  place: InteractionPlace,
  command: {
    name: string;
    options?: CommandOption[];
    attachments?: FakeAttachment[];
    users?: FakeUser[];
    token?: string;
  },
) {
  return {
    ...interactionBase(applicationId, 2, place, command.token),
    data: {
      id: snowflake(),
      name: command.name,
      type: 1,
      options: command.options ?? [],
      ...(place.guildId ? { guild_id: place.guildId } : {}),
      ...(command.attachments || command.users
        ? {
            resolved: {
              ...(command.attachments
                ? {
                    attachments: Object.fromEntries(
                      command.attachments.map((a) => [a.id, { ...a, proxy_url: a.url, ephemeral: true }]),
                    ),
                  }
                : {}),
              ...(command.users
                ? { users: Object.fromEntries(command.users.map((u) => [u.id, userObject(u)])) }
                : {}),
            },
          }
        : {}),
    },
  };
}

/** An autocomplete request (type 4): the focused option carries what the person typed so far. */
export function autocompletePayload(
  applicationId: string,
  place: InteractionPlace,
  command: { name: string; options: CommandOption[] },
) {
  return {
    ...interactionBase(applicationId, 4, place),
    data: { id: snowflake(), name: command.name, type: 1, options: command.options },
  };
}

/** A button click (type 3) on `message`. */
export function buttonPayload(
  applicationId: string,
  place: InteractionPlace,
  customId: string,
  message: unknown,
) {
  return {
    ...interactionBase(applicationId, 3, place),
    data: { custom_id: customId, component_type: 2 },
    message,
  };
}

/** A string select menu's submission (type 3 with component type 3) on `message`. */
export function selectMenuPayload(
  applicationId: string,
  place: InteractionPlace,
  customId: string,
  values: string[],
  message: unknown,
) {
  return {
    ...interactionBase(applicationId, 3, place),
    data: { custom_id: customId, component_type: 3, values },
    message,
  };
}

/**
 * A modal submit (type 5); `components` as Discord sends them (label or action-row wrapped). A modal
 * opened from a message's button carries that `message`, which the submit may update.
 */
export function modalSubmitPayload(
  applicationId: string,
  place: InteractionPlace,
  customId: string,
  components: unknown[],
  message?: unknown,
) {
  return {
    ...interactionBase(applicationId, 5, place),
    data: { custom_id: customId, components },
    ...(message ? { message } : {}),
  };
}
