// The Flagged list on the LMS page, through the real LTI front end (ltijs) and a fake LMS: course staff
// see what moderation held back in their course and file it away; students, other courses' staff and
// forged posts get nothing.
import { askTutor, ingestMaterial } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formFields, getPage, postForm, textOf } from "../../lti/src/testing/page-client.ts";
import { startTestLti, type TestLti } from "../../lti/src/testing/start-test-lti.ts";
import { sampleMaterial } from "../support/course-fixtures.ts";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../support/fake-lti-platform.ts";

const teacherA = { sub: "mod-teach-a", name: "Tess Teacher", roles: [INSTRUCTOR] };
const teacherB = { sub: "mod-teach-b", name: "Bo Teacher", roles: [INSTRUCTOR] };
const student = { sub: "mod-student-1", name: "Sam Student", roles: [LEARNER] };
const contextA = { id: "ctx-mod-a", title: "Moderation A" };
const contextB = { id: "ctx-mod-b", title: "Moderation B" };
const THREAT = "I will stab you after class";

let lti: TestLti;
let canvas: FakeLtiPlatform;
let teacherAUrl: string;
let teacherBUrl: string;
let flagId: string;
const db = () => lti.database.prisma;
const flaggedUrl = (courseUrl: string) => courseUrl.replace("/lti/course", "/lti/course/flagged");

beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  teacherAUrl = (await canvas.launch({ user: teacherA, context: contextA })).url;
  teacherBUrl = (await canvas.launch({ user: teacherB, context: contextB })).url;
  expect((await canvas.launch({ user: student, context: contextA })).status).toBe(200);
  const link = await db().ltiCourseLink.findFirstOrThrow({ where: { contextId: contextA.id } });
  // The student asks the tutor (as from any front end); the local rules flag the question.
  const answer = await askTutor(
    {
      actor: { platform: "LTI", tenant: canvas.issuer, externalId: student.sub },
      courseId: link.courseId,
      question: THREAT,
    },
    lti.deps.tutor,
  );
  expect(answer.withheld).toBe("question");
  flagId = (await db().moderationFlag.findFirstOrThrow({ where: { courseId: link.courseId } })).id;
});
afterAll(async () => {
  await lti?.close();
  await canvas?.close();
});

describe("the Flagged list on the LMS page", () => {
  it("shows course staff the flagged question, who asked it and why, linked from the course page", async () => {
    const course = await getPage(teacherAUrl);
    expect(course.body).toContain("/lti/course/flagged");
    const page = await getPage(flaggedUrl(teacherAUrl));
    expect(page.status).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain(THREAT);
    expect(text).toContain(student.name);
    expect(text).toContain("violence");
    expect(text).toContain("1 of the 1 latest flags are open");
  });

  it("attack: a student opens the Flagged list with their own session — 403, nothing shown", async () => {
    const launched = await canvas.launch({ user: student, context: contextA });
    const refused = await getPage(launched.url.replace(/\/lti\/[^?]*/, "/lti/course/flagged"));
    expect(refused.status).toBe(403);
    expect(refused.body).not.toContain(THREAT);
  });

  it("attack: another course's teacher opens their list and marks this course's flag reviewed by id — not found", async () => {
    const own = await getPage(flaggedUrl(teacherBUrl));
    expect(own.status).toBe(200);
    expect(own.body).not.toContain(THREAT);
    const { fields } = formFields((await getPage(teacherBUrl)).body, "/course/policy");
    const response = await postForm(`${lti.toolUrl}/course/flagged/${flagId}/reviewed`, fields);
    expect(response.status).toBe(404);
    expect(response.body).toContain("not found in this course");
    expect((await db().moderationFlag.findUniqueOrThrow({ where: { id: flagId } })).status).toBe("OPEN");
  });

  it("attack: a forged 'Mark reviewed' post without the page's CSRF token — refused, the flag stays open", async () => {
    const page = await getPage(flaggedUrl(teacherAUrl));
    const { action, fields } = formFields(page.body, `/course/flagged/${flagId}/reviewed`);
    const response = await postForm(action, { ...fields, csrf: "forged" });
    expect(response.status).toBe(403);
    expect((await db().moderationFlag.findUniqueOrThrow({ where: { id: flagId } })).status).toBe("OPEN");
  });

  it("attack: a malformed flag id — a plain 404, not a 500", async () => {
    const { fields } = formFields((await getPage(teacherAUrl)).body, "/course/policy");
    const response = await postForm(`${lti.toolUrl}/course/flagged/not-a-uuid/reviewed`, fields);
    expect(response.status).toBe(404);
  });

  it("lets staff mark the flag reviewed", async () => {
    const page = await getPage(flaggedUrl(teacherAUrl));
    const { action, fields } = formFields(page.body, `/course/flagged/${flagId}/reviewed`);
    const response = await postForm(action, fields);
    expect(response.status).toBe(303);
    const after = await getPage(response.location!);
    expect(textOf(after.body)).toContain("Marked as reviewed.");
    expect(textOf(after.body)).toContain("0 of the 1 latest flags are open");
    const flag = await db().moderationFlag.findUniqueOrThrow({ where: { id: flagId } });
    expect(flag.status).toBe("REVIEWED");
    expect(flag.reviewedAt).not.toBeNull();
  });
});

describe("the Questions page after moderation", () => {
  const HARMFUL_ANSWER = "Mitochondria make ATP [1]. Also, go kill yourself.";

  it("attack: a withheld question or answer read back from the Questions page; each has its own status and none of the withheld words", async () => {
    const link = await db().ltiCourseLink.findFirstOrThrow({ where: { contextId: contextA.id } });
    await ingestMaterial(
      { courseId: link.courseId, data: await sampleMaterial(), fileName: "cell-biology.md" },
      lti.deps.ingest,
    );
    const { responder } = lti.deps.tutor;
    const harmful: typeof responder = {
      model: "harmful",
      respond: async (turn) => ({ ...(await responder.respond(turn)), text: HARMFUL_ANSWER }),
    };
    const answer = await askTutor(
      {
        actor: { platform: "LTI", tenant: canvas.issuer, externalId: student.sub },
        courseId: link.courseId,
        question: "What do mitochondria produce?",
      },
      { ...lti.deps.tutor, responder: harmful },
    );
    expect(answer.withheld).toBe("answer");

    const page = await getPage(teacherAUrl.replace("/lti/course", "/lti/course/questions"));
    expect(page.status).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain("Withheld by moderation: the question (see Flagged)");
    expect(text).toContain("Withheld by moderation: the tutor's answer (see Flagged)");
    expect(text).toContain("What do mitochondria produce?");
    expect(text).not.toContain("Not answered: nothing in the materials");
    expect(text).not.toContain(THREAT);
    expect(text).not.toContain("kill yourself");
    expect(text).toContain("2 of the 2 latest questions need attention");
    expect(page.body).toContain("/lti/course/flagged");
  });
});
