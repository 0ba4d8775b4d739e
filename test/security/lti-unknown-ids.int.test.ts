// Ids put into the URLs and forms of the LTI pages, through the real express app and ltijs, launched by
// the fake LMS: another course's quiz or material (one the same teacher runs, so only the session's
// course can refuse it), an unknown UUID, and malformed ids. Each page answers 404 with the same plain
// sentence whichever it was, so a probe learns nothing about other courses; nothing changes, and no
// request ends in a 500.
import { randomUUID } from "node:crypto";
import { ingestMaterial, saveQuiz } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  formFields,
  getPage,
  type PageResponse,
  postForm,
  textOf,
} from "../../lti/src/testing/page-client.ts";
import { startTestLti, type TestLti } from "../../lti/src/testing/start-test-lti.ts";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../support/fake-lti-platform.ts";

const teacher = { sub: "teacher-1", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-1", name: "Sam Student", roles: [LEARNER] };
const biology = { id: "ctx-bio", title: "Biology 101" };
const chemistry = { id: "ctx-chem", title: "Chemistry 201" };
/** Words only chemistry's quizzes and material contain: a page that shows them leaked them. */
const SECRET = "Titration";

const QUIZ_GONE = "That quiz is not in this course.";
const QUIZ_UNAVAILABLE = "That quiz is not available in this course.";
const MATERIAL_GONE = "That material is not in this course.";
const ANSWER_GONE = "That question is not one of yours in this course.";

let lti: TestLti;
let canvas: FakeLtiPlatform;
/** Session page URLs (with their ltik) and the hidden fields (ltik, csrf) their forms post. */
const staff = { url: "", fields: {} as Record<string, string> };
const learner = { url: "", fields: {} as Record<string, string>, answer: "" };
/** Ids of chemistry's approved quiz, draft and material, and of biology's own (the controls). */
const chem = { quiz: "", draft: "", material: "", answer: "" };
const bio = { quiz: "", draft: "", material: "", answer: "" };

const db = () => lti.database.prisma;

beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  const chemLaunch = await canvas.launch({ user: teacher, context: chemistry });
  const bioLaunch = await canvas.launch({ user: teacher, context: biology });
  staff.url = bioLaunch.url;
  staff.fields = formFields(bioLaunch.body, "/course/space-code").fields;
  const courseOf = async (contextId: string) =>
    (await db().courseSpace.findFirstOrThrow({ where: { externalId: contextId } })).courseId;
  const [bioId, chemId] = [await courseOf(biology.id), await courseOf(chemistry.id)];

  chem.quiz = await approvedQuiz(chemId, `${SECRET} basics`);
  chem.draft = (await trueFalseQuiz(chemId, `${SECRET} draft`)).quizId;
  chem.material = await material(chemId, `${SECRET.toLowerCase()}.md`, `# ${SECRET}\n\nAcid meets base.`);
  bio.quiz = await approvedQuiz(bioId, "Cells");
  bio.draft = (await trueFalseQuiz(bioId, "Cells draft")).quizId;
  bio.material = await material(bioId, "cells.md", "# Cells\n\nMitochondria produce ATP.");

  const studentLaunch = await canvas.launch({ user: student, context: biology });
  learner.url = studentLaunch.url;
  learner.fields = formFields(studentLaunch.body, "/learn/link-code").fields;

  // Tutor answers: the teacher's in chemistry (another course's), the teacher's in biology (another
  // person's, same course) and the student's own (the control).
  chem.answer = await askedOn(chemLaunch.body, `What does an acid meet in ${SECRET}?`);
  bio.answer = await askedOn(bioLaunch.body, "What do mitochondria produce?");
  learner.answer = await askedOn(studentLaunch.body, "What produces ATP?");
});

/** Asks the tutor with the page's form (no scripts) and returns the id of the answer's own page. */
async function askedOn(pageBody: string, question: string): Promise<string> {
  const { action, fields } = formFields(pageBody, "/learn/ask");
  const posted = await postForm(action, { ...fields, question });
  expect(posted.status).toBe(303);
  return /\/learn\/questions\/([0-9a-f-]{36})/.exec(posted.location ?? "")![1]!;
}
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

function trueFalseQuiz(courseId: string, title: string) {
  return saveQuiz(db(), {
    courseId,
    title,
    origin: "AUTHORED",
    questions: [{ kind: "TRUE_FALSE", prompt: `${title}: acids turn litmus red.`, answer: true }],
  });
}

async function approvedQuiz(courseId: string, title: string): Promise<string> {
  const { quizId } = await trueFalseQuiz(courseId, title);
  await db().quiz.update({ where: { id: quizId }, data: { status: "APPROVED" } });
  return quizId;
}

async function material(courseId: string, fileName: string, text: string): Promise<string> {
  const data = new TextEncoder().encode(text);
  return (await ingestMaterial({ courseId, data, fileName }, lti.deps.ingest)).material.id;
}

