// What the district benchmarks (clever-sync.ts, oneroster-import.ts) print of a sync report.
import type { DistrictSyncReport } from "../core/src/index.ts";

/** A report's counts, without its errors and duration. */
export function counts(
  report: DistrictSyncReport,
): Pick<DistrictSyncReport, "sections" | "enrollments" | "people"> {
  return { sections: report.sections, enrollments: report.enrollments, people: report.people };
}

export const ms = (value: number) => `${Math.round(value)} ms`;

/** a / b to one decimal: the side-by-side ratios BENCHMARKS.md reports. */
export const ratio = (a: number, b: number) => Math.round((a / b) * 10) / 10;
