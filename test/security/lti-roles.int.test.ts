// Course roles from LTI launches and the NRPS roster, through the real express app, ltijs and job
// runner, with the role sets Canvas and Moodle really send. Only context (membership) roles decide; an
// LMS administrator with no role in the course is staff; a role the LMS gave follows the LMS downward,
// on the next launch and on the next roster sync.
import { createJobRunner, type JobRunner, resolveUser, saveQuiz, silentLogger } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formFields, getPage, postForm, textOf } from "../../lti/src/testing/page-client.ts";
import { startTestLti, type TestLti } from "../../lti/src/testing/start-test-lti.ts";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  startFakeLtiPlatform,
  TEACHING_ASSISTANT,
} from "../support/fake-lti-platform.ts";
import { CANVAS_ROLE_SETS, type LmsRoleSet, MOODLE_ROLE_SETS, ROLE } from "../support/lti-role-sets.ts";

const teacher = { sub: "teacher-1", name: "Tess Teacher", roles: [INSTRUCTOR] };
const canvasCourse = { id: "ctx-roles", title: "Roles 101" };
const moodleCourse = { id: "2", title: "Roles in Moodle" };
const NOT_STAFF = "This page is for course staff. You opened StudyHall as a student.";

let lti: TestLti;
let canvas: FakeLtiPlatform;
let moodle: FakeLtiPlatform;
let runner: JobRunner;
let draftId: string;
const db = () => lti.database.prisma;

beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  moodle = await startFakeLtiPlatform({ name: "moodle" });
  await lti.register(canvas);
  await lti.register(moodle);
  canvas.roster.members = [teacher];
  // Teachers open both courses first, so every later launch lands in an existing course.
  await canvas.launch({ user: teacher, context: canvasCourse });
  await moodle.launch({ user: teacher, context: moodleCourse });
  const { quizId } = await saveQuiz(db(), {
    courseId: await courseOf(canvas, canvasCourse.id),
    title: "Draft with answers",
    origin: "GENERATED",
    questions: [{ kind: "TRUE_FALSE", prompt: "Acids turn litmus red.", answer: true }],
  });
  draftId = quizId;
  runner = createJobRunner({
    db: db(),
    logger: silentLogger(),
    handlers: lti.frontEnd.jobHandlers,
    backoff: () => 0,
  });
});
afterAll(async () => {
  await canvas?.close();
  await moodle?.close();
  await lti?.close();
});

async function courseOf(platform: FakeLtiPlatform, contextId: string): Promise<string> {
  const space = await db().courseSpace.findFirstOrThrow({
    where: { platform: "LTI", tenant: platform.issuer, externalId: contextId },
  });
  return space.courseId;
}

async function roleOf(platform: FakeLtiPlatform, sub: string, contextId: string) {
  const { userId } = await resolveUser(db(), { platform: "LTI", tenant: platform.issuer, externalId: sub });
  const enrolment = await db().enrollment.findUnique({
    where: { courseId_userId: { courseId: await courseOf(platform, contextId), userId } },
  });
  return enrolment?.role ?? null;
}

/** The tool's URL for `path` (under /lti) in the session of a page URL. */
function at(pageUrl: string, path: string): string {
  const url = new URL(pageUrl);
  url.pathname = `/lti${path}`;
  return url.href;
}

/** Runs due jobs until none is left due. */
async function drain(): Promise<void> {
  while ((await runner.runDue()) > 0);
}

describe.each([
  ["Canvas", () => canvas, canvasCourse, CANVAS_ROLE_SETS as Record<string, LmsRoleSet>],
  ["Moodle", () => moodle, moodleCourse, MOODLE_ROLE_SETS as Record<string, LmsRoleSet>],
])("the role sets %s really sends", (lms, platform, context, sets) => {
  it.each(Object.entries(sets).map(([key, set]) => [set.who, set.expected, key, set.roles] as const))(
    "%s: launches as %s, lands on that page and is enrolled so",
    async (_who, expected, key, roles) => {
      const launched = await platform().launch({ user: { sub: `${lms}-${key}`, roles }, context });
      expect(launched.status).toBe(200);
      expect(new URL(launched.url).pathname).toBe(expected === "STAFF" ? "/lti/course" : "/lti/learn");
      expect(await roleOf(platform(), `${lms}-${key}`, context.id)).toBe(expected);
      const coursePage = await getPage(at(launched.url, "/course"));
      expect(coursePage.status).toBe(expected === "STAFF" ? 200 : 403);
    },
  );
});

