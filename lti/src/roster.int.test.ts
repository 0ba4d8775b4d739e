// The course roster from the LMS (NRPS): syncs on instructor launches (throttled) and nightly through the
// real job runner, the real token endpoint and the fake platform's paged memberships; the roster page.
import {
  completeIdentityLink,
  createJobRunner,
  type JobRunner,
  resolveUser,
  silentLogger,
} from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiMember,
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
  TEACHING_ASSISTANT,
} from "../../test/support/fake-lti-platform.ts";
import { NRPS_NOT_OFFERED } from "./roster/roster-failure.ts";
import { formFields, getPage, postForm, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-1", name: "Tess Teacher", roles: [INSTRUCTOR] };
const learner = (n: number): FakeLtiMember => ({ sub: `s${n}`, name: `Student ${n}`, roles: [LEARNER] });
const context = { id: "ctx-roster", title: "Roster 101" };

let lti: TestLti;
let canvas: FakeLtiPlatform;
let runner: JobRunner;
let teacherUrl: string;
const db = () => lti.database.prisma;

beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  canvas.roster.pageSize = 3;
  canvas.roster.members = [teacher, ...[1, 2, 3, 4, 5, 6, 7].map(learner)];
  runner = createJobRunner({
    db: db(),
    logger: silentLogger(),
    handlers: lti.frontEnd.jobHandlers,
    backoff: () => 0,
  });
});
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

/** Runs due jobs until none is left due (retries with backoff 0 included). */
async function drain(): Promise<number> {
  let total = 0;
  for (let ran = await runner.runDue(); ran > 0; ran = await runner.runDue()) total += ran;
  return total;
}

const linkOf = (contextId: string, platformIssuer = canvas.issuer) =>
  db().ltiCourseLink.findFirstOrThrow({ where: { contextId, platform: { issuer: platformIssuer } } });
const rosterJobs = (linkId: string) =>
  db().scheduledJob.findMany({
    where: { key: { startsWith: `roster:${linkId}:` } },
    orderBy: { createdAt: "asc" },
  });
const membershipGets = () => canvas.requests.filter((r) => r.path.endsWith("/names_and_roles"));
/** Lets the next launch or "Sync now" pass the 10-minute throttle, as if the time had gone by. */
const tenMinutesLater = (linkId: string) =>
  db().ltiCourseLink.update({
    where: { id: linkId },
    data: { rosterSyncStartedAt: new Date(Date.now() - 11 * 60_000) },
  });

async function enrolment(sub: string, courseId: string, issuer = canvas.issuer) {
  const identity = await db().identity.findUnique({
    where: { platform_tenant_externalId: { platform: "LTI", tenant: issuer, externalId: sub } },
  });
  if (!identity) return null;
  return db().enrollment.findUnique({ where: { courseId_userId: { courseId, userId: identity.userId } } });
}

async function syncNow(url = teacherUrl) {
  const roster = await getPage(url.replace("/lti/course", "/lti/course/roster"));
  const { action, fields } = formFields(roster.body, "/course/roster/sync");
  return postForm(action, fields);
}

