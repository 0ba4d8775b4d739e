import { checkReferences } from "./check-oneroster-references.ts";
import { type ClassRole, classRoleOf, KNOWN_ENROLLMENT_ROLES } from "./enrollment-roles.ts";
import { type FileMode, quote } from "./oneroster-columns.ts";
import {
  type EnrollmentRow,
  fileSpecs,
  ONEROSTER_FILES,
  type OneRosterFileName,
  type OneRosterRows,
} from "./oneroster-files.ts";
import { malformedOneRosterSet, type OneRosterProblem } from "./oneroster-problems.ts";
import { parseOneRosterFile } from "./parse-oneroster-file.ts";
import { MANIFEST_FILE, parseOneRosterManifest } from "./parse-oneroster-manifest.ts";
import type { OneRosterFiles } from "./read-oneroster-source.ts";

/** An enrollment whose role StudyHall knows. */
export interface ClassEnrollment extends EnrollmentRow {
  classRole: ClassRole;
}

/** A set that passed every check: its rows, and the rows reported and skipped (unknown roles). */
export interface OneRosterSet {
  /** bulk: the whole district as it is now; delta: only what changed since the last set. */
  mode: "bulk" | "delta";
  files: Record<OneRosterFileName, FileMode>;
  rows: Omit<OneRosterRows, "enrollments"> & { enrollments: ClassEnrollment[] };
  /** Rows left out and why, for the report; they do not stop the import. */
  skipped: OneRosterProblem[];
}

/** A bulk set replaces a district's classes and rosters, so it must give all three of these. */
const BULK_REQUIRED: readonly OneRosterFileName[] = ["classes", "users", "enrollments"];

/**
 * Reads and checks a whole OneRoster 1.2 set: the manifest, each file it gives (header, then rows),
 * and, where the referenced file is given in full, that classes name known schools, terms and courses
 * and enrollments known classes and people. Throws one refusal listing every problem, so nothing is
 * applied from a malformed set.
 */
export function parseOneRosterSet(files: OneRosterFiles): OneRosterSet {
  const manifestBytes = files.get(MANIFEST_FILE);
  if (!manifestBytes)
    throw malformedOneRosterSet([
      { file: MANIFEST_FILE, message: "is missing; every OneRoster set starts with its manifest" },
    ]);
  const problems: OneRosterProblem[] = [];
  const { manifest, problems: manifestProblems } = parseOneRosterManifest(
    decode(MANIFEST_FILE, manifestBytes, problems) ?? "",
  );
  if (!manifest) throw malformedOneRosterSet([...problems, ...manifestProblems]);
  const modes = manifest.files;
  const mode = Object.values(modes).includes("delta") ? "delta" : "bulk";
  if (mode === "bulk")
    for (const name of BULK_REQUIRED)
      if (modes[name] === "absent")
        problems.push({
          file: MANIFEST_FILE,
          message: `file.${name} is absent; a bulk set must give ${BULK_REQUIRED.join(", ")} (a delta set gives only changes)`,
        });

  const specs = fileSpecs((name) => modes[name]);
  const rows = Object.fromEntries(ONEROSTER_FILES.map((name) => [name, []])) as unknown as OneRosterRows;
  // References are checked only against files read without problems: rows left out of a broken file
  // would otherwise be reported again as missing wherever they are referred to.
  const complete = new Set<OneRosterFileName>();
  for (const name of ONEROSTER_FILES) {
    if (modes[name] === "absent") continue;
    const file = `${name}.csv`;
    const bytes = files.get(file);
    if (!bytes) {
      problems.push({
        file,
        message: `is missing, but ${MANIFEST_FILE} says file.${name} is ${modes[name]}`,
      });
      continue;
    }
    const text = decode(file, bytes, problems);
    if (text === null) continue;
    const parsed = parseOneRosterFile(file, text, specs[name] as never);
    (rows as unknown as Record<string, unknown[]>)[name] = parsed.rows;
    problems.push(...parsed.problems);
    if (parsed.problems.length === 0 && modes[name] === "bulk") complete.add(name);
  }
  problems.push(...checkReferences(rows, complete));
  if (problems.length > 0) throw malformedOneRosterSet(problems);

  const skipped: OneRosterProblem[] = [];
  const enrollments: ClassEnrollment[] = [];
  for (const row of rows.enrollments) {
    const classRole = classRoleOf(row.role);
    if (classRole) enrollments.push({ ...row, classRole });
    else
      skipped.push({
        file: "enrollments.csv",
        line: row.line,
        column: "role",
        message: `${quote(row.role)} is not a role StudyHall takes from a class (${KNOWN_ENROLLMENT_ROLES.join(", ")}); the row was skipped`,
      });
  }
  return { mode, files: modes, rows: { ...rows, enrollments }, skipped };
}

function decode(file: string, bytes: Uint8Array, problems: OneRosterProblem[]): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    problems.push({ file, message: "is not UTF-8 text; export it again as UTF-8 (CSV UTF-8)" });
    return null;
  }
}
