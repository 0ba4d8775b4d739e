// Offline generation end to end: real ingestion of the examples/ reader, the local writer, PGlite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleMaterial, seedCourse, studentActor } from "../../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import { createAi } from "../../ai/create-ai.ts";
import { ensureEnrollment } from "../../courses/enrollments.ts";
import type { Database } from "../../db/open-database.ts";
import { silentLogger } from "../../logger.ts";
import { ingestMaterial } from "../../materials/ingest-material.ts";
import type { Actor } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { createQuestionWriter, type GenerateQuizDeps, generateQuiz } from "./generate-quiz.ts";

const GENETICS = `# Genetics Primer

## Genes

A gene is a segment of DNA that codes for a protein. Alleles are different versions of the same gene. Dominant alleles mask the effect of recessive alleles in a heterozygous organism.

## Meiosis

Meiosis is the cell division that halves the chromosome number to make gametes. Crossing over swaps segments between homologous chromosomes during meiosis.
`;

const ai = createAi({ provider: "local" });
const staff: Actor = { platform: "SLACK", tenant: "T1", externalId: "U-STAFF", displayName: "Dr Staff" };
const student = studentActor("U-GEN-STUDENT");
let database: Database;
let deps: GenerateQuizDeps;
let courseId: string;
let biologyId: string;
let geneticsId: string;

async function ingest(course: string, text: Buffer | string, fileName: string): Promise<string> {
  const { material } = await ingestMaterial(
    { courseId: course, data: Buffer.from(text), fileName },
    { db: database.prisma, embedder: ai.embedder, logger: silentLogger() },
  );
  return material.id;
}

async function storedQuestions(quizId: string) {
  return database.prisma.question.findMany({
    where: { quizId },
    orderBy: { position: "asc" },
    include: { sourceChunk: { select: { courseId: true, materialId: true, text: true } } },
  });
}

const quizCount = () => database.prisma.quiz.count();

beforeAll(async () => {
  database = await createTestDatabase();
  deps = {
    db: database.prisma,
    embedder: ai.embedder,
    writer: createQuestionWriter(ai),
    logger: silentLogger(),
    minSimilarity: ai.defaultMinSimilarity,
  };
  courseId = (await seedCourse(database.prisma, "Biology Quiz Gen", [staff], "STAFF")).id;
  const { userId } = await resolveUser(database.prisma, student);
  await ensureEnrollment(database.prisma, { courseId, userId, role: "STUDENT", source: "DISCORD" });
  biologyId = await ingest(courseId, await sampleMaterial(), "cell-biology.md");
  geneticsId = await ingest(courseId, GENETICS, "genetics.md");
});
afterAll(() => database?.close());