describe("roster sync on an instructor launch", () => {
  it("schedules a sync without waiting for it, then adds everyone across pages without duplicating anyone", async () => {
    const launched = await canvas.launch({ user: teacher, context });
    expect(launched.status).toBe(200);
    teacherUrl = launched.url;
    const link = await linkOf(context.id);
    expect(link.rosterSyncStartedAt).toBeInstanceOf(Date);
    expect(link.rosterSyncedAt).toBeNull();
    expect(await rosterJobs(link.id)).toHaveLength(1);
    expect(await db().enrollment.count({ where: { courseId: link.courseId } })).toBe(1);

    // Before the job runs: s1 launches, and s2 launches and links a Slack account with a link code.
    await canvas.launch({ user: learner(1), context });
    const s2 = await canvas.launch({ user: learner(2), context });
    const { action, fields } = formFields(s2.body, "/learn/link-code");
    const code = /<span class="code">([A-Z0-9-]+)<\/span>/.exec((await postForm(action, fields)).body)![1]!;
    const slack = { platform: "SLACK" as const, tenant: "T1", externalId: "U-S2", displayName: "sam2" };
    await completeIdentityLink(db(), { actor: slack, code });
    const usersBefore = await db().user.count();
    const gets = membershipGets().length;

    expect(await drain()).toBeGreaterThanOrEqual(1);
    expect(membershipGets().length - gets).toBe(3);
    expect(
      membershipGets()
        .slice(-3)
        .every((r) => r.status === 200),
    ).toBe(true);
    const after = await linkOf(context.id);
    expect(after.rosterSyncedAt).toBeInstanceOf(Date);
    expect(after.rosterSyncError).toBeNull();
    expect(await db().enrollment.count({ where: { courseId: link.courseId, removedAt: null } })).toBe(8);
    // Five newcomers (s3..s7); teacher, s1 and s2 kept their users.
    expect(await db().user.count()).toBe(usersBefore + 5);
    expect((await enrolment("s2", link.courseId))?.userId).toBe((await resolveUser(db(), slack)).userId);
    expect((await enrolment("s5", link.courseId))?.role).toBe("STUDENT");
    expect((await enrolment("teacher-1", link.courseId))?.role).toBe("STAFF");
    expect(await db().identity.count({ where: { externalId: { in: ["s1", "s2", "teacher-1"] } } })).toBe(3);
  });

  it("schedules at most one sync per 10 minutes of launches", async () => {
    const link = await linkOf(context.id);
    await canvas.launch({ user: teacher, context });
    expect(await rosterJobs(link.id)).toHaveLength(1);
    await tenMinutesLater(link.id);
    await canvas.launch({ user: teacher, context });
    expect(await rosterJobs(link.id)).toHaveLength(2);
    await drain();
  });

  it("never syncs on a student's launch", async () => {
    const link = await linkOf(context.id);
    await tenMinutesLater(link.id);
    await canvas.launch({ user: learner(3), context });
    expect(await rosterJobs(link.id)).toHaveLength(2);
  });
});

