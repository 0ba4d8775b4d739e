// The roster page's "Make staff" / "Make student" (issue 11 §2): staff change a member's role through
// core's staff use cases, behind the page's CSRF check; a role given by hand outlasts the next LMS
// launch; the last staff member stays; a bad post changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { formFields, getPage, postForm, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-r", name: "Tess Teacher", roles: [INSTRUCTOR] };
const ta = { sub: "ta-r", name: "Tom Assistant", roles: [LEARNER] };
const context = { id: "ctx-roles", title: "Roles 101" };

let lti: TestLti;
let canvas: FakeLtiPlatform;
let rosterUrl: string;
let courseId: string;
const db = () => lti.database.prisma;

beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  canvas.roster.members = [teacher, ta];
  rosterUrl = (await canvas.launch({ user: teacher, context })).url.replace(
    "/lti/course",
    "/lti/course/roster",
  );
  await canvas.launch({ user: ta, context });
  courseId = (await db().ltiCourseLink.findFirstOrThrow({ where: { contextId: context.id } })).courseId;
});
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

async function userIdOf(sub: string): Promise<string> {
  const identity = await db().identity.findFirstOrThrow({ where: { platform: "LTI", externalId: sub } });
  return identity.userId;
}

async function roleOf(sub: string) {
  const userId = await userIdOf(sub);
  return db().enrollment.findUniqueOrThrow({ where: { courseId_userId: { courseId, userId } } });
}

/** Posts the roster's role form for `sub`, as the button for them on the page would. */
async function setRole(sub: string, role: "STAFF" | "STUDENT", fields?: Record<string, string>) {
  const page = await getPage(rosterUrl);
  const form = formFields(page.body, "/course/roster/role");
  return postForm(form.action, { ...form.fields, ...fields, userId: await userIdOf(sub), role });
}

describe("roles on the roster page", () => {
  it("offers each active member a button, and makes a student staff by hand", async () => {
    const page = await getPage(rosterUrl);
    expect(textOf(page.body)).toMatch(/Tom Assistant Student Active .* Export data Make staff/);
    const posted = await setRole(ta.sub, "STAFF");
    expect(posted.status).toBe(303);
    expect(textOf((await getPage(posted.location!)).body)).toContain("They are now staff of this course.");
    expect(await roleOf(ta.sub)).toMatchObject({ role: "STAFF", roleSource: "MANUAL" });
    expect(await db().auditEntry.count({ where: { action: "course.staff_added", courseId } })).toBe(1);
  });

  it("keeps a role given by hand when the LMS launches the person as a learner again", async () => {
    await canvas.launch({ user: ta, context });
    expect((await roleOf(ta.sub)).role).toBe("STAFF");
  });

  it("refuses a post without the page's CSRF token, changing nothing", async () => {
    const posted = await setRole(ta.sub, "STUDENT", { csrf: "forged" });
    expect(posted.status).toBe(403);
    expect((await roleOf(ta.sub)).role).toBe("STAFF");
  });

  it("makes staff a student again, and refuses the last staff member stepping down", async () => {
    const posted = await setRole(ta.sub, "STUDENT");
    expect(textOf((await getPage(posted.location!)).body)).toContain("They are now a student of this course");
    expect((await roleOf(ta.sub)).role).toBe("STUDENT");
    const last = await setRole(teacher.sub, "STUDENT");
    expect(last.status).toBe(409);
    expect(textOf(last.body)).toContain("You are this course's only staff member");
    expect((await roleOf(teacher.sub)).role).toBe("STAFF");
  });
});