describe("generateQuiz offline", () => {
  it("stores a draft whose every question cites a passage of the course that holds its answer", async () => {
    const result = await generateQuiz({ actor: staff, courseId, count: 6 }, deps);

    expect(result).toMatchObject({ questions: 6, title: "Quiz: Cell Biology Basics, Genetics Primer" });
    const quiz = await database.prisma.quiz.findUniqueOrThrow({ where: { id: result.quizId } });
    const { userId } = await resolveUser(database.prisma, staff);
    expect(quiz).toMatchObject({ status: "DRAFT", origin: "GENERATED", model: "local", createdById: userId });
    const questions = await storedQuestions(result.quizId);
    expect(questions).toHaveLength(6);
    for (const q of questions) {
      expect(q.sourceChunk?.courseId).toBe(courseId);
      expect([biologyId, geneticsId]).toContain(q.sourceMaterialId);
      expect(["Cell Biology Basics", "Genetics Primer"]).toContain(q.sourceTitle);
      const passage = q.sourceChunk!.text.toLowerCase().replace(/\s+/g, " ");
      if (q.kind === "TRUE_FALSE") {
        const statement = q.prompt.replace(/^True or false: /, "").toLowerCase();
        expect(passage.includes(statement)).toBe(q.correctChoices[0] === 0);
      } else {
        expect(q.correctChoices.length).toBeGreaterThan(0);
        for (const i of q.correctChoices) expect(passage).toContain(q.choices[i]!.toLowerCase());
      }
    }
    // Both materials are drawn on, not just the first.
    expect(new Set(questions.map((q) => q.sourceMaterialId))).toEqual(new Set([biologyId, geneticsId]));
  });

  it("writes the same questions for the same request", async () => {
    const first = await generateQuiz({ actor: staff, courseId, count: 4 }, deps);
    const second = await generateQuiz({ actor: staff, courseId, count: 4 }, deps);
    const prompts = async (quizId: string) =>
      (await storedQuestions(quizId)).map((q) => [q.prompt, q.choices]);
    expect(await prompts(second.quizId)).toEqual(await prompts(first.quizId));
  });

  it("keeps to a topic, naming the quiz after it", async () => {
    const result = await generateQuiz({ actor: staff, courseId, topic: "meiosis", count: 2 }, deps);
    expect(result.title).toBe("Quiz: meiosis");
    const quiz = await database.prisma.quiz.findUniqueOrThrow({ where: { id: result.quizId } });
    expect(quiz.topic).toBe("meiosis");
    for (const q of await storedQuestions(result.quizId)) expect(q.sourceChunk!.text).toMatch(/meiosis/i);
  });

  it("writes only from the chosen materials", async () => {
    const result = await generateQuiz({ actor: staff, courseId, materialIds: [geneticsId], count: 3 }, deps);
    expect(result.title).toBe("Quiz: Genetics Primer");
    const questions = await storedQuestions(result.quizId);
    expect(questions.length).toBeGreaterThan(0);
    for (const q of questions) expect(q.sourceMaterialId).toBe(geneticsId);
  });

  it("says when nothing in the materials is on the topic", async () => {
    const before = await quizCount();
    await expect(
      generateQuiz({ actor: staff, courseId, topic: "volcanic eruptions" }, deps),
    ).rejects.toMatchObject({
      code: "not_found",
      userMessage: expect.stringContaining(`don't seem to cover "volcanic eruptions"`),
    });
    expect(await quizCount()).toBe(before);
  });

  it("asks for materials first in a course without any", async () => {
    const empty = await seedCourse(database.prisma, "Empty Course", [staff], "STAFF");
    await expect(generateQuiz({ actor: staff, courseId: empty.id }, deps)).rejects.toMatchObject({
      code: "not_found",
      userMessage: expect.stringMatching(/^Add materials first/),
    });
  });

  it("says why a short material gave fewer questions than asked for", async () => {
    const short = await seedCourse(database.prisma, "Short Course", [staff], "STAFF");
    await ingest(
      short.id,
      "# Aquifers\n\nAn aquifer is a layer of porous rock that holds groundwater.\n",
      "aquifers.md",
    );
    const result = await generateQuiz({ actor: staff, courseId: short.id, count: 5 }, deps);
    expect(result.questions).toBeGreaterThan(0);
    expect(result.questions).toBeLessThan(5);
    expect(result.shortfall).toEqual({ reason: "little_material", requested: 5, kept: result.questions });
  });

  it("reports no shortfall when every question asked for came back", async () => {
    const result = await generateQuiz({ actor: staff, courseId, count: 2 }, deps);
    expect(result.questions).toBe(2);
    expect(result.shortfall).toBeNull();
  });

  it("reports an error, storing nothing, when no sentence makes a fair question", async () => {
    const vague = await seedCourse(database.prisma, "Vague Course", [staff], "STAFF");
    await ingest(
      vague.id,
      "# Notes\n\nThis is why it matters so much. They showed it in the figure above. These results follow from that.\n",
      "notes.md",
    );
    const before = await quizCount();
    await expect(generateQuiz({ actor: staff, courseId: vague.id }, deps)).rejects.toMatchObject({
      code: "ai_unavailable",
      userMessage: expect.stringMatching(/^No usable questions/),
    });
    expect(await quizCount()).toBe(before);
  });

  it("refuses a student", async () => {
    const before = await quizCount();
    await expect(generateQuiz({ actor: student, courseId }, deps)).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(await quizCount()).toBe(before);
  });

  it("rejects a count outside 1..20", async () => {
    await expect(generateQuiz({ actor: staff, courseId, count: 21 }, deps)).rejects.toThrow(/at most 20/);
  });
});
