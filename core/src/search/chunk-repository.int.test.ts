import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { HASHED_EMBEDDER_MODEL, hashedVector } from "../ai/local/hashed-embedder.ts";
import type { Database } from "../db/open-database.ts";
import { hybridSearch, insertChunks, vectorSearch } from "./chunk-repository.ts";

let database: Database;
const courses: Record<"a" | "b", string> = { a: "", b: "" };
const TOPICS = [
  "enzymes",
  "osmosis",
  "meiosis",
  "ribosomes",
  "glycolysis",
  "photosystems",
  "neurons",
  "hormones",
];

/** Passage `i` of a course: every passage says "biology"; only one says "zebrafish". */
function passage(course: string, i: number): string {
  const topic = TOPICS[i % TOPICS.length]!;
  const rare = i === 7 ? " Zebrafish embryos are transparent." : "";
  return `Biology note ${i} of course ${course} covers ${topic} and ${topic} regulation in detail.${rare}`;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.prisma;
  for (const key of ["a", "b"] as const) {
    const course = await db.course.create({ data: { slug: `course-${key}`, name: `Course ${key}` } });
    courses[key] = course.id;
    const material = await db.material.create({
      data: {
        courseId: course.id,
        title: `Reader ${key}`,
        type: "TEXT",
        sizeBytes: 1,
        sha256: key,
        status: "READY",
        chunkCount: 120,
      },
    });
    const chunks = Array.from({ length: 120 }, (_, i) => {
      const text = passage(key, i);
      return {
        ordinal: i,
        text,
        anchor: `p. ${i + 1}`,
        page: i + 1,
        section: null,
        tokenCount: 20,
        embedding: hashedVector(text),
      };
    });
    await insertChunks(
      db,
      { materialId: material.id, courseId: course.id, embeddingModel: HASHED_EMBEDDER_MODEL },
      chunks,
    );
  }
  await db.$executeRawUnsafe(`ANALYZE "MaterialChunk"`);
});
afterAll(() => database?.close());

describe("hybridSearch", () => {
  for (const vectorSearch of ["index", "exact"] as const) {
    it(`stays inside the course with the ${vectorSearch} vector search`, async () => {
      const question = passage("b", 3);
      const hits = await hybridSearch(database.prisma, {
        courseId: courses.a,
        embeddingModel: HASHED_EMBEDDER_MODEL,
        embedding: hashedVector(question),
        text: question,
        limit: 8,
        vectorSearch,
      });
      expect(hits).toHaveLength(8);
      const own = await database.prisma.materialChunk.count({
        where: { id: { in: hits.map((h) => h.chunkId) }, courseId: courses.a },
      });
      expect(own).toBe(8);
      expect(hits[0]!.text).toContain("ribosomes");
    });
  }

  it("finds neighbours as close as an exact scan does, through the index", async () => {
    const embedding = hashedVector("meiosis regulation");
    const query = { courseId: courses.a, embeddingModel: HASHED_EMBEDDER_MODEL, embedding };
    const exactIds = await vectorSearch(database.prisma, { ...query, limit: 10 }, "exact");
    const hits = await hybridSearch(database.prisma, {
      ...query,
      text: "",
      limit: 10,
      vectorSearch: "index",
      candidates: 10,
    });
    // Many passages tie on distance, so compare how close the neighbours are, not which ones they are.
    const all = await database.prisma.materialChunk.findMany({
      where: { courseId: courses.a },
      select: { id: true, text: true },
    });
    const cosine = (text: string) => hashedVector(text).reduce((sum, v, i) => sum + v * embedding[i]!, 0);
    const similarity = new Map(all.map((c) => [c.id, cosine(c.text)]));
    const exact = exactIds.map((id) => similarity.get(id)!).sort((a, b) => b - a);
    const found = hits.map((h) => h.similarity!).sort((a, b) => b - a);
    expect(found).toHaveLength(10);
    found.forEach((value, i) => {
      expect(value).toBeCloseTo(exact[i]!, 5);
    });
  });

  it("ranks full text by the question's rare words and skips words too common to help", async () => {
    const hits = await hybridSearch(database.prisma, {
      courseId: courses.a,
      embeddingModel: HASHED_EMBEDDER_MODEL,
      embedding: hashedVector("zebrafish biology"),
      text: "zebrafish biology",
      limit: 8,
      textMatchBudget: 50,
    });
    const textMatches = hits.filter((h) => h.textRank !== null);
    // "biology" is in every chunk (240 > budget 50), so only "zebrafish" is searched as text.
    expect(textMatches).toHaveLength(1);
    expect(textMatches[0]!.text).toContain("Zebrafish");
    expect(hits[0]!.text).toContain("Zebrafish");
  });

  it("searches every word when the budget allows", async () => {
    const hits = await hybridSearch(database.prisma, {
      courseId: courses.a,
      embeddingModel: HASHED_EMBEDDER_MODEL,
      embedding: hashedVector("zebrafish biology"),
      text: "zebrafish biology",
      limit: 8,
    });
    expect(hits.filter((h) => h.textRank !== null).length).toBe(8);
  });
});

describe("hybridSearch inside chosen materials", () => {
  for (const vectorSearch of ["index", "exact"] as const) {
    it(`returns only the chosen material's passages with the ${vectorSearch} vector search`, async () => {
      const db = database.prisma;
      const notes = await db.material.upsert({
        where: { id: "00000000-0000-4000-8000-00000000a2a2" },
        update: {},
        create: {
          id: "00000000-0000-4000-8000-00000000a2a2",
          courseId: courses.a,
          title: "Lab notes",
          type: "TEXT",
          sizeBytes: 1,
          sha256: "a2",
          status: "READY",
          chunkCount: 5,
        },
      });
      if ((await db.materialChunk.count({ where: { materialId: notes.id } })) === 0)
        await insertChunks(
          db,
          { materialId: notes.id, courseId: courses.a, embeddingModel: HASHED_EMBEDDER_MODEL },
          Array.from({ length: 5 }, (_, i) => {
            const text = `Lab session ${i}: we calibrated the pipettes and washed the glassware.`;
            return {
              ordinal: i,
              text,
              anchor: null,
              page: null,
              section: null,
              tokenCount: 12,
              embedding: hashedVector(text),
            };
          }),
        );
      const question = passage("a", 3);
      const hits = await hybridSearch(db, {
        courseId: courses.a,
        materialIds: [notes.id],
        embeddingModel: HASHED_EMBEDDER_MODEL,
        embedding: hashedVector(question),
        text: question,
        limit: 8,
        vectorSearch,
      });
      // The course's 120 passages on ribosomes match far better; none of them may appear.
      expect(hits).toHaveLength(5);
      expect(hits.every((h) => h.materialId === notes.id)).toBe(true);
    });
  }
});
