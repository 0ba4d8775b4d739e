// The instructor page's "Course" section through a real launch: rename, archive and reopen, and delete
// behind a confirm page that asks for the course's name.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { formFields, getPage, postForm, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-1", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-1", name: "Sam Student", roles: [LEARNER] };
const context = { id: "ctx-hyd", title: "Hydrology 101" };

let lti: TestLti;
let canvas: FakeLtiPlatform;
let courseId: string;
let teacherUrl: string;
let studentUrl: string;
const db = () => lti.database.prisma;
const course = () => db().course.findUnique({ where: { id: courseId } });

/** Fills the course page's form posting to `path` and submits it. */
async function submit(path: string, extra: Record<string, string> = {}) {
  const { action, fields } = formFields((await getPage(teacherUrl)).body, path);
  return postForm(action, { ...fields, ...extra });
}

beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  teacherUrl = (await canvas.launch({ user: teacher, context })).url;
  studentUrl = (await canvas.launch({ user: student, context })).url;
  courseId = (await db().courseSpace.findFirstOrThrow({ where: { externalId: context.id } })).courseId;
}, 300_000);
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

describe("the course section of the instructor page", { timeout: 300_000 }, () => {
  it("refuses a student's post, changing nothing", async () => {
    const ltik = new URL(studentUrl).searchParams.get("ltik")!;
    const tool = `${new URL(teacherUrl).origin}/lti`;
    for (const path of ["/course/rename", "/course/archive", "/course/delete"]) {
      const refused = await postForm(`${tool}${path}`, {
        ltik,
        csrf: "x",
        name: "Rocks",
        confirmName: "Hydrology 101",
      });
      expect(refused.status).toBe(403);
      expect(textOf(refused.body)).toContain("This page is for course staff");
    }
    expect(await course()).toMatchObject({ name: "Hydrology 101", archivedAt: null });
  });

  it("renames the course, keeping its slug; an empty name is refused", async () => {
    const slug = (await course())!.slug;
    const empty = await submit("/course/rename", { name: "  " });
    expect(empty.status).toBe(400);
    expect(textOf(empty.body)).toContain("Give the course a name.");
    const renamed = await submit("/course/rename", { name: "Hydrology I" });
    expect(renamed.status).toBe(303);
    expect(await course()).toMatchObject({ name: "Hydrology I", slug });
    expect(textOf((await getPage(renamed.location!)).body)).toContain("Course renamed.");
  });

  it("archives: the page says so, generating a quiz is refused with the archived sentence, and it reopens", async () => {
    const archived = await submit("/course/archive");
    expect(archived.status).toBe(303);
    const page = textOf((await getPage(archived.location!)).body);
    expect(page).toContain('"Hydrology I" is archived, so it is read-only');
    expect(page).toContain("Reopen the course");
    // The student's page still opens: an archived course is read, not gone.
    expect((await getPage(studentUrl)).status).toBe(200);

    const generate = await submit("/course/quizzes/generate", { topic: "", count: "3" });
    expect(generate.status).toBe(409);
    expect(textOf(generate.body)).toContain('"Hydrology I" is archived, so it is read-only');
    expect(await db().quiz.count({ where: { courseId } })).toBe(0);

    // The LMS's content picker offers nothing of an archived course.
    const picker = await canvas.launch({ user: teacher, context, messageType: "LtiDeepLinkingRequest" });
    expect(picker.status).toBe(409);
    expect(textOf(picker.body)).toContain('"Hydrology I" is archived, so it is read-only');

    const reopened = await submit("/course/unarchive");
    expect(textOf((await getPage(reopened.location!)).body)).toContain("Course reopened.");
    expect((await course())!.archivedAt).toBeNull();
  });

  it("deletes only after the course's name is typed on the confirm page", async () => {
    const page = await getPage(teacherUrl);
    const confirmLink = [...page.body.matchAll(/href="([^"]+)"/g)]
      .map((m) => m[1]!.replace(/&amp;/g, "&"))
      .find((href) => new URL(href).pathname.endsWith("/course/delete"))!;
    const confirm = await getPage(confirmLink);
    expect(textOf(confirm.body)).toContain("Delete “Hydrology I”? This deletes the course for everyone");
    const { action, fields } = formFields(confirm.body, "/course/delete");

    const wrong = await postForm(action, { ...fields, confirmName: "Hydrology 101" });
    expect(wrong.status).toBe(400);
    expect(textOf(wrong.body)).toContain('Nothing was deleted: "Hydrology 101" is not this course\'s name.');
    expect(await course()).not.toBeNull();

    const deleted = await postForm(action, { ...fields, confirmName: "Hydrology I" });
    expect(deleted.status).toBe(200);
    expect(textOf(deleted.body)).toContain("“Hydrology I” and everything in it were deleted.");
    expect(await course()).toBeNull();
    expect(await db().courseSpace.count({ where: { courseId } })).toBe(0);
    expect(await db().ltiLaunch.count({ where: { courseId } })).toBe(0);
    expect(await db().enrollment.count({ where: { courseId } })).toBe(0);
  });
});
