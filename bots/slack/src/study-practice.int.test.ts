import { addMaterial } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleMaterial } from "../../../test/support/course-fixtures.ts";
import { blockKitText } from "./render/block-kit-text.ts";
import type { SlackBlock } from "./render/to-block-kit.ts";
import { slackActor } from "./slack/slack-identity.ts";
import { assertBlockKitLimits } from "./testing/assert-block-kit-limits.ts";
import { buttonId, commandAndRead, seedQuizCourse, TEACHER } from "./testing/quiz-test-kit.ts";
import { startTestSlackApp, TEAM_A, type TestSlackApp } from "./testing/start-test-slack-app.ts";
import { dmOf, messagesIn, submitModal, waitForMessage, waitForModal } from "./testing/study-test-kit.ts";
import { PRACTICE_ANSWER_CALLBACK_ID, PRACTICE_ANSWER_INPUT } from "./views/practice-answer-modal.ts";
import { WRITING_CALLBACK_ID, WRITING_INPUT } from "./views/writing-modal.ts";

// Solo practice, study guides and writing in Slack through real Bolt over HTTP against the fake Web API.
let t: TestSlackApp;
const STUDENT = "U0PRACTICE";
const DM = dmOf(STUDENT);

beforeAll(async () => {
  t = await startTestSlackApp();
  const { courseId } = await seedQuizCourse(t);
  await addMaterial(
    {
      actor: slackActor(TEAM_A.teamId, TEACHER, "Teacher"),
      courseId,
      data: await sampleMaterial(),
      fileName: "cell-biology.md",
    },
    t.deps.ingest,
  );
});
afterAll(() => t?.close());

describe("practice in the DM", () => {
  it("gives instant feedback per question, takes typed answers through the form, and retries the missed ones", async () => {
    const started = await commandAndRead(t, STUDENT, "C0BIO", "practice Organelles");
    expect(started.text).toMatch(/direct message/);
    const q1 = await waitForMessage(
      t,
      DM,
      (m) => m.method === "chat.postMessage" && /What makes ATP\?/.test(m.text),
    );
    assertBlockKitLimits(q1.blocks);

    await t.click(STUDENT, DM, buttonId(q1.blocks, "A. Nucleus"), { messageTs: q1.ts });
    const wrong = await waitForMessage(
      t,
      DM,
      (m) => m.method === "chat.update" && /Not quite/.test(m.text),
      q1.index + 1,
    );
    expect(wrong.ts).toBe(q1.ts);
    expect(wrong.text).toMatch(/Mitochondria/);
    expect(wrong.text).toMatch(/Cellular respiration happens there/);

    // "Save as card" answers with a new message in the DM; the question's message stays as it is.
    await t.click(STUDENT, DM, buttonId(wrong.blocks, "Save as card"), { messageTs: q1.ts });
    const saved = await waitForMessage(t, DM, (m) => /Saved as a card/.test(m.text), wrong.index + 1);
    expect(saved.method).toBe("chat.postMessage");

    await t.click(STUDENT, DM, buttonId(wrong.blocks, "Next"), { messageTs: q1.ts });
    const q2 = await waitForMessage(t, DM, (m) => /Which have membranes\?/.test(m.text), saved.index + 1);
    await t.click(STUDENT, DM, buttonId(q2.blocks, "Answer"), { messageTs: q1.ts });
    const form2 = await waitForModal(t, PRACTICE_ANSWER_CALLBACK_ID);
    const practiceForm = (privateMetadata: string) => ({
      callbackId: PRACTICE_ANSWER_CALLBACK_ID,
      block: PRACTICE_ANSWER_INPUT,
      privateMetadata,
    });
    expect(
      (await submitModal(t, STUDENT, practiceForm(form2.privateMetadata), { choices: [0, 2] })).text,
    ).toBe("");
    const right = await waitForMessage(t, DM, (m) => /Right!/.test(m.text), q2.index + 1);
    expect(right.method).toBe("chat.update");
    expect(right.ts).toBe(q1.ts);

    await t.click(STUDENT, DM, buttonId(right.blocks, "Next"), { messageTs: q1.ts });
    const q3 = await waitForMessage(t, DM, (m) => /How many chromosomes/.test(m.text), right.index + 1);
    await t.click(STUDENT, DM, buttonId(q3.blocks, "Answer"), { messageTs: q1.ts });
    const form3 = await waitForModal(t, PRACTICE_ANSWER_CALLBACK_ID, form2.count);
    const notNumber = await submitModal(t, STUDENT, practiceForm(form3.privateMetadata), { value: "lots" });
    expect(JSON.parse(notNumber.text)).toMatchObject({ response_action: "errors" });
    await submitModal(t, STUDENT, practiceForm(form3.privateMetadata), { value: "46" });
    const summary = await waitForMessage(t, DM, (m) => /finished/.test(m.text), q3.index + 1);
    expect(summary.text).toMatch(/2 of 3 right/);

    await t.click(STUDENT, DM, buttonId(summary.blocks, "Retry missed"), { messageTs: q1.ts });
    const retry = await waitForMessage(t, DM, (m) => /missed questions/.test(m.text), summary.index + 1);
    expect(retry.text).toMatch(/What makes ATP\?/);
    expect(retry.text).toMatch(/question 1 of 1/);
    // Practice never reaches the gradebook.
    expect(await t.database.prisma.quizResult.count()).toBe(0);
  });
});

