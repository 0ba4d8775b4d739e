import { addMaterial, bindSpace, createAi } from "@studyhall/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sampleMaterial } from "../../../test/support/course-fixtures.ts";
import {
  type ChatCompletionBody,
  type FakeOpenAi,
  startFakeOpenAi,
} from "../../../test/support/fake-openai-server.ts";
import { blockKitActionIds } from "./render/block-kit-text.ts";
import type { SlackBlock } from "./render/to-block-kit.ts";
import { slackActor, slackSpace } from "./slack/slack-identity.ts";
import { clickAndRead, commandAndRead, TEACHER } from "./testing/quiz-test-kit.ts";
import { startTestSlackApp, TEAM_A, type TestSlackApp } from "./testing/start-test-slack-app.ts";

// Quiz generation and review through Slack, with the real `openai` SDK against the fake OpenAI
// server: a model that answers broken JSON never puts a broken question in front of anyone.
let fake: FakeOpenAi;
let t: TestSlackApp;
let courseId = "";
const channel = "C0GEN";

/** The number of the prompt's passage that contains `word`, as the model sees it. */
function passageWith(body: ChatCompletionBody, word: string): number {
  const user = body.messages.at(-1)?.content;
  const text = typeof user === "string" ? user : "";
  for (const m of text.matchAll(/<passage n="(\d+)"[^>]*>\n([\s\S]*?)\n<\/passage>/g))
    if (m[2]!.includes(word)) return Number(m[1]);
  throw new Error(`no passage mentions ${word}`);
}

const question = (fields: Record<string, unknown>) => ({
  kind: "SINGLE_CHOICE",
  accepted_answers: [],
  numeric_answer: null,
  tolerance: null,
  explanation: "From the reader.",
  difficulty: "MEDIUM",
  ...fields,
});

/** Two good questions and one whose answer is not among its choices. */
function mixedQuestions(body: ChatCompletionBody) {
  return [
    question({
      prompt: "What do mitochondria produce as the cell's main energy currency?",
      choices: ["ATP", "DNA", "Glucose"],
      correct: [0],
      passage: passageWith(body, "energy currency"),
    }),
    question({
      prompt: "Which organelle holds a broken answer?",
      choices: ["Nucleus", "Ribosome"],
      correct: [7],
      passage: passageWith(body, "nucleolus"),
    }),
    question({
      kind: "TRUE_FALSE",
      prompt: "The nucleolus assembles ribosomal subunits.",
      choices: ["True", "False"],
      correct: [0],
      passage: passageWith(body, "nucleolus"),
    }),
  ];
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
  t = await startTestSlackApp({ ai });
  const teacher = slackActor(TEAM_A.teamId, TEACHER);
  const { course } = await bindSpace(t.deps.db, {
    actor: teacher,
    space: slackSpace(TEAM_A.teamId, channel),
    platformStaff: true,
    course: { create: "Biology 101" },
  });
  courseId = course.id;
  await addMaterial(
    { actor: teacher, courseId, data: await sampleMaterial(), fileName: "cell-biology.md" },
    t.deps.ingest,
  );
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe("quiz generate, drafts and review in Slack", () => {
  it("survives broken JSON: the draft keeps only valid questions, and staff approve it with a button", async () => {
    let calls = 0;
    fake.setChatResponder((body) =>
      ++calls === 1
        ? '{"questions": [{"prompt": "What do mito'
        : JSON.stringify({ questions: mixedQuestions(body) }),
    );
    const generated = await commandAndRead(t, TEACHER, channel, "quiz generate 2", { answers: 2 });
    expect(generated.earlier[0]).toMatch(/Writing 2 questions from the materials of Biology 101/);
    expect(generated.text).toMatch(/Draft written with 2 questions\. 1 unusable question was left out\./);
    expect(generated.text).toMatch(
      /1\. What do mitochondria produce[\s\S]*✅ ATP[\s\S]*2\. The nucleolus assembles/,
    );
    expect(generated.text).not.toContain("broken answer");
    expect(fake.chatRequests()).toHaveLength(2);
    const quiz = await t.deps.db.quiz.findFirstOrThrow({ where: { courseId }, include: { questions: true } });
    expect(quiz).toMatchObject({ status: "DRAFT", origin: "GENERATED", model: "openai:gpt-test" });
    expect(quiz.questions.map((q) => q.prompt).sort()).toEqual([
      "The nucleolus assembles ribosomal subunits.",
      "What do mitochondria produce as the cell's main energy currency?",
    ]);

    // Students cannot see drafts; staff list them, open one and approve it from its buttons.
    expect((await commandAndRead(t, "U0STU", channel, "quiz drafts")).text).toMatch(/Only course staff/);
    expect((await commandAndRead(t, TEACHER, channel, "quiz drafts")).text).toMatch(
      /1\. \*Quiz: Cell Biology Basics\* · 2 questions · written/,
    );
    const draft = await commandAndRead(t, TEACHER, channel, "quiz drafts 1");
    const [approve, discard] = blockKitActionIds((draft.body.blocks ?? []) as SlackBlock[]);
    expect(discard).toBe(`sh:q:del:${quiz.id}`);
    // A student pressing a copied Approve button is refused.
    expect((await clickAndRead(t, "U0STU", channel, approve!)).text).toMatch(/staff/);
    const approved = await clickAndRead(t, TEACHER, channel, approve!);
    expect(approved.text).toMatch(/Approved \*Quiz: Cell Biology Basics\*/);
    expect(approved.body).toMatchObject({ replace_original: true });
    expect(await t.deps.db.quiz.findUniqueOrThrow({ where: { id: quiz.id } })).toMatchObject({
      status: "APPROVED",
    });
    expect((await commandAndRead(t, TEACHER, channel, "quiz drafts")).text).toMatch(/no draft quizzes/);
  });

  it("tells staff clearly when the model never returns usable JSON, and stores nothing", async () => {
    fake.setChatResponder(() => "Sorry, here you go: {{{ not json");
    const before = await t.deps.db.quiz.count();
    const generated = await commandAndRead(t, TEACHER, channel, "quiz generate mitochondria 3", {
      answers: 2,
    });
    expect(generated.text).toMatch(
      /The AI model did not return usable questions\. Please try again in a minute\./,
    );
    expect(await t.deps.db.quiz.count()).toBe(before);
  });

  it("checks the arguments before writing anything", async () => {
    expect((await commandAndRead(t, TEACHER, channel, "quiz generate cells 50")).text).toMatch(/at most 20/);
    expect((await commandAndRead(t, TEACHER, channel, "quiz dance")).text).toMatch(
      /I don't know `quiz dance`/,
    );
    expect(fake.chatRequests()).toHaveLength(0);
  });
});
