// Study guides offline (no chat model): extractive, cited, kept and reused, with progress, as Markdown and PDF.
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleMaterial, seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createAi } from "../ai/create-ai.ts";
import { ensureEnrollment } from "../courses/enrollments.ts";
import type { Database } from "../db/open-database.ts";
import { createStudyHallDeps, type StudyHallDeps } from "../deps.ts";
import { silentLogger } from "../logger.ts";
import { ingestMaterial } from "../materials/ingest-material.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { requestStudyGuide } from "./request-study-guide.ts";
import { studyGuideFiles, studyGuideReply } from "./study-guide-reply.ts";
import type { StudyGuideView } from "./study-guide-types.ts";
import { findStudyGuide, listStudyGuides } from "./study-guides.ts";

const staff: Actor = { platform: "DISCORD", tenant: "", externalId: "U-SG-STAFF", displayName: "Teacher" };
const student = studentActor("U-SG-1");
const outsider = studentActor("U-SG-OUT");
let database: Database;
let deps: StudyHallDeps;
let courseId: string;
let readerId: string;

const WEEK_3 = `# Week 3: Rocks

Sandstone is a sedimentary rock made of sand grains cemented together. Limestone is a sedimentary rock formed mostly from the shells of marine organisms. Sedimentary rocks form in layers that record the history of a basin.
`;

/** Every [n] a guide cites names one of its sources, and every source is a passage of the course. */
async function expectCitationsValid(guide: StudyGuideView) {
  const sources = new Set(guide.content.sources.map((s) => s.n));
  const items = guide.content.sections.flatMap((s) => [...s.summary, ...s.terms, ...s.questions]);
  expect(items.length).toBeGreaterThan(0);
  for (const item of items) {
    expect(item.cites.length).toBeGreaterThan(0);
    for (const n of item.cites) expect(sources.has(n)).toBe(true);
  }
  const chunks = await database.prisma.materialChunk.findMany({
    where: { id: { in: guide.content.sources.map((s) => s.chunkId) } },
  });
  expect(chunks).toHaveLength(guide.content.sources.length);
  expect(chunks.every((c) => c.courseId === courseId)).toBe(true);
  return chunks;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const ai = createAi({ provider: "local" });
  deps = createStudyHallDeps({ db: database.prisma, ai, logger: silentLogger() });
  courseId = (await seedCourse(database.prisma, "Guides Offline", [staff], "STAFF")).id;
  await seedCourse(database.prisma, "Guides Elsewhere", [outsider]);
  const { userId } = await resolveUser(database.prisma, student);
  await ensureEnrollment(database.prisma, { courseId, userId, role: "STUDENT", source: "DISCORD" });
  const ingestDeps = { db: database.prisma, embedder: ai.embedder, logger: silentLogger() };
  readerId = (
    await ingestMaterial({ courseId, data: await sampleMaterial(), fileName: "cell-biology.md" }, ingestDeps)
  ).material.id;
  await ingestMaterial(
    { courseId, data: new TextEncoder().encode(WEEK_3), fileName: "week-3.md" },
    ingestDeps,
  );
});
afterAll(async () => {
  await database?.close();
});

