import { parseCsvRecords } from "@studyhall/core";
import { quote } from "./oneroster-columns.ts";
import type { FileSpec } from "./oneroster-files.ts";
import type { OneRosterProblem } from "./oneroster-problems.ts";

/**
 * Reads one CSV file of the set (RFC 4180, comma-separated, a header row first): checks the header
 * names every required column once, then each row against the file's schema. Every problem names the
 * file, the line and the column; rows with problems are left out, and the caller refuses the set.
 */
export function parseOneRosterFile<Row extends { sourcedId: string }>(
  file: string,
  text: string,
  spec: FileSpec<Row>,
): { rows: Row[]; problems: OneRosterProblem[] } {
  const csv = parseCsvRecords(text, ",");
  const problems: OneRosterProblem[] = csv.problems.map((p) => ({ file, line: p.line, message: p.message }));
  const [headerRecord, ...records] = csv.records;
  if (!headerRecord) {
    problems.push({ file, message: `is empty; it needs its header row (${spec.required.join(",")})` });
    return { rows: [], problems };
  }
  const header = headerRecord.fields.map((name) => name.trim());
  const headerProblems = checkHeader(file, header, spec.required);
  if (headerProblems.length > 0) return { rows: [], problems: [...problems, ...headerProblems] };

  const columns = [...spec.required, ...spec.optional];
  const rows: Row[] = [];
  const firstLine = new Map<string, number>();
  for (const record of records) {
    if (record.fields.length > header.length) {
      problems.push({
        file,
        line: record.line,
        message: `has ${record.fields.length} values but the header names ${header.length} columns`,
      });
      continue;
    }
    const values: Record<string, string> = {};
    for (const column of columns) values[column] = "";
    header.forEach((name, i) => {
      values[name] = (record.fields[i] ?? "").trim();
    });
    const parsed = spec.row.safeParse(values);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({
          file,
          line: record.line,
          column: String(issue.path[0] ?? ""),
          message: issue.message,
        });
      continue;
    }
    const seen = firstLine.get(parsed.data.sourcedId);
    if (seen !== undefined) {
      problems.push({
        file,
        line: record.line,
        column: "sourcedId",
        message: `${quote(parsed.data.sourcedId)} is also on line ${seen}; each row needs its own sourcedId`,
      });
      continue;
    }
    firstLine.set(parsed.data.sourcedId, record.line);
    rows.push({ ...parsed.data, line: record.line } as unknown as Row);
  }
  return { rows, problems };
}

function checkHeader(file: string, header: string[], required: string[]): OneRosterProblem[] {
  const problems: OneRosterProblem[] = [];
  const counts = new Map<string, number>();
  for (const name of header) counts.set(name, (counts.get(name) ?? 0) + 1);
  const twice = [...counts].filter(([name, n]) => n > 1 && name !== "").map(([name]) => name);
  if (twice.length > 0)
    problems.push({ file, line: 1, message: `the header names ${twice.join(", ")} more than once` });
  const missing = required.filter((name) => !counts.has(name));
  if (missing.length > 0)
    problems.push({
      file,
      line: 1,
      message: `the header has no ${missing.join(", ")} column${missing.length === 1 ? "" : "s"} (OneRoster 1.2 requires ${missing.length === 1 ? "it" : "them"})`,
    });
  return problems;
}
