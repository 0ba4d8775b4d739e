import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database } from "../db/open-database.ts";
import { createCourse } from "./create-course.ts";
import { findCourse } from "./find-course.ts";

let database: Database;
const db = () => database.prisma;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe("findCourse", () => {
  it("finds a course by id, by slug, and by its name as people type it", async () => {
    const course = await createCourse(db(), { name: "Hydrology 101" });
    expect(course.slug).toBe("hydrology-101");
    expect((await findCourse(db(), course.id)).id).toBe(course.id);
    expect((await findCourse(db(), "hydrology-101")).id).toBe(course.id);
    expect((await findCourse(db(), "Hydrology 101")).id).toBe(course.id);
    expect((await findCourse(db(), "  hydrology 101 ")).id).toBe(course.id);
  });

  it("asks for the slug when several open courses share the name, and ignores archived ones", async () => {
    const twin = await createCourse(db(), { name: "Earth Science" });
    const other = await createCourse(db(), { name: "earth science" });
    expect(other.slug).toBe("earth-science-2");
    await expect(findCourse(db(), "EARTH SCIENCE")).rejects.toMatchObject({
      code: "invalid_input",
      userMessage: 'Several courses are named "EARTH SCIENCE": earth-science, earth-science-2. Use the slug.',
    });
    // A slug always names one course, whatever names are shared.
    await expect(findCourse(db(), "earth-science-2")).resolves.toMatchObject({ id: other.id });
    await db().course.update({ where: { id: other.id }, data: { archivedAt: new Date() } });
    await expect(findCourse(db(), "EARTH SCIENCE")).resolves.toMatchObject({ id: twin.id });
  });

  it("suggests the nearest slugs for a name it does not know", async () => {
    await createCourse(db(), { name: "Biology 101" });
    await expect(findCourse(db(), "Biology 10")).rejects.toMatchObject({
      code: "not_found",
      userMessage: 'There is no course "Biology 10". Did you mean: biology-101?',
    });
  });
});
