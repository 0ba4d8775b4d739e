import { z } from "zod";
import {
  boolean,
  classType,
  commonColumns,
  date,
  type FileMode,
  optionalEmail,
  requiredText,
  schoolYear,
  sourcedId,
  sourcedIdList,
  splitList,
} from "./oneroster-columns.ts";

/** The files of a OneRoster 1.2 set StudyHall reads, in the order their references run. */
export const ONEROSTER_FILES = [
  "orgs",
  "academicSessions",
  "courses",
  "classes",
  "users",
  "enrollments",
] as const;
export type OneRosterFileName = (typeof ONEROSTER_FILES)[number];

/** Where a row came from, for every problem about it later (a reference, a role). */
interface Located {
  line: number;
  sourcedId: string;
  status: "" | "active" | "tobedeleted";
}

export interface OrgRow extends Located {
  name: string;
}
export interface AcademicSessionRow extends Located {
  title: string;
}
export interface CourseRow extends Located {
  title: string;
}
export interface ClassRow extends Located {
  title: string;
  courseSourcedId: string;
  schoolSourcedId: string;
  termSourcedIds: string[];
}
export interface UserRow extends Located {
  givenName: string;
  familyName: string;
  preferredGivenName: string;
  preferredFamilyName: string;
}
export interface EnrollmentRow extends Located {
  classSourcedId: string;
  userSourcedId: string;
  schoolSourcedId: string;
  /** As written; enrollment-roles.ts decides what it means. */
  role: string;
}

export interface OneRosterRows {
  orgs: OrgRow[];
  academicSessions: AcademicSessionRow[];
  courses: CourseRow[];
  classes: ClassRow[];
  users: UserRow[];
  enrollments: EnrollmentRow[];
}

/** What one file must hold: the columns its header must name, and each row's schema. */
export interface FileSpec<Row> {
  /** Columns the OneRoster 1.2 CSV binding requires, plus status and dateLastModified in a delta file. */
  required: string[];
  /** Optional columns read when the header has them (left blank otherwise). */
  optional: string[];
  row: z.ZodType<Omit<Row, "line">, Record<string, string>>;
}

const asStatus = (v: string) => v as Located["status"];

/**
 * OneRoster 1.2's CSV columns (the 1EdTech CSV binding): each file's required columns are checked in
 * the header and their values row by row; columns StudyHall does not use (sms, grades, metadata.*) are
 * allowed and ignored. users.csv has no role in 1.2: a person's role in a class is the enrollment's.
 */
export function fileSpecs(mode: (file: OneRosterFileName) => FileMode): {
  [K in OneRosterFileName]: FileSpec<OneRosterRows[K][number]>;
} {
  const common = (file: OneRosterFileName) => commonColumns(mode(file));
  return {
    orgs: {
      required: [...common("orgs").required, "name", "type"],
      optional: [],
      row: z
        .object({ ...common("orgs").schema, name: requiredText, type: requiredText })
        .transform((r) => ({ sourcedId: r.sourcedId, status: asStatus(r.status), name: r.name.trim() })),
    },
    academicSessions: {
      required: [
        ...common("academicSessions").required,
        "title",
        "type",
        "startDate",
        "endDate",
        "schoolYear",
      ],
      optional: [],
      row: z
        .object({
          ...common("academicSessions").schema,
          title: requiredText,
          type: requiredText,
          startDate: date(true),
          endDate: date(true),
          schoolYear,
        })
        .transform((r) => ({ sourcedId: r.sourcedId, status: asStatus(r.status), title: r.title.trim() })),
    },
    courses: {
      required: [...common("courses").required, "title", "orgSourcedId"],
      optional: [],
      row: z
        .object({ ...common("courses").schema, title: requiredText, orgSourcedId: sourcedId })
        .transform((r) => ({ sourcedId: r.sourcedId, status: asStatus(r.status), title: r.title.trim() })),
    },
    classes: {
      required: [
        ...common("classes").required,
        "title",
        "courseSourcedId",
        "classType",
        "schoolSourcedId",
        "termSourcedIds",
      ],
      optional: [],
      row: z
        .object({
          ...common("classes").schema,
          title: requiredText,
          courseSourcedId: sourcedId,
          classType,
          schoolSourcedId: sourcedId,
          termSourcedIds: sourcedIdList,
        })
        .transform((r) => ({
          sourcedId: r.sourcedId,
          status: asStatus(r.status),
          title: r.title.trim(),
          courseSourcedId: r.courseSourcedId,
          schoolSourcedId: r.schoolSourcedId,
          termSourcedIds: splitList(r.termSourcedIds),
        })),
    },
    users: {
      // givenName and familyName must be columns, but a person with neither is kept without a name
      // rather than refused: nothing is invented in its place.
      required: [...common("users").required, "enabledUser", "username", "givenName", "familyName"],
      optional: ["email", "preferredGivenName", "preferredFamilyName"],
      row: z
        .object({
          ...common("users").schema,
          enabledUser: boolean(true),
          email: optionalEmail,
          givenName: z.string(),
          familyName: z.string(),
          preferredGivenName: z.string(),
          preferredFamilyName: z.string(),
        })
        .transform((r) => ({
          sourcedId: r.sourcedId,
          status: asStatus(r.status),
          givenName: r.givenName.trim(),
          familyName: r.familyName.trim(),
          preferredGivenName: r.preferredGivenName.trim(),
          preferredFamilyName: r.preferredFamilyName.trim(),
        })),
    },
    enrollments: {
      required: [
        ...common("enrollments").required,
        "classSourcedId",
        "schoolSourcedId",
        "userSourcedId",
        "role",
      ],
      optional: ["primary", "beginDate", "endDate"],
      row: z
        .object({
          ...common("enrollments").schema,
          classSourcedId: sourcedId,
          schoolSourcedId: sourcedId,
          userSourcedId: sourcedId,
          role: requiredText,
          primary: boolean(false),
          beginDate: date(false),
          endDate: date(false),
        })
        .transform((r) => ({
          sourcedId: r.sourcedId,
          status: asStatus(r.status),
          classSourcedId: r.classSourcedId,
          userSourcedId: r.userSourcedId,
          schoolSourcedId: r.schoolSourcedId,
          role: r.role.trim(),
        })),
    },
  };
}
