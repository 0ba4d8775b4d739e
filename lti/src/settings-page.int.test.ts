// The course settings page behind a real launch through ltijs: staff see the values in force and save
// them through core; bad values come back beside their fields with nothing saved; a student is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { formFields, getPage, postForm, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-set", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-set", name: "Sam Student", roles: [LEARNER] };
const context = { id: "ctx-settings", title: "Hydrology 101" };

let lti: TestLti;
let canvas: FakeLtiPlatform;
let courseId: string;
let settingsUrl: string;
beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  const coursePage = await getPage((await canvas.launch({ user: teacher, context })).url);
  settingsUrl = [...coursePage.body.matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1]!.replace(/&amp;/g, "&"))
    .find((href) => new URL(href).pathname.endsWith("/course/settings"))!;
  courseId = (await db().courseSpace.findFirstOrThrow({ where: { externalId: context.id } })).courseId;
}, 120_000);
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

const db = () => lti.database.prisma;
const stored = async () => ({
  course: await db().course.findUniqueOrThrow({
    where: { id: courseId },
    select: {
      hostPolicy: true,
      materialsPolicy: true,
      answerPolicy: true,
      leaderboardEnabled: true,
      quizDefaults: true,
    },
  }),
  budgets: await db().budget.findMany({ where: { courseId } }),
  audit: await db().auditEntry.count({ where: { courseId, action: "course.settings_changed" } }),
});

const FORM = {
  hostPolicy: "staff",
  materialsPolicy: "staff",
  answerPolicy: "FULL",
  leaderboard: "on",
  secondsPerQuestion: "",
  scoring: "speed",
  streaks: "on",
  showRankings: "show",
  questionsPerStudentPerHour: "",
  tokensPerStudentPerDay: "",
  tokensPerCoursePerDay: "",
};

describe("the course settings page", () => {
  it("is linked from the instructor page and shows the values in force in one form", async () => {
    expect(settingsUrl).toBeDefined();
    const page = await getPage(settingsUrl);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<option value="staff" selected>Course staff only</option>');
    expect(page.body).toContain('<option value="speed" selected>');
    expect(page.body).toContain(
      '<option value="on" selected>On: students see the weekly and all-time XP rankings</option>',
    );
    const { fields } = formFields(page.body, "/course/settings");
    expect(Object.keys(fields).sort()).toEqual(["csrf", "ltik"]);
  });

  it("shows refused values beside their fields, keeps what was typed, and saves nothing", async () => {
    const before = await stored();
    const { action, fields } = formFields((await getPage(settingsUrl)).body, "/course/settings");
    const refused = await postForm(action, {
      ...fields,
      ...FORM,
      hostPolicy: "anyone",
      secondsPerQuestion: "500",
      tokensPerCoursePerDay: "-3",
    });
    expect(refused.status).toBe(400);
    const text = textOf(refused.body);
    expect(text).toContain("Nothing was saved. Correct the fields marked below.");
    expect(text).toContain("Seconds per question must be a whole number from 5 to 300.");
    expect(text).toContain("Tokens per course per day must be a whole number from 0 to 100000000.");
    expect(refused.body).toContain('value="500" aria-invalid="true"');
    expect(refused.body).toContain('<option value="anyone" selected>');
    expect(await stored()).toEqual(before);
  });

  it("saves the form through core and says so", async () => {
    const { action, fields } = formFields((await getPage(settingsUrl)).body, "/course/settings");
    const saved = await postForm(action, {
      ...fields,
      ...FORM,
      hostPolicy: "anyone",
      answerPolicy: "HINTS",
      secondsPerQuestion: "25",
      showRankings: "hide",
      leaderboard: "off",
      tokensPerStudentPerDay: "20000",
    });
    expect(saved.status).toBe(303);
    const after = await getPage(saved.location!);
    expect(textOf(after.body)).toContain("Settings saved.");
    expect(after.body).toContain('value="20000"');
    const { course, budgets, audit } = await stored();
    expect(course).toMatchObject({
      hostPolicy: "ENROLLED",
      materialsPolicy: "STAFF",
      answerPolicy: "HINTS",
      leaderboardEnabled: false,
      quizDefaults: { secondsPerQuestion: 25, showRankings: false, streaks: true, scoring: "speed" },
    });
    expect(budgets).toEqual([
      expect.objectContaining({ scope: "PER_USER", windowSeconds: 86_400, maxTokens: 20_000 }),
    ]);
    expect(audit).toBe(1);
  });

  it("refuses a student, to see it or to post it, and changes nothing", async () => {
    const before = await stored();
    const launched = await canvas.launch({ user: student, context });
    const studentPage = await getPage(launched.url);
    const url = new URL(launched.url);
    url.pathname = "/lti/course/settings";
    const shown = await getPage(url.href);
    expect(shown.status).toBe(403);
    expect(textOf(shown.body)).toContain("This page is for course staff.");
    // The student's own page's form tokens are real ones of their session: still refused.
    const own = [...studentPage.body.matchAll(/name="csrf" value="([^"]+)"/g)][0]?.[1] ?? "";
    const posted = await postForm(url.href, { ...FORM, hostPolicy: "anyone", csrf: own });
    expect(posted.status).toBe(403);
    expect(await stored()).toEqual(before);
  });
});
