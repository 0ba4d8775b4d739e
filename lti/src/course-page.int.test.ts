// The pages behind a launch: the instructor's course page (materials, quizzes, chat spaces, answer
// policy) and the student's page (materials, a code to link Discord/Slack), through the real ltijs.
import {
  askTutor,
  bindSpace,
  completeIdentityLink,
  ingestMaterial,
  recordFeedback,
  resolveUser,
  saveQuiz,
} from "@studyhall/core";
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
    expect(textOf(course.body)).toMatch(/Drafts to review Organelles \(1 question\) /);

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
    expect(textOf((await getPage(approved.location!)).body)).toMatch(
      /Quiz approved\. Students now see it on their StudyHall page; its gradebook column is created when the first student submits it, unless you added it as an assignment from the LMS\..*Approved Organelles/,
    );
  });

  it("says beside Approve what students get: the quiz on their page and a gradebook column", async () => {
    const { quizId } = await saveQuiz(db(), {
      courseId,
      title: "Membranes",
      origin: "GENERATED",
      questions: [{ kind: "TRUE_FALSE", prompt: "Membranes are lipid bilayers.", answer: true }],
    });
    const explained =
      /Approving puts the quiz on students' StudyHall page in this course\. The first time a student submits it, a gradebook column titled after the quiz is created, unless you added the quiz as an assignment from the LMS/;
    const course = await getPage(teacherUrl);
    expect(textOf(course.body)).toMatch(explained);
    const links = [...course.body.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
    const review = links.find((href) => new URL(href).pathname.endsWith(`/course/quizzes/${quizId}`))!;
    expect(textOf((await getPage(review)).body)).toMatch(explained);
    const edit = links.find((href) => new URL(href).pathname.endsWith(`/course/quizzes/${quizId}/edit`))!;
    expect(textOf((await getPage(edit)).body)).toMatch(explained);
  });

  it("asks before discarding a draft, keeps it when the teacher goes back, and deletes it on confirm", async () => {
    const { quizId } = await saveQuiz(db(), {
      courseId,
      title: "Throwaway",
      origin: "GENERATED",
      questions: [{ kind: "TRUE_FALSE", prompt: "Cells exist.", answer: true }],
    });
    const page = await getPage(teacherUrl);
    // No form on the course page discards at once: Discard is a link to the confirm step.
    expect(() => formFields(page.body, `/course/quizzes/${quizId}/discard`)).toThrow();
    const confirmLink = [...page.body.matchAll(/href="([^"]+)"/g)]
      .map((m) => m[1]!.replace(/&amp;/g, "&"))
      .find((href) => new URL(href).pathname.endsWith(`/course/quizzes/${quizId}/discard`))!;
    const confirm = await getPage(confirmLink);
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.body)).toContain(
      "Discard “Throwaway”? This draft and its 1 question are deleted. Students never saw it. This cannot be undone.",
    );
    expect(textOf(confirm.body)).toContain("Keep it and go back");
    expect((await db().quiz.findUniqueOrThrow({ where: { id: quizId } })).status).toBe("DRAFT");

    const { action, fields } = formFields(confirm.body, `/course/quizzes/${quizId}/discard`);
    const discarded = await postForm(action, fields);
    expect(discarded.status).toBe(303);
    expect(await db().quiz.findUnique({ where: { id: quizId } })).toBeNull();
    expect(textOf((await getPage(discarded.location!)).body)).toContain("Quiz discarded.");
  });

  it("sends the review page's Discard button to the same confirm step, changing nothing", async () => {
    const { quizId } = await saveQuiz(db(), {
      courseId,
      title: "Second thoughts",
      origin: "GENERATED",
      questions: [{ kind: "TRUE_FALSE", prompt: "Ribosomes make proteins.", answer: true }],
    });
    const course = await getPage(teacherUrl);
    const reviewLink = [...course.body.matchAll(/href="([^"]+)"/g)]
      .map((m) => m[1]!.replace(/&amp;/g, "&"))
      .find((href) => new URL(href).pathname.endsWith(`/course/quizzes/${quizId}`))!;
    const { action, fields } = formFields((await getPage(reviewLink)).body, "/course/action");
    const clicked = await postForm(action, { ...fields, action: `q:del:${quizId}` });
    expect(clicked.status).toBe(303);
    expect(new URL(clicked.location!).pathname).toBe(`/lti/course/quizzes/${quizId}/discard`);
    expect((await db().quiz.findUniqueOrThrow({ where: { id: quizId } })).status).toBe("DRAFT");
    expect(textOf((await getPage(clicked.location!)).body)).toContain("Discard “Second thoughts”?");
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

/** The link on a page whose path ends in `pathEnd`, with its ltik. */
function linkOn(body: string, pathEnd: string): string {
  const link = [...body.matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1]!.replace(/&amp;/g, "&"))
    .find((href) => new URL(href).pathname.endsWith(pathEnd));
  if (!link) throw new Error(`no link to …${pathEnd}`);
  return link;
}

describe("quizzes for staff", () => {
  it("generates a draft from the materials and opens it for editing", async () => {
    const text = [
      "# Organelles",
      "Mitochondria produce ATP through cellular respiration in eukaryotic cells.",
      "The nucleus stores the genetic material of the cell as chromatin.",
      "Ribosomes translate messenger RNA into proteins in the cytoplasm.",
      "The Golgi apparatus modifies and packages proteins for secretion.",
      "Chloroplasts capture light energy and perform photosynthesis in plant cells.",
      "Lysosomes digest worn-out organelles with hydrolytic enzymes.",
    ].join("\n\n");
    await ingestMaterial(
      { courseId, data: new TextEncoder().encode(text), fileName: "organelles.md" },
      lti.deps.ingest,
    );
    const page = await getPage(teacherUrl);
    const { action, fields } = formFields(page.body, "/course/quizzes/generate");
    const generated = await postForm(action, { ...fields, topic: "organelles", count: "3" });
    expect(generated.status).toBe(303);
    const edit = await getPage(generated.location!);
    expect(edit.status).toBe(200);
    expect(textOf(edit.body)).toMatch(/Draft generated with \d+ questions/);
    const quizId = /\/course\/quizzes\/([0-9a-f-]{36})\/edit/.exec(generated.location!)![1]!;
    const quiz = await db().quiz.findUniqueOrThrow({ where: { id: quizId }, include: { questions: true } });
    expect(quiz).toMatchObject({ courseId, status: "DRAFT", origin: "GENERATED" });
    expect(quiz.questions.length).toBeGreaterThan(0);
  });

  it("says why a draft has fewer questions than the teacher asked for", async () => {
    await ingestMaterial(
      {
        courseId,
        data: new TextEncoder().encode(
          "# Aquifers\n\nAn aquifer is a layer of porous rock that holds groundwater.",
        ),
        fileName: "aquifers.md",
      },
      lti.deps.ingest,
    );
    const page = await getPage(teacherUrl);
    const { action, fields } = formFields(page.body, "/course/quizzes/generate");
    const generated = await postForm(action, { ...fields, topic: "aquifer groundwater", count: "5" });
    expect(generated.status).toBe(303);
    const text = textOf((await getPage(generated.location!)).body);
    expect(text).toMatch(
      /Draft generated with [1-4] questions?\. You asked for 5 questions and got [1-4]: the materials do not hold enough distinct facts for more\./,
    );
  });

  it("renames a quiz from its edit page, and refuses an empty title changing nothing", async () => {
    const { quizId } = await saveQuiz(db(), {
      courseId,
      title: "Quiz: Organelles, Cells and 1 more",
      origin: "GENERATED",
      questions: [{ kind: "TRUE_FALSE", prompt: "Cells have membranes.", answer: true }],
    });
    const editUrl = linkOn((await getPage(teacherUrl)).body, `/course/quizzes/${quizId}/edit`);
    const edit = await getPage(editUrl);
    expect(edit.body).toContain('<label class="block" for="quiz-title">Title');
    const { action, fields } = formFields(edit.body, `/course/quizzes/${quizId}/title`);

    const empty = await postForm(action, { ...fields, title: "   " });
    expect(empty.status).toBe(400);
    expect(textOf(empty.body)).toContain("Give the quiz a title.");
    expect((await db().quiz.findUniqueOrThrow({ where: { id: quizId } })).title).toBe(
      "Quiz: Organelles, Cells and 1 more",
    );

    const renamed = await postForm(action, { ...fields, title: "Week 3 check-in" });
    expect(renamed.status).toBe(303);
    expect((await db().quiz.findUniqueOrThrow({ where: { id: quizId } })).title).toBe("Week 3 check-in");
    const after = textOf((await getPage(renamed.location!)).body);
    expect(after).toContain(
      "Quiz renamed. Students see the new title, and a gradebook column StudyHall made for this quiz takes it too.",
    );
    // The LMS column is retitled by a job (see grades.int.test.ts), scheduled once.
    expect(await db().scheduledJob.count({ where: { queue: "lti:gradebook-title" } })).toBe(1);
    expect(after).toContain("Edit “Week 3 check-in”");
    expect(textOf((await getPage(teacherUrl)).body)).toContain("Week 3 check-in (1 question)");
    expect(await db().auditEntry.count({ where: { action: "quiz.renamed", targetId: quizId } })).toBe(1);
  });

  it("says why nothing was generated, on the course page, when the form asks for too much", async () => {
    const page = await getPage(teacherUrl);
    const { action, fields } = formFields(page.body, "/course/quizzes/generate");
    const refused = await postForm(action, { ...fields, count: "50" });
    expect(refused.status).toBe(400);
    expect(textOf(refused.body)).toContain("Ask for at most 20 questions.");
  });

  it("edits a draft's question: choices, correct answer and explanation, validated", async () => {
    const { quizId } = await saveQuiz(db(), {
      courseId,
      title: "To edit",
      origin: "GENERATED",
      questions: [{ kind: "SINGLE_CHOICE", prompt: "Pick one", choices: ["A", "B"], correctChoices: [0] }],
    });
    const editUrl = linkOn((await getPage(teacherUrl)).body, `/course/quizzes/${quizId}/edit`);
    const edit = await getPage(editUrl);
    expect(edit.body).toContain('<label class="block" for="q0-prompt">Question</label>');
    const { action, fields } = formFields(edit.body, `/course/quizzes/${quizId}/questions/0`);
    const form = {
      ...fields,
      prompt: "Which organelle makes ATP?",
      choice0: "Nucleus",
      choice1: "",
      choice2: "Mitochondria",
    };

    const invalid = await postForm(action, { ...form, correct: "1" });
    expect(invalid.status).toBe(400);
    expect(textOf(invalid.body)).toContain("Mark the correct choice.");

    const saved = await postForm(action, { ...form, correct: "2", explanation: "They run respiration." });
    expect(saved.status).toBe(303);
    const question = await db().question.findFirstOrThrow({ where: { quizId, position: 0 } });
    expect(question).toMatchObject({
      prompt: "Which organelle makes ATP?",
      choices: ["Nucleus", "Mitochondria"],
      correctChoices: [1],
      explanation: "They run respiration.",
    });
    expect(textOf((await getPage(saved.location!)).body)).toContain("Question saved.");

    const duplicate = await postForm(action, { ...form, choice1: "nucleus", correct: "0" });
    expect(duplicate.status).toBe(400);
    expect(textOf(duplicate.body)).toContain("Choices must be different from each other.");
  });
});

describe("what students asked, and usage", () => {
  it("lists questions newest first with the ones the tutor could not answer marked in words", async () => {
    const actor = {
      platform: "LTI" as const,
      tenant: canvas.issuer,
      externalId: student.sub,
      displayName: student.name,
    };
    await askTutor({ actor, courseId, question: "What do mitochondria produce?" }, lti.deps.tutor);
    const unanswered = await askTutor(
      { actor, courseId, question: "Who painted the Mona Lisa?" },
      lti.deps.tutor,
    );
    expect(unanswered.answered).toBe(false);
    const disliked = await askTutor(
      { actor, courseId, question: "What produces ATP in cells?" },
      lti.deps.tutor,
    );
    await recordFeedback(db(), { actor, messageId: disliked.messageId, vote: -1 });

    const page = await getPage(linkOn((await getPage(teacherUrl)).body, "/course/questions"));
    expect(page.status).toBe(200);
    const rows = [...page.body.matchAll(/<tr( class="attention")?><td>([\s\S]*?)<\/tr>/g)].map((m) => ({
      attention: Boolean(m[1]),
      text: textOf(m[2]!),
    }));
    expect(rows.map((r) => r.text.replace(/ \d{4}-.*/, ""))).toEqual([
      "Needs attention. What produces ATP in cells? Sam Student",
      "Needs attention. Who painted the Mona Lisa? Sam Student",
      "What do mitochondria produce? Sam Student",
    ]);
    expect(rows.map((r) => r.attention)).toEqual([true, true, false]);
    expect(rows[0]!.text).toContain("the student voted the answer down");
    expect(rows[1]!.text).toContain("Not answered: nothing in the materials");
    expect(rows[2]!.text).toMatch(/LMS Answered from the materials$/);
  });

  it("sums questions and tokens per day and per person over 30 days, with the limits", async () => {
    await db().budget.create({
      data: { courseId, scope: "PER_USER", windowSeconds: 86_400, maxRequests: 20 },
    });
    const page = await getPage(linkOn((await getPage(teacherUrl)).body, "/course/usage"));
    expect(page.status).toBe(200);
    const text = textOf(page.body);
    expect(text).toMatch(/: 3 questions, 2 answered, [\d,]+ model tokens/);
    expect(text).toContain("Each person: 20 questions per day (this course)");
    expect(text).toMatch(new RegExp(`${new Date().toISOString().slice(0, 10)} 3 2 [\\d,]+`));
    expect(text).toMatch(/Per person Person Questions Answered Tokens Sam Student 3 2/);
  });

  it("is for staff only", async () => {
    const launched = await canvas.launch({ user: student, context });
    const studentUrl = new URL(launched.url);
    studentUrl.pathname = "/lti/course/questions";
    expect((await getPage(studentUrl.href)).status).toBe(403);
  });
});
