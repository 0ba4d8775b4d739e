// The tutor in the LMS pages, through the real ltijs launch and the real openai SDK against the fake
// OpenAI server (which streams its answer a word at a time, slowly enough to see the pieces): the Ask
// box streams NDJSON, the finished answer links its citation to the material page, refusals are
// sentences, the asker's history is theirs alone, and staff see the question as asked in the LMS.
import { createAi, FLAGGED_QUESTION_REPLY, ingestMaterial } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { type FakeOpenAi, startFakeOpenAi } from "../../test/support/fake-openai-server.ts";
import { formFields, getPage, postForm, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-t", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-t", name: "Sam Student", roles: [LEARNER] };
const outsider = { sub: "student-o", name: "Olga Outsider", roles: [LEARNER] };
const context = { id: "ctx-tutor", title: "Cell Biology" };
const otherContext = { id: "ctx-other", title: "Geology" };
const ANSWER = "Mitochondria produce ATP, the energy currency of the cell [1]. They do it by respiration.";

let lti: TestLti;
let canvas: FakeLtiPlatform;
let openai: FakeOpenAi;
let courseId: string;
let materialId: string;
beforeAll(async () => {
  openai = await startFakeOpenAi();
  const ai = createAi({
    provider: "openai",
    apiKey: openai.apiKey,
    baseURL: openai.url,
    chatModel: "gpt-test",
    embeddingModel: "text-embedding-3-small",
    timeoutMs: 10_000,
    maxRetries: 0,
  });
  // The fake's hash vectors carry no meaning, so relevance rests on the share of the question's terms.
  lti = await startTestLti({ ai, retrieval: { minSimilarity: 0.99, minCoverage: 0.5 } });
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  await canvas.launch({ user: teacher, context });
  await canvas.launch({ user: teacher, context: otherContext });
  courseId = (await db().courseSpace.findFirstOrThrow({ where: { externalId: context.id } })).courseId;
  const { material } = await ingestMaterial(
    {
      courseId,
      data: new TextEncoder().encode(
        "# Cells\n\n## Mitochondria\n\nMitochondria produce ATP through cellular respiration. ATP is the energy currency of the cell.",
      ),
      fileName: "cells.md",
    },
    lti.deps.ingest,
  );
  materialId = material.id;
  openai.setChatResponder(() => ANSWER);
  openai.setChatPieceDelayMs(40);
}, 120_000);
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
  await openai?.close();
});

const db = () => lti.database.prisma;

interface StreamedAsk {
  status: number;
  contentType: string | null;
  /** The body's pieces as the client read them, in order. */
  reads: string[];
  events: Array<{ type: string; text?: string; html?: string; url?: string; message?: string }>;
}

/** Posts the page's Ask form as its script does, reading the NDJSON body piece by piece. */
async function askStreaming(pageBody: string, question: string): Promise<StreamedAsk> {
  const { action, fields } = formFields(pageBody, "/learn/ask");
  const response = await fetch(action, {
    method: "POST",
    headers: { accept: "application/x-ndjson", "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ...fields, question }).toString(),
  });
  const reads: string[] = [];
  const decoder = new TextDecoder();
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    reads.push(decoder.decode(value, { stream: true }));
  }
  const events = reads
    .join("")
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as StreamedAsk["events"][number]);
  return { status: response.status, contentType: response.headers.get("content-type"), reads, events };
}

