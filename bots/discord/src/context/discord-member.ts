import { type Actor, displayNameOf, type PlatformNames, type SpaceRef } from "@studyhall/core";
import {
  type BaseInteraction,
  type Channel,
  type Guild,
  GuildMember,
  type Message,
  PermissionFlagsBits,
  type PermissionsBitField,
  type Role,
} from "discord.js";

/** Who acts and where, in core's terms, plus whether Discord says they manage the space. */
export interface DiscordPlace {
  actor: Actor;
  /** The channel's space (a thread's parent channel); null in DMs. */
  space: SpaceRef | null;
  /** Manage Server, or the configured course-staff role. */
  platformStaff: boolean;
  /** The thread the person is in, if any. */
  threadId: string | null;
}

/** The place of an interaction. Discord user ids are global, so the actor's tenant is "". */
export function placeOfInteraction(
  interaction: BaseInteraction,
  staffRole: string | undefined,
): DiscordPlace {
  const { user, guildId, channelId } = interaction;
  const actor = actorOf(user.id, {
    displayName: nicknameOf(interaction.member) ?? user.globalName,
    username: user.username,
  });
  if (!guildId || !channelId) return { actor, space: null, platformStaff: false, threadId: null };
  const thread = threadParent(interaction.channel);
  const roles = roleIdsOf(interaction.member);
  return {
    actor,
    space: { platform: "DISCORD", tenant: guildId, channelId: thread?.parentId ?? channelId },
    platformStaff:
      hasManageGuild(interaction.memberPermissions) || hasStaffRole(roles, interaction.guild, staffRole),
    threadId: thread ? channelId : null,
  };
}

/** The place of a message (thread follow-ups, mentions, DMs). */
export function placeOfMessage(message: Message, staffRole: string | undefined): DiscordPlace {
  const actor = actorOf(message.author.id, {
    displayName: message.member?.nickname ?? message.author.globalName,
    username: message.author.username,
  });
  if (!message.guildId) return { actor, space: null, platformStaff: false, threadId: null };
  const thread = threadParent(message.channel);
  const member = message.member;
  let permissions: Readonly<PermissionsBitField> | null = null;
  try {
    permissions = member?.permissions ?? null;
  } catch {
    // Permissions need the guild's roles in cache; without them the person is treated as a member.
  }
  return {
    actor,
    space: { platform: "DISCORD", tenant: message.guildId, channelId: thread?.parentId ?? message.channelId },
    platformStaff: hasManageGuild(permissions) || hasStaffRole(roleIdsOf(member), message.guild, staffRole),
    threadId: thread ? message.channelId : null,
  };
}

/**
 * The member's team in a live quiz with teams from roles: their highest role named "Team …" (role
 * names come from the guild's cache; the member's role ids from the interaction). Null without one.
 */
export function teamRoleOf(interaction: BaseInteraction): string | null {
  const roles = roleIdsOf(interaction.member)
    .map((id) => interaction.guild?.roles.cache.get(id))
    .filter((role): role is Role => role !== undefined && /^team\s+\S/i.test(role.name))
    .sort((a, b) => b.position - a.position);
  return roles[0]?.name ?? null;
}

/** Named by core's rule: the server nickname or global display name, else the username. */
function actorOf(id: string, names: PlatformNames): Actor {
  const displayName = displayNameOf(names);
  return { platform: "DISCORD", tenant: "", externalId: id, ...(displayName ? { displayName } : {}) };
}

/** The nickname the person has in this server: a cached member's, or the interaction's raw `nick`. */
function nicknameOf(member: BaseInteraction["member"]): string | null {
  if (!member) return null;
  return member instanceof GuildMember ? member.nickname : (member.nick ?? null);
}

function hasManageGuild(permissions: Readonly<PermissionsBitField> | null | undefined): boolean {
  return permissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
}

/** The configured staff role matches by id, or by name (case-insensitive) through the guild's roles. */
function hasStaffRole(roleIds: string[], guild: Guild | null, staffRole: string | undefined): boolean {
  if (!staffRole) return false;
  const wanted = staffRole.trim().toLowerCase();
  return roleIds.some((id) => id === staffRole || guild?.roles.cache.get(id)?.name.toLowerCase() === wanted);
}

function roleIdsOf(member: BaseInteraction["member"] | Message["member"]): string[] {
  if (!member) return [];
  if (member instanceof GuildMember) return [...member.roles.cache.keys()];
  return Array.isArray(member.roles) ? member.roles : [];
}

/** The thread's parent channel when `channel` is a thread (interactions add their channel to the cache). */
function threadParent(channel: Channel | null): { parentId: string } | null {
  return channel?.isThread() && channel.parentId ? { parentId: channel.parentId } : null;
}
