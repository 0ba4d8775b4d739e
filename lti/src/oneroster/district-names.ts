import type { ClassRow, OneRosterRows, UserRow } from "./oneroster-files.ts";

/** As long as a name, a school or a term StudyHall stores (core's district roster schema). */
const MAX_NAME_CHARS = 200;

const fit = (text: string) => text.slice(0, MAX_NAME_CHARS).trim();

/**
 * A person's name as they go by it: the preferred given and family names when the set has them, else
 * the legal ones. No name at all stays no name (never the username or email in its place). A name too
 * long to store is cut short rather than refusing the district's import over it.
 */
export function personName(user: UserRow): string | undefined {
  const given = user.preferredGivenName || user.givenName;
  const family = user.preferredFamilyName || user.familyName;
  const name = fit([given, family].filter((part) => part !== "").join(" "));
  return name === "" ? undefined : name;
}

/** Looks up the school and term titles a class refers to, from the set's orgs and academicSessions. */
export function classNamer(rows: Pick<OneRosterRows, "orgs" | "academicSessions">) {
  const schools = new Map(rows.orgs.map((o) => [o.sourcedId, o.name]));
  const terms = new Map(rows.academicSessions.map((s) => [s.sourcedId, s.title]));
  return (row: ClassRow) => {
    const schoolName = schools.get(row.schoolSourcedId);
    // A class over two terms (a year-long class given as fall and spring) names both.
    const termName = row.termSourcedIds
      .map((id) => terms.get(id))
      .filter((title): title is string => title !== undefined)
      .join(", ");
    return {
      externalId: row.sourcedId,
      name: fit(row.title),
      ...(schoolName ? { schoolName: fit(schoolName) } : {}),
      ...(termName ? { termName: fit(termName) } : {}),
    };
  };
}
