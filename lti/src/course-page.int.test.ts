// The pages behind a launch: the instructor's course page (materials, quizzes, chat spaces, answer
// policy) and the student's page (materials, a code to link Discord/Slack), through the real ltijs.
import { bindSpace, completeIdentityLink, ingestMaterial, resolveUser, saveQuiz } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { formFields, getPage, ltikOf, postForm, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-1", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-1", name: "Sam Student", roles: [LEARNER] };
const context = { id: "ctx-bio", title: 'Biology <101> & "friends"' };

let lti: TestLti;
let canvas: FakeLtiPlatform;
let courseId: string;
let teacherUrl: string;
beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  teacherUrl = (await canvas.launch({ user: teacher, context })).url;
  courseId = (await lti.database.prisma.courseSpace.findFirstOrThrow({ where: { externalId: context.id } }))
    .courseId;
});
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

const db = () => lti.database.prisma;

describe("the instructor's course page", () => {
  it("escapes what the LMS and people wrote, and carries the ltik in every link and form", async () => {
    const page = await getPage(teacherUrl);
    expect(page.body).toContain("Biology &lt;101&gt; &amp; &quot;friends&quot;");
    expect(page.body).not.toContain("<101>");
    const ltik = ltikOf(teacherUrl);
    const links = [...page.body.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(new URL(link).searchParams.get("ltik")).toBe(ltik);
    const forms = [...page.body.matchAll(/<form\b[\s\S]*?<\/form>/g)].map((m) => m[0]);
    expect(forms.length).toBeGreaterThan(0);
    for (const form of forms) {
      expect(form).toContain(`name="ltik" value="${ltik}"`);
      expect(form).toMatch(/name="csrf" value="[\w-]{20,}"/);
    }
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("x-frame-options")).toBeNull();
  });

  it("lists materials with their status, and progress while one is processed", async () => {
    await ingestMaterial(
      {
        courseId,
        data: new TextEncoder().encode("# Cells\n\nMitochondria produce ATP."),
        fileName: "cells.md",
      },
      lti.deps.ingest,
    );
    await db().material.create({
      data: {
        courseId,
        title: "Big lecture",
        type: "PDF",
        sizeBytes: 10,
        sha256: "f".repeat(64),
        status: "PROCESSING",
        progress: 0.45,
        stage: "embedding",
      },
    });
    const text = textOf((await getPage(teacherUrl)).body);
    expect(text).toMatch(/Cells .*Ready/);
    expect(text).toMatch(/Big lecture PDF Processing \(embedding\) .*45%/);
  });

  it("lists drafts to review, shows one through core's review reply, and approves it from its button", async () => {
    const { quizId } = await saveQuiz(db(), {
      courseId,
      title: "Organelles",
      origin: "GENERATED",
      questions: [
        {
          kind: "SINGLE_CHOICE",
          prompt: "Which organelle makes ATP?",
          choices: ["Nucleus", "Mitochondria"],
          correctChoices: [1],
        },
      ],
    });
    const course = await getPage(teacherUrl);
    expect(textOf(course.body)).toMatch(/Drafts to review Organelles \(1 questions\)/);

    const reviewLink = [...course.body.matchAll(/href="([^"]+)"/g)]
      .map((m) => m[1]!.replace(/&amp;/g, "&"))
      .find((href) => href.includes(`/course/quizzes/${quizId}`))!;
    const review = await getPage(reviewLink);
    expect(review.status).toBe(200);
    expect(textOf(review.body)).toContain("Which organelle makes ATP?");
    expect(textOf(review.body)).toContain("✅ Mitochondria");

    const { action, fields } = formFields(review.body, "/course/action");
    const buttons = [...review.body.matchAll(/name="action" value="([^"]+)"/g)].map((m) => m[1]);
    expect(buttons).toEqual([`q:ok:${quizId}`, `q:del:${quizId}`]);
    const approved = await postForm(action, { ...fields, action: `q:ok:${quizId}` });
    expect(approved.status).toBe(303);
    expect((await db().quiz.findUniqueOrThrow({ where: { id: quizId } })).status).toBe("APPROVED");
    expect(textOf((await getPage(approved.location!)).body)).toMatch(/Quiz approved.*Approved Organelles/);
  });

  it("discards a draft from the course page", async () => {
    const { quizId } = await saveQuiz(db(), {
      courseId,
      title: "Throwaway",
      origin: "GENERATED",
      questions: [{ kind: "TRUE_FALSE", prompt: "Cells exist.", answer: true }],
    });
    const page = await getPage(teacherUrl);
    const { action, fields } = formFields(page.body, `/course/quizzes/${quizId}/discard`);
    const discarded = await postForm(action, fields);
    expect(discarded.status).toBe(303);
    expect(await db().quiz.findUnique({ where: { id: quizId } })).toBeNull();
  });

  it("hands out a code that links a Discord channel to the course, then lists the channel", async () => {
    const page = await getPage(teacherUrl);
    const { action, fields } = formFields(page.body, "/course/space-code");
    const withCode = await postForm(action, fields);
    expect(withCode.status).toBe(200);
    const code = /<span class="code">([A-Z0-9-]+)<\/span>/.exec(withCode.body)![1]!;
    expect(textOf(withCode.body)).toContain(`/setup code:${code}`);
    expect(textOf(withCode.body)).toContain(`/studyhall setup code ${code}`);

    const bound = await bindSpace(db(), {
      actor: { platform: "DISCORD", tenant: "", externalId: "U42", displayName: "Tess on Discord" },
      space: { platform: "DISCORD", tenant: "G1", channelId: "C7", name: "bio-help" },
      platformStaff: true,
      course: { code },
    });
    expect(bound.course.id).toBe(courseId);
    expect(textOf((await getPage(teacherUrl)).body)).toContain("Discord channel bio-help");
  });
});

describe("the student's page", () => {
  it("lists ready materials only, and hands out a code that links a Slack account to the student", async () => {
    const launched = await canvas.launch({ user: student, context });
    const text = textOf(launched.body);
    expect(text).toContain("Cells");
    expect(text).not.toContain("Big lecture");

    const { action, fields } = formFields(launched.body, "/learn/link-code");
    const withCode = await postForm(action, fields);
    expect(withCode.status).toBe(200);
    const code = /<span class="code">([A-Z0-9-]+)<\/span>/.exec(withCode.body)![1]!;
    expect(textOf(withCode.body)).toContain(`/studyhall link ${code}`);

    const slack = { platform: "SLACK" as const, tenant: "T1", externalId: "U9", displayName: "sam" };
    const linked = await completeIdentityLink(db(), { actor: slack, code });
    const lmsUser = await resolveUser(db(), {
      platform: "LTI",
      tenant: canvas.issuer,
      externalId: student.sub,
    });
    expect(linked.userId).toBe(lmsUser.userId);
    expect((await resolveUser(db(), slack)).userId).toBe(lmsUser.userId);
  });

  it("is open to staff too, with a way back to the course page", async () => {
    const page = await getPage(teacherUrl.replace("/lti/course", "/lti/learn"));
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain("Back to the course page");
  });
});
