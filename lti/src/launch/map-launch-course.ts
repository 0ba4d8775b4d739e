import {
  type Actor,
  type Course,
  type CourseRole,
  createSpaceCourse,
  enterSpace,
  findSpaceCourse,
  type Prisma,
  type SpaceRef,
} from "@studyhall/core";
import type { LaunchClaims } from "./launch-claims.ts";
import { type LaunchRoleBasis, launchRole } from "./lti-roles.ts";

export type LaunchCourse =
  | { kind: "course"; course: Course; role: CourseRole; roleBasis: LaunchRoleBasis; created: boolean }
  /** A student (or anyone not staff) in a context no teacher has opened StudyHall in yet. */
  | { kind: "not-set-up" }
  /** A launch from outside any course (account or user navigation). */
  | { kind: "no-context" };

/** The person behind a launch, as a platform-neutral actor keyed by issuer + `sub` (never email). */
export function launchActor(claims: Pick<LaunchClaims, "issuer" | "subject" | "displayName">): Actor {
  return {
    platform: "LTI",
    tenant: claims.issuer,
    externalId: claims.subject,
    ...(claims.displayName ? { displayName: claims.displayName.slice(0, 200) } : {}),
  };
}

/**
 * Maps a verified launch to a StudyHall course and enrols the person: the LMS context is a
 * `CourseSpace` (LTI, tenant = issuer, id = context id), so two LMSs with the same context id map to
 * two courses. The first staff launch of a context creates its course; students of an unknown context
 * get `not-set-up`. Enrolment goes through core's enterSpace (source LTI): the launch states the
 * person's role, so a staff role an earlier launch or roster sync gave is lowered when this launch
 * says student; a role given by hand or by a chat platform is only ever raised.
 */
export async function mapLaunchCourse(db: Prisma, claims: LaunchClaims): Promise<LaunchCourse> {
  if (!claims.context) return { kind: "no-context" };
  const { role, basis } = launchRole(claims.roles);
  const actor = launchActor(claims);
  const space: SpaceRef = {
    platform: "LTI",
    tenant: claims.issuer,
    channelId: claims.context.id,
    ...(contextName(claims) ? { name: contextName(claims)!.slice(0, 200) } : {}),
  };
  let created = false;
  if (!(await findSpaceCourse(db, space))) {
    if (role !== "STAFF") return { kind: "not-set-up" };
    // Two teachers opening a new course at the same moment get one course: the other launch's.
    created = await createSpaceCourse(db, {
      space,
      kind: "LTI_CONTEXT",
      deploymentId: claims.deploymentId,
      fallbackName: "LMS course",
    });
  }
  const member = await enterSpace(db, {
    actor,
    space,
    platformStaff: role === "STAFF",
    platformStatesRole: true,
  });
  // The page's role is this launch's: an LMS student whom staff made staff by hand still sees the
  // student page when launching as a student.
  return { kind: "course", course: member.course, role, roleBasis: basis, created };
}

function contextName(claims: LaunchClaims): string | undefined {
  return claims.context?.title || claims.context?.label || undefined;
}
