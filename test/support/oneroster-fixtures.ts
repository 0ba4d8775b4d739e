// OneRoster 1.2 CSV file sets for tests and the benchmark: a small district as a bulk set, a delta set
// on top of it, a malformed set, a set with an unknown role, and a generated large district. Columns
// are the 1EdTech OneRoster 1.2 CSV binding's, in its order.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { buildZip } from "./xlsx-builder.ts";

/** A file set: file name ("users.csv") -> its CSV text. */
export type OneRosterFileSet = Record<string, string>;
type Mode = "bulk" | "delta" | "absent";
type Row = Record<string, string>;

export const HEADERS = {
  orgs: ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"],
  academicSessions: [
    "sourcedId",
    "status",
    "dateLastModified",
    "title",
    "type",
    "startDate",
    "endDate",
    "parentSourcedId",
    "schoolYear",
  ],
  courses: [
    "sourcedId",
    "status",
    "dateLastModified",
    "schoolYearSourcedId",
    "title",
    "courseCode",
    "grades",
    "orgSourcedId",
    "subjects",
    "subjectCodes",
  ],
  classes: [
    "sourcedId",
    "status",
    "dateLastModified",
    "title",
    "grades",
    "courseSourcedId",
    "classCode",
    "classType",
    "location",
    "schoolSourcedId",
    "termSourcedIds",
    "subjects",
    "subjectCodes",
    "periods",
  ],
  users: [
    "sourcedId",
    "status",
    "dateLastModified",
    "enabledUser",
    "username",
    "userIds",
    "givenName",
    "familyName",
    "middleName",
    "identifier",
    "email",
    "sms",
    "phone",
    "agentSourcedIds",
    "grades",
    "password",
    "userMasterIdentifier",
    "resourceSourcedIds",
    "preferredGivenName",
    "preferredMiddleName",
    "preferredFamilyName",
    "primaryOrgSourcedId",
    "pronouns",
  ],
  enrollments: [
    "sourcedId",
    "status",
    "dateLastModified",
    "classSourcedId",
    "schoolSourcedId",
    "userSourcedId",
    "role",
    "primary",
    "beginDate",
    "endDate",
  ],
} as const;
export type OneRosterFile = keyof typeof HEADERS;

/** One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A CSV file with the file's header and one line per row (missing columns left blank). */
export function csvFile(file: OneRosterFile, rows: Row[]): string {
  const header = HEADERS[file];
  return (
    [header.join(","), ...rows.map((r) => header.map((h) => field(r[h] ?? "")).join(","))].join("\r\n") +
    "\r\n"
  );
}

export function manifestCsv(modes: Partial<Record<OneRosterFile, Mode>>, version = "1.2"): string {
  const names = Object.keys(HEADERS) as OneRosterFile[];
  return [
    "propertyName,value",
    "manifest.version,1.0",
    `oneroster.version,${version}`,
    ...names.map((n) => `file.${n},${modes[n] ?? "absent"}`),
    "file.demographics,absent",
    "file.roles,absent",
  ].join("\r\n");
}

const MODIFIED = "2026-08-20T08:00:00.000Z";
const org = (sourcedId: string, name: string, type: string, parent = ""): Row => ({
  sourcedId,
  name,
  type,
  parentSourcedId: parent,
});
const term = (sourcedId: string, title: string, type: string, start: string, end: string): Row => ({
  sourcedId,
  title,
  type,
  startDate: start,
  endDate: end,
  schoolYear: "2027",
});
const course = (sourcedId: string, title: string, orgId: string): Row => ({
  sourcedId,
  title,
  orgSourcedId: orgId,
  schoolYearSourcedId: "y2027",
});
const klass = (sourcedId: string, title: string, courseId: string, schoolId: string, terms: string): Row => ({
  sourcedId,
  title,
  courseSourcedId: courseId,
  classType: "scheduled",
  schoolSourcedId: schoolId,
  termSourcedIds: terms,
});
export const user = (sourcedId: string, given: string, family: string, extra: Row = {}): Row => ({
  sourcedId,
  enabledUser: "true",
  username: sourcedId,
  givenName: given,
  familyName: family,
  ...extra,
});
export const enrollment = (
  sourcedId: string,
  classId: string,
  userId: string,
  role: string,
  schoolId = "sch1",
): Row => ({
  sourcedId,
  classSourcedId: classId,
  schoolSourcedId: schoolId,
  userSourcedId: userId,
  role,
});