describe("the roster page", () => {
  it("shows members with role, status in words and linked chat accounts, and the last sync", async () => {
    const page = await getPage(teacherUrl.replace("/lti/course", "/lti/course/roster"));
    expect(page.status).toBe(200);
    const text = textOf(page.body);
    expect(text).toMatch(/Last synced \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(text).toContain("8 active, 0 removed");
    expect(text).toMatch(/Student 2 Student Active LMS Slack \(sam2\)/);
    expect(text).toMatch(/Tess Teacher Staff Active LMS None/);
    const course = await getPage(teacherUrl);
    expect(course.body).toContain("/lti/course/roster?ltik=");
  });

  it("applies name and role changes, marks a dropped or inactive member removed, and restores one who is back", async () => {
    const link = await linkOf(context.id);
    canvas.roster.members = [
      teacher,
      { ...learner(1), name: "Stu Renamed" },
      learner(2),
      { ...learner(3), roles: [TEACHING_ASSISTANT] },
      { ...learner(4), status: "Inactive" },
      learner(6),
      learner(7),
    ];
    await tenMinutesLater(link.id);
    const posted = await syncNow();
    expect(posted.status).toBe(303);
    expect(new URL(posted.location!).searchParams.get("done")).toBe("scheduled");
    expect(textOf((await getPage(posted.location!)).body)).toContain("Roster sync started");
    await drain();
    expect((await enrolment("s3", link.courseId))?.role).toBe("STAFF");
    const removedS5 = await enrolment("s5", link.courseId);
    expect(removedS5?.removedAt).toBeInstanceOf(Date);
    expect((await enrolment("s4", link.courseId))?.removedAt).toBeInstanceOf(Date);
    const text = textOf((await getPage(teacherUrl.replace("/lti/course", "/lti/course/roster"))).body);
    expect(text).toContain("6 active, 2 removed");
    expect(text).toMatch(/Stu Renamed Student Active/);
    expect(text).toMatch(/Student 5 Student Removed on \d{4}-\d\d-\d\d \(history kept\)/);

    canvas.roster.members.push(learner(5));
    await tenMinutesLater(link.id);
    await syncNow();
    await drain();
    const restored = await enrolment("s5", link.courseId);
    expect(restored).toMatchObject({ id: removedS5!.id, removedAt: null });
  });

  it("refuses a second Sync now within 10 minutes, saying when it can run", async () => {
    const link = await linkOf(context.id);
    const jobs = (await rosterJobs(link.id)).length;
    const posted = await syncNow();
    expect(new URL(posted.location!).searchParams.get("done")).toBe("throttled");
    expect(textOf((await getPage(posted.location!)).body)).toMatch(/You can sync again after \d\d:\d\d UTC/);
    expect(await rosterJobs(link.id)).toHaveLength(jobs);
  });

  it("is refused to a student's launch, as the other staff pages are", async () => {
    const student = await canvas.launch({ user: learner(6), context });
    const refused = await getPage(student.url.replace("/lti/learn", "/lti/course/roster"));
    expect(refused.status).toBe(403);
    expect(lti.rejections().at(-1)?.reason).toBe("not_staff_launch");
    const { fields } = formFields(student.body, "/learn/link-code");
    const post = await postForm(`${lti.toolUrl}/course/roster/sync`, fields);
    expect(post.status).toBe(403);
  });
});

describe("when the LMS does not cooperate", () => {
  it("records a refusal for want of the scope, is not retried, and the page still works", async () => {
    const link = await linkOf(context.id);
    canvas.failNext(/names_and_roles$/, 403);
    await tenMinutesLater(link.id);
    await syncNow();
    await drain();
    const failed = await linkOf(context.id);
    expect(failed.rosterSyncError).toMatch(/refused to share the roster \(HTTP 403\)/);
    const job = (await rosterJobs(link.id)).at(-1)!;
    expect(job).toMatchObject({ attempts: 1, failedAt: null });
    expect(job.doneAt).toBeInstanceOf(Date);
    const page = await getPage(teacherUrl.replace("/lti/course", "/lti/course/roster"));
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toMatch(/The last sync did not work\. Your LMS refused to share the roster/);
    expect(textOf(page.body)).toContain("7 active");
  });

  it("records a platform outage, retries with backoff, and clears the error once it works", async () => {
    const link = await linkOf(context.id);
    canvas.failNext(/names_and_roles$/, 503);
    await tenMinutesLater(link.id);
    await syncNow();
    expect(await runner.runDue()).toBe(1);
    expect((await linkOf(context.id)).rosterSyncError).toMatch(/HTTP 503/);
    const retrying = (await rosterJobs(link.id)).at(-1)!;
    expect(retrying).toMatchObject({ attempts: 1, doneAt: null, failedAt: null });
    await drain();
    expect((await linkOf(context.id)).rosterSyncError).toBeNull();
    expect((await rosterJobs(link.id)).at(-1)).toMatchObject({ attempts: 2 });
  });

  it("skips and counts a malformed member, and then removes no one for being absent", async () => {
    const link = await linkOf(context.id);
    const before = canvas.roster.members;
    // s7 is missing, and one entry has no user_id: s7 might be that entry, so s7 stays enrolled.
    canvas.roster.members = [
      ...before.filter((m) => m.sub !== "s7"),
      { sub: "", roles: [LEARNER] },
      learner(8),
    ];
    try {
      await tenMinutesLater(link.id);
      await syncNow();
      await drain();
      expect((await linkOf(context.id)).rosterSyncError).toBeNull();
      expect((await enrolment("s7", link.courseId))?.removedAt).toBeNull();
      expect((await enrolment("s8", link.courseId))?.removedAt).toBeNull();
      const skipped = lti.logLines
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.invalid === 1);
      expect(skipped?.msg).toBe("NRPS entries skipped: not valid members");
    } finally {
      canvas.roster.members = before;
    }
  });

  it("without NRPS in the launch schedules nothing, says why on the page, and offers no Sync now", async () => {
    canvas.services.nrps = false;
    try {
      const offContext = { id: "ctx-no-nrps", title: "No roster" };
      const launched = await canvas.launch({ user: teacher, context: offContext });
      const link = await linkOf(offContext.id);
      expect(link.membershipsUrl).toBeNull();
      expect(link.rosterSyncError).toBe(NRPS_NOT_OFFERED);
      expect(await rosterJobs(link.id)).toHaveLength(0);
      const page = await getPage(launched.url.replace("/lti/course", "/lti/course/roster"));
      expect(page.status).toBe(200);
      expect(textOf(page.body)).toContain("has not offered its roster service");
      expect(page.body).not.toContain("/course/roster/sync");
    } finally {
      canvas.services.nrps = true;
    }
  });
});

