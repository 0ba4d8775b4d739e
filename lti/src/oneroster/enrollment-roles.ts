/** A person's part in one class, as StudyHall's courses know it. */
export type ClassRole = "STAFF" | "STUDENT";

/**
 * OneRoster 1.2's enrollment roles. A student takes the class. A teacher (co-teachers too) runs it; an
 * administrator enrolled in a class (a principal, a department head) and a proctor (who supervises its
 * tests) oversee it rather than take it, so all three get the class's staff view: its roster, materials
 * and quizzes. Anything else (1.1's aide, guardian or parent, an ext: role) is not guessed at: the row
 * is reported and skipped.
 */
const ROLES: Readonly<Record<string, ClassRole>> = {
  student: "STUDENT",
  teacher: "STAFF",
  administrator: "STAFF",
  proctor: "STAFF",
};

export const KNOWN_ENROLLMENT_ROLES = Object.keys(ROLES);

/** The class role for an enrollment's role as written (case does not matter), or null when unknown. */
export function classRoleOf(role: string): ClassRole | null {
  return ROLES[role.trim().toLowerCase()] ?? null;
}