/** The small district's rows, before they are written as files. */
export function smallDistrictRows() {
  return {
    orgs: [
      org("d1", "Springfield Unified", "district"),
      org("sch1", "Springfield High", "school", "d1"),
      org("sch2", "Shelbyville Middle", "school", "d1"),
    ],
    academicSessions: [
      term("y2027", "2026-2027", "schoolYear", "2026-08-24", "2027-06-11"),
      term("fall", "Fall 2026", "term", "2026-08-24", "2027-01-15"),
      term("spring", "Spring 2027", "term", "2027-01-19", "2027-06-11"),
    ],
    courses: [
      course("crs-alg", "Algebra I", "sch1"),
      course("crs-bio", "Biology", "sch1"),
      course("crs-alg-m", "Algebra I", "sch2"),
    ],
    classes: [
      // Two classes with the same title in different schools stay two classes (keyed on sourcedId).
      klass("cls-alg-1", "Algebra I - Period 1", "crs-alg", "sch1", "fall,spring"),
      klass("cls-bio-2", "Biology - Period 2", "crs-bio", "sch1", "fall"),
      klass("cls-alg-m", "Algebra I - Period 1", "crs-alg-m", "sch2", "fall"),
    ],
    users: [
      user("t1", "Edna", "Krabappel", { email: "edna@springfield.example" }),
      user("t2", "Dewey", "Largo"),
      user("s1", "Bartholomew", "Simpson", { preferredGivenName: "Bart" }),
      user("s2", "Lisa", "Simpson", { email: "lisa@springfield.example" }),
      user("s3", "Milhouse", "Van Houten"),
      user("s4", "Nelson", "Muntz"),
      user("s5", "Martin", "Prince"),
      // A person with no name in the SIS: kept without one, nothing invented.
      user("s6", "", ""),
      user("s7", "Ralph", "Wiggum"),
    ],
    enrollments: [
      enrollment("e1", "cls-alg-1", "t1", "teacher"),
      enrollment("e2", "cls-alg-1", "t2", "teacher"),
      enrollment("e3", "cls-alg-1", "s1", "student"),
      enrollment("e4", "cls-alg-1", "s2", "student"),
      enrollment("e5", "cls-alg-1", "s3", "student"),
      enrollment("e6", "cls-bio-2", "t2", "teacher"),
      enrollment("e7", "cls-bio-2", "s2", "student"),
      enrollment("e8", "cls-bio-2", "s4", "student"),
      enrollment("e9", "cls-alg-m", "t1", "proctor", "sch2"),
      enrollment("e10", "cls-alg-m", "s5", "student", "sch2"),
      enrollment("e11", "cls-alg-m", "s6", "student", "sch2"),
    ],
  };
}

/** What the small district holds: 3 classes, 9 people, 11 enrolments (4 of them staff). */
export const SMALL_DISTRICT = { sections: 3, people: 9, enrollments: 11, staff: 4 } as const;

function bulkSet(rows: ReturnType<typeof smallDistrictRows>): OneRosterFileSet {
  const files = Object.keys(HEADERS) as OneRosterFile[];
  return {
    "manifest.csv": manifestCsv(Object.fromEntries(files.map((f) => [f, "bulk"]))),
    ...Object.fromEntries(files.map((f) => [`${f}.csv`, csvFile(f, rows[f])])),
  };
}

/** A valid bulk set of the small district. */
export function smallBulkSet(): OneRosterFileSet {
  return bulkSet(smallDistrictRows());
}

/**
 * A delta set on top of the small district: Lisa (s2) leaves Algebra I (her enrollment tobedeleted),
 * Ralph (s7) joins Biology, and Biology is renamed to Period 3 (a class row without enrollments:
 * only its names change).
 */
export function smallDeltaSet(): OneRosterFileSet {
  const active = { status: "active", dateLastModified: "2026-09-02T07:30:00.000Z" };
  return {
    "manifest.csv": manifestCsv({ orgs: "delta", classes: "delta", enrollments: "delta" }),
    "orgs.csv": csvFile("orgs", []),
    "classes.csv": csvFile("classes", [
      { ...klass("cls-bio-2", "Biology - Period 3", "crs-bio", "sch1", "fall"), ...active },
    ]),
    "enrollments.csv": csvFile("enrollments", [
      {
        ...enrollment("e4", "cls-alg-1", "s2", "student"),
        status: "tobedeleted",
        dateLastModified: MODIFIED,
      },
      { ...enrollment("e12", "cls-bio-2", "s7", "student"), ...active },
    ]),
  };
}

