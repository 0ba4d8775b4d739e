// Writing practice on PGlite, offline (structural feedback) and with a model through the fake OpenAI server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sampleMaterial, seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import {
  type ChatCompletionBody,
  type FakeOpenAi,
  startFakeOpenAi,
} from "../../../test/support/fake-openai-server.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createAi } from "../ai/create-ai.ts";
import { ensureEnrollment } from "../courses/enrollments.ts";
import type { Database } from "../db/open-database.ts";
import { createStudyHallDeps, type StudyHallDeps } from "../deps.ts";
import { silentLogger } from "../logger.ts";
import { ingestMaterial } from "../materials/ingest-material.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { generateWritingPrompt } from "./generate-writing-prompt.ts";
import { STRUCTURAL_HONESTY } from "./structural-feedback.ts";
import { submitWriting } from "./submit-writing.ts";
import { WRITING_LIMITS } from "./writing-limits.ts";
import {
  approveWritingPrompt,
  createWritingPrompt,
  discardWritingPrompt,
  findWritingPrompt,
  listWritingPrompts,
} from "./writing-prompts.ts";
import { writingResultReply } from "./writing-result-reply.ts";
import { writingResults } from "./writing-results.ts";

const staff: Actor = { platform: "SLACK", tenant: "T1", externalId: "U-WR-STAFF", displayName: "Teacher" };
const student = studentActor("U-WR-1");
const outsider = studentActor("U-WR-OUT");
let fake: FakeOpenAi;
let database: Database;
let offline: StudyHallDeps;
let online: StudyHallDeps;
let courseId: string;
let promptId: string;

const criteria = [
  { name: "Accuracy", points: 4 },
  { name: "Key terms", description: "Uses the course's terms.", points: 3 },
  { name: "Organisation" },
];

const ESSAY =
  'Mitochondria are the organelles where cellular respiration happens. As "Cell Biology Basics" puts it, they produce ATP. Photosynthesis happens in the nucleus.';

const submissions = () => database.prisma.writingSubmission.count({ where: { courseId } });

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
  online = createStudyHallDeps({ db: database.prisma, ai, logger: silentLogger() });
  offline = createStudyHallDeps({
    db: database.prisma,
    ai: createAi({ provider: "local" }),
    logger: silentLogger(),
  });
  courseId = (await seedCourse(database.prisma, "Writing Course", [staff], "STAFF")).id;
  await seedCourse(database.prisma, "Writing Elsewhere", [outsider]);
  const { userId } = await resolveUser(database.prisma, student);
  await ensureEnrollment(database.prisma, { courseId, userId, role: "STUDENT", source: "DISCORD" });
  await ingestMaterial(
    { courseId, data: await sampleMaterial(), fileName: "cell-biology.md" },
    { db: database.prisma, embedder: ai.embedder, logger: silentLogger() },
  );
  promptId = (
    await createWritingPrompt(database.prisma, {
      actor: staff,
      courseId,
      title: "Energy in cells",
      prompt: "Explain where a cell gets its energy.",
      criteria,
      minWords: 40,
      maxWords: 300,
    })
  ).id;
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await database?.close();
  await fake?.close();
});

