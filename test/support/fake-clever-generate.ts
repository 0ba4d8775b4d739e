import type {
  FakeCleverDistrict,
  FakeSection,
  FakeUser,
  GenerateDistrictOptions,
} from "./fake-clever-types.ts";

/**
 * Deterministic 24-hex ObjectId-like ids: a district's seed, a kind, a counter. Ids of one kind sort
 * in the order they were made, as Clever's do.
 */
export function objectId(seed: number, kind: number, n: number): string {
  return (
    seed.toString(16).padStart(6, "0") + kind.toString(16).padStart(2, "0") + n.toString(16).padStart(16, "0")
  );
}

/** The kinds of record, the id's second part. */
export const IdKind = {
  district: 1,
  school: 2,
  term: 3,
  course: 4,
  section: 5,
  user: 6,
  event: 7,
} as const;

/** Makes ids for one district; each kind counts on its own. */
export function idMaker(seed: number): (kind: number) => string {
  const counters = new Map<number, number>();
  return (kind) => {
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    return objectId(seed, kind, n);
  };
}

export function studentUser(id: string, district: string, n: number): FakeUser {
  return {
    id,
    district,
    name: { first: `Student${n}`, last: `Learner${n}` },
    email: `student${n}@district.example`,
    roles: { student: { school: "", grade: "9" } },
  };
}

export function teacherUser(id: string, district: string, n: number): FakeUser {
  return {
    id,
    district,
    name: { first: `Teacher${n}`, last: `Instructor${n}` },
    email: `teacher${n}@district.example`,
    roles: { teacher: { schools: [] } },
  };
}

/**
 * A big district built in one pass with no sorting: one school, one term, one course per 40 sections,
 * sections of `studentsPerSection` students taken round-robin and one teacher each. 20,000 students,
 * 1,000 teachers and 800 sections build in well under a second.
 */
export function buildGeneratedDistrict(
  seed: number,
  token: string,
  options: GenerateDistrictOptions,
): FakeCleverDistrict {
  const next = idMaker(seed);
  const id = objectId(seed, IdKind.district, 1);
  const school = { id: next(IdKind.school), district: id, name: "Generated High School" };
  const term = {
    id: next(IdKind.term),
    district: id,
    name: "Year",
    start_date: "2026-08-15",
    end_date: "2027-06-15",
  };
  const students: FakeUser[] = [];
  for (let n = 1; n <= options.students; n += 1) students.push(studentUser(next(IdKind.user), id, n));
  const teachers: FakeUser[] = [];
  for (let n = 1; n <= options.teachers; n += 1) teachers.push(teacherUser(next(IdKind.user), id, n));
  const courses = [];
  for (let n = 0; n < Math.ceil(options.sections / 40); n += 1) {
    courses.push({ id: next(IdKind.course), district: id, name: `Course ${n + 1}`, number: `C${n + 1}` });
  }
  const perSection = Math.min(options.studentsPerSection ?? 25, options.students);
  const sections: FakeSection[] = [];
  let cursor = 0;
  for (let n = 0; n < options.sections; n += 1) {
    const members: string[] = [];
    for (let k = 0; k < perSection; k += 1) {
      members.push(students[cursor % students.length]!.id);
      cursor += 1;
    }
    const teacher = teachers.length > 0 ? teachers[n % teachers.length]!.id : undefined;
    sections.push({
      id: next(IdKind.section),
      district: id,
      school: school.id,
      name: `Section ${n + 1}`,
      course: courses[Math.floor(n / 40)]?.id,
      term_id: term.id,
      students: members,
      teachers: teacher ? [teacher] : [],
      ...(teacher ? { teacher } : {}),
    });
  }
  return {
    id,
    name: options.name ?? `Generated District ${seed}`,
    token,
    schools: [school],
    terms: [term],
    courses,
    sections,
    users: [...students, ...teachers],
    events: [],
  };
}
