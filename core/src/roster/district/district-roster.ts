import { z } from "zod";
import { MAX_ROSTER_MEMBERS } from "../sync-roster.ts";

/** Where a district's roster comes from; also the identity platform of its people. */
export const districtProviderSchema = z.enum(["CLEVER", "ONEROSTER"]);
export type DistrictProvider = z.infer<typeof districtProviderSchema>;

/** The most classes one district roster takes (a very large district, with room to spare). */
export const MAX_DISTRICT_SECTIONS = 50_000;
/** The most people one district roster takes. */
export const MAX_DISTRICT_PEOPLE = 1_000_000;

const externalId = z.string().min(1).max(255);
const name = z.string().trim().max(200);

/** A person of the district: a Clever user id or a OneRoster sourcedId, and a name when it has one. */
export const districtPersonSchema = z.object({
  externalId,
  /** Absent when the source gives no name: nothing is invented in its place (never an email). */
  displayName: name.optional(),
});
export type DistrictPerson = z.input<typeof districtPersonSchema>;

export const districtSectionMemberSchema = z.object({
  externalId,
  role: z.enum(["STAFF", "STUDENT"]),
});
export type DistrictSectionMember = z.input<typeof districtSectionMemberSchema>;

export const districtSectionSchema = z.object({
  externalId,
  name: name.min(1),
  schoolName: name.optional(),
  termName: name.optional(),
  /** Everyone in the class now. In a change set, undefined = the class's roster is not changed. */
  members: z.array(districtSectionMemberSchema).max(MAX_ROSTER_MEMBERS).optional(),
});
export type DistrictSection = z.input<typeof districtSectionSchema>;

/** A district's whole roster: every class (with its whole roster) and every person in it. */
export const fullDistrictRosterSchema = z.object({
  people: z.array(districtPersonSchema).max(MAX_DISTRICT_PEOPLE),
  sections: z
    .array(districtSectionSchema.extend({ members: districtSectionSchema.shape.members.unwrap() }))
    .max(MAX_DISTRICT_SECTIONS),
});
export type FullDistrictRoster = z.input<typeof fullDistrictRosterSchema>;

export const districtMembershipChangeSchema = z.object({
  sectionId: externalId,
  externalId,
  role: z.enum(["STAFF", "STUDENT"]),
  /** False: the person left the class. */
  active: z.boolean(),
});

/** Some changes to a district's roster (Clever events, a OneRoster delta file set). */
export const districtRosterChangesSchema = z.object({
  /** Created or renamed. */
  people: z.array(districtPersonSchema).max(MAX_DISTRICT_PEOPLE).optional(),
  /** Gone from the district: their enrolments in its classes are removed. */
  removedPeople: z.array(externalId).max(MAX_DISTRICT_PEOPLE).optional(),
  /** Created or updated (members given = the class's whole roster). */
  sections: z.array(districtSectionSchema).max(MAX_DISTRICT_SECTIONS).optional(),
  removedSections: z.array(externalId).max(MAX_DISTRICT_SECTIONS).optional(),
  memberships: z.array(districtMembershipChangeSchema).max(MAX_DISTRICT_PEOPLE).optional(),
});
export type DistrictRosterChanges = z.input<typeof districtRosterChangesSchema>;

/** What one apply changed (or, for a dry run, would change), and what it could not apply. */
export interface DistrictSyncReport {
  sections: { added: number; updated: number; removed: number; restored: number; unchanged: number };
  enrollments: { added: number; removed: number; restored: number; roleChanged: number };
  people: { added: number; updated: number };
  errors: Array<{ resource: string; recordId: string; message: string }>;
  durationMs?: number;
}

/** A report with nothing counted yet. */
export function emptyDistrictReport(): DistrictSyncReport {
  return {
    sections: { added: 0, updated: 0, removed: 0, restored: 0, unchanged: 0 },
    enrollments: { added: 0, removed: 0, restored: 0, roleChanged: 0 },
    people: { added: 0, updated: 0 },
    errors: [],
  };
}
