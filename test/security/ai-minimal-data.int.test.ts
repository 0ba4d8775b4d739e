// Minimal data to the AI provider, through the real Slack adapter (Bolt against the fake Slack Web API)
// and the real `openai` SDK against the fake OpenAI server. People with names, profile emails and
// platform ids ask the tutor, set their preferences, follow up in a thread and generate a quiz; then
// every byte the provider received (bodies and headers, embeddings and chat) is read for them.
import { addMaterial, bindSpace, createAi } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slackActor, slackSpace } from "../../bots/slack/src/slack/slack-identity.ts";
import {
  startTestSlackApp,
  TEAM_A,
  type TestSlackApp,
} from "../../bots/slack/src/testing/start-test-slack-app.ts";
import { sampleMaterial } from "../support/course-fixtures.ts";
import {
  type ChatCompletionBody,
  type FakeOpenAi,
  type RecordedRequest,
  startFakeOpenAi,
} from "../support/fake-openai-server.ts";
import { interactive, slashCommand, viewSubmissionPayload } from "../support/fake-slack-payloads.ts";

const CHANNEL = "C0BIO4242";
const STUDENT = { id: "U0JANE4242", userName: "jane.doe", realName: "Jane Doe", displayName: "jdoe-bio" };
const STUDENT_EMAIL = "jane.doe@lincoln-high.example";
const CLASSMATE = { id: "U0MARIA777", label: "maria.garcia" };
const TEACHER = { id: "U0ADMINA", userName: "ms.rivera", realName: "Rosa Rivera", displayName: "MsRivera" };
const TEACHER_EMAIL = "rosa.rivera@lincoln-high.example";
const COURSE_NAME = "Biology 101";

/** A course reader that names its course, so the course's name (not a person's) is expected in prompts. */
const COURSE_NOTES = `# ${COURSE_NAME}: welcome

${COURSE_NAME} studies the cell. Mitochondria produce ATP, the energy currency every cell spends, and
the nucleolus assembles ribosomal subunits. Each week of ${COURSE_NAME} ends with a short quiz.
`;

let fake: FakeOpenAi;
let t: TestSlackApp;
let courseId = "";

/** The message texts of a chat request, in order. */
const contents = (request: RecordedRequest) =>
  (request.body as unknown as ChatCompletionBody).messages.map((m) => String(m.content));

/** Sends `/studyhall <text>` as `user` with Slack's `user_name`, and waits until its work is done. */
async function command(user: { id: string; userName: string }, text: string): Promise<void> {
  const result = await t.send(
    slashCommand({
      teamId: TEAM_A.teamId,
      userId: user.id,
      userName: user.userName,
      channelId: CHANNEL,
      text,
      responseUrl: t.api.responseUrl(),
    }),
  );
  expect(result.status).toBe(200);
  await t.frontEnd.idle();
}

/** Quiz JSON grounded in the passage that mentions ATP, whatever its number in this prompt. */
function quizAnswer(body: ChatCompletionBody): string {
  const prompt = contents({ body } as unknown as RecordedRequest).at(-1) ?? "";
  const atp = [...prompt.matchAll(/<passage n="(\d+)"[^>]*>\n([\s\S]*?)\n<\/passage>/g)].find((m) =>
    m[2]!.includes("ATP"),
  );
  const question = {
    kind: "SINGLE_CHOICE",
    prompt: "What do mitochondria produce as the cell's energy currency?",
    choices: ["ATP", "DNA", "Glucose", "Oxygen"],
    correct: [0],
    accepted_answers: [],
    numeric_answer: null,
    tolerance: null,
    explanation: "Mitochondria produce ATP.",
    difficulty: "EASY",
    passage: Number(atp?.[1] ?? 1),
  };
  return JSON.stringify({ questions: [question] });
}

