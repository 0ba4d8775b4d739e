// Zod at the edge, record by record: one bad record from a district is reported with its id and
// skipped, instead of refusing the whole district's roster.
import { z } from "zod";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { MAX_ROSTER_MEMBERS } from "../sync-roster.ts";
import type { ValidSection } from "./district-apply-steps.ts";
import {
  type DistrictSyncReport,
  districtMembershipChangeSchema,
  districtPersonSchema,
  districtSectionMemberSchema,
  districtSectionSchema,
} from "./district-roster.ts";

/** A class ready to apply; `complete` is false when some of its members could not be read. */
export type ApplicableSection = ValidSection & { complete: boolean };

type Person = { externalId: string; displayName?: string };
type Membership = z.output<typeof districtMembershipChangeSchema>;

const externalIdSchema = z.string().min(1).max(255);
const listOf = z.array(z.unknown()).max(1_000_000).optional();

/** A full roster's valid people and classes; the ids of classes that failed, so they are not removed. */
export function validFullRoster(raw: unknown, report: DistrictSyncReport) {
  const top = parseTop(z.object({ people: listOf, sections: listOf }), raw);
  const invalidSections = new Set<string>();
  const sections = validSections(top.sections ?? [], report, invalidSections).map((s) => ({
    ...s,
    members: s.members ?? [],
  }));
  return { people: validPeople(top.people ?? [], report), sections, invalidSections };
}

/** A change set's valid parts. */
export function validChanges(raw: unknown, report: DistrictSyncReport) {
  const top = parseTop(
    z.object({
      people: listOf,
      removedPeople: listOf,
      sections: listOf,
      removedSections: listOf,
      memberships: listOf,
    }),
    raw,
  );
  return {
    people: validPeople(top.people ?? [], report),
    removedPeople: validIds(top.removedPeople ?? [], "people", report),
    sections: validSections(top.sections ?? [], report, new Set(), { absentKeeps: true }),
    removedSections: validIds(top.removedSections ?? [], "sections", report),
    memberships: validRecords(
      top.memberships ?? [],
      districtMembershipChangeSchema,
      "memberships",
      report,
      (r) =>
        typeof r === "object" && r
          ? `${(r as { sectionId?: unknown }).sectionId}/${(r as { externalId?: unknown }).externalId}`
          : undefined,
    ) as Membership[],
  };
}

function validPeople(raw: unknown[], report: DistrictSyncReport): Person[] {
  return validRecords(raw, districtPersonSchema, "people", report).map((p) =>
    p.displayName ? { externalId: p.externalId, displayName: p.displayName } : { externalId: p.externalId },
  );
}

function validSections(
  raw: unknown[],
  report: DistrictSyncReport,
  invalid: Set<string>,
  options: { absentKeeps?: boolean } = {},
): ApplicableSection[] {
  const sectionShape = districtSectionSchema.omit({ members: true });
  const out: ApplicableSection[] = [];
  raw.forEach((record, index) => {
    const parsed = sectionShape.safeParse(record);
    const id = recordIdOf(record) ?? `#${index + 1}`;
    if (!parsed.success) {
      report.errors.push({ resource: "sections", recordId: id, message: problem(parsed.error) });
      invalid.add(id);
      return;
    }
    const rawMembers = (record as { members?: unknown }).members;
    const section: ApplicableSection = {
      externalId: parsed.data.externalId,
      name: parsed.data.name,
      schoolName: absent(parsed.data.schoolName, options),
      termName: absent(parsed.data.termName, options),
      complete: true,
    };
    if (rawMembers === undefined) {
      out.push(section);
      return;
    }
    if (!Array.isArray(rawMembers) || rawMembers.length > MAX_ROSTER_MEMBERS) {
      report.errors.push({
        resource: "sections",
        recordId: id,
        message: `members must be a list of at most ${MAX_ROSTER_MEMBERS}`,
      });
      invalid.add(id);
      return;
    }
    const before = report.errors.length;
    section.members = validRecords(rawMembers, districtSectionMemberSchema, "members", report).map((m) => ({
      externalId: m.externalId,
      role: m.role,
    }));
    // A roster with unreadable entries is partial: it adds, but removes nobody for being absent.
    section.complete = report.errors.length === before;
    for (const error of report.errors.slice(before)) error.recordId = `${id}/${error.recordId}`;
    out.push(section);
  });
  return out;
}

/**
 * A school or term as given; one a record leaves out is none in a full roster, and in a change set
 * stays as stored (undefined), since a delta row need not repeat what did not change.
 */
function absent(value: string | undefined, options: { absentKeeps?: boolean }): string | null | undefined {
  if (value === undefined && options.absentKeeps) return undefined;
  return value || null;
}

function validIds(raw: unknown[], resource: string, report: DistrictSyncReport): string[] {
  return validRecords(raw, externalIdSchema, resource, report, (r) =>
    typeof r === "string" ? r : undefined,
  );
}

function validRecords<T extends z.ZodType>(
  raw: unknown[],
  schema: T,
  resource: string,
  report: DistrictSyncReport,
  idOf: (record: unknown) => string | undefined = recordIdOf,
): Array<z.output<T>> {
  const out: Array<z.output<T>> = [];
  raw.forEach((record, index) => {
    const parsed = schema.safeParse(record);
    if (parsed.success) out.push(parsed.data);
    else
      report.errors.push({
        resource,
        recordId: idOf(record) ?? `#${index + 1}`,
        message: problem(parsed.error),
      });
  });
  return out;
}

function recordIdOf(record: unknown): string | undefined {
  const id =
    typeof record === "object" && record ? (record as { externalId?: unknown }).externalId : undefined;
  return typeof id === "string" && id.length > 0 ? id.slice(0, 255) : undefined;
}

function problem(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "record"}: ${issue.message}` : "not valid";
}

function parseTop<T extends z.ZodType>(schema: T, raw: unknown): z.output<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError(ErrorCode.InvalidInput, `invalid district roster: ${problem(parsed.error)}`, {
      userMessage: `The district roster could not be read: ${problem(parsed.error)}`,
    });
  }
  return parsed.data;
}
