// Launches from a fake Canvas/Moodle through the real ltijs: course mapping, people, roles and cookies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
  TEACHING_ASSISTANT,
} from "../../test/support/fake-lti-platform.ts";
import { textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-1", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-1", name: "Sam Student", roles: [LEARNER] };
const biology = { id: "ctx-bio", title: "Biology 101", label: "BIO101" };

let lti: TestLti;
let canvas: FakeLtiPlatform;
beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
});
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

const db = () => lti.database.prisma;

describe("an instructor's first launch", () => {
  it("creates the course for the context, enrols the teacher as staff and shows the course page", async () => {
    const result = await canvas.launch({ user: teacher, context: biology });
    expect(result.status).toBe(200);
    expect(new URL(result.url).pathname).toBe("/lti/course");
    const text = textOf(result.body);
    expect(text).toContain("Biology 101");
    expect(text).toContain("Materials");
    expect(text).toContain("Answer policy");

    const space = await db().courseSpace.findFirstOrThrow({
      where: { platform: "LTI", tenant: canvas.issuer, externalId: biology.id },
      include: { course: true },
    });
    expect(space).toMatchObject({ kind: "LTI_CONTEXT", deploymentId: canvas.deploymentId });
    expect(space.course.name).toBe("Biology 101");
    const identity = await db().identity.findUniqueOrThrow({
      where: {
        platform_tenant_externalId: { platform: "LTI", tenant: canvas.issuer, externalId: teacher.sub },
      },
    });
    expect(identity.displayName).toBe("Tess Teacher");
    const enrollment = await db().enrollment.findUniqueOrThrow({
      where: { courseId_userId: { courseId: space.courseId, userId: identity.userId } },
    });
    expect(enrollment).toMatchObject({ role: "STAFF", source: "LTI" });
  });

  it("reuses the course on later launches, also from a teaching assistant", async () => {
    const again = await canvas.launch({ user: teacher, context: biology });
    expect(again.status).toBe(200);
    const ta = await canvas.launch({
      user: { sub: "ta-1", roles: [INSTRUCTOR, TEACHING_ASSISTANT] },
      context: biology,
    });
    expect(new URL(ta.url).pathname).toBe("/lti/course");
    expect(await db().courseSpace.count({ where: { externalId: biology.id } })).toBe(1);
    expect(await db().course.count({ where: { name: "Biology 101" } })).toBe(1);
  });

  it("remembers the context's grade and roster service endpoints for later use", async () => {
    const link = await db().ltiCourseLink.findFirstOrThrow({ where: { contextId: biology.id } });
    expect(link).toMatchObject({
      deploymentId: canvas.deploymentId,
      lineItemsUrl: canvas.lineItemsUrl(biology.id),
      membershipsUrl: canvas.membershipsUrl(biology.id),
    });
    expect(link.agsScopes).toContain("https://purl.imsglobal.org/spec/lti-ags/scope/score");
    const space = await db().courseSpace.findFirstOrThrow({ where: { externalId: biology.id } });
    expect(link.courseId).toBe(space.courseId);
  });

  it("does not fetch the platform's key set on every launch", async () => {
    const before = canvas.jwksRequests;
    for (let i = 0; i < 3; i++) {
      const result = await canvas.launch({ user: teacher, context: biology });
      expect(new URL(result.url).pathname).toBe("/lti/course");
    }
    expect(canvas.jwksRequests - before).toBe(0);
  });

  it("treats an institution administrator as staff", async () => {
    const result = await canvas.launch({ user: { sub: "admin-1", roles: [ADMIN] }, context: biology });
    expect(new URL(result.url).pathname).toBe("/lti/course");
  });
});

