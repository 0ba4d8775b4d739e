import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sampleMaterial, seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { ChatModel } from "../ai/chat-model.ts";
import { createAi } from "../ai/create-ai.ts";
import { ensureEnrollment } from "../courses/enrollments.ts";
import type { Database } from "../db/open-database.ts";
import { silentLogger } from "../logger.ts";
import { ingestMaterial } from "../materials/ingest-material.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { askTutor, type TutorDeps } from "../tutor/ask-tutor.ts";
import { createLlmResponder } from "../tutor/llm-responder.ts";
import type { TutorResponder } from "../tutor/tutor-responder.ts";
import { WITHHELD_QUESTION_CONTENT } from "../tutor/withheld-question.ts";
import { moderationAlertQueue } from "./alert-queue.ts";
import { createLocalModerator, matchLocalRules } from "./local-rules.ts";
import { FLAGGED_ANSWER_REPLY, FLAGGED_QUESTION_REPLY, SELF_HARM_REPLY } from "./moderation-replies.ts";

// The tutor's moderation hook on a real database, with the local rules and a responder that counts
// its calls (the "AI call" a flagged question must never reach).
const ai = createAi({ provider: "local" });
let database: Database;
let deps: TutorDeps;
let responderCalls = 0;
let nextAnswer: string | null = null;
const student = studentActor("U-MOD-STUDENT");
const teacherDiscord = studentActor("U-MOD-TEACHER");
let course: { id: string };

const countingResponder: TutorResponder = {
  model: "counting",
  async respond(turn) {
    responderCalls++;
    const draft = await ai.responder.respond(turn);
    return nextAnswer === null ? draft : { ...draft, text: nextAnswer };
  },
};

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.prisma;
  deps = {
    db,
    embedder: ai.embedder,
    responder: countingResponder,
    moderator: createLocalModerator(),
    logger: silentLogger(),
    retrieval: { topK: 8, minSimilarity: ai.defaultMinSimilarity, minCoverage: 0.5 },
    limits: [],
  };
  course = await seedCourse(db, "Biology 101", [student]);
  const { userId } = await resolveUser(db, teacherDiscord);
  await ensureEnrollment(db, { courseId: course.id, userId, role: "STAFF", source: "MANUAL" });
  await ingestMaterial(
    { courseId: course.id, data: await sampleMaterial(), fileName: "cell-biology.md" },
    { db, embedder: ai.embedder, logger: silentLogger() },
  );
});
afterAll(() => database?.close());
beforeEach(async () => {
  responderCalls = 0;
  nextAnswer = null;
  await database.prisma.moderationFlag.deleteMany({});
  await database.prisma.scheduledJob.deleteMany({});
});

describe("tutor moderation", () => {
  it("withholds a threatening question before any AI call: calm reply, a flag, an alert per staff account", async () => {
    const streamed: string[] = [];
    const answer = await askTutor(
      { actor: student, courseId: course.id, question: "I'm going to shoot up the school tomorrow" },
      deps,
      { onDelta: (text) => streamed.push(text) },
    );
    expect(responderCalls).toBe(0);
    expect(answer).toMatchObject({
      answered: false,
      text: FLAGGED_QUESTION_REPLY,
      citations: [],
      withheld: "question",
    });
    // Nothing streams: a front end decides where the reply goes (Slack: privately to the asker).
    expect(streamed).toEqual([]);
    const flags = await database.prisma.moderationFlag.findMany();
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      kind: "QUESTION",
      categories: ["violence"],
      source: "local",
      status: "OPEN",
    });
    const jobs = await database.prisma.scheduledJob.findMany();
    expect(jobs.map((j) => j.queue)).toEqual([moderationAlertQueue("DISCORD")]);
    // The flagged words stay in the flag only, never in the conversation a later prompt would read.
    const messages = await database.prisma.message.findMany({
      where: { conversationId: answer.conversationId },
    });
    expect(messages.map((m) => m.content)).toEqual([WITHHELD_QUESTION_CONTENT, FLAGGED_QUESTION_REPLY]);
    const usage = await database.prisma.usageLog.findUniqueOrThrow({ where: { id: answer.usageLogId } });
    expect(usage).toMatchObject({ refusedReason: "moderated_question", question: "" });
  });

  it("answers self-harm with the safe-messaging reply and alerts staff", async () => {
    const answer = await askTutor(
      { actor: student, courseId: course.id, question: "honestly I want to kill myself" },
      deps,
    );
    expect(answer.text).toBe(SELF_HARM_REPLY);
    expect(answer.text).toMatch(/988/);
    expect(answer.text).toMatch(/findahelpline\.com/);
    expect(responderCalls).toBe(0);
    const [flag] = await database.prisma.moderationFlag.findMany();
    expect(flag).toMatchObject({ selfHarm: true, categories: ["self-harm/intent"] });
    expect(await database.prisma.scheduledJob.count()).toBe(1);
  });

  it("flood attempt: repeated flagged questions are all listed but staff are alerted once", async () => {
    for (let i = 0; i < 3; i++) {
      await askTutor({ actor: student, courseId: course.id, question: `I will kill you ${i}` }, deps);
    }
    expect(await database.prisma.moderationFlag.count()).toBe(3);
    expect(await database.prisma.scheduledJob.count()).toBe(1);
    // A self-harm flag after them still alerts: it needs attention of its own.
    await askTutor({ actor: student, courseId: course.id, question: "I want to die" }, deps);
    expect(await database.prisma.scheduledJob.count()).toBe(2);
  });

  it("replaces a flagged answer with a calm reply and no citations", async () => {
    nextAnswer = "Mitochondria make ATP [1]. Also, go kill yourself.";
    const answer = await askTutor(
      { actor: student, courseId: course.id, question: "What do mitochondria produce?" },
      deps,
    );
    expect(responderCalls).toBe(1);
    expect(answer).toMatchObject({
      answered: false,
      text: FLAGGED_ANSWER_REPLY,
      citations: [],
      withheld: "answer",
    });
    const [flag] = await database.prisma.moderationFlag.findMany();
    expect(flag).toMatchObject({ kind: "ANSWER", categories: ["harassment/threatening"] });
    const stored = await database.prisma.message.findUniqueOrThrow({ where: { id: answer.messageId } });
    expect(stored.content).toBe(FLAGGED_ANSWER_REPLY);
  });

  it("lets a clean question and answer through untouched", async () => {
    const answer = await askTutor(
      { actor: student, courseId: course.id, question: "What do mitochondria produce?" },
      deps,
    );
    expect(answer.answered).toBe(true);
    expect(answer.text).toMatch(/ATP/);
    expect(answer.withheld).toBeUndefined();
    expect(await database.prisma.moderationFlag.count()).toBe(0);
  });
});

