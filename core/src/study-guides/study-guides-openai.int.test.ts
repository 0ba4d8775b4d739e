// Study guides written by a model through the real `openai` SDK against the fake OpenAI server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sampleMaterial, seedCourse } from "../../../test/support/course-fixtures.ts";
import {
  type ChatCompletionBody,
  type FakeOpenAi,
  startFakeOpenAi,
} from "../../../test/support/fake-openai-server.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createAi } from "../ai/create-ai.ts";
import type { Database } from "../db/open-database.ts";
import { createStudyHallDeps, type StudyHallDeps } from "../deps.ts";
import { silentLogger } from "../logger.ts";
import { ingestMaterial } from "../materials/ingest-material.ts";
import type { Actor } from "../people/actor.ts";
import { requestStudyGuide } from "./request-study-guide.ts";

const staff: Actor = { platform: "SLACK", tenant: "T1", externalId: "U-SGM-STAFF", displayName: "Teacher" };
let fake: FakeOpenAi;
let database: Database;
let deps: StudyHallDeps;
let courseId: string;

/** The passage numbers a section request offers the model. */
function offered(body: ChatCompletionBody): number[] {
  const user = body.messages.at(-1)?.content;
  return [...String(user).matchAll(/<passage n="(\d+)"/g)].map((m) => Number(m[1]));
}

beforeAll(async () => {
  fake = await startFakeOpenAi();
  const ai = createAi({
    provider: "openai",
    apiKey: fake.apiKey,
    baseURL: fake.url,
    chatModel: "gpt-test",
    embeddingModel: "text-embedding-3-small",
    timeoutMs: 5_000,
    maxRetries: 0,
  });
  database = await createTestDatabase();
  deps = createStudyHallDeps({ db: database.prisma, ai, logger: silentLogger() });
  courseId = (await seedCourse(database.prisma, "Guides Model", [staff], "STAFF")).id;
  await ingestMaterial(
    { courseId, data: await sampleMaterial(), fileName: "cell-biology.md" },
    { db: database.prisma, embedder: ai.embedder, logger: silentLogger() },
  );
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await database?.close();
  await fake?.close();
});

describe("requestStudyGuide with a model", () => {
  it("writes each section from its passages, keeps only statements citing a passage given, and logs the tokens", async () => {
    fake.setChatResponder((body) => {
      const [first] = offered(body);
      return JSON.stringify({
        summary: [
          { text: "A statement from the passage [1].", cites: [first] },
          { text: "A statement citing nothing given.", cites: [999] },
          { text: "A statement citing nothing.", cites: [] },
        ],
        terms: [{ term: "Term", definition: "Its definition.", cites: [first, 998] }],
        questions: [{ question: "A question?", answer: "Its answer.", cites: [first] }],
      });
    });
    const progress: number[] = [];
    const guide = await requestStudyGuide(
      deps,
      { actor: staff, courseId, request: {} },
      { onProgress: (done) => void progress.push(done) },
    );

    expect(guide).toMatchObject({ status: "READY", method: "MODEL", model: "openai:gpt-test" });
    const sections = guide.content.sections;
    expect(sections.length).toBe(fake.chatRequests().length);
    expect(progress).toHaveLength(sections.length);
    const sources = new Set(guide.content.sources.map((s) => s.n));
    for (const section of sections) {
      expect(section.summary).toEqual([
        { text: "A statement from the passage.", cites: [expect.any(Number)] },
      ]);
      expect(section.terms[0]!.cites).toHaveLength(1);
      for (const item of [...section.summary, ...section.terms, ...section.questions])
        for (const n of item.cites) expect(sources.has(n)).toBe(true);
    }
    const body = fake.chatRequests()[0]!.body as unknown as ChatCompletionBody;
    expect(body.response_format).toMatchObject({
      type: "json_schema",
      json_schema: { name: "study_guide_section" },
    });
    expect(guide.markdown).toContain(
      "Written by an AI model (openai:gpt-test) from the course materials only",
    );
    const usage = await database.prisma.usageLog.findMany({ where: { courseId, kind: "STUDY_GUIDE" } });
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ answered: true, model: "openai:gpt-test" });
    expect(usage[0]!.tokensIn).toBeGreaterThan(0);
  });

  it("marks the guide FAILED with a clear error when the model gives no usable reply", async () => {
    fake.setChatResponder(() => "not json at all");
    await expect(
      requestStudyGuide(deps, { actor: staff, courseId, request: { topic: "photosynthesis" } }),
    ).rejects.toMatchObject({ code: "ai_unavailable" });
    const row = await database.prisma.studyGuide.findFirstOrThrow({
      where: { courseId, scopeKey: "topic=photosynthesis" },
    });
    expect(row).toMatchObject({
      status: "FAILED",
      error: expect.stringContaining("did not return a usable study guide"),
    });
    const failed = await database.prisma.usageLog.findFirstOrThrow({
      where: { courseId, kind: "STUDY_GUIDE", answered: false },
    });
    expect(failed.refusedReason).toBe("ai_error");
  });

  it("is refused before any model call once the course has spent its token budget, in the guide's own words", async () => {
    await database.prisma.budget.create({
      data: { courseId, scope: "COURSE", windowSeconds: 86_400, maxTokens: 1 },
    });
    const guides = await database.prisma.studyGuide.count({ where: { courseId } });
    await expect(
      requestStudyGuide(deps, { actor: staff, courseId, request: { topic: "nucleus" } }),
    ).rejects.toMatchObject({
      code: "rate_limited",
      userMessage: expect.stringContaining("so a study guide cannot be written now. Try again"),
    });
    expect(fake.chatRequests()).toHaveLength(0);
    expect(await database.prisma.studyGuide.count({ where: { courseId } })).toBe(guides);
  });
});