describe("a student's launch", () => {
  it("enrols the student and shows the student page", async () => {
    const result = await canvas.launch({ user: student, context: biology });
    expect(result.status).toBe(200);
    expect(new URL(result.url).pathname).toBe("/lti/learn");
    const text = textOf(result.body);
    expect(text).toContain("Biology 101");
    expect(text).toContain("Get my link code");
    expect(text).not.toContain("Answer policy");
    const identity = await db().identity.findUniqueOrThrow({
      where: {
        platform_tenant_externalId: { platform: "LTI", tenant: canvas.issuer, externalId: student.sub },
      },
      include: { user: { include: { enrollments: true } } },
    });
    expect(identity.user.enrollments).toEqual([expect.objectContaining({ role: "STUDENT", source: "LTI" })]);
  });

  it("in a context no teacher has opened yet gets a clear page and no course", async () => {
    const courses = await db().course.count();
    const result = await canvas.launch({ user: student, context: { id: "ctx-new", title: "Chemistry" } });
    expect(result.status).toBe(200);
    expect(textOf(result.body)).toContain("Your teacher has not set up StudyHall for this course yet");
    expect(await db().course.count()).toBe(courses);
  });

  it("outside any course is asked to open StudyHall from a course", async () => {
    const result = await canvas.launch({ user: teacher });
    expect(textOf(result.body)).toContain("Open StudyHall from a course");
  });
});

describe("other launches", () => {
  it("accept a login started with a POST, as Canvas sometimes does", async () => {
    const result = await canvas.launch({ user: teacher, context: biology, loginMethod: "POST" });
    expect(new URL(result.url).pathname).toBe("/lti/course");
  });

  it("land a Deep Linking request on its own page, the picker", async () => {
    const result = await canvas.launch({
      user: teacher,
      context: biology,
      messageType: "LtiDeepLinkingRequest",
    });
    expect(result.status).toBe(200);
    expect(new URL(result.url).pathname).toBe("/lti/deep-link");
    expect(textOf(result.body)).toContain("Add StudyHall content to your course");
  });
});

describe("cookies", () => {
  it("are not needed: a launch works when the browser blocks third-party cookies, and the pages after it too", async () => {
    const result = await canvas.launch({ user: teacher, context: biology, blockThirdPartyCookies: true });
    expect(result.status).toBe(200);
    expect(new URL(result.url).pathname).toBe("/lti/course");
    // The only Set-Cookie is ltijs clearing a state cookie it never set; the session is the ltik.
    expect(result.cookies.every((c) => /Expires=Thu, 01 Jan 1970/.test(c))).toBe(true);
  });
});

describe("two platforms", () => {
  it("map the same context id to two different courses", async () => {
    const moodle = await startFakeLtiPlatform({ name: "moodle" });
    try {
      // The fake knows one tool at a time: point Canvas back at the tool when done.
      await lti.register(moodle);
      const shared = { id: "ctx-shared", title: "Shared id" };
      const fromMoodle = await moodle.launch({ user: teacher, context: shared });
      expect(fromMoodle.status).toBe(200);
      lti.bindTool(canvas);
      const fromCanvas = await canvas.launch({ user: teacher, context: shared });
      expect(fromCanvas.status).toBe(200);
      const spaces = await db().courseSpace.findMany({ where: { externalId: shared.id } });
      expect(spaces.map((s) => s.tenant).sort()).toEqual([canvas.issuer, moodle.issuer].sort());
      expect(new Set(spaces.map((s) => s.courseId)).size).toBe(2);
      // And the same `sub` on two issuers is two identities.
      expect(await db().identity.count({ where: { platform: "LTI", externalId: teacher.sub } })).toBe(2);
    } finally {
      await moodle.close();
    }
  });
});

describe("logs", () => {
  it("never contain an id_token or an ltik", async () => {
    const result = await canvas.launch({ user: teacher, context: biology });
    const ltik = new URL(result.url).searchParams.get("ltik")!;
    const logs = lti.logLines.join("\n");
    expect(result.idToken.length).toBeGreaterThan(100);
    expect(logs).not.toContain(result.idToken);
    expect(logs).not.toContain(result.idToken.split(".")[2]!);
    expect(logs).not.toContain(ltik);
  });
});