describe("requestStudyGuide offline", () => {
  it("builds an extractive guide for a topic, every statement quoted from a cited passage, and says so", async () => {
    const guide = await requestStudyGuide(deps, {
      actor: student,
      courseId,
      request: { topic: "mitochondria" },
    });

    expect(guide).toMatchObject({ status: "READY", method: "EXTRACTIVE", model: null, reused: false });
    const chunks = await expectCitationsValid(guide);
    // Extractive: each summary statement and definition is a sentence of the passage it cites.
    const textOf = new Map(
      guide.content.sources.map((s) => [s.n, chunks.find((c) => c.id === s.chunkId)!.text]),
    );
    for (const section of guide.content.sections) {
      for (const s of section.summary)
        expect(textOf.get(s.cites[0]!)!.replace(/\s+/g, " ")).toContain(s.text);
      for (const t of section.terms)
        expect(textOf.get(t.cites[0]!)!.replace(/\s+/g, " ")).toContain(t.definition);
    }
    const mito = guide.content.sections.find((s) => s.heading === "Mitochondria");
    expect(mito?.terms.map((t) => t.term)).toContain("Mitochondria");
    expect(mito?.questions.length).toBeGreaterThan(0);
    expect(guide.markdown).toContain(
      "Assembled extractively from the course materials (no AI model was used)",
    );
    expect(guide.markdown).toMatch(
      /^Mitochondria\n: Mitochondria are the organelles where cellular respiration happens\. \[\d+\]$/m,
    );
    expect(guide.markdown).toContain("## Sources");
    const reply = studyGuideReply(guide);
    expect(reply.blocks).toContainEqual(
      expect.objectContaining({ type: "notice", text: expect.stringContaining("extractively") }),
    );
    expect(reply.blocks.some((b) => b.type === "citations")).toBe(true);
  });

  it("covers chosen materials in order, reports progress per section and keeps the counts on the row", async () => {
    const progress: Array<[number, number]> = [];
    const guide = await requestStudyGuide(
      deps,
      { actor: staff, courseId, request: { materialIds: [readerId] } },
      { onProgress: (done, total) => void progress.push([done, total]) },
    );

    expect(guide.title).toBe("Study guide: Cell Biology Basics");
    const headings = guide.content.sections.map((s) => s.heading);
    expect(headings.indexOf("The cell membrane")).toBeLessThan(headings.indexOf("The nucleus"));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toEqual([guide.passagesTotal, guide.passagesTotal]);
    expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((a, b) => a - b));
    const row = await database.prisma.studyGuide.findUniqueOrThrow({ where: { id: guide.id } });
    expect(row).toMatchObject({
      status: "READY",
      passagesDone: row.passagesTotal,
      requestedById: expect.any(String),
    });
    await expectCitationsValid(guide);
  });

  it("reuses the READY guide of the same scope, however the topic is typed, unless asked for a fresh one", async () => {
    const first = await requestStudyGuide(deps, {
      actor: student,
      courseId,
      request: { topic: "Mitochondria " },
    });
    expect(first.reused).toBe(true);
    const fresh = await requestStudyGuide(deps, {
      actor: student,
      courseId,
      request: { topic: "mitochondria" },
      fresh: true,
    });
    expect(fresh.reused).toBe(false);
    expect(fresh.id).not.toBe(first.id);
    const again = await requestStudyGuide(deps, {
      actor: staff,
      courseId,
      request: { topic: "MITOCHONDRIA" },
    });
    expect(again).toMatchObject({ id: fresh.id, reused: true });
  });

  it("writes one guide for two identical requests at once", async () => {
    const request = { actor: student, courseId, request: { topic: "photosynthesis" } };
    const [a, b] = await Promise.all([requestStudyGuide(deps, request), requestStudyGuide(deps, request)]);
    expect(a.id).toBe(b.id);
    expect(
      await database.prisma.studyGuide.count({ where: { courseId, scopeKey: "topic=photosynthesis" } }),
    ).toBe(1);
  });

  it("maps a week to the material whose title names it, and says what it looked for when none does", async () => {
    const guide = await requestStudyGuide(deps, { actor: student, courseId, request: { week: 3 } });
    expect(new Set(guide.content.sources.map((s) => s.title))).toEqual(new Set(["Week 3: Rocks"]));
    expect(guide.content.sections.flatMap((s) => s.terms.map((t) => t.term))).toContain("Sandstone");

    await expect(
      requestStudyGuide(deps, { actor: student, courseId, request: { week: 9 } }),
    ).rejects.toMatchObject({
      code: "not_found",
      userMessage: expect.stringContaining(
        'names "Week 9" (also looked for "Wk 9", "Unit 9" and "Module 9")',
      ),
    });
  });

  it("produces Markdown and a PDF that parses back", async () => {
    const guide = await findStudyGuide(database.prisma, {
      actor: student,
      courseId,
      guide: "Study guide: Cell Biology Basics",
    });
    const files = studyGuideFiles(guide);
    expect(files.map((f) => [f.name, f.mimeType])).toEqual([
      ["study-guide-cell-biology-basics.md", "text/markdown"],
      ["study-guide-cell-biology-basics.pdf", "application/pdf"],
    ]);
    expect(new TextDecoder().decode(files[0]!.content)).toBe(guide.markdown);
    const pdf = await PDFDocument.load(files[1]!.content);
    expect(pdf.getPageCount()).toBeGreaterThan(0);
    expect(pdf.getTitle()).toBe("Study guide: Cell Biology Basics");
  });

  it("lists and finds guides for members only; another course's student gets not_found", async () => {
    const list = await listStudyGuides(database.prisma, { actor: student, courseId });
    expect(list.length).toBeGreaterThanOrEqual(4);
    const byNumber = await findStudyGuide(database.prisma, { actor: student, courseId, guide: "1" });
    expect(byNumber.id).toBe(list[0]!.id);
    await expect(listStudyGuides(database.prisma, { actor: outsider, courseId })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      findStudyGuide(database.prisma, { actor: outsider, courseId, guide: list[0]!.id }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      requestStudyGuide(deps, { actor: outsider, courseId, request: { topic: "mitochondria" } }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});
