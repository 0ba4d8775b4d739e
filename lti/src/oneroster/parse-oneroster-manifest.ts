import { parseCsvRecords } from "@studyhall/core";
import { type FileMode, quote } from "./oneroster-columns.ts";
import { ONEROSTER_FILES, type OneRosterFileName } from "./oneroster-files.ts";
import type { OneRosterProblem } from "./oneroster-problems.ts";

export const MANIFEST_FILE = "manifest.csv";
/** The one version this reader knows: 1.1 sets put roles on users.csv, which 1.2 moved to enrollments. */
export const ONEROSTER_VERSION = "1.2";

export interface OneRosterManifest {
  manifestVersion: string;
  /** How each file StudyHall reads is given; a file the manifest does not name is absent. */
  files: Record<OneRosterFileName, FileMode>;
}

const MODES: readonly FileMode[] = ["bulk", "delta", "absent"];

/**
 * manifest.csv: `propertyName,value` rows naming the versions (manifest.version, oneroster.version)
 * and, for each file, `file.<name>` = bulk, delta or absent.
 */
export function parseOneRosterManifest(text: string): {
  manifest: OneRosterManifest | null;
  problems: OneRosterProblem[];
} {
  const file = MANIFEST_FILE;
  const csv = parseCsvRecords(text, ",");
  const problems: OneRosterProblem[] = csv.problems.map((p) => ({ file, line: p.line, message: p.message }));
  const [header, ...records] = csv.records;
  const names = header?.fields.map((f) => f.trim()) ?? [];
  if (names[0] !== "propertyName" || names[1] !== "value") {
    problems.push({ file, line: 1, message: "the header must be propertyName,value" });
    return { manifest: null, problems };
  }
  const properties = new Map<string, { value: string; line: number }>();
  for (const record of records) {
    const name = (record.fields[0] ?? "").trim();
    const value = (record.fields[1] ?? "").trim();
    const earlier = properties.get(name);
    if (earlier) {
      problems.push({
        file,
        line: record.line,
        column: "propertyName",
        message: `${name} is also on line ${earlier.line}`,
      });
      continue;
    }
    properties.set(name, { value, line: record.line });
  }

  const version = properties.get("oneroster.version");
  if (!version)
    problems.push({ file, message: `has no oneroster.version (it must be ${ONEROSTER_VERSION})` });
  else if (version.value !== ONEROSTER_VERSION)
    problems.push({
      file,
      line: version.line,
      column: "value",
      message: `oneroster.version is ${quote(version.value)}; StudyHall reads OneRoster ${ONEROSTER_VERSION} file sets`,
    });
  const manifestVersion = properties.get("manifest.version");
  if (!manifestVersion || manifestVersion.value === "")
    problems.push({ file, message: "has no manifest.version" });

  const files = {} as Record<OneRosterFileName, FileMode>;
  for (const name of ONEROSTER_FILES) {
    const entry = properties.get(`file.${name}`);
    const mode = (entry?.value.toLowerCase() ?? "absent") as FileMode;
    if (entry && !MODES.includes(mode)) {
      problems.push({
        file,
        line: entry.line,
        column: "value",
        message: `file.${name} is ${quote(entry.value)}; it must be bulk, delta or absent`,
      });
      files[name] = "absent";
    } else files[name] = mode;
  }
  if (problems.length > 0) return { manifest: null, problems };
  return { manifest: { manifestVersion: manifestVersion?.value ?? "", files }, problems };
}
