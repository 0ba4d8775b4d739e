import type { CourseRole } from "@studyhall/core";

const LIS = "http://purl\\.imsglobal\\.org/vocab/lis/v2/";
const CONTEXT_ROLE = new RegExp(`^${LIS}membership(?:/(\\w+))?#(\\w+)$`);
const INSTITUTION_ROLE = new RegExp(`^${LIS}institution/person#(\\w+)$`);

/** Context and institution roles (principal names) that make someone course staff. */
const STAFF_ROLES = new Set(["Instructor", "TeachingAssistant", "Administrator"]);

/**
 * The role name a role URI stands for, for the vocabularies that count: context roles
 * (`membership#Instructor`, sub-roles as `membership/Instructor#TeachingAssistant`, and the short
 * names LTI 1.3 still allows for context roles) and institution roles (`institution/person#Administrator`).
 * System roles and anything else give none.
 */
function roleNames(uri: string): string[] {
  if (!uri.includes("/") && !uri.includes("#")) return [uri];
  const context = CONTEXT_ROLE.exec(uri);
  if (context) return context[1] ? [context[1], context[2]!] : [context[2]!];
  const institution = INSTITUTION_ROLE.exec(uri);
  return institution ? [institution[1]!] : [];
}

/**
 * StudyHall's role for an LTI launch: Instructor, TeachingAssistant or Administrator (as a context or
 * institution role) make course staff; everyone else (Learner, Mentor, a test student, no roles) is a
 * student.
 */
export function courseRoleFor(roles: readonly string[]): CourseRole {
  return roles.some((uri) => roleNames(uri.trim()).some((name) => STAFF_ROLES.has(name)))
    ? "STAFF"
    : "STUDENT";
}
