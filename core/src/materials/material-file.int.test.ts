import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createHashedEmbedder } from "../ai/local/hashed-embedder.ts";
import { ensureEnrollment } from "../courses/enrollments.ts";
import type { Database } from "../db/open-database.ts";
import { silentLogger } from "../logger.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { deleteCourse } from "../privacy/delete-course.ts";
import { ingestMaterial } from "./ingest-material.ts";
import { removeMaterial } from "./manage-materials.ts";
import { readCourseMaterial } from "./read-course-material.ts";
import { NO_ORIGINAL_MESSAGE, readMaterialFile } from "./read-material-file.ts";
import { reindexMaterials } from "./reindex-materials.ts";

let database: Database;
let courseId: string;
let otherCourseId: string;
const embedder = createHashedEmbedder();
const logger = silentLogger();
const deps = () => ({ db: database.prisma, embedder, logger });
const db = () => database.prisma;
const student = studentActor("U2001");
const outsider = studentActor("U2002");
const teacher = studentActor("U2003");
const operator = {
  kind: "operator" as const,
  actor: { platform: "CLI" as const, tenant: "", externalId: "ops" },
};

async function makePdf(pages: string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const line of pages) pdf.addPage([600, 800]).drawText(line, { x: 40, y: 760, size: 11, font });
  return pdf.save();
}

beforeAll(async () => {
  database = await createTestDatabase();
  courseId = (await seedCourse(db(), "Hydrology", [teacher], "STAFF")).id;
  const { userId } = await resolveUser(db(), student);
  await ensureEnrollment(db(), { courseId, userId, role: "STUDENT", source: "MANUAL" });
  otherCourseId = (await seedCourse(db(), "Geology", [outsider])).id;
});
afterAll(() => database?.close());

describe("original files of materials", () => {
  it("keeps a PDF's original bytes with its detected type and name, and serves them to the course", async () => {
    const pdf = await makePdf(["Aquifers store groundwater.", "Wells draw from aquifers."]);
    const { material } = await ingestMaterial(
      { courseId, data: pdf, fileName: "week 3/aquifers.pdf", contentType: "text/html" },
      deps(),
    );
    const file = await readMaterialFile(db(), { actor: student, courseId, materialId: material.id });
    expect(file).toMatchObject({ contentType: "application/pdf", fileName: "week 3/aquifers.pdf" });
    expect(file.sizeBytes).toBe(pdf.byteLength);
    expect(Buffer.from(file.data).equals(Buffer.from(pdf))).toBe(true);

    const read = await readCourseMaterial(db(), { actor: student, courseId, materialId: material.id });
    expect(read.original).toEqual({
      fileName: "week 3/aquifers.pdf",
      contentType: "application/pdf",
      sizeBytes: pdf.byteLength,
    });
    expect(read.passages[0]?.page).toBe(1);
  });

  it("says a text file is UTF-8 when it is", async () => {
    const data = new TextEncoder().encode("# Rivers\n\nRivers carry sediment downstream — always.\n");
    const { material } = await ingestMaterial({ courseId, data, fileName: "rivers.md" }, deps());
    const file = await readMaterialFile(db(), { actor: student, courseId, materialId: material.id });
    expect(file.contentType).toBe("text/markdown; charset=utf-8");
  });

  it("answers another course's student, an unknown and a malformed id with the same not found", async () => {
    const { material } = await ingestMaterial(
      {
        courseId,
        data: new TextEncoder().encode("Springs emerge where the water table meets the surface."),
        fileName: "springs.txt",
      },
      deps(),
    );
    // Each attempt starts only when awaited, so none is left rejecting with nobody listening.
    const attempts = [
      () => readMaterialFile(db(), { actor: outsider, courseId: otherCourseId, materialId: material.id }),
      () => readMaterialFile(db(), { actor: student, courseId, materialId: crypto.randomUUID() }),
      () => readMaterialFile(db(), { actor: student, courseId, materialId: "not-a-uuid" }),
    ];
    for (const attempt of attempts) {
      await expect(attempt()).rejects.toMatchObject({
        code: "not_found",
        userMessage: "That material is not in this course.",
      });
    }
    // Not enrolled in the material's course at all: refused before anything is read.
    await expect(
      readMaterialFile(db(), { actor: outsider, courseId, materialId: material.id }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("says plainly when a material was added before originals were kept, and keeps it when uploaded again", async () => {
    const data = new TextEncoder().encode("Evaporation returns water to the atmosphere.");
    const { material } = await ingestMaterial({ courseId, data, fileName: "cycle.txt" }, deps());
    // A material from before this change: no file row.
    await db().materialFile.delete({ where: { materialId: material.id } });
    await expect(
      readMaterialFile(db(), { actor: student, courseId, materialId: material.id }),
    ).rejects.toMatchObject({ code: "not_found", userMessage: NO_ORIGINAL_MESSAGE });
    const read = await readCourseMaterial(db(), { actor: student, courseId, materialId: material.id });
    expect(read.original).toBeNull();

    const again = await ingestMaterial({ courseId, data, fileName: "cycle.txt" }, deps());
    expect(again).toMatchObject({ duplicate: true, material: { id: material.id } });
    const file = await readMaterialFile(db(), { actor: student, courseId, materialId: material.id });
    expect(Buffer.from(file.data).toString("utf8")).toBe("Evaporation returns water to the atmosphere.");
  });

  it("keeps the file through a reindex", async () => {
    const before = await db().materialFile.count({ where: { material: { courseId } } });
    const other = { ...createHashedEmbedder(), model: "other-model" };
    const reindexed = await reindexMaterials({ courseId }, { db: db(), embedder: other, logger });
    expect(reindexed.materials).toBeGreaterThan(0);
    expect(await db().materialFile.count({ where: { material: { courseId } } })).toBe(before);
  });

  it("deletes the file with its material, and every file with its course", async () => {
    const { material } = await ingestMaterial(
      {
        courseId,
        data: new TextEncoder().encode("Infiltration moves water into soil."),
        fileName: "soil.txt",
      },
      deps(),
    );
    await removeMaterial(db(), { actor: teacher, courseId, materialId: material.id });
    expect(await db().materialFile.count({ where: { materialId: material.id } })).toBe(0);

    expect(await db().materialFile.count({ where: { material: { courseId } } })).toBeGreaterThan(0);
    await deleteCourse({ requester: operator, course: courseId }, { db: db(), logger });
    expect(await db().materialFile.count()).toBe(0);
  });
});
