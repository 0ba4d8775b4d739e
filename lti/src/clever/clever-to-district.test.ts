import { describe, expect, it } from "vitest";
import {
  type CleverEvent,
  type CleverSection,
  type CleverUser,
  cleverCourseSchema,
  cleverEventSchema,
  cleverSchoolSchema,
  cleverSectionSchema,
  cleverTermSchema,
  cleverUserSchema,
} from "./clever-records.ts";
import { batchEvents, cleverEventsToChanges, cleverNames, cleverToFullRoster } from "./clever-to-district.ts";

const D = "5f0000000000000000000d01";
const user = (id: string, over: Record<string, unknown> = {}): CleverUser =>
  cleverUserSchema.parse({
    id,
    district: D,
    name: { first: "Ada", last: id },
    roles: { student: {} },
    ...over,
  });
const section = (id: string, over: Record<string, unknown> = {}): CleverSection =>
  cleverSectionSchema.parse({
    id,
    district: D,
    school: "sch1",
    name: "Algebra I",
    students: [],
    teachers: [],
    ...over,
  });
const event = (
  id: string,
  type: string,
  object: Record<string, unknown>,
  previous?: Record<string, unknown>,
): CleverEvent =>
  cleverEventSchema.parse({
    id,
    type,
    created: "2026-12-01T10:00:00.000Z",
    data: { object, ...(previous ? { previous_attributes: previous } : {}) },
  });

const names = () =>
  cleverNames({
    schools: [{ id: "sch1", name: "North High" }],
    terms: [{ id: "t1", name: "Fall 2026" }],
    courses: [{ id: "c1", name: "Mathematics" }],
  });

describe("cleverToFullRoster", () => {
  it("makes one person of a user listed under several roles, and keeps same-name sections apart", () => {
    const multi = user("u1", { roles: { teacher: {}, staff: {} } });
    const roster = cleverToFullRoster({
      schools: [cleverSchoolSchema.parse({ id: "sch1", district: D, name: "North High" })],
      terms: [cleverTermSchema.parse({ id: "t1", district: D, name: "Fall 2026" })],
      courses: [],
      sections: [
        section("s1", { term_id: "t1", teachers: ["u1"], students: ["u2", "u3"] }),
        section("s2", { teachers: ["u1", "u4"], teacher: "u4", students: ["u2"] }),
      ],
      users: [multi, user("u2"), multi, user("u3")],
    });
    expect(roster.people.map((p) => p.externalId)).toEqual(["u1", "u2", "u3"]);
    expect(roster.sections).toEqual([
      {
        externalId: "s1",
        name: "Algebra I",
        schoolName: "North High",
        termName: "Fall 2026",
        members: [
          { externalId: "u1", role: "STAFF" },
          { externalId: "u2", role: "STUDENT" },
          { externalId: "u3", role: "STUDENT" },
        ],
      },
      {
        externalId: "s2",
        name: "Algebra I",
        schoolName: "North High",
        members: [
          { externalId: "u1", role: "STAFF" },
          { externalId: "u4", role: "STAFF" },
          { externalId: "u2", role: "STUDENT" },
        ],
      },
    ]);
  });

  it("names people from first, middle and last, trimmed, and invents no name when there is none", () => {
    const roster = cleverToFullRoster({
      schools: [],
      terms: [],
      courses: [],
      sections: [section("s1", { students: ["u1", "u2", "ghost"], teachers: ["u2"] })],
      users: [
        user("u1", { name: { first: " Grace ", middle: "B.", last: " Hopper " } }),
        user("u2", { name: { first: "  ", last: "" }, email: null }),
        user("u3", { name: null }),
      ],
    });
    expect(roster.people).toEqual([
      { externalId: "u1", displayName: "Grace B. Hopper" },
      { externalId: "u2" },
      { externalId: "u3" },
    ]);
    // Someone listed as both teacher and student is staff; a member not among the users read stays a member.
    expect(roster.sections[0]?.members).toEqual([
      { externalId: "u2", role: "STAFF" },
      { externalId: "u1", role: "STUDENT" },
      { externalId: "ghost", role: "STUDENT" },
    ]);
    expect(roster.sections[0]).not.toHaveProperty("schoolName");
  });

  it("falls back to the course's name for a blank section name, and cuts names core would refuse", () => {
    const roster = cleverToFullRoster({
      schools: [],
      terms: [],
      courses: [cleverCourseSchema.parse({ id: "c1", district: D, name: "Mathematics" })],
      sections: [section("s1", { name: "  ", course: "c1" }), section("s2", { name: "x".repeat(300) })],
      users: [],
    });
    expect(roster.sections[0]?.name).toBe("Mathematics");
    expect(roster.sections[1]?.name).toHaveLength(200);
  });
});