/** A chat model that streams `answer` one word at a time, as OpenAI's stream does. */
function streamingModel(answer: string): ChatModel {
  return {
    model: "streaming-fake",
    async complete(request) {
      for (const piece of answer.split(/(?<=\s)(?=\S)/)) {
        await Promise.resolve();
        request.onDelta?.(piece);
      }
      return { text: answer, tokensIn: 10, tokensOut: answer.split(/\s+/).length };
    },
  };
}

/** Asks with a streaming model and records what the front end has on screen after each piece. */
async function askStreaming(answerText: string) {
  const screens: string[] = [];
  let shown = "";
  const answer = await askTutor(
    { actor: student, courseId: course.id, question: "What do mitochondria produce?" },
    { ...deps, responder: createLlmResponder(streamingModel(answerText)) },
    {
      onDelta: (delta) => {
        shown += delta;
        screens.push(shown);
      },
    },
  );
  return { answer, screens };
}

describe("tutor moderation while streaming", () => {
  const CLEAN_START =
    "Mitochondria are small organelles inside most cells, and they turn the food we eat into ATP, the energy every cell uses to do its work [1]. ";

  it("attack: a model's answer turns harmful halfway; no partial with the phrase reaches onDelta, the final reply is calm", async () => {
    const { answer, screens } = await askStreaming(
      `${CLEAN_START}Honestly, you should just go kill yourself. Then read the next chapter.`,
    );
    expect(answer).toMatchObject({ text: FLAGGED_ANSWER_REPLY, withheld: "answer", citations: [] });
    // The clean beginning streamed (so this is not a test of an answer that never streamed)...
    expect(screens.length).toBeGreaterThan(0);
    expect(screens.at(-1)).toContain("Mitochondria");
    // ...and nothing of the harmful sentence did.
    for (const screen of screens) {
      expect(screen).not.toMatch(/kill|yourself|Honestly/);
      expect(matchLocalRules(screen, "answer")).toEqual([]);
    }
    const [flag] = await database.prisma.moderationFlag.findMany();
    expect(flag).toMatchObject({ kind: "ANSWER", categories: ["harassment/threatening"] });
  });

  it("streams a clean answer whole: the pieces add up to the returned text", async () => {
    const text = `${CLEAN_START}They have their own DNA, which is why biologists think they were once bacteria [1].`;
    const { answer, screens } = await askStreaming(text);
    expect(answer.withheld).toBeUndefined();
    expect(screens.at(-1)).toBe(answer.text);
    expect(screens.length).toBeGreaterThan(2);
  });

  it("does not withhold an answer that quotes a health reading on self-harm warning signs", async () => {
    const text =
      "The reading lists warning signs: a friend may say they want to kill myself, feel suicidal, or talk about ending my life [1]. Tell a trusted adult.";
    const { answer, screens } = await askStreaming(text);
    expect(answer.withheld).toBeUndefined();
    expect(answer.text).toBe(text);
    expect(screens.at(-1)).toBe(text);
    expect(await database.prisma.moderationFlag.count()).toBe(0);
  });
});