/** The tool's URL for `path` (under /lti), keeping the session's ltik. */
function at(session: { url: string }, path: string): string {
  const url = new URL(session.url);
  url.pathname = `/lti${path}`;
  return url.href;
}

/** What every probe of one kind of id sends: another course's, unknown, not a UUID at all, or a UUID look-alike. */
const probes = (other: () => string) =>
  [
    ["another course's id", other],
    ["an unknown UUID", () => randomUUID()],
    ["a malformed id", () => "not-an-id"],
    ["a UUID look-alike that is no UUID", () => "12345678-1234-1234-1234-123456789abc"],
    ["an id with SQL in it", () => "1'%20OR%20'1'='1"],
  ] as const;

/** Sends every probe; each answers 404 with `message`, and all of them say exactly the same thing. */
async function expectNotFound(
  send: (id: string) => Promise<PageResponse>,
  other: () => string,
  message: string,
): Promise<void> {
  const texts: string[] = [];
  for (const [what, id] of probes(other)) {
    const answer = await send(id());
    expect({ what, status: answer.status }).toEqual({ what, status: 404 });
    expect(textOf(answer.body)).toContain(message);
    expect(answer.body).not.toContain(SECRET);
    texts.push(textOf(answer.body));
  }
  expect(new Set(texts).size).toBe(1);
}

const trueFalseForm = { kind: "TRUE_FALSE", prompt: "Overwritten by a stranger", answer: "false" };

describe("staff pages, probed with ids that are not this course's", () => {
  it.each([
    ["the quiz review", (id: string) => `/course/quizzes/${id}`],
    ["the quiz editor", (id: string) => `/course/quizzes/${id}/edit`],
    ["the quiz results", (id: string) => `/course/quizzes/${id}/results`],
  ])(
    "reading %s of another course's quiz or by an unknown or malformed id answers 404",
    async (_page, path) => {
      for (const other of [() => chem.quiz, () => chem.draft]) {
        await expectNotFound((id) => getPage(at(staff, path(id))), other, QUIZ_GONE);
      }
    },
  );

  it.each([
    ["approving", (id: string) => `/course/quizzes/${id}/approve`, {}],
    ["discarding", (id: string) => `/course/quizzes/${id}/discard`, {}],
    ["editing a question of", (id: string) => `/course/quizzes/${id}/questions/0`, trueFalseForm],
  ])(
    "%s another course's quiz, or one by an unknown or malformed id, answers 404 and changes nothing",
    async (_verb, path, form) => {
      await expectNotFound(
        (id) => postForm(at(staff, path(id)), { ...staff.fields, ...form }),
        () => chem.draft,
        QUIZ_GONE,
      );
      const draft = await db().quiz.findUniqueOrThrow({
        where: { id: chem.draft },
        include: { questions: true },
      });
      expect(draft.status).toBe("DRAFT");
      expect(draft.questions.map((q) => q.prompt)).toEqual([`${SECRET} draft: acids turn litmus red.`]);
    },
  );

  it.each([
    ["approve", "q:ok:"],
    ["discard", "q:del:"],
  ])(
    "forging the %s button's action with another course's quiz id, or an unknown one, answers 404 and changes nothing",
    async (_verb, prefix) => {
      const send = (id: string) =>
        postForm(at(staff, "/course/action"), { ...staff.fields, action: `${prefix}${id}` });
      // The action codec takes only UUID-shaped ids: a look-alike reaches core, which must refuse it too.
      for (const [what, id] of [
        ["another course's draft", chem.draft],
        ["another course's approved quiz", chem.quiz],
        ["an unknown UUID", randomUUID()],
        ["a UUID look-alike", "12345678-1234-1234-1234-123456789abc"],
      ]) {
        const answer = await send(id!);
        expect({ what, status: answer.status }).toEqual({ what, status: 404 });
        expect(textOf(answer.body)).toContain(QUIZ_GONE);
      }
      expect((await db().quiz.findUniqueOrThrow({ where: { id: chem.draft } })).status).toBe("DRAFT");
      expect((await db().quiz.findUniqueOrThrow({ where: { id: chem.quiz } })).status).toBe("APPROVED");
    },
  );

  it.each([
    ["exporting", (id: string) => `/course/quizzes/${id}/export`],
    ["the delete-question page of", (id: string) => `/course/quizzes/${id}/questions/0/delete`],
  ])("%s another course's quiz, or one by an unknown or malformed id, answers 404", async (_page, path) => {
    await expectNotFound(
      (id) => getPage(at(staff, path(id))),
      () => chem.draft,
      QUIZ_GONE,
    );
  });

  it.each([
    ["renaming", (id: string) => `/course/quizzes/${id}/title`, { title: "Renamed by a stranger" }],
    ["adding a question to", (id: string) => `/course/quizzes/${id}/questions`, trueFalseForm],
    ["deleting a question of", (id: string) => `/course/quizzes/${id}/questions/0/delete`, {}],
    ["moving a question of", (id: string) => `/course/quizzes/${id}/questions/0/move`, { direction: "down" }],
  ])(
    "%s another course's quiz, or one by an unknown or malformed id, answers 404 and changes nothing",
    async (_verb, path, form) => {
      await expectNotFound(
        (id) => postForm(at(staff, path(id)), { ...staff.fields, ...form }),
        () => chem.draft,
        QUIZ_GONE,
      );
      const draft = await db().quiz.findUniqueOrThrow({
        where: { id: chem.draft },
        include: { questions: true },
      });
      expect(draft.title).toBe(`${SECRET} draft`);
      expect(draft.questions.map((q) => q.prompt)).toEqual([`${SECRET} draft: acids turn litmus red.`]);
    },
  );

  it("opening the delete page of another course's material, or one by an unknown or malformed id, answers 404", async () => {
    await expectNotFound(
      (id) => getPage(at(staff, `/course/materials/${id}/delete`)),
      () => chem.material,
      MATERIAL_GONE,
    );
  });

  it("deleting another course's material, or one by an unknown or malformed id, answers 404 and deletes nothing", async () => {
    await expectNotFound(
      (id) => postForm(at(staff, `/course/materials/${id}/delete`), staff.fields),
      () => chem.material,
      MATERIAL_GONE,
    );
    expect(await db().material.count({ where: { id: chem.material } })).toBe(1);
  });

  it("still opens this course's own quiz and material (the probes above failed for the right reason)", async () => {
    expect((await getPage(at(staff, `/course/quizzes/${bio.quiz}`))).status).toBe(200);
    expect((await getPage(at(staff, `/course/quizzes/${bio.quiz}/results`))).status).toBe(200);
    expect((await getPage(at(staff, `/course/quizzes/${bio.quiz}/export`))).status).toBe(200);
    expect((await getPage(at(staff, `/course/quizzes/${bio.draft}/questions/0/delete`))).status).toBe(200);
    expect((await getPage(at(staff, `/course/materials/${bio.material}/delete`))).status).toBe(200);
  });
});

