// Generation through the real `openai` SDK against the fake OpenAI-compatible server, on PGlite.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sampleMaterial, seedCourse, studentActor } from "../../../../test/support/course-fixtures.ts";
import {
  type ChatCompletionBody,
  type FakeOpenAi,
  startFakeOpenAi,
} from "../../../../test/support/fake-openai-server.ts";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import { type Ai, createAi } from "../../ai/create-ai.ts";
import { ensureEnrollment } from "../../courses/enrollments.ts";
import type { Database } from "../../db/open-database.ts";
import { silentLogger } from "../../logger.ts";
import { ingestMaterial } from "../../materials/ingest-material.ts";
import type { Actor } from "../../people/actor.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { createQuestionWriter, type GenerateQuizDeps, generateQuiz } from "./generate-quiz.ts";

const staff: Actor = { platform: "DISCORD", tenant: "", externalId: "U-OAI-STAFF", displayName: "Teacher" };
const student = studentActor("U-OAI-GEN");
let fake: FakeOpenAi;
let ai: Ai;
let database: Database;
let deps: GenerateQuizDeps;
let courseId: string;

/** The passages of a request's prompt, by number, as the model sees them. */
function passagesOf(body: ChatCompletionBody): Map<number, string> {
  const user = body.messages.at(-1)?.content;
  const text = typeof user === "string" ? user : "";
  return new Map(
    [...text.matchAll(/<passage n="(\d+)"[^>]*>\n([\s\S]*?)\n<\/passage>/g)].map((m) => [
      Number(m[1]),
      m[2]!,
    ]),
  );
}

/** The number of the first passage containing `word`. */
function passageWith(body: ChatCompletionBody, word: string): number {
  for (const [n, text] of passagesOf(body)) if (text.includes(word)) return n;
  throw new Error(`no passage mentions ${word}`);
}

function question(fields: Record<string, unknown>) {
  return {
    kind: "SINGLE_CHOICE",
    accepted_answers: [],
    numeric_answer: null,
    tolerance: null,
    explanation: "From the reader.",
    difficulty: "MEDIUM",
    ...fields,
  };
}

/** A well-formed reply, citing the passages that really hold each answer. */
function goodQuestions(body: ChatCompletionBody) {
  return [
    question({
      prompt: "What do mitochondria produce as the cell's main energy currency?",
      choices: ["ATP", "DNA", "Glucose", "Oxygen"],
      correct: [0],
      passage: passageWith(body, "energy currency"),
    }),
    question({
      kind: "TRUE_FALSE",
      prompt: "The nucleolus assembles ribosomal subunits.",
      choices: ["True", "False"],
      correct: [0],
      passage: passageWith(body, "nucleolus"),
    }),
    question({
      kind: "MULTIPLE_SELECT",
      prompt: "Which happen in the light-dependent reactions?",
      choices: ["Water is split", "Oxygen is released", "Carbon dioxide is fixed into sugars"],
      correct: [0, 1],
      passage: passageWith(body, "thylakoid"),
    }),
  ];
}

async function storedQuestions(quizId: string) {
  return database.prisma.question.findMany({
    where: { quizId },
    orderBy: { position: "asc" },
    include: { sourceChunk: { select: { courseId: true, text: true } } },
  });
}

const quizCount = () => database.prisma.quiz.count({ where: { courseId } });