describe("writing prompts", () => {
  it("refuses a rubric outside 3 to 5 criteria, naming the count", async () => {
    for (const count of [2, 6]) {
      const list = Array.from({ length: count }, (_, i) => ({ name: `C${i}` }));
      await expect(
        createWritingPrompt(database.prisma, {
          actor: staff,
          courseId,
          title: "T",
          prompt: "P",
          criteria: list,
        }),
      ).rejects.toMatchObject({
        code: "invalid_input",
        userMessage: `A rubric needs 3 to 5 criteria; this one has ${count}.`,
      });
    }
  });

  it("stores the rubric with 4 points by default, for staff only, and audits it", async () => {
    const prompt = await findWritingPrompt(database.prisma, {
      actor: student,
      courseId,
      prompt: "energy in cells",
    });
    expect(prompt.rubric).toEqual([
      { name: "Accuracy", description: null, points: 4 },
      { name: "Key terms", description: "Uses the course's terms.", points: 3 },
      { name: "Organisation", description: null, points: 4 },
    ]);
    expect(prompt.maxScore).toBe(11);
    await expect(
      createWritingPrompt(database.prisma, { actor: student, courseId, title: "T", prompt: "P", criteria }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(
      await database.prisma.auditEntry.count({ where: { action: "writing.created", targetId: promptId } }),
    ).toBe(1);
  });

  it("generates an offline template DRAFT with the standard rubric and its sources; staff approve or discard it", async () => {
    const draft = await generateWritingPrompt(offline, { actor: staff, courseId });
    expect(draft).toMatchObject({ status: "DRAFT", origin: "GENERATED", model: "local", template: true });
    expect(draft.prompt).toContain("A template prompt built from the course's key terms without an AI model");
    expect(draft.rubric.map((c) => c.name)).toEqual([
      "Accuracy",
      "Use of key terms",
      "Organisation",
      "Use of sources",
    ]);
    expect(draft.sources.length).toBeGreaterThan(0);
    expect(draft.sources.every((s) => s.materialId)).toBe(true);
    expect(
      (await listWritingPrompts(database.prisma, { actor: student, courseId })).map((p) => p.id),
    ).toEqual([promptId]);
    await expect(
      submitWriting(offline, { actor: student, promptId: draft.id, text: ESSAY }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      approveWritingPrompt(database.prisma, { actor: student, promptId: draft.id }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    const approved = await approveWritingPrompt(database.prisma, { actor: staff, promptId: draft.id });
    expect(approved.status).toBe("APPROVED");
    await discardWritingPrompt(database.prisma, { actor: staff, promptId: draft.id });
    expect(await database.prisma.writingPrompt.findUnique({ where: { id: draft.id } })).toMatchObject({
      status: "ARCHIVED",
    });
  });

  it("generates a DRAFT with the model, its rubric held to 3 criteria at least, and logs WRITING_PROMPT", async () => {
    fake.setChatResponder(() =>
      JSON.stringify({
        title: "Membranes",
        prompt: "Explain how the membrane controls what enters a cell.",
        criteria: [{ name: "Accuracy", description: "Correct.", points: 50 }],
        min_words: 100,
        max_words: 50,
      }),
    );
    const draft = await generateWritingPrompt(online, { actor: staff, courseId, topic: "cell membrane" });
    expect(draft).toMatchObject({
      status: "DRAFT",
      model: "openai:gpt-test",
      template: false,
      minWords: null,
      maxWords: 50,
    });
    expect(draft.rubric.map((c) => [c.name, c.points])).toEqual([
      ["Accuracy", 20],
      ["Use of key terms", 4],
      ["Organisation", 4],
    ]);
    const usage = await database.prisma.usageLog.findFirstOrThrow({
      where: { courseId, kind: "WRITING_PROMPT" },
    });
    expect(usage.tokensIn).toBeGreaterThan(0);
  });
});

describe("submitWriting", () => {
  it("refuses writing over the limit, naming it and the length, and stores nothing", async () => {
    const text = "a".repeat(WRITING_LIMITS.maxChars + 1);
    await expect(submitWriting(offline, { actor: student, promptId, text })).rejects.toMatchObject({
      code: "invalid_input",
      userMessage: expect.stringContaining("at most 10,000 characters; this one has 10,001"),
    });
    await expect(submitWriting(offline, { actor: student, promptId, text: "   " })).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect(await submissions()).toBe(0);
  });

  it("offline gives structural feedback only, says content was not judged, and scores nothing", async () => {
    const result = await submitWriting(offline, { actor: student, promptId, text: ESSAY });
    expect(result).toMatchObject({
      method: "STRUCTURAL",
      scored: false,
      scores: [],
      totalScore: 0,
      wordCount: 22,
    });
    expect(result.feedback).toContain(STRUCTURAL_HONESTY);
    expect(result.feedback).toContain("22 words (asked for 40–300), too short.");
    expect(result.feedback).toMatch(/Key terms used \(\d+ of \d+\):.*mitochondria/i);
    expect(result.feedback).toContain('names "Cell Biology Basics"');
    expect(result.nextStep).toContain("Develop your answer by about 18 words");
    const reply = writingResultReply(result);
    expect(reply.blocks).toContainEqual({
      type: "notice",
      tone: "info",
      text: "Not scored: content was not judged (no AI model).",
    });
    expect(await submissions()).toBe(1);
  });

  it("with a model stores scores clamped to the rubric, checked citations and the next step", async () => {
    let request: ChatCompletionBody | undefined;
    fake.setChatResponder((body) => {
      request = body;
      return JSON.stringify({
        scores: [
          { criterion: "accuracy", score: 9, comment: "Mostly right." },
          { criterion: "Key terms", score: -2, comment: "Few terms." },
        ],
        feedback: "Photosynthesis happens in chloroplasts, not the nucleus [1]. See also [42].",
        next_step: "Reread the section on photosynthesis and correct where it happens.",
      });
    });
    const result = await submitWriting(online, { actor: student, promptId, text: ESSAY });

    expect(result).toMatchObject({ method: "MODEL", scored: true, totalScore: 4, maxScore: 11 });
    expect(result.scores).toEqual([
      { criterion: "Accuracy", score: 4, points: 4, comment: "Mostly right." },
      { criterion: "Key terms", score: 0, points: 3, comment: "Few terms." },
      { criterion: "Organisation", score: 0, points: 4, comment: "Not scored by the model." },
    ]);
    expect(result.feedback).toBe("Photosynthesis happens in chloroplasts, not the nucleus [1]. See also .");
    expect(result.citations).toHaveLength(1);
    expect(result.citations[0]).toMatchObject({ n: 1, title: "Cell Biology Basics" });
    expect(result.nextStep).toContain("Reread the section");
    expect(String(request?.messages.at(-1)?.content)).toContain("<writing>");
    expect(request?.response_format).toMatchObject({ json_schema: { name: "writing_feedback" } });
    const usage = await database.prisma.usageLog.findFirstOrThrow({
      where: { courseId, kind: "WRITING_FEEDBACK" },
    });
    expect(usage).toMatchObject({ answered: true, question: "Energy in cells" });
  });

  it("keeps results: a student sees their own, staff everyone's; another course's student gets not_found", async () => {
    const own = await writingResults(database.prisma, { actor: student, courseId });
    expect(own).toHaveLength(2);
    expect((await writingResults(database.prisma, { actor: staff, courseId, promptId })).length).toBe(2);
    await expect(writingResults(database.prisma, { actor: outsider, courseId })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(submitWriting(offline, { actor: outsider, promptId, text: ESSAY })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(listWritingPrompts(database.prisma, { actor: outsider, courseId })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await submissions()).toBe(2);
  });
});