describe("isolation", () => {
  it("keeps contexts and platforms apart: another course's roster never touches this one", async () => {
    const main = await linkOf(context.id);
    const activeBefore = await db().enrollment.count({ where: { courseId: main.courseId, removedAt: null } });
    const other = { id: "ctx-other", title: "Other course" };
    canvas.roster.members = [teacher, learner(90), learner(91)];
    await canvas.launch({ user: teacher, context: other });
    const moodle = await startFakeLtiPlatform({ name: "moodle" });
    try {
      await lti.register(moodle);
      // The same context id and subs on another LMS are other people in another course.
      moodle.roster.members = [teacher, learner(1)];
      await moodle.launch({ user: teacher, context });
      await drain();
      const otherLink = await linkOf(other.id);
      const moodleLink = await linkOf(context.id, moodle.issuer);
      expect(otherLink.courseId).not.toBe(main.courseId);
      expect(moodleLink.courseId).not.toBe(main.courseId);
      expect(await db().enrollment.count({ where: { courseId: otherLink.courseId, removedAt: null } })).toBe(
        3,
      );
      expect(await db().enrollment.count({ where: { courseId: moodleLink.courseId, removedAt: null } })).toBe(
        2,
      );
      expect(await db().enrollment.count({ where: { courseId: main.courseId, removedAt: null } })).toBe(
        activeBefore,
      );
      expect(await enrolment("s1", moodleLink.courseId, canvas.issuer)).toBeNull();
      expect(await enrolment("s1", moodleLink.courseId, moodle.issuer)).toMatchObject({ removedAt: null });
    } finally {
      await moodle.close();
    }
  });
});

describe("the nightly round", () => {
  it("is scheduled when the front end starts, syncs every context with NRPS, and schedules the next night once", async () => {
    const nightly = await db().scheduledJob.findFirstOrThrow({
      where: { key: { startsWith: "roster-nightly:" }, doneAt: null },
    });
    expect(nightly.runAt.getUTCHours()).toBe(3);
    expect(nightly.runAt.getTime()).toBeGreaterThan(Date.now());
    const date = nightly.key!.slice("roster-nightly:".length);
    canvas.roster.members = [teacher, ...[1, 2, 3, 4, 5, 6, 7].map(learner)];
    const links = await db().ltiCourseLink.findMany({ where: { platform: { issuer: canvas.issuer } } });
    const syncedBefore = new Map(links.map((l) => [l.id, l.rosterSyncedAt?.getTime() ?? 0]));

    await db().scheduledJob.update({
      where: { id: nightly.id },
      data: { runAt: new Date(Date.now() - 1000) },
    });
    await drain();
    for (const link of links) {
      const night = await db().scheduledJob.findUnique({
        where: { key: `roster:${link.id}:nightly:${date}` },
      });
      if (!link.membershipsUrl) {
        expect(night).toBeNull();
        continue;
      }
      expect(night?.doneAt).toBeInstanceOf(Date);
      const after = await db().ltiCourseLink.findUniqueOrThrow({ where: { id: link.id } });
      expect(after.rosterSyncedAt!.getTime()).toBeGreaterThan(syncedBefore.get(link.id)!);
    }
    const pending = await db().scheduledJob.findMany({
      where: { key: { startsWith: "roster-nightly:" }, doneAt: null },
    });
    expect(pending).toHaveLength(1);
    expect(pending[0]!.runAt.getTime()).toBeGreaterThan(Date.now());
    expect(pending[0]!.key).not.toBe(nightly.key);
  });
});
