import { IdKind, objectId } from "./fake-clever-generate.ts";
import type { FakeCleverDistrict, FakeRecord, FakeSection, FakeUser } from "./fake-clever-types.ts";

/**
 * Small builders for the awkward cases of a real district: users with no name or email, multi-role
 * users, sections with equal names, co-teachers, a section of 1,500 students. Each adds to the
 * district's live arrays and returns what it added.
 */

export type FakeRole = "student" | "teacher" | "staff" | "district_admin";

const counters = new WeakMap<FakeCleverDistrict, number>();

/** A fresh id in `district`, after any the generator made (its counters stay far below this). */
export function nextFixtureId(district: FakeCleverDistrict, kind: number): string {
  const n = (counters.get(district) ?? 0) + 1;
  counters.set(district, n);
  return objectId(seedOf(district), kind, 0x1000000 + n);
}

function seedOf(district: FakeCleverDistrict): number {
  const head = /^[0-9a-f]{6}/.exec(district.id)?.[0];
  return head ? Number.parseInt(head, 16) : 0xfffff;
}

export interface AddUserInput {
  roles: FakeRole[];
  id?: string;
  /** null: Clever sent no name at all. */
  name?: FakeUser["name"];
  /** null: no email, as many students have. */
  email?: string | null;
}

export function addUser(district: FakeCleverDistrict, input: AddUserInput): FakeUser {
  const id = input.id ?? nextFixtureId(district, IdKind.user);
  const roles: FakeUser["roles"] = {};
  for (const role of input.roles) roles[role] = role === "student" ? { grade: "9" } : {};
  const user: FakeUser = { id, district: district.id, roles };
  if (input.name !== undefined) {
    if (input.name !== null) user.name = input.name;
  } else {
    user.name = { first: "Pat", last: `Person${id.slice(-4)}` };
  }
  if (input.email !== undefined) {
    if (input.email !== null) user.email = input.email;
  } else {
    user.email = `${id.slice(-6)}@district.example`;
  }
  district.users.push(user);
  return user;
}

/** `count` students with names and emails. */
export function addStudents(district: FakeCleverDistrict, count: number): FakeUser[] {
  return Array.from({ length: count }, () => addUser(district, { roles: ["student"] }));
}

export function addSchool(district: FakeCleverDistrict, name = "Lincoln High"): FakeRecord {
  const school = { id: nextFixtureId(district, IdKind.school), district: district.id, name };
  district.schools.push(school);
  return school;
}

export function addTerm(district: FakeCleverDistrict, name = "Fall 2026"): FakeRecord {
  const term = { id: nextFixtureId(district, IdKind.term), district: district.id, name };
  district.terms.push(term);
  return term;
}

export function addCourse(district: FakeCleverDistrict, name = "Biology"): FakeRecord {
  const course = { id: nextFixtureId(district, IdKind.course), district: district.id, name };
  district.courses.push(course);
  return course;
}

export interface AddSectionInput {
  name: string;
  /** Every teacher; the first is the primary `teacher` unless `teacher` says otherwise. */
  teachers?: string[];
  teacher?: string | null;
  students?: string[];
  school?: string;
  course?: string;
  term?: string;
  id?: string;
}

/** A section; its school is the district's first (made when there is none). Co-teachers: several teachers. */
export function addSection(district: FakeCleverDistrict, input: AddSectionInput): FakeSection {
  const teachers = input.teachers ?? [];
  const section: FakeSection = {
    id: input.id ?? nextFixtureId(district, IdKind.section),
    district: district.id,
    school: input.school ?? (district.schools[0] ?? addSchool(district)).id,
    name: input.name,
    students: input.students ?? [],
    teachers,
  };
  const primary = input.teacher === undefined ? teachers[0] : input.teacher;
  if (primary) section.teacher = primary;
  if (input.course) section.course = input.course;
  if (input.term) section.term_id = input.term;
  district.sections.push(section);
  return section;
}

/** A section of `size` new students (1,500 for the big-class case) and one new teacher. */
export function addBigSection(district: FakeCleverDistrict, size: number, name = "Assembly"): FakeSection {
  const teacher = addUser(district, { roles: ["teacher"] });
  const students = addStudents(district, size).map((user) => user.id);
  return addSection(district, { name, teachers: [teacher.id], students });
}
