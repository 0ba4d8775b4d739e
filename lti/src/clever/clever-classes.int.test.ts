// After a sign-in with Clever: a teacher lands on their sections and opens one as staff (the course page an
// LMS launch lands on), a student opens theirs (materials, the Ask box, quizzes), removed students and other
// districts' courses stay shut, and link codes join a Clever person's chat accounts, through the real front
// end and the fake Clever server.
import { bindSpace, completeIdentityLink, ingestMaterial, resolveUser, saveQuiz } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addSection, addUser } from "../../../test/support/fake-clever-fixtures.ts";
import type { FakeCleverDistrict, FakeSection, FakeUser } from "../../../test/support/fake-clever-server.ts";
import { type CleverTestLti, openClassForm, startCleverTestLti } from "../testing/clever-test-kit.ts";
import { formFields, getPage, type PageResponse, postForm, textOf } from "../testing/page-client.ts";

let kit: CleverTestLti;
let district: FakeCleverDistrict;
let teacher: FakeUser;
let student: FakeUser;
let leaver: FakeUser;
let biology: FakeSection;
let chemistry: FakeSection;
let otherDistrict: FakeCleverDistrict;
let otherSection: FakeSection;
const db = () => kit.lti.database.prisma;
const courseOf = async (section: FakeSection) =>
  (await db().rosterSection.findFirstOrThrow({ where: { externalId: section.id } })).courseId;

beforeAll(async () => {
  kit = await startCleverTestLti();
  district = kit.clever.addDistrict({ name: "Springfield Unified" });
  teacher = addUser(district, { roles: ["teacher"], name: { first: "Edna", last: "Krabappel" } });
  student = addUser(district, { roles: ["student"], name: { first: "Lisa", last: "Simpson" } });
  leaver = addUser(district, { roles: ["student"], name: { first: "Nelson", last: "Muntz" } });
  biology = addSection(district, {
    name: "Biology",
    teachers: [teacher.id],
    students: [student.id, leaver.id],
  });
  chemistry = addSection(district, { name: "Chemistry", teachers: [teacher.id], students: [] });
  await kit.roster(district);

  otherDistrict = kit.clever.addDistrict({ name: "Shelbyville" });
  const otherTeacher = addUser(otherDistrict, { roles: ["teacher"] });
  otherSection = addSection(otherDistrict, { name: "Biology", teachers: [otherTeacher.id], students: [] });
  await kit.roster(otherDistrict);

  const courseId = await courseOf(biology);
  await ingestMaterial(
    {
      courseId,
      data: new TextEncoder().encode("# Cells\n\nMitochondria produce ATP."),
      fileName: "cells.md",
    },
    kit.lti.deps.ingest,
  );
  await saveQuiz(db(), {
    courseId,
    title: "Cell quiz",
    origin: "AUTHORED",
    approved: true,
    questions: [
      {
        kind: "SINGLE_CHOICE",
        prompt: "What makes ATP?",
        choices: ["Mitochondria", "Ribosomes"],
        correctChoices: [0],
      },
    ],
  });
});
afterAll(async () => {
  await kit?.close();
});

async function signIn(user: FakeUser, where = district): Promise<PageResponse> {
  const back = await kit.callback(where, user.id);
  expect(back.status).toBe(303);
  return getPage(back.location!);
}

async function openClass(home: PageResponse, courseId: string): Promise<PageResponse> {
  return postForm(`${kit.lti.toolUrl}/clever/open`, openClassForm(home.body, courseId));
}

describe("a teacher", () => {
  it("lands on their sections and opens one as staff: the course page an LMS launch lands on", async () => {
    const home = await signIn(teacher);
    const text = textOf(home.body);
    expect(text).toContain("Classes you teach");
    expect(text).toContain("Biology");
    expect(text).toContain("Chemistry");
    expect(text).not.toContain("No classes yet");

    const opened = await openClass(home, await courseOf(biology));
    expect(opened.status).toBe(303);
    const landing = new URL(opened.location!);
    expect(landing.pathname).toBe("/lti/course");
    const page = await getPage(landing.href);
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain("course staff");
    expect(textOf(page.body)).toContain("Your classes");
    // The roster page says where the roster comes from, and offers no LMS sync.
    const roster = await getPage(`${kit.lti.toolUrl}/course/roster?ltik=${landing.searchParams.get("ltik")}`);
    expect(textOf(roster.body)).toContain("This course's roster comes from Clever");
    expect(roster.body).not.toContain("/course/roster/sync");
  });

  it("makes a link code on the course page that links a Discord channel to the class", async () => {
    const opened = await openClass(await signIn(teacher), await courseOf(biology));
    const page = await getPage(opened.location!);
    const { action, fields } = formFields(page.body, "/course/space-code");
    const withCode = await postForm(action, fields);
    expect(withCode.status).toBe(200);
    const code = /<span class="code">([A-Z0-9-]+)<\/span>/.exec(withCode.body)![1]!;
    const bound = await bindSpace(db(), {
      actor: { platform: "DISCORD", tenant: "", externalId: "U-edna", displayName: "Edna on Discord" },
      space: { platform: "DISCORD", tenant: "G1", channelId: "C-bio", name: "bio-help" },
      platformStaff: true,
      course: { code },
    });
    expect(bound.course.id).toBe(await courseOf(biology));
  });
});

