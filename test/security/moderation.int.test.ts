// Moderation through the real Slack adapter (Bolt against the fake Slack Web API) and the real `openai`
// SDK against the fake OpenAI server, whose POST /v1/moderations flags what each test says. A flagged
// question must never reach retrieval or the chat model, the student gets a calm private reply, a flag
// is stored for staff and the teacher with a linked Slack account gets a DM from the durable alert job.
import { addMaterial, bindSpace, createAi, FLAGGED_QUESTION_REPLY } from "@studyhall/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SlackBlock } from "../../bots/slack/src/render/to-block-kit.ts";
import { slackActor, slackSpace } from "../../bots/slack/src/slack/slack-identity.ts";
import {
  startTestSlackApp,
  TEAM_A,
  type TestSlackApp,
} from "../../bots/slack/src/testing/start-test-slack-app.ts";
import { sampleMaterial } from "../support/course-fixtures.ts";
import { type FakeOpenAi, startFakeOpenAi } from "../support/fake-openai-server.ts";
import type { SlackApiCall } from "../support/fake-slack-web-api.ts";

const CHANNEL = "C0MODBIO1";
const TEACHER = "U0ADMINA";
const THREAT = "I am going to hurt the people in my class tomorrow";
const CRISIS = "nothing matters any more and I want to disappear for good";
/** The longest the tutor waits for the moderation endpoint before the local rules decide. */
const MODERATION_DEADLINE_MS = 400;
/** The test app's Slack update interval: a streaming answer is edited at most this often. */
const UPDATE_INTERVAL_MS = 100;

let fake: FakeOpenAi;
let t: TestSlackApp;
let courseId = "";

/** Every text of a Block Kit message, for matching what a person sees. */
function shown(call: SlackApiCall | undefined): string {
  const blocks = (call?.args.blocks ?? []) as SlackBlock[];
  return `${String(call?.args.text ?? "")}\n${JSON.stringify(blocks)}`;
}

async function ask(student: string, question: string) {
  const result = await t.command(student, CHANNEL, `ask ${question}`);
  expect(result.status).toBe(200);
  await t.frontEnd.idle();
  return result;
}

/** The teacher's DM from the alert job: conversations.open with them, then a post in that DM. */
async function teacherDm(count: number): Promise<SlackApiCall[]> {
  return t.api.waitFor("chat.postMessage", (c) => c.args.channel === `D${TEACHER}`, {
    count,
    timeoutMs: 10_000,
  });
}

beforeAll(async () => {
  fake = await startFakeOpenAi();
  const ai = createAi({
    provider: "openai",
    apiKey: fake.apiKey,
    baseURL: fake.url,
    chatModel: "gpt-test",
    embeddingModel: "text-embedding-3-small",
    timeoutMs: 10_000,
    maxRetries: 0,
    moderationDeadlineMs: MODERATION_DEADLINE_MS,
  });
  t = await startTestSlackApp({ ai, tuning: { updateIntervalMs: UPDATE_INTERVAL_MS } });
  // The teacher sets the channel up from Slack: staff of the course with a linked Slack identity.
  const teacher = slackActor(TEAM_A.teamId, TEACHER, "Rosa Rivera");
  const { course } = await bindSpace(t.deps.db, {
    actor: teacher,
    space: slackSpace(TEAM_A.teamId, CHANNEL),
    platformStaff: true,
    course: { create: "Biology 101" },
  });
  courseId = course.id;
  await addMaterial(
    { actor: teacher, courseId, data: await sampleMaterial(), fileName: "cell-biology.md" },
    t.deps.ingest,
  );
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});
beforeEach(() => {
  fake.reset();
  fake.setModerationRule((text) => {
    if (text.includes(THREAT)) return ["violence", "harassment/threatening"];
    if (text.includes(CRISIS)) return ["self-harm", "self-harm/intent"];
    return [];
  });
});

