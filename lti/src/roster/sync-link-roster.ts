import {
  type Logger,
  type Prisma,
  type RosterMember,
  type RosterSyncResult,
  syncRoster,
} from "@studyhall/core";
import { courseRoleFor } from "../launch/lti-roles.ts";
import { fetchMemberships, type NrpsMember } from "../services/nrps-client.ts";
import type { ServiceTokens } from "../services/service-token.ts";
import { describeRosterFailure, NRPS_NOT_OFFERED, type RosterFailure } from "./roster-failure.ts";

export interface RosterSyncDeps {
  db: Prisma;
  tokens: ServiceTokens;
  log: Logger;
  now: () => number;
  /** Calls to the LMS; default lms-fetch.ts's, with its deadline. */
  fetch?: typeof globalThis.fetch;
  /** This run's job signal: aborts the NRPS calls in flight once the run lost its job. */
  signal?: AbortSignal;
}

export type LinkRosterOutcome =
  | { kind: "synced"; result: RosterSyncResult; invalid: number; pages: number }
  | { kind: "failed"; failure: RosterFailure }
  | { kind: "gone" };

/**
 * Syncs the roster of one LMS context (an LtiCourseLink) into its course: reads the whole NRPS
 * membership, maps roles as a launch does, and applies it with core's syncRoster for platform LTI and
 * the platform's issuer as tenant. Records the outcome on the link (rosterSyncedAt, or rosterSyncError)
 * and returns it; never throws for the platform's failures, so the job decides about retrying.
 */
export async function syncLinkRoster(deps: RosterSyncDeps, linkId: string): Promise<LinkRosterOutcome> {
  const link = await deps.db.ltiCourseLink.findUnique({ where: { id: linkId }, include: { platform: true } });
  if (!link) return { kind: "gone" };
  const log = deps.log.child({ linkId, courseId: link.courseId, issuer: link.platform.issuer });
  const startedAt = new Date(deps.now());
  if (!link.membershipsUrl) {
    await recordFailure(deps.db, linkId, NRPS_NOT_OFFERED);
    return { kind: "failed", failure: { message: NRPS_NOT_OFFERED, transient: false } };
  }
  await deps.db.ltiCourseLink.update({ where: { id: linkId }, data: { rosterSyncStartedAt: startedAt } });
  try {
    const memberships = await fetchMemberships(
      {
        tokens: deps.tokens,
        log,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        ...(deps.signal ? { signal: deps.signal } : {}),
      },
      { platformId: link.platformId, membershipsUrl: link.membershipsUrl },
    );
    const result = await syncRoster(
      deps.db,
      {
        courseId: link.courseId,
        platform: "LTI",
        tenant: link.platform.issuer,
        members: memberships.members.map(toRosterMember),
        complete: isComplete(memberships),
        retainExternalIds: await liveStaffSubjects(deps, link),
      },
      { now: startedAt },
    );
    await deps.db.ltiCourseLink.update({
      where: { id: linkId },
      data: { rosterSyncedAt: new Date(deps.now()), rosterSyncError: null },
    });
    log.info({ ...result, invalid: memberships.invalid, pages: memberships.pages }, "LTI roster synced");
    return { kind: "synced", result, invalid: memberships.invalid, pages: memberships.pages };
  } catch (error) {
    const failure = describeRosterFailure(error);
    await recordFailure(deps.db, linkId, failure.message);
    log[failure.transient ? "warn" : "error"](
      { err: error, transient: failure.transient },
      "LTI roster sync failed",
    );
    return { kind: "failed", failure };
  }
}

/**
 * Whether absence from this roster means someone left. Not when entries could not be read (they may be
 * the absent people), nor when it lists no active member at all: a course without even its teacher is a
 * platform fault, and trusting it would mark the whole class removed.
 */
function isComplete(memberships: { members: NrpsMember[]; invalid: number }): boolean {
  return memberships.invalid === 0 && memberships.members.some((m) => m.status === "Active");
}

/** An NRPS member as core's platform-neutral roster member (no email: people are keyed on `sub`). */
export function toRosterMember(member: NrpsMember): RosterMember {
  const fullName = [member.given_name, member.family_name].filter(Boolean).join(" ");
  const displayName = (member.name || fullName).trim().slice(0, 200);
  return {
    externalId: member.user_id,
    ...(displayName ? { displayName } : {}),
    role: courseRoleFor(member.roles),
    active: member.status === "Active",
  };
}

/**
 * People with a live staff launch in this context: the LMS let them in (an administrator opening any
 * course), so they stay enrolled though NRPS, which lists enrolments only, does not name them.
 */
async function liveStaffSubjects(
  deps: RosterSyncDeps,
  link: { platformId: string; contextId: string },
): Promise<string[]> {
  const launches = await deps.db.ltiLaunch.findMany({
    where: {
      platformId: link.platformId,
      contextId: link.contextId,
      role: "STAFF",
      expiresAt: { gt: new Date(deps.now()) },
    },
    select: { subject: true },
    distinct: ["subject"],
  });
  return launches.map((l) => l.subject);
}

async function recordFailure(db: Prisma, linkId: string, message: string): Promise<void> {
  await db.ltiCourseLink.updateMany({ where: { id: linkId }, data: { rosterSyncError: message } });
}