describe("the Ask box on the LMS pages", { timeout: 300_000 }, () => {
  it("is on the student page, the instructor page and a material page", async () => {
    const studentPage = await canvas.launch({ user: student, context });
    expect(studentPage.body).toContain('id="ask-form"');
    expect(studentPage.body).toMatch(
      /<script nonce="[^"]+">\(function \(\) \{\n {2}var form = document.getElementById\("ask-form"\)/,
    );
    const teacherPage = await canvas.launch({ user: teacher, context });
    expect(formFields(teacherPage.body, "/learn/ask").fields.csrf).toBeTruthy();
    const material = await getPage(
      `${lti.toolUrl}/learn/materials/${materialId}?ltik=${new URL(studentPage.url).searchParams.get("ltik")}`,
    );
    expect(material.status).toBe(200);
    expect(material.body).toContain('id="ask-form"');
    expect(textOf(material.body)).not.toContain("in your course's Discord or Slack");
  });

  it("streams the answer in pieces, then the finished answer with a citation link that opens the material", async () => {
    const page = await canvas.launch({ user: student, context });
    const asked = await askStreaming(page.body, "What do mitochondria produce?");
    expect(asked.status).toBe(200);
    expect(asked.contentType).toContain("application/x-ndjson");
    const deltas = asked.events.filter((e) => e.type === "delta");
    // Several pieces, read apart: the answer was not held back until it was complete.
    expect(deltas.length).toBeGreaterThan(2);
    expect(asked.reads.length).toBeGreaterThan(2);
    expect(deltas.map((d) => d.text).join("")).toBe(ANSWER);
    const final = asked.events.at(-1)!;
    expect(final.type).toBe("answer");
    expect(final.html).toContain("Mitochondria produce ATP");
    const href = /<a class="citation" href="([^"]+)"/.exec(final.html!)?.[1]?.replace(/&amp;/g, "&");
    expect(href).toBeDefined();
    const link = new URL(href!);
    expect(link.pathname).toBe(`/lti/learn/materials/${materialId}`);
    expect(link.searchParams.get("ltik")).toBeTruthy();
    expect(link.hash).toMatch(/^#section-/);
    const opened = await getPage(href!);
    expect(opened.status).toBe(200);
    expect(textOf(opened.body)).toContain("Mitochondria produce ATP through cellular respiration.");

    const usage = await db().usageLog.findFirstOrThrow({
      where: { courseId },
      orderBy: { createdAt: "desc" },
    });
    expect(usage).toMatchObject({
      platform: "LTI",
      answered: true,
      question: "What do mitochondria produce?",
    });
  });

  it("answers a form posted without scripts on the answer's own page", async () => {
    const page = await canvas.launch({ user: student, context });
    const { action, fields } = formFields(page.body, "/learn/ask");
    const posted = await postForm(action, { ...fields, question: "Why is ATP the energy currency?" });
    expect(posted.status).toBe(303);
    const answerPage = await getPage(posted.location!);
    expect(answerPage.status).toBe(200);
    const text = textOf(answerPage.body);
    expect(text).toContain("You asked: Why is ATP the energy currency?");
    expect(text).toContain("Mitochondria produce ATP, the energy currency of the cell [1].");
    expect(answerPage.body).toContain(`/lti/learn/materials/${materialId}?ltik=`);
  });

  it("remembers the conversation and lists the student's own questions, newest first", async () => {
    const page = await canvas.launch({ user: student, context });
    const text = textOf(page.body);
    expect(text).toContain("Your questions");
    const first = text.indexOf("Why is ATP the energy currency?");
    const second = text.indexOf("What do mitochondria produce?");
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    const conversations = await db().conversation.findMany({ where: { courseId, threadKey: "lti:course" } });
    expect(conversations).toHaveLength(1);
    // The second question's prompt carried the first turn.
    const lastChat = openai.chatRequests().at(-1)!.raw;
    expect(lastChat).toContain("What do mitochondria produce?");
  });

  it("shows instructors the LMS questions on the Questions page, marked as asked in the LMS", async () => {
    const page = await canvas.launch({ user: teacher, context });
    const questions = await getPage(page.url.replace("/lti/course?", "/lti/course/questions?"));
    expect(questions.status).toBe(200);
    expect(textOf(questions.body)).toMatch(
      /What do mitochondria produce\? Sam Student .* LMS Answered from the materials/,
    );
  });

  it("keeps a student's answers from another course's student: 404, and nothing shown", async () => {
    const mine = await db().message.findFirstOrThrow({
      where: { role: "ASSISTANT", conversation: { courseId } },
    });
    const other = await canvas.launch({ user: outsider, context: otherContext });
    const ltik = new URL(other.url).searchParams.get("ltik")!;
    const peek = await getPage(`${lti.toolUrl}/learn/questions/${mine.id}?ltik=${ltik}`);
    expect(peek.status).toBe(404);
    expect(textOf(peek.body)).toContain("That question is not one of yours in this course.");
    expect(peek.body).not.toContain("Mitochondria");
    const malformed = await getPage(`${lti.toolUrl}/learn/questions/not-a-uuid?ltik=${ltik}`);
    expect(malformed.status).toBe(404);
    expect(textOf(other.body)).not.toContain("Your questions");
  });

  it("shows moderation's calm reply in place of an answer to a flagged question, with no AI answer", async () => {
    openai.setModerationRule((text) => (text.includes("hurt my classmate") ? ["violence"] : []));
    const chats = openai.chatRequests().length;
    const page = await canvas.launch({ user: student, context });
    const asked = await askStreaming(page.body, "How do I hurt my classmate with mitochondria?");
    openai.setModerationRule(() => []);
    expect(asked.events.filter((e) => e.type === "delta")).toHaveLength(0);
    const final = asked.events.at(-1)!;
    expect(final.type).toBe("answer");
    expect(textOf(final.html!)).toContain(FLAGGED_QUESTION_REPLY);
    expect(final.html).not.toContain('class="citation"');
    expect(openai.chatRequests().length).toBe(chats);
    expect(await db().moderationFlag.count({ where: { courseId } })).toBe(1);
  });

  it("says a course without materials has none yet", async () => {
    const other = await canvas.launch({ user: outsider, context: otherContext });
    const asked = await askStreaming(other.body, "What is basalt?");
    expect(asked.events.filter((e) => e.type === "delta")).toHaveLength(0);
    expect(textOf(asked.events.at(-1)!.html!)).toContain("This course has no materials yet");
  });

  it("refuses an empty question in words and writes nothing", async () => {
    const before = await db().message.count();
    const page = await canvas.launch({ user: student, context });
    const asked = await askStreaming(page.body, "   ");
    expect(asked.events).toEqual([{ type: "refusal", message: "Type your question in the box first." }]);
    expect(await db().message.count()).toBe(before);
  });

  it("tells a student over budget when they can ask again, streamed or not, and stores no answer", async () => {
    await db().budget.create({ data: { courseId, scope: "PER_USER", windowSeconds: 3600, maxRequests: 2 } });
    const before = await db().message.count();
    const chats = openai.chatRequests().length;
    const page = await canvas.launch({ user: student, context });
    const asked = await askStreaming(page.body, "What do mitochondria produce?");
    expect(asked.events).toHaveLength(1);
    expect(asked.events[0]!.type).toBe("refusal");
    expect(asked.events[0]!.message).toMatch(
      /^You have asked 2 questions in the last hour, the limit for this course\. You can ask again .+\.$/,
    );

    const { action, fields } = formFields(page.body, "/learn/ask");
    const posted = await postForm(action, { ...fields, question: "What do mitochondria produce?" });
    expect(posted.status).toBe(429);
    const text = textOf(posted.body);
    expect(text).toMatch(
      /You have asked 2 questions in the last hour, the limit for this course\. You can ask again/,
    );
    // What the student typed is kept in the box.
    expect(posted.body).toContain(">What do mitochondria produce?</textarea>");
    expect(await db().message.count()).toBe(before);
    expect(openai.chatRequests().length).toBe(chats);
  });
});
