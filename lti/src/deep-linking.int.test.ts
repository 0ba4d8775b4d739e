// Deep Linking through the real ltijs against the fake platform, whose return endpoint verifies the
// tool's JWT against the tool's JWKS: the picker, the signed response, and later launches of the links
// it made (a quiz's take page or results, a material's page, the quiz's gradebook column).
import { createJobRunner, GRADEBOOK_QUEUE, ingestMaterial, saveQuiz, silentLogger } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CLAIM,
  type FakeLtiPlatform,
  type FakeResourceLink,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { formFields, getPage, postForm, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-dl", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-dl", name: "Sam Student", roles: [LEARNER] };
const context = { id: "ctx-dl", title: "Biology" };

let lti: TestLti;
let canvas: FakeLtiPlatform;
let courseId: string;
let quizId: string;
let materialId: string;
let quizLink: FakeResourceLink;
let materialLink: FakeResourceLink;

beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  await canvas.launch({ user: teacher, context });
  courseId = (await db().courseSpace.findFirstOrThrow({ where: { externalId: context.id } })).courseId;
  materialId = (
    await ingestMaterial(
      {
        courseId,
        data: new TextEncoder().encode("# Cells\n\nMitochondria produce ATP."),
        fileName: "cells.md",
      },
      lti.deps.ingest,
    )
  ).material.id;
  ({ quizId } = await saveQuiz(db(), {
    courseId,
    title: "Organelles",
    origin: "AUTHORED",
    approved: true,
    questions: [
      {
        kind: "SINGLE_CHOICE",
        prompt: "Which organelle makes ATP?",
        choices: ["Nucleus", "Mitochondria"],
        correctChoices: [1],
      },
      { kind: "TRUE_FALSE", prompt: "Cells have membranes.", answer: true },
    ],
  }));
});
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

function db() {
  return lti.database.prisma;
}

describe("choosing StudyHall content from the LMS's picker", () => {
  it("lists approved quizzes and ready materials to a teacher's Deep Linking launch", async () => {
    const picker = await canvas.launch({ user: teacher, context, messageType: "LtiDeepLinkingRequest" });
    expect(new URL(picker.url).pathname).toBe("/lti/deep-link");
    expect(picker.status).toBe(200);
    const text = textOf(picker.body);
    expect(text).toContain("Organelles (2 questions, graded out of 100)");
    expect(text).toContain("Cells (Markdown)");
    // The fake platform accepts several items: checkboxes, each labelled.
    expect(picker.body).toContain(
      `<input type="checkbox" name="item" id="dl-quiz-0" value="quiz:${quizId}"> <label for="dl-quiz-0">`,
    );

    const { action, fields } = formFields(picker.body, "/deep-link");
    expect((await postForm(action, { ...fields, csrf: "forged", item: `quiz:${quizId}` })).status).toBe(403);
    expect((await postForm(action, fields)).status).toBe(400);

    const body = new URLSearchParams(fields);
    body.append("item", `quiz:${quizId}`);
    body.append("item", `material:${materialId}`);
    const answer = await fetch(action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: body.toString(),
    });
    expect(answer.status).toBe(200);
    const page = await answer.text();
    const csp = answer.headers.get("content-security-policy")!;
    expect(csp).toContain(`form-action 'self' ${canvas.issuer}`);
    const form =
      /<form id="deep-link-return" method="post" action="([^"]+)"><input type="hidden" name="JWT" value="([^"]+)">/.exec(
        page,
      )!;
    expect(form).not.toBeNull();
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1]!;
    expect(page).toContain(
      `<script nonce="${nonce}">document.getElementById("deep-link-return").submit();</script>`,
    );

    // The browser's auto-submit: the platform verifies the JWT against the tool's JWKS.
    const returned = await fetch(form[1]!.replace(/&amp;/g, "&"), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ JWT: form[2]! }).toString(),
    });
    expect(await returned.text()).toContain("2 item(s) added");
    expect(canvas.deepLinkResponses).toHaveLength(1);
    const response = canvas.deepLinkResponses[0]!;
    expect(response).toMatchObject({ valid: true });
    expect(response.claims).toMatchObject({
      iss: canvas.clientId,
      aud: canvas.issuer,
      [CLAIM.deploymentId]: canvas.deploymentId,
    });
    expect(typeof response.claims.nonce).toBe("string");
    expect(response.claims[CLAIM.contentItems]).toEqual([
      {
        type: "ltiResourceLink",
        title: "Organelles",
        text: "A StudyHall quiz with 2 questions.",
        url: lti.toolUrl,
        custom: { studyhall_quiz: quizId },
        lineItem: { scoreMaximum: 100, label: "Organelles", resourceId: quizId, tag: "studyhall-quiz" },
      },
      {
        type: "ltiResourceLink",
        title: "Cells",
        url: lti.toolUrl,
        custom: { studyhall_material: materialId },
      },
    ]);
    quizLink = canvas.resourceLinks.find((l) => l.custom?.studyhall_quiz === quizId)!;
    materialLink = canvas.resourceLinks.find((l) => l.custom?.studyhall_material === materialId)!;
    expect(canvas.lineItems).toEqual([
      expect.objectContaining({
        id: quizLink.lineItemId,
        resourceLinkId: quizLink.id,
        resourceId: quizId,
        scoreMaximum: 100,
      }),
    ]);
  });

  it("is for staff only, and only from the picker", async () => {
    const studentPicker = await canvas.launch({
      user: student,
      context,
      messageType: "LtiDeepLinkingRequest",
    });
    expect(studentPicker.status).toBe(403);
    expect(textOf(studentPicker.body)).toContain("This page is for course staff");

    const teacherPage = await canvas.launch({ user: teacher, context });
    const outside = await getPage(teacherPage.url.replace("/lti/course", "/lti/deep-link"));
    expect(outside.status).toBe(400);
    expect(textOf(outside.body)).toContain("Open this from your LMS's link or assignment picker");
  });
});