beforeAll(async () => {
  fake = await startFakeOpenAi();
  // Every text embeds to the same vector: each passage is relevant to each question, so every question
  // reaches the chat model whatever words (mentions, addresses) it carries.
  fake.setEmbedder((_text, dimensions) => Array.from({ length: dimensions }, (_, i) => (i === 0 ? 1 : 0)));
  fake.setChatResponder((body) =>
    body.response_format ? quizAnswer(body) : "Mitochondria produce ATP [1].",
  );
  const ai = createAi({
    provider: "openai",
    apiKey: fake.apiKey,
    baseURL: fake.url,
    chatModel: "gpt-test",
    embeddingModel: "text-embedding-3-small",
    timeoutMs: 10_000,
    maxRetries: 0,
  });
  t = await startTestSlackApp({ ai });
  const profile = (p: typeof STUDENT, email: string) => ({
    realName: p.realName,
    displayName: p.displayName,
    email,
  });
  t.api.addWorkspace({
    ...TEAM_A,
    profiles: {
      [STUDENT.id]: profile(STUDENT, STUDENT_EMAIL),
      [TEACHER.id]: profile(TEACHER, TEACHER_EMAIL),
    },
  });
  const teacher = slackActor(TEAM_A.teamId, TEACHER.id, TEACHER.realName);
  const { course } = await bindSpace(t.deps.db, {
    actor: teacher,
    space: slackSpace(TEAM_A.teamId, CHANNEL),
    platformStaff: true,
    course: { create: COURSE_NAME },
  });
  courseId = course.id;
  for (const [data, fileName] of [
    [Buffer.from(COURSE_NOTES), "welcome.md"],
    [await sampleMaterial(), "cell-biology.md"],
  ] as const)
    await addMaterial({ actor: teacher, courseId, data, fileName }, t.deps.ingest);
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe("minimal data to the AI provider, through Slack", () => {
  it("attack: a student's question names a classmate by Slack mention and carries the student's own email; the provider sees neither", async () => {
    await command(
      STUDENT,
      `ask What did <@${CLASSMATE.id}|${CLASSMATE.label}> mean by ATP from mitochondria? Write to ${STUDENT_EMAIL}`,
    );
    const [chat] = fake.chatRequests();
    expect(chat).toBeDefined();
    const question = contents(chat!).at(-1)!;
    expect(question).toContain("What did @someone mean by ATP from mitochondria? Write to an email address");
    // The course's own name is expected: it is in the tutor's rules and in the material.
    expect(contents(chat!)[0]).toContain(`a tutor for the course "${COURSE_NAME}"`);
  });

  it("attack: learner preferences and thread memory carry a mention and a mailto link into later prompts; each later prompt is still free of them", async () => {
    const option = (value: string) => ({ type: "static_select", selected_option: { value } });
    const saved = await t.send(
      interactive(
        viewSubmissionPayload({
          teamId: TEAM_A.teamId,
          userId: STUDENT.id,
          callbackId: "sh:prefs",
          values: {
            detailLevel: { detailLevel: option("DETAILED") },
            technicalLanguage: { technicalLanguage: option("PLAIN") },
            pace: { pace: option("SLOW") },
            priorExperience: { priorExperience: option("NEW") },
            extras: { extras: { type: "checkboxes", selected_options: [] } },
          },
        }),
      ),
    );
    expect(saved.status).toBe(200);
    await t.frontEnd.idle();
    const before = fake.chatRequests().length;
    const root = "1700004242.000100";
    await t.event({
      type: "app_mention",
      user: STUDENT.id,
      text: `<@${TEAM_A.botUserId}> <@${CLASSMATE.id}> and I wonder what mitochondria produce`,
      ts: root,
      channel: CHANNEL,
    });
    await t.frontEnd.idle();
    await t.event({
      type: "message",
      channel_type: "channel",
      user: STUDENT.id,
      text: `And what is ATP used for? Answer to <mailto:${STUDENT_EMAIL}|${STUDENT_EMAIL}>`,
      ts: "1700004243.000100",
      thread_ts: root,
      channel: CHANNEL,
    });
    await t.frontEnd.idle();
    const asked = fake.chatRequests().slice(before);
    expect(asked).toHaveLength(2);
    // The follow-up carries the thread's memory: rules, the first question and answer, the new question.
    const messages = contents(asked[1]!);
    expect(messages).toHaveLength(4);
    expect(messages[0]).toContain("Be thorough: explain step by step.");
    expect(messages[1]).toContain("@someone and I wonder what mitochondria produce");
    expect(messages[3]).toContain("And what is ATP used for? Answer to an email address");
  });

  it("attack: staff generate a quiz with their profile and name known to the bot; the quiz prompt holds only course passages", async () => {
    const before = fake.chatRequests().length;
    await command(TEACHER, "quiz generate 1");
    const writes = fake.chatRequests().slice(before);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.body).toMatchObject({ response_format: { type: "json_schema" } });
    expect(contents(writes[0]!).at(-1)).toContain(`${COURSE_NAME} studies the cell`);
    expect(await t.deps.db.quiz.count({ where: { courseId, status: "DRAFT" } })).toBe(1);
    // The bot did read the teacher's profile (to check they are an admin): it had the email to leak.
    expect(t.api.callsTo("users.info", (c) => c.args.user === TEACHER.id).length).toBeGreaterThan(0);
  });

  it("attack: any name, email, platform id or internal person id anywhere in what the provider received (bodies, headers, embeddings, chat)", async () => {
    expect(fake.embeddingRequests().length).toBeGreaterThan(0);
    expect(fake.chatRequests().length).toBeGreaterThanOrEqual(3);
    const people = await t.deps.db.user.findMany({ select: { id: true } });
    const conversations = await t.deps.db.conversation.findMany({ select: { id: true } });
    expect(people.length).toBeGreaterThanOrEqual(2);
    // StudyHall itself holds the name the teacher's Slack profile shows: it was there to leak.
    const names = await t.deps.db.identity.findMany({ select: { displayName: true } });
    expect(names.map((n) => n.displayName)).toContain(TEACHER.displayName);
    const forbidden = [
      STUDENT.id,
      STUDENT.userName,
      STUDENT.realName,
      STUDENT.displayName,
      STUDENT_EMAIL,
      CLASSMATE.id,
      CLASSMATE.label,
      "maria",
      TEACHER.id,
      TEACHER.userName,
      TEACHER.realName,
      TEACHER.displayName,
      TEACHER_EMAIL,
      "lincoln-high",
      "mailto",
      TEAM_A.teamId,
      TEAM_A.botUserId,
      TEAM_A.botId,
      CHANNEL,
      ...people.map((p) => p.id),
      ...conversations.map((c) => c.id),
    ];
    for (const request of fake.requests) {
      const seen = `${request.raw}\n${JSON.stringify(request.headers)}`.toLowerCase();
      for (const value of forbidden)
        expect(seen, `${request.path} sent ${value}`).not.toContain(value.toLowerCase());
      // No per-person field for abuse tracking either: nothing in the body says who asked.
      for (const field of ["user", "safety_identifier", "metadata"])
        expect(request.body, `${request.path} sent ${field}`).not.toHaveProperty(field);
    }
  });
});