describe("a student", () => {
  it("lands on their classes and opens one: materials, the Ask box and quizzes are there", async () => {
    const home = await signIn(student);
    expect(textOf(home.body)).toContain("Your classes");
    expect(textOf(home.body)).not.toContain("Chemistry");
    const opened = await openClass(home, await courseOf(biology));
    expect(opened.status).toBe(303);
    const landing = new URL(opened.location!);
    expect(landing.pathname).toBe("/lti/learn");
    const page = await getPage(landing.href);
    const text = textOf(page.body);
    expect(text).toContain("Cells");
    expect(text).toContain("Cell quiz");
    expect(page.body).toContain("/learn/ask");
    const quizLink = /href="([^"]*\/learn\/quizzes\/[^"]+)"/.exec(page.body)![1]!.replace(/&amp;/g, "&");
    const quiz = await getPage(quizLink);
    expect(quiz.status).toBe(200);
    expect(textOf(quiz.body)).toContain("What makes ATP?");
    const materialLink = /href="([^"]*\/learn\/materials\/[^"]+)"/
      .exec(page.body)![1]!
      .replace(/&amp;/g, "&");
    expect(textOf((await getPage(materialLink)).body)).toContain("Mitochondria produce ATP.");
    // A student's session is not staff's: the course page is refused.
    const staffPage = await getPage(`${kit.lti.toolUrl}/course?ltik=${landing.searchParams.get("ltik")}`);
    expect(staffPage.status).toBe(403);
  });

  it("gets a /link code that joins their Slack account and their Clever identity into one person", async () => {
    const opened = await openClass(await signIn(student), await courseOf(biology));
    const page = await getPage(opened.location!);
    const { action, fields } = formFields(page.body, "/learn/link-code");
    const withCode = await postForm(action, fields);
    expect(withCode.status).toBe(200);
    const code = /<span class="code">([A-Z0-9-]+)<\/span>/.exec(withCode.body)![1]!;
    const slack = { platform: "SLACK" as const, tenant: "T1", externalId: "U-lisa", displayName: "lisa" };
    await completeIdentityLink(db(), { actor: slack, code });
    const clever = { platform: "CLEVER" as const, tenant: district.id, externalId: student.id };
    expect((await resolveUser(db(), slack)).userId).toBe((await resolveUser(db(), clever)).userId);
  });

  it("no longer sees or opens a class the district removed them from", async () => {
    const home = await signIn(leaver);
    const fields = openClassForm(home.body, await courseOf(biology));
    biology.students = biology.students.filter((id) => id !== leaver.id);
    await kit.roster(district);

    const after = await signIn(leaver);
    expect(textOf(after.body)).toContain("No classes yet");
    expect(textOf(after.body)).not.toContain("Biology");
    // The form from before the removal is refused.
    const refused = await postForm(`${kit.lti.toolUrl}/clever/open`, fields);
    expect(refused.status).toBe(403);
    expect(textOf(refused.body)).toContain("You are not in this class");
  });
});

describe("across districts", () => {
  it("a Clever user of one district cannot open another district's course by posting its id", async () => {
    const home = await signIn(teacher);
    const fields = {
      ...openClassForm(home.body, await courseOf(biology)),
      courseId: await courseOf(otherSection),
    };
    const refused = await postForm(`${kit.lti.toolUrl}/clever/open`, fields);
    expect(refused.status).toBe(403);
    expect(refused.location).toBeNull();
  });

  it("a course id that is not a class at all is refused the same way", async () => {
    const home = await signIn(teacher);
    const fields = { ...openClassForm(home.body, await courseOf(chemistry)), courseId: "not-a-uuid" };
    expect((await postForm(`${kit.lti.toolUrl}/clever/open`, fields)).status).toBe(403);
  });
});
