import { describe, expect, it } from "vitest";
import { addBigSection, addSection, addUser } from "./fake-clever-fixtures.ts";
import { buildGeneratedDistrict } from "./fake-clever-generate.ts";

describe("fake Clever's generated district", () => {
  it("builds 20,000 students, 1,000 teachers and 800 sections deterministically with ObjectId-like ids", () => {
    const options = { students: 20_000, teachers: 1_000, sections: 800, studentsPerSection: 30 };
    const district = buildGeneratedDistrict(7, "token", options);
    expect(district.users).toHaveLength(21_000);
    expect(district.sections).toHaveLength(800);
    expect(
      district.sections.every((section) => section.students.length === 30 && section.teachers.length === 1),
    ).toBe(true);
    const ids = [
      district.id,
      ...district.users.map((user) => user.id),
      ...district.sections.map((section) => section.id),
    ];
    expect(ids.every((id) => /^[0-9a-f]{24}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const again = buildGeneratedDistrict(7, "token", options);
    expect(again.sections[799]).toEqual(district.sections[799]);
    expect(buildGeneratedDistrict(8, "token", options).id).not.toBe(district.id);
  });

  it("adds the awkward cases: no name or email, equal names, co-teachers, a class of 1,500", () => {
    const district = buildGeneratedDistrict(9, "token", { students: 1, teachers: 1, sections: 0 });
    const bare = addUser(district, { roles: ["student"], name: null, email: null });
    expect(bare).not.toHaveProperty("name");
    expect(bare).not.toHaveProperty("email");
    const [a, b] = [addUser(district, { roles: ["teacher"] }), addUser(district, { roles: ["teacher"] })];
    const one = addSection(district, { name: "Algebra", teachers: [a.id, b.id] });
    const two = addSection(district, { name: "Algebra", teachers: [b.id] });
    expect(one.id).not.toBe(two.id);
    expect(one).toMatchObject({ teacher: a.id, teachers: [a.id, b.id] });
    const big = addBigSection(district, 1_500);
    expect(big.students).toHaveLength(1_500);
    expect(new Set(district.users.map((user) => user.id)).size).toBe(district.users.length);
  });
});
