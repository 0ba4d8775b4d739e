import type { CourseRole } from "@studyhall/core";

const LIS = "http://purl\\.imsglobal\\.org/vocab/lis/v2/";
/** `membership#Instructor`, or a sub-role `membership/Instructor#TeachingAssistant` (principal first). */
const CONTEXT_ROLE = new RegExp(`^${LIS}membership(?:/(\\w+))?#(\\w+)$`);
const INSTITUTION_ROLE = new RegExp(`^${LIS}institution/person#(\\w+)$`);
const SYSTEM_ROLE = new RegExp(`^${LIS}system/person#(\\w+)$`);

/**
 * Context roles that make someone staff of the course: teachers, teaching assistants (Canvas sends
 * `membership#TeachingAssistant` as well as the sub-role of Instructor), the course's own
 * administrators, and content developers (Canvas "designers", who build the course).
 */
const STAFF_CONTEXT_ROLES = new Set(["Instructor", "TeachingAssistant", "Administrator", "ContentDeveloper"]);
/** Institution roles of an LMS administrator (a Canvas account admin, a Moodle site admin). */
const ADMIN_INSTITUTION_ROLES = new Set(["Administrator"]);
/** System roles of an LMS administrator (Canvas sends `SysAdmin` for its site admins). */
const ADMIN_SYSTEM_ROLES = new Set(["Administrator", "SysAdmin"]);

/**
 * What decided a launch's role: the person's roles in this course (`context`), an LMS administrator's
 * role with no role in the course (`administrator`), or nothing that counts (`none`: a student).
 */
export type LaunchRoleBasis = "context" | "administrator" | "none";

/**
 * The principal context role named by a role URI: `Instructor` for `membership#Instructor` and for
 * `membership/Instructor#TeachingAssistant` (a sub-role belongs to its principal role, so
 * `membership/Learner#Instructor` is a Learner). LTI 1.3 still allows bare names for context roles.
 * Institution and system roles, and look-alike URIs, name no context role.
 */
function contextRoleName(uri: string): string | null {
  if (/^\w+$/.test(uri)) return uri;
  const match = CONTEXT_ROLE.exec(uri);
  if (!match) return null;
  const [, principal, name] = match;
  return principal ?? name!;
}

function isAdministrator(uri: string): boolean {
  const institution = INSTITUTION_ROLE.exec(uri);
  if (institution) return ADMIN_INSTITUTION_ROLES.has(institution[1]!);
  const system = SYSTEM_ROLE.exec(uri);
  return system ? ADMIN_SYSTEM_ROLES.has(system[1]!) : false;
}

/**
 * StudyHall's course role for the roles of an LTI launch or an NRPS member. Only context (membership)
 * roles decide: Instructor, TeachingAssistant, Administrator or ContentDeveloper make course staff,
 * anything else (Learner, Mentor, a test student) a student. Institution roles never count when there
 * is a context role: Canvas sends `institution/person#Instructor` to everyone who teaches any course,
 * also in the courses where they are a Learner. The one exception: a launch with no context role at
 * all from an LMS administrator (institution or system Administrator, Canvas SysAdmin) is staff, since
 * only administrators can open a course they are not enrolled in (Canvas account admins, Moodle site
 * admins).
 */
export function launchRole(roles: readonly string[]): { role: CourseRole; basis: LaunchRoleBasis } {
  const uris = roles.map((uri) => uri.trim());
  const context = uris.flatMap((uri) => contextRoleName(uri) ?? []);
  if (context.length > 0) {
    return {
      role: context.some((name) => STAFF_CONTEXT_ROLES.has(name)) ? "STAFF" : "STUDENT",
      basis: "context",
    };
  }
  if (uris.some(isAdministrator)) return { role: "STAFF", basis: "administrator" };
  return { role: "STUDENT", basis: "none" };
}

/** The course role of {@link launchRole}. */
export function courseRoleFor(roles: readonly string[]): CourseRole {
  return launchRole(roles).role;
}