describe("study buttons on private lists in a channel", () => {
  it("moves a practice started from the channel's list to the DM and says so in place of the list", async () => {
    const list = await commandAndRead(t, STUDENT, "C0BIO", "practice");
    expect(list.body.response_type).toBe("ephemeral");
    const before = messagesIn(t, DM).length;
    const click = await t.click(STUDENT, "C0BIO", buttonId(list.body.blocks as SlackBlock[], "Practise 1"), {
      ephemeral: true,
    });
    const posted = await waitForMessage(t, DM, (m) => /What makes ATP\?/.test(m.text), before);
    expect(posted.method).toBe("chat.postMessage");
    const replaced = await t.api.waitForResponse((r) => r.path === new URL(click.responseUrl).pathname);
    expect(replaced.body.replace_original).toBe(true);
    expect(blockKitText(replaced.body.blocks as SlackBlock[])).toMatch(/direct message/);
  });

  it("posts a practice started from a private list in the DM as a message of its own, removing the list", async () => {
    const list = await commandAndRead(t, STUDENT, DM, "practice");
    const before = messagesIn(t, DM).length;
    const click = await t.click(STUDENT, DM, buttonId(list.body.blocks as SlackBlock[], "Practise 1"), {
      ephemeral: true,
    });
    const posted = await waitForMessage(t, DM, (m) => /What makes ATP\?/.test(m.text), before);
    expect(posted.method).toBe("chat.postMessage");
    const removed = await t.api.waitForResponse((r) => r.path === new URL(click.responseUrl).pathname);
    expect(removed.body.delete_original).toBe(true);
  });

  it("lets staff approve a generated draft deck from its private review, replacing it", async () => {
    const drafted = await commandAndRead(t, TEACHER, "C0BIO", "deck generate mitochondria count 3");
    expect(drafted.body.response_type).toBe("ephemeral");
    const click = await t.click(TEACHER, "C0BIO", buttonId(drafted.body.blocks as SlackBlock[], "Approve"), {
      ephemeral: true,
    });
    const replaced = await t.api.waitForResponse((r) => r.path === new URL(click.responseUrl).pathname);
    expect(blockKitText(replaced.body.blocks as SlackBlock[])).toMatch(/Approved/);
    expect(replaced.body.replace_original).toBe(true);
    expect(await t.database.prisma.deck.count({ where: { status: "APPROVED", kind: "COURSE" } })).toBe(1);
  });
});

describe("study guides", () => {
  it("sends a guide asked for in a channel to the asker's DM as Markdown and PDF", async () => {
    const asked = await t.command(STUDENT, "C0BIO", "guide mitochondria");
    expect(asked.status).toBe(200);
    await t.frontEnd.idle();
    const path = new URL(asked.responseUrl).pathname;
    const answer = t.api.responses.filter((r) => r.path === path).at(-1)!;
    expect(answer.body.response_type).toBe("ephemeral");
    expect(blockKitText(answer.body.blocks as SlackBlock[])).toMatch(/direct message/);
    // The progress shown while it was written is replaced by the answer, not followed by a second message.
    const answers = t.api.responses.filter((r) => r.path === path);
    expect(blockKitText(answers[0]!.body.blocks as SlackBlock[])).toMatch(/Writing the study guide/);
    expect(answers.slice(1).every((a) => a.body.replace_original === true)).toBe(true);
    const uploads = t.api.uploads().filter((u) => u.channelId === DM);
    expect(uploads.map((u) => u.filename.split(".").at(-1)).sort()).toEqual(["md", "pdf"]);
    expect(uploads.find((u) => u.filename.endsWith(".pdf"))!.body.includes(Buffer.from("%PDF-"))).toBe(true);
  });
});

describe("writing", () => {
  it("takes writing through the form and shows its feedback; refuses text over the limit, naming it", async () => {
    const set = await commandAndRead(
      t,
      TEACHER,
      "C0BIO",
      "writing set Why cells divide | Explain why cells divide, with the terms of the course. | Accuracy; Clarity; Use of terms",
    );
    expect(set.text).toMatch(/Why cells divide/);

    const list = await commandAndRead(t, STUDENT, "C0BIO", "writing");
    const write = buttonId(list.body.blocks as SlackBlock[], "Write 1");
    await t.click(STUDENT, "C0BIO", write, { ephemeral: true });
    const modal = await waitForModal(t, WRITING_CALLBACK_ID);
    expect(JSON.stringify(modal.blocks)).toMatch(/writing submit/);
    const before = messagesIn(t, "C0BIO").length;
    const submitted = await submitModal(
      t,
      STUDENT,
      { callbackId: WRITING_CALLBACK_ID, block: WRITING_INPUT, privateMetadata: modal.privateMetadata },
      {
        value: "Cells divide by mitosis so that the body can grow and repair itself. Mitochondria make ATP.",
      },
    );
    expect(submitted.text).toBe("");
    const feedback = await waitForMessage(
      t,
      "C0BIO",
      (m) => /Feedback on .Why cells divide/.test(m.text),
      before,
    );
    expect(feedback.text).toMatch(/Next step/);
    expect(feedback.method).toBe("chat.postEphemeral");
    expect(await t.database.prisma.writingSubmission.count()).toBe(1);

    const tooLong = await commandAndRead(t, STUDENT, "C0BIO", `writing submit 1 | ${"a".repeat(10_001)}`);
    expect(tooLong.text).toMatch(/10,000/);
    expect(await t.database.prisma.writingSubmission.count()).toBe(1);
  });
});
