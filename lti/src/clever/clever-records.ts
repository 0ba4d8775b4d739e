import { z } from "zod";

/**
 * Clever's v3 records as zod schemas. Only what StudyHall reads is named; unknown fields are dropped.
 * Lenient where Clever does not guarantee a field (names, emails, a section's term and course), strict
 * on ids, which everything is keyed on.
 */

/**
 * Clever sends an absent optional field as missing or as null; both become an absent key (the outer
 * optional keeps the key optional in the parsed type).
 */
const optionalString = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined)
  .optional();

const idList = z
  .array(z.string())
  .nullish()
  .transform((value) => value ?? []);

export const cleverDistrictSchema = z.object({ id: z.string().min(1), name: z.string() });
export type CleverDistrict = z.infer<typeof cleverDistrictSchema>;

export const cleverSchoolSchema = z.object({
  id: z.string().min(1),
  district: z.string(),
  name: z.string(),
});
export type CleverSchool = z.infer<typeof cleverSchoolSchema>;

export const cleverTermSchema = z.object({
  id: z.string().min(1),
  district: z.string(),
  name: optionalString,
  start_date: optionalString,
  end_date: optionalString,
});
export type CleverTerm = z.infer<typeof cleverTermSchema>;

export const cleverCourseSchema = z.object({
  id: z.string().min(1),
  district: z.string(),
  name: optionalString,
  number: optionalString,
});
export type CleverCourse = z.infer<typeof cleverCourseSchema>;

export const cleverSectionSchema = z.object({
  id: z.string().min(1),
  district: z.string(),
  school: z.string(),
  name: z.string(),
  course: optionalString,
  term_id: optionalString,
  /** Everyone enrolled as a student, by Clever user id. */
  students: idList,
  /** Every teacher of the class, the primary one included. */
  teachers: idList,
  /** The primary teacher, when the district names one. */
  teacher: optionalString,
  subject: optionalString,
  period: optionalString,
});
export type CleverSection = z.infer<typeof cleverSectionSchema>;

/** The roles a user record carries, in Clever's words. */
export type CleverRole = "student" | "teacher" | "staff" | "district_admin";
export const CLEVER_ROLES: readonly CleverRole[] = ["student", "teacher", "staff", "district_admin"];

/** A role's own fields vary by role and district; only its presence matters to StudyHall. */
const roleSchema = z.looseObject({}).nullish().optional();

export const cleverUserSchema = z.object({
  id: z.string().min(1),
  district: z.string(),
  name: z
    .object({ first: optionalString, middle: optionalString, last: optionalString })
    .nullish()
    .transform((value) => value ?? undefined)
    .optional(),
  email: optionalString,
  roles: z
    .object({ student: roleSchema, teacher: roleSchema, staff: roleSchema, district_admin: roleSchema })
    .nullish()
    .transform((value) => {
      const roles: Partial<Record<CleverRole, Record<string, unknown>>> = {};
      for (const role of CLEVER_ROLES) if (value?.[role]) roles[role] = value[role];
      return roles;
    }),
});
export type CleverUser = z.infer<typeof cleverUserSchema>;

/** Every role `user` has: a multi-role user has several. */
export function rolesOf(user: CleverUser): CleverRole[] {
  return CLEVER_ROLES.filter((role) => user.roles[role]);
}

/**
 * One event. `data.object` is the record as it is after the change (or was, for a deletion), kept
 * unparsed here: {@link parseEventObject} parses it by the event's type.
 */
export const cleverEventSchema = z.object({
  id: z.string().min(1),
  type: z.string().regex(/^[a-z_]+\.[a-z_]+$/),
  created: z.string(),
  data: z.object({
    object: z.looseObject({ id: z.string().min(1) }),
    previous_attributes: z
      .record(z.string(), z.unknown())
      .nullish()
      .transform((value) => value ?? undefined)
      .optional(),
  }),
});
export type CleverEvent = z.infer<typeof cleverEventSchema>;

export type CleverRecord = CleverSchool | CleverTerm | CleverCourse | CleverSection | CleverUser;

/** The record types events name (`sections.updated` names `sections`). */
export type CleverEventRecordType = "districts" | "schools" | "terms" | "courses" | "sections" | "users";

const EVENT_SCHEMAS = {
  districts: cleverDistrictSchema,
  schools: cleverSchoolSchema,
  terms: cleverTermSchema,
  courses: cleverCourseSchema,
  sections: cleverSectionSchema,
  users: cleverUserSchema,
} as const;

/** An event's type split in two: `users.deleted` → `{ recordType: "users", action: "deleted" }`. */
export function eventKind(event: CleverEvent): { recordType: string; action: string } {
  const [recordType = "", action = ""] = event.type.split(".");
  return { recordType, action };
}

/**
 * The event's object parsed as its record type, or a reason it cannot be: an unknown record type (a
 * contact, a resource) or an object that fails the record's schema.
 */
export function parseEventObject(
  event: CleverEvent,
):
  | { ok: true; recordType: "districts"; record: CleverDistrict }
  | { ok: true; recordType: "schools"; record: CleverSchool }
  | { ok: true; recordType: "terms"; record: CleverTerm }
  | { ok: true; recordType: "courses"; record: CleverCourse }
  | { ok: true; recordType: "sections"; record: CleverSection }
  | { ok: true; recordType: "users"; record: CleverUser }
  | { ok: false; message: string } {
  const { recordType } = eventKind(event);
  if (!(recordType in EVENT_SCHEMAS)) return { ok: false, message: `unknown record type ${recordType}` };
  const type = recordType as CleverEventRecordType;
  const parsed = EVENT_SCHEMAS[type].safeParse(event.data.object);
  if (!parsed.success) return { ok: false, message: describeIssues(parsed.error) };
  return { ok: true, recordType: type, record: parsed.data } as ReturnType<typeof parseEventObject>;
}

/** A zod failure in one line for a report: `students: expected array, received string`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join(".") || "(record)"}: ${issue.message}`)
    .join("; ");
}