describe("launching a link the picker made", () => {
  const launchLink = (user: typeof student, link: FakeResourceLink) =>
    canvas.launch({
      user,
      context,
      resourceLink: { id: link.id, title: link.title ?? "" },
      custom: link.custom ?? {},
    });

  it("takes a student to the quiz and records the link's gradebook column; the score goes there", async () => {
    const launched = await launchLink(student, quizLink);
    expect(new URL(launched.url).pathname).toBe(`/lti/learn/quizzes/${quizId}`);
    expect(textOf(launched.body)).toContain("Which organelle makes ATP?");
    const lineItem = await db().ltiLineItem.findFirstOrThrow({ where: { quizId } });
    expect(lineItem).toMatchObject({
      url: canvas.lineItemUrl({ id: quizLink.lineItemId!, contextId: context.id }),
      resourceLinkId: quizLink.id,
    });

    const { action, fields } = formFields(launched.body, `/learn/quizzes/${quizId}`);
    const questions = await db().question.findMany({ where: { quizId }, orderBy: { position: "asc" } });
    const submitted = await postForm(action, {
      ...fields,
      [`q-${questions[0]!.id}`]: "1",
      [`q-${questions[1]!.id}`]: "1",
    });
    expect(submitted.status).toBe(303);
    const runner = createJobRunner({
      db: db(),
      logger: silentLogger(),
      handlers: { [GRADEBOOK_QUEUE]: lti.frontEnd.jobHandlers[GRADEBOOK_QUEUE]! },
    });
    expect(await runner.runDue()).toBe(1);
    // Into the column the teacher made by Deep Linking, not a new one.
    expect(canvas.lineItems).toHaveLength(1);
    expect(canvas.scores).toEqual([
      expect.objectContaining({
        lineItemId: quizLink.lineItemId,
        body: expect.objectContaining({ userId: student.sub, scoreGiven: 50 }),
      }),
    ]);
  });

  it("takes staff to the quiz's results, and anyone to a material's page", async () => {
    const staff = await launchLink(teacher, quizLink);
    expect(new URL(staff.url).pathname).toBe(`/lti/course/quizzes/${quizId}/results`);
    expect(textOf(staff.body)).toContain("Results: Organelles");

    const material = await launchLink(student, materialLink);
    expect(new URL(material.url).pathname).toBe(`/lti/learn/materials/${materialId}`);
    expect(textOf(material.body)).toContain("Mitochondria produce ATP.");
  });

  it("lands on the usual page when the linked quiz is no longer in the course", async () => {
    const stale = await launchLink(student, { ...quizLink, custom: { studyhall_quiz: crypto.randomUUID() } });
    expect(new URL(stale.url).pathname).toBe("/lti/learn");
  });
});
