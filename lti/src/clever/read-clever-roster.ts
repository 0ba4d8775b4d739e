import {
  type DistrictSyncReport,
  readStagedRecords,
  type SyncRunSummary,
  stageRecords,
} from "@studyhall/core";
import { z } from "zod";
import type { CleverDataClient, CleverInvalidRecord, CleverResource } from "./clever-client.ts";
import {
  cleverCourseSchema,
  cleverSchoolSchema,
  cleverSectionSchema,
  cleverTermSchema,
  cleverUserSchema,
} from "./clever-records.ts";
import type { CleverRosterRecords } from "./clever-to-district.ts";

/** The order a full sync reads Clever's resources in: names first, then classes, then people by role. */
export const FULL_SYNC_RESOURCES: readonly CleverResource[] = [
  "schools",
  "terms",
  "courses",
  "sections",
  "users:student",
  "users:teacher",
  "users:staff",
  "users:district_admin",
];

/** Staged records that failed Clever's schema, kept for the report. */
const INVALID = "invalid";
/** The cursor's resource once every page is read. */
const DONE = "done";

/**
 * A full run's cursor: the resource being read and the link of its next unread page (null: its first),
 * and the newest event before the sync began (where events resume afterwards) with when it was read.
 */
export const fullCursorSchema = z.object({
  resource: z.string().default(FULL_SYNC_RESOURCES[0]!),
  next: z.string().nullable().default(null),
  eventsFrom: z.string().nullable().optional(),
  eventsReadAt: z.string().optional(),
});
export type FullCursor = z.infer<typeof fullCursorSchema>;

/**
 * Reads every page of every resource not read yet, from the run's cursor on, staging each page with
 * the cursor past it in one transaction: a run stopped anywhere (a crash, a 429 past its retries) goes
 * on at the next unread page and never reads a page twice.
 */
export async function readCleverPages(
  deps: { db: Parameters<typeof stageRecords>[0] },
  client: CleverDataClient,
  run: SyncRunSummary,
  start: FullCursor,
): Promise<void> {
  let cursor = start;
  let index = FULL_SYNC_RESOURCES.indexOf(cursor.resource as CleverResource);
  while (index >= 0 && index < FULL_SYNC_RESOURCES.length) {
    const resource = FULL_SYNC_RESOURCES[index]!;
    const page = await client.page(resource, cursor.next);
    const after: FullCursor = page.next
      ? { ...cursor, resource, next: page.next }
      : { ...cursor, resource: FULL_SYNC_RESOURCES[index + 1] ?? DONE, next: null };
    if (page.invalid.length > 0) {
      // Staged before the cursor moves: read again after a crash, they replace their own copies.
      await stageRecords(deps.db, run.id, INVALID, invalidRows(resource, cursor.next, page.invalid));
    }
    await stageRecords(
      deps.db,
      run.id,
      resource,
      page.records.map((record) => ({ externalId: record.id, data: record })),
      after,
    );
    cursor = after;
    if (!page.next) index++;
  }
}

function invalidRows(resource: string, pageLink: string | null, invalid: CleverInvalidRecord[]) {
  return invalid.map((record, n) => ({
    // Records without an id are told apart by their page and place on it.
    externalId: `${resource}:${record.id ?? `${pageLink ?? "first"}#${n}`}`.slice(0, 255),
    data: { resource, recordId: record.id ?? "(no id)", message: record.message },
  }));
}

const invalidSchema = z.object({ resource: z.string(), recordId: z.string(), message: z.string() });

/**
 * Everything the run staged, parsed again (staged rows are plain JSON), and the records Clever sent
 * that failed its schema, as report errors with their ids.
 */
export async function readStagedRoster(
  db: Parameters<typeof readStagedRecords>[0],
  runId: string,
): Promise<{ records: CleverRosterRecords; errors: DistrictSyncReport["errors"] }> {
  const staged = async <T>(resource: string, schema: z.ZodType<T>) =>
    (await readStagedRecords(db, runId, resource)).map((row) => schema.parse(row.data));
  const users = [];
  for (const resource of FULL_SYNC_RESOURCES.filter((r) => r.startsWith("users:"))) {
    users.push(...(await staged(resource, cleverUserSchema)));
  }
  const records: CleverRosterRecords = {
    schools: await staged("schools", cleverSchoolSchema),
    terms: await staged("terms", cleverTermSchema),
    courses: await staged("courses", cleverCourseSchema),
    sections: await staged("sections", cleverSectionSchema),
    users,
  };
  const errors = (await staged(INVALID, invalidSchema)).map((e) => ({
    resource: e.resource,
    recordId: e.recordId,
    message: e.message,
  }));
  return { records, errors };
}