beforeAll(async () => {
  fake = await startFakeOpenAi();
  ai = createAi({
    provider: "openai",
    apiKey: fake.apiKey,
    baseURL: fake.url,
    chatModel: "gpt-test",
    embeddingModel: "text-embedding-3-small",
    timeoutMs: 5_000,
    maxRetries: 0,
  });
  database = await createTestDatabase();
  deps = {
    db: database.prisma,
    embedder: ai.embedder,
    writer: createQuestionWriter(ai),
    logger: silentLogger(),
    minSimilarity: ai.defaultMinSimilarity,
  };
  courseId = (await seedCourse(database.prisma, "Biology OpenAI Quiz", [staff], "STAFF")).id;
  const { userId } = await resolveUser(database.prisma, student);
  await ensureEnrollment(database.prisma, { courseId, userId, role: "STUDENT", source: "DISCORD" });
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

describe("generateQuiz with an OpenAI-compatible model", () => {
  it("asks for JSON-schema output and stores the questions with their sources", async () => {
    fake.setChatResponder((body) => JSON.stringify({ questions: goodQuestions(body) }));

    const result = await generateQuiz({ actor: staff, courseId, count: 3 }, deps);

    expect(result).toMatchObject({ questions: 3, dropped: 0, title: "Quiz: Cell Biology Basics" });
    const [request] = fake.chatRequests();
    expect(fake.chatRequests()).toHaveLength(1);
    expect(request!.body).toMatchObject({
      model: "gpt-test",
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "quiz_questions",
          strict: true,
          schema: { type: "object", required: ["questions"], additionalProperties: false },
        },
      },
    });
    // Streamed even though the writer wants the reply whole, so a silent server is cut off early.
    expect(request!.body).toMatchObject({ stream: true, temperature: 0.3 });
    expect(request!.body).not.toHaveProperty("max_tokens");
    expect(request!.body.max_completion_tokens).toBeGreaterThan(0);

    const quiz = await database.prisma.quiz.findUniqueOrThrow({ where: { id: result.quizId } });
    expect(quiz).toMatchObject({ status: "DRAFT", origin: "GENERATED", model: "openai:gpt-test" });
    const stored = await storedQuestions(result.quizId);
    expect(stored.map((q) => q.kind)).toEqual(["SINGLE_CHOICE", "TRUE_FALSE", "MULTIPLE_SELECT"]);
    expect(stored[0]!.choices[stored[0]!.correctChoices[0]!]).toBe("ATP");
    expect(stored[0]!.sourceChunk!.text).toContain("energy currency");
    expect(stored[1]).toMatchObject({ choices: ["True", "False"], correctChoices: [0] });
    expect(stored[1]!.sourceChunk!.text).toContain("nucleolus");
    expect(stored[2]!.correctChoices.map((i) => stored[2]!.choices[i]).sort()).toEqual([
      "Oxygen is released",
      "Water is split",
    ]);
    for (const q of stored) {
      expect(q.sourceChunk!.courseId).toBe(courseId);
      expect(q.sourceTitle).toBe("Cell Biology Basics");
    }
  });

  it("salvages JSON the model wrapped in prose and a code fence", async () => {
    fake.setChatResponder(
      (body) =>
        `Sure! Here are three questions:\n\`\`\`json\n${JSON.stringify({ questions: goodQuestions(body) }, null, 2)}\n\`\`\`\nLet me know if you need more.`,
    );
    const result = await generateQuiz({ actor: staff, courseId, count: 3 }, deps);
    expect(result).toMatchObject({ questions: 3, dropped: 0 });
    expect(fake.chatRequests()).toHaveLength(1);
  });

  it("asks once more after a reply with no JSON, and uses the second reply", async () => {
    let calls = 0;
    fake.setChatResponder((body) =>
      ++calls === 1 ? "I'm sorry, I can't produce that right now." : JSON.stringify(goodQuestions(body)),
    );
    const result = await generateQuiz({ actor: staff, courseId, count: 2 }, deps);
    expect(result.questions).toBe(2);
    expect(fake.chatRequests()).toHaveLength(2);
  });

  it("gives up cleanly after a second reply with no JSON, storing nothing", async () => {
    fake.setChatResponder(() => '{"questions": [{"prompt": "What do mitochondria');
    const before = await quizCount();
    await expect(generateQuiz({ actor: staff, courseId, count: 3 }, deps)).rejects.toMatchObject({
      code: "ai_unavailable",
      userMessage: "The AI model did not return usable questions. Please try again in a minute.",
    });
    expect(fake.chatRequests()).toHaveLength(2);
    expect(await quizCount()).toBe(before);
  });

  it("repairs or drops questions with a wrong answer index, duplicate choices or an unknown passage", async () => {
    fake.setChatResponder((body) => {
      const mito = passageWith(body, "energy currency");
      return JSON.stringify({
        questions: [
          question({
            prompt: "Where does cellular respiration happen?",
            choices: ["Mitochondria", "Nucleus", "Ribosome"],
            correct: [0],
            passage: mito,
          }),
          question({
            prompt: "BAD index: which molecule is the energy currency?",
            choices: ["ATP", "DNA", "RNA"],
            correct: [3],
            passage: mito,
          }),
          question({
            prompt: "What is folded into cristae?",
            choices: [
              "The inner membrane",
              "the  inner membrane",
              "The outer membrane",
              "The nuclear envelope",
            ],
            correct: [1],
            passage: mito,
          }),
          question({
            prompt: "BAD passage: what do chloroplasts carry out?",
            choices: ["Photosynthesis", "Respiration"],
            correct: [0],
            passage: 99,
          }),
          question({
            prompt: "BAD duplicates: what do mitochondria produce?",
            choices: ["ATP", "atp", " ATP "],
            correct: [0],
            passage: mito,
          }),
          question({
            prompt: "Where does cellular respiration happen?",
            choices: ["Mitochondria", "Chloroplasts"],
            correct: [0],
            passage: mito,
          }),
        ],
      });
    });

    const result = await generateQuiz({ actor: staff, courseId, count: 5 }, deps);

    expect(result).toMatchObject({ questions: 2, dropped: 4 });
    const stored = await storedQuestions(result.quizId);
    expect(stored.map((q) => q.prompt)).toEqual([
      "Where does cellular respiration happen?",
      "What is folded into cristae?",
    ]);
    expect(stored.some((q) => q.prompt.startsWith("BAD"))).toBe(false);
    const cristae = stored[1]!;
    expect(cristae.choices).toHaveLength(3);
    expect(cristae.choices[cristae.correctChoices[0]!]).toBe("The inner membrane");
    expect(cristae.sourceChunk!.text).toContain("cristae");
  });

  it("reports an error, storing nothing, when every question is unusable", async () => {
    fake.setChatResponder(() =>
      JSON.stringify({
        questions: [question({ prompt: "Which?", choices: ["A", "B"], correct: [2], passage: 1 })],
      }),
    );
    const before = await quizCount();
    await expect(generateQuiz({ actor: staff, courseId, count: 1 }, deps)).rejects.toMatchObject({
      code: "ai_unavailable",
      userMessage: expect.stringMatching(/^No usable questions/),
    });
    expect(await quizCount()).toBe(before);
  });

  it("refuses a student before calling the model", async () => {
    await expect(generateQuiz({ actor: student, courseId }, deps)).rejects.toMatchObject({
      code: "forbidden",
    });
    expect(fake.requests).toHaveLength(0);
  });
});