describe("cleverEventsToChanges", () => {
  it("turns users and sections events into people, removals and whole rosters", () => {
    const result = cleverEventsToChanges(
      [
        event("e1", "users.created", {
          id: "u9",
          district: D,
          name: { first: "New" },
          roles: { student: {} },
        }),
        event("e2", "users.deleted", { id: "u8", district: D, roles: {} }),
        event("e3", "sections.updated", {
          id: "s1",
          district: D,
          school: "sch1",
          term_id: "t1",
          name: "Algebra II",
          teachers: ["u1"],
          students: ["u9"],
        }),
        event("e4", "sections.deleted", { id: "s2" }),
      ],
      names(),
    );
    expect(result.changes).toEqual({
      people: [{ externalId: "u9", displayName: "New" }],
      removedPeople: ["u8"],
      sections: [
        {
          externalId: "s1",
          name: "Algebra II",
          schoolName: "North High",
          termName: "Fall 2026",
          members: [
            { externalId: "u1", role: "STAFF" },
            { externalId: "u9", role: "STUDENT" },
          ],
        },
      ],
      removedSections: ["s2"],
    });
    expect(result.errors).toEqual([]);
    expect(result.unappliable).toBeUndefined();
  });

  it("reports an unknown event type with its id, and ignores school and term events but learns their names", () => {
    const lookup = names();
    const result = cleverEventsToChanges(
      [
        event("e1", "contacts.created", { id: "k1" }),
        event("e2", "sections.archived", { id: "s1" }),
        event("e3", "schools.updated", { id: "sch1", district: D, name: "North High School" }),
        event("e4", "sections.created", { id: "s3", district: D, school: "sch1", name: "Chemistry" }),
      ],
      lookup,
    );
    expect(result.errors).toEqual([
      { resource: "events", recordId: "e1", message: "unknown event type contacts.created" },
      { resource: "events", recordId: "e2", message: "unknown event type sections.archived" },
    ]);
    expect(result.ignored.map((i) => i.id)).toEqual(["e3"]);
    expect(result.changes.sections?.[0]).toMatchObject({ externalId: "s3", schoolName: "North High School" });
  });

  it("turns a section update that says what it had before into the members who joined, left or changed role", () => {
    const section = { id: "s1", district: D, school: "sch1", name: "Algebra I", teachers: ["t1", "t2"] };
    const result = cleverEventsToChanges(
      [
        event(
          "e1",
          "sections.updated",
          { ...section, teachers: ["t1", "u3"], students: ["u1", "u4"] },
          { students: ["u1", "u2", "u3"], teachers: ["t1", "t2"] },
        ),
        event(
          "e2",
          "sections.updated",
          { ...section, id: "s2", name: "Geometry", students: ["u5"] },
          { name: "Geo" },
        ),
      ],
      names(),
    );
    expect(result.changes.sections).toEqual([
      { externalId: "s1", name: "Algebra I", schoolName: "North High" },
      { externalId: "s2", name: "Geometry", schoolName: "North High" },
    ]);
    expect(result.changes.memberships).toEqual([
      { sectionId: "s1", externalId: "u3", role: "STAFF", active: true },
      { sectionId: "s1", externalId: "u4", role: "STUDENT", active: true },
      { sectionId: "s1", externalId: "t2", role: "STAFF", active: false },
      { sectionId: "s1", externalId: "u2", role: "STUDENT", active: false },
    ]);
  });

  it("applies a section update's whole roster when its previous members cannot be read", () => {
    const section = {
      id: "s1",
      district: D,
      school: "sch1",
      name: "Algebra I",
      teachers: ["t1"],
      students: ["u1"],
    };
    const result = cleverEventsToChanges(
      [event("e1", "sections.updated", section, { students: "u1,u2" })],
      names(),
    );
    expect(result.changes.memberships).toBeUndefined();
    expect(result.changes.sections?.[0]?.members).toEqual([
      { externalId: "t1", role: "STAFF" },
      { externalId: "u1", role: "STUDENT" },
    ]);
  });

  it("says which event cannot be applied when its record is not readable", () => {
    const result = cleverEventsToChanges(
      [
        event("e1", "users.updated", { id: "u1", district: D, roles: {} }),
        event("e2", "sections.updated", { id: "s1", district: D, students: "not a list" }),
      ],
      names(),
    );
    expect(result.unappliable).toMatchObject({ id: "e2", type: "sections.updated" });
  });
});

describe("batchEvents", () => {
  it("starts a new batch when a record appears again, keeping the order", () => {
    const events = [
      event("e1", "users.created", { id: "u1" }),
      event("e2", "sections.created", { id: "u1" }),
      event("e3", "users.updated", { id: "u1" }),
      event("e4", "users.created", { id: "u2" }),
    ];
    expect(batchEvents(events).map((b) => b.map((e) => e.id))).toEqual([
      ["e1", "e2"],
      ["e3", "e4"],
    ]);
    expect(batchEvents([])).toEqual([]);
  });
});