describe("moderation, through Slack", () => {
  it("attack: a student types a threat into /studyhall ask; it never reaches the chat model, the reply is calm and private, staff get a DM", async () => {
    const dmsBefore = t.api.callsTo("chat.postMessage", (c) => c.args.channel === `D${TEACHER}`).length;
    await ask("U0STUDENT1", THREAT);
    expect(fake.moderationRequests()).toHaveLength(1);
    expect(fake.chatRequests()).toHaveLength(0);
    expect(fake.embeddingRequests()).toHaveLength(0);
    // The student sees the calm reply only themselves; the channel keeps no trace of the question.
    const [reply] = t.api.callsTo("chat.postEphemeral", (c) => c.args.user === "U0STUDENT1");
    expect(shown(reply)).toContain(FLAGGED_QUESTION_REPLY.slice(0, 40));
    const publicPosts = t.api.callsTo("chat.postMessage", (c) => c.args.channel === CHANNEL);
    const publicEdits = t.api.callsTo("chat.update", (c) => c.args.channel === CHANNEL);
    for (const call of [...publicPosts, ...publicEdits]) expect(shown(call)).not.toContain("hurt the people");
    expect(t.api.callsTo("chat.delete", (c) => c.args.channel === CHANNEL).length).toBeGreaterThan(0);

    const flags = await t.deps.db.moderationFlag.findMany({ where: { courseId } });
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      kind: "QUESTION",
      source: "openai",
      selfHarm: false,
      categories: ["harassment/threatening", "violence"],
      status: "OPEN",
    });
    expect(flags[0]!.excerpt).toBe(THREAT);

    const dms = await teacherDm(dmsBefore + 1);
    expect(t.api.callsTo("conversations.open", (c) => c.args.users === TEACHER).length).toBeGreaterThan(0);
    expect(shown(dms.at(-1))).toMatch(/flagged/);
    expect(shown(dms.at(-1))).toContain("Biology 101");
    // The DM points to the Flagged list; the student's words stay out of chat histories.
    expect(shown(dms.at(-1))).not.toContain("hurt the people");
  });

  it("attack: self-harm disclosure; the student gets the safe-messaging reply with where to find help and staff are alerted", async () => {
    const dmsBefore = t.api.callsTo("chat.postMessage", (c) => c.args.channel === `D${TEACHER}`).length;
    await ask("U0STUDENT2", CRISIS);
    expect(fake.chatRequests()).toHaveLength(0);
    const [reply] = t.api.callsTo("chat.postEphemeral", (c) => c.args.user === "U0STUDENT2");
    expect(shown(reply)).toContain("988");
    expect(shown(reply)).toContain("findahelpline.com");
    const flag = await t.deps.db.moderationFlag.findFirstOrThrow({ where: { courseId, selfHarm: true } });
    expect(flag.categories).toEqual(["self-harm", "self-harm/intent"]);
    const dms = await teacherDm(dmsBefore + 1);
    expect(shown(dms.at(-1))).toMatch(/may need support/);
  });

  it("attack: a flagged answer from the model; the student sees a calm reply instead of it, with no sources", async () => {
    fake.setChatResponder(
      () => "Mitochondria produce ATP [1]. Anyway I am going to hurt the people in my class tomorrow.",
    );
    await ask("U0STUDENT3", "What do mitochondria produce?");
    expect(fake.chatRequests()).toHaveLength(1);
    expect(fake.moderationRequests()).toHaveLength(2);
    const edits = t.api.callsTo("chat.update", (c) => c.args.channel === CHANNEL);
    const final = edits.at(-1);
    expect(shown(final)).toContain("held it back");
    expect(shown(final)).not.toContain("Cell Biology Basics");
    const flag = await t.deps.db.moderationFlag.findFirstOrThrow({ where: { courseId, kind: "ANSWER" } });
    expect(flag.source).toBe("openai");
  });

  it("attack: the model's streamed answer turns harmful halfway; no chat.postMessage or chat.update ever shows the phrase, the clean beginning streams and the final message is calm", async () => {
    const clean =
      "Mitochondria are small organelles inside most cells, and they turn the food we eat into ATP, the energy every cell uses to do its work [1]. ";
    fake.setChatResponder(() => `${clean}Honestly, you should just go kill yourself. Then read chapter two.`);
    fake.setModerationRule((text) => (text.includes("kill yourself") ? ["harassment/threatening"] : []));
    // The final check waits longer than the message's update interval, so anything the stream left
    // pending would be sent to Slack before the final message replaces it.
    fake.setModerationDelayMs(UPDATE_INTERVAL_MS * 2);
    await ask("U0STUDENT5", "What do mitochondria produce?");
    expect(fake.chatRequests()).toHaveLength(1);
    const posts = t.api.callsTo("chat.postMessage", (c) => c.args.channel === CHANNEL);
    const edits = t.api.callsTo("chat.update", (c) => c.args.channel === CHANNEL);
    for (const call of [...posts, ...edits]) {
      expect(shown(call)).not.toMatch(/kill|yourself|Honestly/);
    }
    // The clean beginning did stream before the answer was held back...
    expect(edits.some((c) => shown(c).includes("Mitochondria are small organelles"))).toBe(true);
    // ...and the final message is the calm reply, without sources.
    expect(shown(edits.at(-1))).toContain("held it back");
    expect(shown(edits.at(-1))).not.toContain("Cell Biology Basics");
    const flag = await t.deps.db.moderationFlag.findFirstOrThrow({
      where: { courseId, kind: "ANSWER" },
      orderBy: { createdAt: "desc" },
    });
    expect(flag.categories).toEqual(["harassment/threatening"]);
    expect(flag.excerpt).toContain("kill yourself");
  });

  it("attack: a moderation endpoint that hangs; the command is still acked within Slack's 3 s and answered after the local rules decide", async () => {
    fake.setModerationDelayMs(60_000);
    const result = await t.command("U0STUDENT4", CHANNEL, "ask What do mitochondria produce?");
    expect(result.status).toBe(200);
    // Slack's limit, as a generous upper bound only.
    expect(result.ms).toBeLessThan(3000);
    await t.frontEnd.idle();
    expect(fake.moderationRequests().length).toBeGreaterThan(0);
    expect(fake.chatRequests()).toHaveLength(1);
    const final = t.api.callsTo("chat.update", (c) => c.args.channel === CHANNEL).at(-1);
    expect(shown(final)).toContain("Cell Biology Basics");
    expect(t.logLines.some((line) => line.includes("the local rules decided"))).toBe(true);
  });
});