/** The small district with one extra enrollment whose role StudyHall does not know ("aide"). */
export function unknownRoleSet(): OneRosterFileSet {
  const rows = smallDistrictRows();
  rows.enrollments.push(enrollment("e13", "cls-alg-1", "s4", "aide"));
  return bulkSet(rows);
}

/**
 * A malformed set and the problems it must be refused with, as the refusal words them: a bad email, an
 * empty role, a term that does not exist, and a courses.csv whose header lacks a required column.
 */
export function malformedSet(): { files: OneRosterFileSet; problems: string[] } {
  const rows = smallDistrictRows();
  rows.users[3] = user("s2", "Lisa", "Simpson", { email: "lisa at springfield" });
  rows.enrollments[6] = enrollment("e7", "cls-bio-2", "s2", "");
  rows.classes[1] = klass("cls-bio-2", "Biology - Period 2", "crs-bio", "sch1", "fall,winter");
  const files = bulkSet(rows);
  files["courses.csv"] = files["courses.csv"]!.replace(",orgSourcedId,", ",school,");
  return {
    files,
    problems: [
      "users.csv line 5, column email: 'lisa at springfield' is not an email address",
      "enrollments.csv line 8, column role: is empty; this column must have a value",
      "classes.csv line 3, column termSourcedIds: 'winter' is not a sourcedId in academicSessions.csv",
      "courses.csv line 1: the header has no orgSourcedId column (OneRoster 1.2 requires it)",
    ],
  };
}

/** Writes a set as a folder of CSV files. */
export async function writeOneRosterFolder(folder: string, files: OneRosterFileSet): Promise<string> {
  await mkdir(folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(folder, name), text);
  return folder;
}

/** A set as a .zip, its files at the top or (as some exports do) inside one folder. */
export function oneRosterZip(files: OneRosterFileSet, folder = ""): Buffer {
  return buildZip(
    Object.entries(files).map(([name, data]) => ({ name: folder ? `${folder}/${name}` : name, data })),
  );
}

export interface BigDistrictOptions {
  students: number;
  teachers: number;
  classes: number;
  /** How many students each class has (students are spread over the classes round the district). */
  studentsPerClass?: number;
}

/**
 * Writes a generated district as a bulk set (the benchmark's: 20,000 students, 1,000 teachers, 800
 * classes). Class i is taught by teacher i, with teacher `classes + i` as co-teacher while teachers
 * last; students are dealt round the classes so each has `studentsPerClass`.
 */
export async function writeBigDistrict(
  folder: string,
  options: BigDistrictOptions,
): Promise<{ folder: string; people: number; sections: number; enrollments: number }> {
  const perClass = options.studentsPerClass ?? Math.ceil(options.students / options.classes);
  const rows = {
    orgs: [org("d1", "Generated District", "district"), org("sch1", "Generated High", "school", "d1")],
    academicSessions: [term("y2027", "2026-2027", "schoolYear", "2026-08-24", "2027-06-11")],
    courses: [course("crs1", "General Studies", "sch1")],
    classes: [] as Row[],
    users: [] as Row[],
    enrollments: [] as Row[],
  };
  for (let t = 0; t < options.teachers; t++) rows.users.push(user(`t${t}`, "Teacher", `Number ${t}`));
  for (let s = 0; s < options.students; s++) rows.users.push(user(`s${s}`, "Student", `Number ${s}`));
  let next = 0;
  for (let c = 0; c < options.classes; c++) {
    rows.classes.push(klass(`c${c}`, `Class ${c}`, "crs1", "sch1", "y2027"));
    rows.enrollments.push(enrollment(`ct${c}`, `c${c}`, `t${c % options.teachers}`, "teacher"));
    if (options.classes + c < options.teachers)
      rows.enrollments.push(enrollment(`cc${c}`, `c${c}`, `t${options.classes + c}`, "teacher"));
    for (let k = 0; k < perClass; k++) {
      rows.enrollments.push(enrollment(`cs${c}-${k}`, `c${c}`, `s${next % options.students}`, "student"));
      next++;
    }
  }
  const files = Object.keys(HEADERS) as OneRosterFile[];
  await writeOneRosterFolder(folder, {
    "manifest.csv": manifestCsv(Object.fromEntries(files.map((f) => [f, "bulk"]))),
    ...Object.fromEntries(files.map((f) => [`${f}.csv`, csvFile(f, rows[f])])),
  });
  return {
    folder,
    people: rows.users.length,
    sections: rows.classes.length,
    enrollments: rows.enrollments.length,
  };
}