describe("generateQuiz with a reasoning model", () => {
  it("gpt-5-mini refuses max_tokens and temperature 0.3: the writer sends neither and stores the quiz", async () => {
    const reasoning = createAi({
      provider: "openai",
      apiKey: fake.apiKey,
      baseURL: fake.url,
      chatModel: "gpt-5-mini",
      embeddingModel: "text-embedding-3-small",
      timeoutMs: 5_000,
      maxRetries: 0,
    });
    fake.setChatResponder((body) => JSON.stringify({ questions: goodQuestions(body) }));

    const result = await generateQuiz(
      { actor: staff, courseId, count: 3 },
      { ...deps, writer: createQuestionWriter(reasoning) },
    );

    expect(result).toMatchObject({ questions: 3, dropped: 0 });
    expect(fake.chatRequests()).toHaveLength(1);
    const body = fake.chatRequests()[0]!.body;
    expect(body).toMatchObject({ model: "gpt-5-mini", response_format: { type: "json_schema" } });
    expect(body.max_completion_tokens).toBeGreaterThan(0);
    expect(body).not.toHaveProperty("max_tokens");
    expect(body).not.toHaveProperty("temperature");
    const quiz = await database.prisma.quiz.findUniqueOrThrow({ where: { id: result.quizId } });
    expect(quiz.model).toBe("openai:gpt-5-mini");
  });
});
