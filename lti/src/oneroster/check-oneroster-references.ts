import { quote } from "./oneroster-columns.ts";
import type { OneRosterFileName, OneRosterRows } from "./oneroster-files.ts";
import type { OneRosterProblem } from "./oneroster-problems.ts";

/**
 * References that must resolve. Checked only against a file given in full (bulk) and read without
 * problems (`complete`): a delta set may refer to a class or a person an earlier set gave.
 */
export function checkReferences(rows: OneRosterRows, complete: Set<OneRosterFileName>): OneRosterProblem[] {
  const problems: OneRosterProblem[] = [];
  const known = (name: OneRosterFileName) =>
    complete.has(name) ? new Set(rows[name].map((r) => r.sourcedId)) : null;
  const check = (
    file: string,
    line: number,
    column: string,
    ids: string[],
    target: OneRosterFileName,
    set: Set<string> | null,
  ) => {
    if (!set) return;
    for (const id of ids)
      if (!set.has(id))
        problems.push({ file, line, column, message: `${quote(id)} is not a sourcedId in ${target}.csv` });
  };
  const orgs = known("orgs");
  const sessions = known("academicSessions");
  const courses = known("courses");
  for (const c of rows.classes) {
    check("classes.csv", c.line, "schoolSourcedId", [c.schoolSourcedId], "orgs", orgs);
    check("classes.csv", c.line, "termSourcedIds", c.termSourcedIds, "academicSessions", sessions);
    check("classes.csv", c.line, "courseSourcedId", [c.courseSourcedId], "courses", courses);
  }
  const classes = known("classes");
  const users = known("users");
  for (const e of rows.enrollments) {
    check("enrollments.csv", e.line, "classSourcedId", [e.classSourcedId], "classes", classes);
    check("enrollments.csv", e.line, "userSourcedId", [e.userSourcedId], "users", users);
    check("enrollments.csv", e.line, "schoolSourcedId", [e.schoolSourcedId], "orgs", orgs);
  }
  return problems;
}
