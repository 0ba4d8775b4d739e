import { z } from "zod";

/**
 * What the audit log records. Staff actions in a course, and operator actions on people and courses.
 * A new kind of action is added here first, so the pages and the CLI can name it.
 */
export const AUDIT_ACTIONS = {
  "material.added": "Material added",
  "material.deleted": "Material deleted",
  "quiz.generated": "Quiz generated",
  "quiz.written": "Quiz written by hand",
  "quiz.imported": "Quiz imported from a file",
  "quiz.approved": "Quiz approved",
  "quiz.edited": "Quiz question edited",
  "quiz.renamed": "Quiz renamed",
  "quiz.discarded": "Quiz discarded",
  "course.policy_changed": "Answer policy changed",
  "course.settings_changed": "Course settings changed",
  "course.renamed": "Course renamed",
  "course.archived": "Course archived",
  "course.unarchived": "Course reopened",
  "course.deleted": "Course deleted",
  "course.staff_added": "Staff member added",
  "course.staff_removed": "Staff member removed",
  "space.bound": "Chat space linked",
  "space.unbound": "Chat space unlinked",
  "privacy.exported": "Person's data exported",
  "privacy.deleted": "Person deleted",
  "district.connected": "District connected",
  "district.disconnected": "District disconnected",
  "district.synced": "District roster synced",
  "deck.created": "Course deck created",
  "deck.generated": "Course deck generated",
  "deck.imported": "Course deck imported",
  "deck.approved": "Course deck approved",
  "deck.discarded": "Course deck discarded",
  "writing.created": "Writing prompt set",
  "writing.generated": "Writing prompt generated",
  "writing.approved": "Writing prompt approved",
  "writing.discarded": "Writing prompt discarded",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const auditActionSchema = z.enum(Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]]);

export const auditTargetTypeSchema = z.enum([
  "material",
  "quiz",
  "course",
  "space",
  "person",
  "district",
  "writing_prompt",
  "deck",
]);

/**
 * Details are flat and short on purpose: a title, a count, a policy name. Nested objects and long
 * strings are refused, so a caller cannot pour a student's question or a token into the log by accident.
 */
export const auditDetailsSchema = z
  .record(z.string().max(40), z.union([z.string().max(200), z.number().finite(), z.boolean(), z.null()]))
  .refine((details) => Object.keys(details).length <= 20, { message: "at most 20 details" });

export type AuditDetails = z.infer<typeof auditDetailsSchema>;