describe("attack: Canvas's institution role on a student of this course", () => {
  it("[membership#Learner, institution/person#Instructor] opens no staff page", async () => {
    const student = { sub: "teaches-elsewhere", roles: [ROLE.learner, ROLE.institutionInstructor] };
    const launched = await canvas.launch({ user: student, context: canvasCourse });
    expect(new URL(launched.url).pathname).toBe("/lti/learn");
    const material = await db().material.create({
      data: {
        courseId: await courseOf(canvas, canvasCourse.id),
        title: "Answer key",
        type: "MARKDOWN",
        sizeBytes: 1,
        sha256: "a".repeat(64),
      },
    });
    for (const path of [
      "/course",
      `/course/quizzes/${draftId}`,
      `/course/quizzes/${draftId}/edit`,
      `/course/quizzes/${draftId}/results`,
      `/course/materials/${material.id}/delete`,
      "/course/roster",
      "/course/questions",
      "/course/usage",
    ]) {
      const answer = await getPage(at(launched.url, path));
      expect({ path, status: answer.status }).toEqual({ path, status: 403 });
      expect(textOf(answer.body)).toContain(NOT_STAFF);
      expect(answer.body).not.toContain("Acids turn litmus red.");
    }
    // The student's own session and CSRF token, posted at the staff forms.
    const { fields } = formFields(launched.body, "/learn/link-code");
    for (const path of [
      `/course/quizzes/${draftId}/approve`,
      `/course/quizzes/${draftId}/discard`,
      `/course/materials/${material.id}/delete`,
    ]) {
      expect((await postForm(at(launched.url, path), fields)).status).toBe(403);
    }
    expect((await db().quiz.findUniqueOrThrow({ where: { id: draftId } })).status).toBe("DRAFT");
    expect(await db().material.count({ where: { id: material.id } })).toBe(1);
    expect(await roleOf(canvas, student.sub, canvasCourse.id)).toBe("STUDENT");
  });
});

describe("a role the LMS gave follows the LMS downward", () => {
  it("attack: a teacher demoted to student in the LMS keeps no staff power, neither on the next launch nor through the staff page left open", async () => {
    const person = { sub: "demoted-1", name: "Dee Moted" };
    const asTeacher = await canvas.launch({
      user: { ...person, roles: [INSTRUCTOR] },
      context: canvasCourse,
    });
    expect(await roleOf(canvas, person.sub, canvasCourse.id)).toBe("STAFF");
    const staffFields = formFields(asTeacher.body, "/course/space-code").fields;

    const asStudent = await canvas.launch({
      user: { ...person, roles: [ROLE.learner, ROLE.institutionInstructor] },
      context: canvasCourse,
    });
    expect(new URL(asStudent.url).pathname).toBe("/lti/learn");
    expect(await roleOf(canvas, person.sub, canvasCourse.id)).toBe("STUDENT");
    // The staff page opened before the demotion still holds a staff session: the enrolment decides now.
    for (const path of ["/course", `/course/quizzes/${draftId}/edit`, `/course/quizzes/${draftId}`]) {
      const page = await getPage(at(asTeacher.url, path));
      expect({ path, status: page.status }).toEqual({ path, status: 403 });
      expect(textOf(page.body)).toContain("Only course staff can do that.");
      expect(page.body).not.toContain("Acids turn litmus red.");
    }
    const approve = await postForm(at(asTeacher.url, `/course/quizzes/${draftId}/approve`), staffFields);
    expect(approve.status).toBe(403);
    expect((await db().quiz.findUniqueOrThrow({ where: { id: draftId } })).status).toBe("DRAFT");
  });

  it("a TA made a student in the LMS is a student after the next NRPS roster sync, without launching again", async () => {
    const ta = { sub: "ta-1", name: "Tia Assistant" };
    await canvas.launch({ user: { ...ta, roles: [TEACHING_ASSISTANT] }, context: canvasCourse });
    expect(await roleOf(canvas, ta.sub, canvasCourse.id)).toBe("STAFF");

    canvas.roster.members = [teacher, { ...ta, roles: [ROLE.learner, ROLE.institutionInstructor] }];
    const link = await db().ltiCourseLink.findFirstOrThrow({
      where: { contextId: canvasCourse.id, platform: { issuer: canvas.issuer } },
    });
    // Past the 10-minute throttle, so the teacher's next launch schedules a sync.
    await db().ltiCourseLink.update({
      where: { id: link.id },
      data: { rosterSyncStartedAt: new Date(Date.now() - 11 * 60_000) },
    });
    await canvas.launch({ user: teacher, context: canvasCourse });
    await drain();
    expect(
      (await db().ltiCourseLink.findUniqueOrThrow({ where: { id: link.id } })).rosterSyncError,
    ).toBeNull();
    expect(await roleOf(canvas, ta.sub, canvasCourse.id)).toBe("STUDENT");
    expect(await roleOf(canvas, teacher.sub, canvasCourse.id)).toBe("STAFF");
  });
});
