// Generation inside chosen materials: the search runs inside them, so a material that matches the
// topic far better cannot crowd them out of the top-k.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import { createAi } from "../../ai/create-ai.ts";
import { HASHED_EMBEDDER_MODEL, hashedVector } from "../../ai/local/hashed-embedder.ts";
import type { Database } from "../../db/open-database.ts";
import { hybridSearch, insertChunks } from "../../search/chunk-repository.ts";
import { pickPassages } from "./pick-passages.ts";

const ai = createAi({ provider: "local" });
let database: Database;
let courseId: string;
let strongId: string;
let weakId: string;

async function material(title: string, texts: string[]): Promise<string> {
  const db = database.prisma;
  const row = await db.material.create({
    data: {
      courseId,
      title,
      type: "TEXT",
      sizeBytes: 1,
      sha256: title,
      status: "READY",
      chunkCount: texts.length,
    },
  });
  await insertChunks(
    db,
    { materialId: row.id, courseId, embeddingModel: HASHED_EMBEDDER_MODEL },
    texts.map((text, ordinal) => ({
      ordinal,
      text,
      anchor: `p. ${ordinal + 1}`,
      page: ordinal + 1,
      section: null,
      tokenCount: 40,
      embedding: hashedVector(text),
    })),
  );
  return row.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  expect(ai.embedder.model).toBe(HASHED_EMBEDDER_MODEL);
  courseId = (await database.prisma.course.create({ data: { slug: "photo-101", name: "Photo 101" } })).id;
  // 150 passages that are about nothing but photosynthesis...
  strongId = await material(
    "Photosynthesis reader",
    Array.from(
      { length: 150 },
      (_, i) => `Photosynthesis ${i}: photosynthesis in chloroplasts, photosynthesis and light.`,
    ),
  );
  // ...and 8 that mention it once among other things.
  weakId = await material(
    "Field notes",
    Array.from(
      { length: 8 },
      (_, i) =>
        `Field day ${i}: we mapped the river terraces, logged soil moisture and noted that photosynthesis slows in shade.`,
    ),
  );
  await database.prisma.$executeRawUnsafe(`ANALYZE "MaterialChunk"`);
});
afterAll(() => database?.close());

describe("pickPassages with chosen materials", () => {
  it("takes every passage from the chosen material even when another matches the topic better", async () => {
    const passages = await pickPassages(database.prisma, ai.embedder, {
      courseId,
      topic: "photosynthesis",
      materialIds: [weakId],
      howMany: 6,
      minSimilarity: ai.defaultMinSimilarity,
    });
    expect(passages).toHaveLength(6);
    const owners = await database.prisma.materialChunk.findMany({
      where: { id: { in: passages.map((p) => p.id) } },
      select: { materialId: true },
    });
    expect(owners.map((o) => o.materialId)).toEqual(Array(6).fill(weakId));
    expect(passages.every((p) => p.title === "Field notes")).toBe(true);

    // Filtering the course's top 100 afterwards, as before, would have left too few of them.
    const [embedding] = await ai.embedder.embed(["photosynthesis"]);
    const courseTop = await hybridSearch(database.prisma, {
      courseId,
      embeddingModel: ai.embedder.model,
      embedding: embedding!,
      text: "photosynthesis",
      limit: 100,
    });
    expect(courseTop.filter((hit) => hit.materialId === weakId).length).toBeLessThan(6);
  });

  it("searches the whole course without a choice, where the stronger material wins", async () => {
    const passages = await pickPassages(database.prisma, ai.embedder, {
      courseId,
      topic: "photosynthesis",
      howMany: 6,
      minSimilarity: ai.defaultMinSimilarity,
    });
    expect(passages.every((p) => p.title === "Photosynthesis reader")).toBe(true);
    expect(strongId).not.toBe(weakId);
  });
});
