import type { Actor, SpaceRef } from "@studyhall/core";

// How Slack people, channels and threads map onto core's neutral terms. The tenant is the team id of
// the workspace where the request happened, so the same ids in two workspaces never meet.

/** The person behind a Slack user id in a workspace. */
export function slackActor(teamId: string, userId: string, displayName?: string): Actor {
  return {
    platform: "SLACK",
    tenant: teamId,
    externalId: userId,
    ...(displayName ? { displayName: displayName.slice(0, 200) } : {}),
  };
}

/** A Slack channel as a space that can be bound to a course. */
export function slackSpace(teamId: string, channelId: string, name?: string): SpaceRef {
  return {
    platform: "SLACK",
    tenant: teamId,
    channelId,
    ...(name ? { name: name.slice(0, 200) } : {}),
  };
}

/** The tutor conversation of a channel thread, keyed by the thread's root message. */
export function channelThreadKey(teamId: string, channelId: string, threadTs: string): string {
  return `slack:${teamId}:${channelId}:${threadTs}`;
}

/** The private tutor conversation in a person's DM with the app. */
export function dmThreadKey(teamId: string, userId: string): string {
  return `slack:${teamId}:dm:${userId}`;
}

/** Slack DM channel ids start with "D". */
export function isDirectMessageChannel(channelId: string): boolean {
  return channelId.startsWith("D");
}