describe("student pages, probed with ids that are not this course's", () => {
  it("opening another course's quiz, or one by an unknown or malformed id, answers 404", async () => {
    await expectNotFound(
      (id) => getPage(at(learner, `/learn/quizzes/${id}`)),
      () => chem.quiz,
      QUIZ_UNAVAILABLE,
    );
  });

  it("submitting answers to another course's quiz, or one by an unknown or malformed id, answers 404 and stores nothing", async () => {
    await expectNotFound(
      (id) => postForm(at(learner, `/learn/quizzes/${id}`), learner.fields),
      () => chem.quiz,
      QUIZ_UNAVAILABLE,
    );
    expect(await db().quizSession.count({ where: { quizId: chem.quiz } })).toBe(0);
  });

  it("opening another course's material, or one by an unknown or malformed id, answers 404", async () => {
    await expectNotFound(
      (id) => getPage(at(learner, `/learn/materials/${id}`)),
      () => chem.material,
      MATERIAL_GONE,
    );
  });

  it("opening the original file of another course's material, or one by an unknown or malformed id, answers 404", async () => {
    await expectNotFound(
      (id) => getPage(at(learner, `/learn/materials/${id}/original`)),
      () => chem.material,
      MATERIAL_GONE,
    );
  });

  it("opening another course's tutor answer, or one by an unknown or malformed id, answers 404", async () => {
    await expectNotFound(
      (id) => getPage(at(learner, `/learn/questions/${id}`)),
      () => chem.answer,
      ANSWER_GONE,
    );
  });

  it("opening another person's tutor answer in the same course answers the same 404", async () => {
    const answer = await getPage(at(learner, `/learn/questions/${bio.answer}`));
    expect(answer.status).toBe(404);
    expect(textOf(answer.body)).toContain(ANSWER_GONE);
    expect(answer.body).not.toContain("What do mitochondria produce?");
  });

  it("opening a draft of the student's own course by its id answers 404, as an unknown quiz does", async () => {
    const answer = await getPage(at(learner, `/learn/quizzes/${bio.draft}`));
    expect(answer.status).toBe(404);
    expect(textOf(answer.body)).toContain(QUIZ_UNAVAILABLE);
  });

  it("still opens this course's own quiz and material (the probes above failed for the right reason)", async () => {
    expect((await getPage(at(learner, `/learn/quizzes/${bio.quiz}`))).status).toBe(200);
    expect((await getPage(at(learner, `/learn/materials/${bio.material}`))).status).toBe(200);
    expect((await getPage(at(learner, `/learn/materials/${bio.material}/original`))).status).toBe(200);
    expect((await getPage(at(learner, `/learn/questions/${learner.answer}`))).status).toBe(200);
  });
});

describe("the log of all those probes", () => {
  it("holds no page failure: no probe ended in a 500", () => {
    const failures = lti.logLines.filter(
      (line) => line.includes("LTI page failed") || /"level":50/.test(line),
    );
    expect(failures).toEqual([]);
  });
});
