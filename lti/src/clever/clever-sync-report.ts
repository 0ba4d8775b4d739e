import type { DistrictSyncReport } from "@studyhall/core";

/** Two reports (or one and extra errors) as one: counts added, errors kept in order. */
export function addDistrictReports(
  a: DistrictSyncReport,
  b: Partial<DistrictSyncReport>,
  extra: { errors?: DistrictSyncReport["errors"] } = {},
): DistrictSyncReport {
  const sum = <T extends Record<string, number>>(x: T, y: Partial<T> | undefined): T =>
    Object.fromEntries(Object.entries(x).map(([k, v]) => [k, v + (y?.[k] ?? 0)])) as T;
  return {
    sections: sum(a.sections, b.sections),
    enrollments: sum(a.enrollments, b.enrollments),
    people: sum(a.people, b.people),
    errors: [...a.errors, ...(b.errors ?? []), ...(extra.errors ?? [])],
    ...(a.durationMs !== undefined ? { durationMs: a.durationMs } : {}),
  };
}
