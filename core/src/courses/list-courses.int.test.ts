// The operator's course list tells a district's classes of one name apart by their school, term and
// district, and lists other courses as before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database } from "../db/open-database.ts";
import { applyDistrictRoster } from "../roster/district/apply-district-roster.ts";
import { connectDistrict } from "../roster/district/districts.ts";
import { ephemeralSecretBox } from "../secrets/secret-box.ts";
import { createCourse } from "./create-course.ts";
import { listCourses } from "./list-courses.ts";

let database: Database;
const db = () => database.prisma;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

describe("listCourses", () => {
  it("gives a district class its school, term and district; a course made by hand has none", async () => {
    await createCourse(db(), { name: "Hydrology 101" });
    const { id: districtId } = await connectDistrict(
      { db: db(), secrets: ephemeralSecretBox() },
      { provider: "ONEROSTER", externalId: "springfield", name: "Springfield Unified" },
    );
    const section = (externalId: string, schoolName: string) => ({
      externalId,
      name: "Algebra I - Period 1",
      schoolName,
      termName: "Fall 2026",
      members: [],
    });
    await applyDistrictRoster(db(), {
      districtId,
      roster: {
        people: [],
        sections: [section("c1", "Springfield High"), section("c2", "Shelbyville Middle")],
      },
    });

    const listed = await listCourses(db());
    expect(listed.find((c) => c.name === "Hydrology 101")?.districtClass).toBeUndefined();
    const classes = listed.filter((c) => c.name === "Algebra I - Period 1").map((c) => c.districtClass);
    expect(classes).toHaveLength(2);
    for (const school of ["Springfield High", "Shelbyville Middle"]) {
      expect(classes).toContainEqual({ district: "Springfield Unified", school, term: "Fall 2026" });
    }
  });
});
