// Privacy attacks and guarantees: a person's export from the LMS roster page (real ltijs, the fake LMS),
// deletion from every table (checked generically over the whole schema), anonymous finished games, and
// retention on an injected clock.
import {
  courseUsageSummary,
  createJobRunner,
  deleteCourse,
  deletePerson,
  exportPerson,
  type PersonExport,
  quizResultsSummary,
  RETENTION_QUEUE,
  resolveUser,
  retentionJobHandlers,
  saveQuiz,
  scheduleNightlyRetention,
  silentLogger,
  submitQuizAttempt,
} from "@studyhall/core";
import { ltiPrivacyEraser } from "@studyhall/lti";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formFields, getPage, postForm } from "../../lti/src/testing/page-client.ts";
import { startTestLti, type TestLti } from "../../lti/src/testing/start-test-lti.ts";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../support/fake-lti-platform.ts";

// Distinctive names, so "no row mentions them" is a meaningful search.
const teacherA = { sub: "teach-a", name: "Tess Teacher", roles: [INSTRUCTOR] };
const teacherB = { sub: "teach-b", name: "Bo Teacher", roles: [INSTRUCTOR] };
const zelda = { sub: "zelda-sub-771", name: "Zelda Quixotic", roles: [LEARNER] };
const yusuf = { sub: "yusuf-sub-772", name: "Yusuf Classmate", roles: [LEARNER] };
const wren = { sub: "wren-sub-773", name: "Wren Onlyinb", roles: [LEARNER] };
const contextA = { id: "ctx-priv-a", title: "Privacy A" };
const contextB = { id: "ctx-priv-b", title: "Privacy B" };
const ZELDA_WORDS = "Zelda wonders whether osmosis needs energy";
const YUSUF_WORDS = "Yusuf asks about diffusion rates";
const logger = silentLogger();
const operator = {
  kind: "operator" as const,
  actor: { platform: "CLI" as const, tenant: "", externalId: "ops" },
};

let lti: TestLti;
let canvas: FakeLtiPlatform;
let courseA: string;
let courseB: string;
let teacherAUrl: string;
let zeldaId: string;
const zeldaSlackId = "U-ZELDA-9";
let liveSessionId: string;
const db = () => lti.database.prisma;

const lms = (sub: string) => ({ platform: "LTI" as const, tenant: canvas.issuer, externalId: sub });
async function userOf(sub: string): Promise<string> {
  return (await resolveUser(db(), lms(sub))).userId;
}

/** Posts the roster page's "Export data" form of one member (each row has its own form). */
async function exportFromRoster(pageUrl: string, userId: string) {
  const roster = await getPage(pageUrl.replace("/lti/course", "/lti/course/roster"));
  expect(roster.status).toBe(200);
  const { action, fields } = formFields(roster.body, "/course/roster/export");
  return postForm(action, { ...fields, userId });
}

/** A finished live game in course A: Zelda second of three, with typed answers. */
async function seedFinishedGame(quizId: string, questionIds: string[]) {
  const players = [
    { userId: await userOf(yusuf.sub), name: yusuf.name, score: 1800, rank: 1, text: "diffusion" },
    { userId: zeldaId, name: zelda.name, score: 900, rank: 2, text: `${zelda.name} says osmosis` },
    { userId: await userOf(teacherA.sub), name: teacherA.name, score: 0, rank: 3, text: "" },
  ];
  const session = await db().quizSession.create({
    data: {
      courseId: courseA,
      quizId,
      platform: "SLACK",
      tenant: "T-PRIV",
      spaceId: "C-PRIV",
      hostUserId: await userOf(teacherA.sub),
      options: {},
      state: "FINISHED",
      questionIndex: 1,
      endedAt: new Date(),
    },
  });
  for (const p of players) {
    await db().quizPlayer.create({ data: { sessionId: session.id, userId: p.userId, displayName: p.name } });
    for (const [i, questionId] of questionIds.entries()) {
      const points = i === 0 ? p.score : 0;
      await db().answer.create({
        data: {
          sessionId: session.id,
          questionId,
          userId: p.userId,
          choices: [],
          text: p.text,
          correct: points > 0,
          credit: points > 0 ? 1 : 0,
          latencyMs: 1000 + p.rank,
          points,
        },
      });
    }
    await db().quizResult.create({
      data: {
        sessionId: session.id,
        courseId: courseA,
        userId: p.userId,
        displayName: p.name,
        score: p.score,
        accuracy: p.score > 0 ? 0.5 : 0,
        correctCount: p.score > 0 ? 1 : 0,
        partialCount: 0,
        incorrectCount: p.score > 0 ? 1 : 2,
        unanswered: 0,
        bestStreak: p.score > 0 ? 1 : 0,
        rank: p.rank,
      },
    });
  }
  return session.id;
}

async function seedTutorHistory(userId: string, courseId: string, words: string, at = new Date()) {
  await db().conversation.create({
    data: {
      userId,
      courseId,
      platform: "LTI",
      threadKey: `page:${courseId}:${words.length}`,
      createdAt: at,
      updatedAt: at,
      messages: {
        create: [
          { role: "USER", content: words, createdAt: at },
          // A moment later, as a real answer is: the export lists messages in time order.
          {
            role: "ASSISTANT",
            content: "Passive transport needs no energy [1].",
            createdAt: new Date(at.getTime() + 1),
          },
        ],
      },
    },
  });
  await db().usageLog.create({
    data: {
      userId,
      courseId,
      platform: "LTI",
      question: words,
      answered: true,
      latencyMs: 40,
      model: "local",
      retrieved: [],
      tokensIn: 12,
      tokensOut: 30,
      createdAt: at,
    },
  });
}

beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  teacherAUrl = (await canvas.launch({ user: teacherA, context: contextA })).url;
  const teacherBLaunch = await canvas.launch({ user: teacherB, context: contextB });
  expect(teacherBLaunch.status).toBe(200);
  for (const [user, context] of [
    [zelda, contextA],
    [zelda, contextB],
    [yusuf, contextA],
    [wren, contextB],
  ] as const) {
    expect((await canvas.launch({ user, context })).status).toBe(200);
  }
  const link = (contextId: string) => db().ltiCourseLink.findFirstOrThrow({ where: { contextId } });
  courseA = (await link(contextA.id)).courseId;
  courseB = (await link(contextB.id)).courseId;
  zeldaId = await userOf(zelda.sub);
  // Zelda also linked a Slack account.
  await db().identity.create({
    data: {
      userId: zeldaId,
      platform: "SLACK",
      tenant: "T-PRIV",
      externalId: zeldaSlackId,
      displayName: "zq",
    },
  });
  await seedTutorHistory(zeldaId, courseA, ZELDA_WORDS);
  await seedTutorHistory(zeldaId, courseB, "Zelda asks course B about enzymes");
  await seedTutorHistory(await userOf(yusuf.sub), courseA, YUSUF_WORDS);
  for (const [courseId, excerpt] of [
    [courseA, "Zelda's flagged question in A"],
    [courseB, "Zelda's flagged question in B"],
  ] as const) {
    await db().moderationFlag.create({
      data: {
        courseId,
        userId: zeldaId,
        kind: "QUESTION",
        categories: ["harassment"],
        source: "local",
        excerpt,
      },
    });
  }
  const { quizId } = await saveQuiz(db(), {
    courseId: courseA,
    title: "Membranes",
    origin: "AUTHORED",
    approved: true,
    questions: [
      { kind: "SHORT_TEXT", prompt: "What moves water across a membrane?", acceptedAnswers: ["osmosis"] },
      { kind: "SHORT_TEXT", prompt: "What moves solutes down a gradient?", acceptedAnswers: ["diffusion"] },
    ],
  });
  const questions = await db().question.findMany({ where: { quizId }, orderBy: { position: "asc" } });
  liveSessionId = await seedFinishedGame(
    quizId,
    questions.map((q) => q.id),
  );
  // A quiz Zelda took on her own in course B's page.
  const quizB = await saveQuiz(db(), {
    courseId: courseB,
    title: "Enzymes",
    origin: "AUTHORED",
    approved: true,
    questions: [{ kind: "SHORT_TEXT", prompt: "What speeds up reactions?", acceptedAnswers: ["enzymes"] }],
  });
  const [questionB] = await db().question.findMany({ where: { quizId: quizB.quizId } });
  await submitQuizAttempt(db(), {
    actor: lms(zelda.sub),
    courseId: courseB,
    quizId: quizB.quizId,
    responses: { [questionB!.id]: { text: "enzymes" } },
  });
}, 180_000);
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

describe("export from the LMS roster page", () => {
  let document: PersonExport;

  it("staff export a student's data in their course as a JSON download, audited", async () => {
    const response = await exportFromRoster(teacherAUrl, zeldaId);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="studyhall-.*\.json"$/,
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    document = JSON.parse(response.body);
    expect(document).toMatchObject({ schemaVersion: 1, scope: { kind: "course" }, person: { id: zeldaId } });
    expect(document.conversations.map((c) => c.messages[0]?.content)).toEqual([ZELDA_WORDS]);
    expect(document.usageLogs.map((u) => u.question)).toEqual([ZELDA_WORDS]);
    expect(document.quiz.results).toEqual([expect.objectContaining({ score: 900, rank: 2, kind: "live" })]);
    expect(document.quiz.answers).toHaveLength(2);
    expect(document.moderationFlags.map((f) => f.excerpt)).toEqual(["Zelda's flagged question in A"]);
    const audit = await db().auditEntry.findFirst({
      where: { action: "privacy.exported", courseId: courseA },
    });
    expect(audit).toMatchObject({ targetType: "person", targetId: zeldaId, actorPlatform: "LTI" });
  });

  it("attack: a classmate's data rides along in the export — nothing of anyone else is in it", () => {
    const text = JSON.stringify(document);
    expect(text).not.toContain(yusuf.name);
    expect(text).not.toContain(YUSUF_WORDS);
    expect(text).not.toContain('diffusion"');
    expect(text).not.toContain(teacherA.name);
  });

  it("attack: course A's staff read course B through the export — B's conversations, attempts and enrolment stay out", async () => {
    const text = JSON.stringify(document);
    expect(text).not.toContain("course B about enzymes");
    expect(text).not.toContain("Enzymes");
    expect(document.enrolments).toHaveLength(1);
    // Chat platforms' account ids are the operator's business, not a course's.
    expect(text).not.toContain(zeldaSlackId);
    expect(document.preferences).toBeNull();
  });

  it("attack: course A's staff export someone who is only in course B — refused as not in this course", async () => {
    const response = await exportFromRoster(teacherAUrl, await userOf(wren.sub));
    expect(response.status).toBe(404);
    expect(response.body).not.toContain(wren.name);
    expect(response.body).toContain("not in this course");
  });

  it("attack: a student posts to the export route with their own session — 403, nothing exported", async () => {
    const launched = await canvas.launch({ user: yusuf, context: contextA });
    const { action, fields } = formFields(launched.body, "/learn/link-code");
    const exportUrl = new URL(action);
    exportUrl.pathname = exportUrl.pathname.replace(/\/learn\/link-code$/, "/course/roster/export");
    const before = await db().auditEntry.count({ where: { action: "privacy.exported" } });
    const response = await postForm(exportUrl.href, { ...fields, userId: zeldaId });
    expect(response.status).toBe(403);
    expect(response.body).not.toContain(ZELDA_WORDS);
    expect(await db().auditEntry.count({ where: { action: "privacy.exported" } })).toBe(before);
  });

  it("attack: a forged export post without the page's CSRF token — refused", async () => {
    const roster = await getPage(teacherAUrl.replace("/lti/course", "/lti/course/roster"));
    const { action, fields } = formFields(roster.body, "/course/roster/export");
    const response = await postForm(action, { ...fields, csrf: "forged", userId: zeldaId });
    expect(response.status).toBe(403);
    expect(response.body).not.toContain(ZELDA_WORDS);
  });

  it("the activity page shows the export to course staff, without the student's words", async () => {
    const page = await getPage(teacherAUrl.replace("/lti/course", "/lti/course/activity"));
    expect(page.status).toBe(200);
    expect(page.body).toContain("Person&#39;s data exported");
    expect(page.body).not.toContain(ZELDA_WORDS);
    const student = await canvas.launch({ user: yusuf, context: contextA });
    const refused = await getPage(student.url.replace(/\/lti\/[^?]*/, "/lti/course/activity"));
    expect(refused.status).toBe(403);
  });

  it("an operator's export holds everything: both courses, every account with its id, the attempt", async () => {
    const all = await exportPerson(
      { requester: operator, person: { userId: zeldaId } },
      { db: db(), logger },
    );
    expect(all.scope).toEqual({ kind: "all" });
    expect(all.enrolments).toHaveLength(2);
    expect(all.conversations).toHaveLength(2);
    expect(all.identities.map((i) => "externalId" in i && i.externalId).sort()).toEqual(
      [zeldaSlackId, zelda.sub].sort(),
    );
    expect(all.quiz.results.map((r) => r.kind).sort()).toEqual(["attempt", "live"]);
    expect(all.moderationFlags).toHaveLength(2);
    expect(JSON.stringify(all)).not.toContain(YUSUF_WORDS);
  });
});

describe("deleting a person", () => {
  const needles = () => [zeldaId, zelda.sub, zelda.name, zeldaSlackId, ZELDA_WORDS];

  it("attack: a deleted student lingers somewhere — no row of any table names them afterwards", async () => {
    const staffA = lms(teacherA.sub);
    const summaryBefore = await quizResultsSummary(db(), {
      actor: staffA,
      courseId: courseA,
      quizId: (await db().quizSession.findUniqueOrThrow({ where: { id: liveSessionId } })).quizId,
    });
    const usageBefore = await courseUsageSummary(db(), { actor: staffA, courseId: courseA });
    const gameBefore = await db().quizResult.findMany({
      where: { sessionId: liveSessionId },
      orderBy: { rank: "asc" },
      select: { rank: true, score: true, accuracy: true },
    });
    const pointsBefore = await db().answer.aggregate({
      where: { sessionId: liveSessionId },
      _sum: { points: true },
    });
    // Zelda had LMS sessions and an owed score; both are the LMS tool's own rows.
    expect(await db().ltiLaunch.count({ where: { subject: zelda.sub } })).toBeGreaterThan(0);

    const deleted = await deletePerson(
      { requester: operator, person: { identity: lms(zelda.sub) } },
      { db: db(), logger, erasers: [ltiPrivacyEraser] },
    );
    expect(deleted).toMatchObject({
      identities: 2,
      enrolments: 2,
      conversations: 2,
      quizSessionsAnonymised: 2,
    });
    expect(deleted.erased.lti).toBeGreaterThan(0);

    // Every column that holds a user id, found from the schema itself (a new table cannot be forgotten).
    const userColumns = await db().$queryRaw<Array<{ table: string; column: string }>>`
      SELECT c.table_name AS "table", c.column_name AS "column"
      FROM information_schema.columns c JOIN information_schema.tables t
        ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
      WHERE c.table_schema = 'public' AND c.data_type = 'uuid'
        AND (c.column_name ILIKE '%userid' OR c.column_name ILIKE '%byid' OR c.column_name = 'actorId')`;
    expect(userColumns.map((c) => `${c.table}.${c.column}`)).toEqual(
      expect.arrayContaining([
        "Enrollment.userId",
        "QuizResult.userId",
        "AuditEntry.actorId",
        "Material.uploadedById",
      ]),
    );
    for (const { table, column } of userColumns) {
      const rows = await db().$queryRawUnsafe<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM "${table}" WHERE "${column}" = $1::uuid`,
        zeldaId,
      );
      expect({ table, column, rows: rows[0]!.n }).toEqual({ table, column, rows: 0 });
    }
    // And no row of any table mentions her id, her accounts, her name or her words in any column.
    const tables = await db().$queryRaw<Array<{ table: string }>>`
      SELECT table_name AS "table" FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`;
    for (const { table } of tables) {
      for (const needle of needles()) {
        const rows = await db().$queryRawUnsafe<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM "${table}" r WHERE strpos(r::text, $1) > 0`,
          needle,
        );
        expect({ table, needle, rows: rows[0]!.n }).toEqual({ table, needle, rows: 0 });
      }
    }

    // The finished game keeps its points and ranks; course statistics are unchanged, only anonymous.
    const gameAfter = await db().quizResult.findMany({
      where: { sessionId: liveSessionId },
      orderBy: { rank: "asc" },
      select: { rank: true, score: true, accuracy: true, displayName: true },
    });
    expect(gameAfter.map(({ displayName: _, ...r }) => r)).toEqual(gameBefore);
    expect(gameAfter[1]!.displayName).toBe("Deleted student");
    const pointsAfter = await db().answer.aggregate({
      where: { sessionId: liveSessionId },
      _sum: { points: true },
    });
    expect(pointsAfter._sum.points).toBe(pointsBefore._sum.points);
    const summaryAfter = await quizResultsSummary(db(), {
      actor: staffA,
      courseId: courseA,
      quizId: summaryBefore.quiz.id,
    });
    expect(summaryAfter.questions).toEqual(summaryBefore.questions);
    const accuracies = (summary: typeof summaryBefore) => summary.results.map((r) => r.accuracy).sort();
    expect(accuracies(summaryAfter)).toEqual(accuracies(summaryBefore));
    const usageAfter = await courseUsageSummary(db(), { actor: staffA, courseId: courseA });
    expect(usageAfter.total).toEqual(usageBefore.total);
    expect(usageAfter.byDay).toEqual(usageBefore.byDay);
    const counts = (people: typeof usageBefore.byPerson) =>
      people.map(({ who: _, ...counts }) => counts).sort((a, b) => a.tokens - b.tokens);
    expect(counts(usageAfter.byPerson)).toEqual(counts(usageBefore.byPerson));
    expect(usageAfter.byPerson.map((l) => l.who)).not.toContain(zelda.name);
  });

  it("attack: course staff delete a student of their course through core — only operators may", async () => {
    await expect(
      deletePerson(
        {
          requester: { kind: "staff", actor: lms(teacherA.sub), courseId: courseA },
          person: { identity: lms(yusuf.sub) },
        },
        { db: db(), logger },
      ),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await db().identity.count({ where: { externalId: yusuf.sub } })).toBe(1);
  });
});

describe("retention", () => {
  it("the nightly job deletes conversations, messages and usage logs older than the setting and keeps newer ones (injected clock)", async () => {
    // The clock says it is three days ago, so tonight's run (04:00 UTC) is already due for the runner.
    const now = new Date(Date.now() - 3 * 86_400_000);
    const day = 86_400_000;
    const yusufId = await userOf(yusuf.sub);
    await seedTutorHistory(
      yusufId,
      courseA,
      "an old question from last year",
      new Date(now.getTime() - 40 * day),
    );
    await seedTutorHistory(yusufId, courseA, "a question from last week", new Date(now.getTime() - 7 * day));
    const deps = { db: db(), logger, retentionDays: 30, now: () => now };
    const scheduled = await scheduleNightlyRetention(deps);
    expect(scheduled).not.toBeNull();
    const runner = createJobRunner({
      db: db(),
      logger,
      handlers: retentionJobHandlers(deps),
      backoff: () => 0,
    });
    expect(await runner.runDue()).toBe(1);

    const old = { createdAt: { lt: new Date(now.getTime() - 30 * day) } };
    expect(await db().message.count({ where: old })).toBe(0);
    expect(await db().usageLog.count({ where: old })).toBe(0);
    expect(await db().conversation.count({ where: { updatedAt: old.createdAt } })).toBe(0);
    expect(await db().usageLog.count({ where: { question: "a question from last week" } })).toBe(1);
    expect(await db().message.count({ where: { content: "a question from last week" } })).toBe(1);
    expect(await db().message.count({ where: { content: YUSUF_WORDS } })).toBe(1);
    // The next night is scheduled by the run itself.
    const jobs = await db().scheduledJob.findMany({
      where: { queue: RETENTION_QUEUE },
      orderBy: { runAt: "asc" },
    });
    expect(jobs.map((j) => j.key)).toEqual([
      `retention:${scheduled!.date}`,
      `retention:${new Date(scheduled!.runAt.getTime() + day).toISOString().slice(0, 10)}`,
    ]);
  });
});

describe("deleting a course", () => {
  it("attack: a deleted course lingers somewhere — no row names it, other courses are untouched", async () => {
    const yusufId = await userOf(yusuf.sub);
    const courseARows = async () => ({
      enrolments: await db().enrollment.count({ where: { courseId: courseA } }),
      messages: await db().message.count({ where: { conversation: { courseId: courseA } } }),
      results: await db().quizResult.count({ where: { courseId: courseA } }),
      audit: await db().auditEntry.count({ where: { courseId: courseA } }),
    });
    const before = await courseARows();
    const deleted = await deleteCourse(
      { requester: operator, course: courseB },
      { db: db(), logger, erasers: [ltiPrivacyEraser] },
    );
    expect(deleted.enrolments).toBeGreaterThan(0);
    const tables = await db().$queryRaw<Array<{ table: string }>>`
      SELECT table_name AS "table" FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'`;
    const found: string[] = [];
    for (const { table } of tables) {
      for (const needle of [courseB, contextB.id, contextB.title, "Enzymes", "course B about enzymes"]) {
        const rows = await db().$queryRawUnsafe<Array<{ n: number }>>(
          `SELECT count(*)::int AS n FROM "${table}" r WHERE strpos(r::text, $1) > 0`,
          needle,
        );
        if (rows[0]!.n > 0) found.push(`${table}: ${needle} (${rows[0]!.n})`);
      }
    }
    // The deployment-wide audit entry of the deletion keeps the course's slug and name, on purpose.
    expect(found.filter((f) => !f.startsWith("AuditEntry: Privacy B"))).toEqual([]);
    expect(await courseARows()).toEqual(before);
    // People stay (Wren was only in B), and the stand-in of Zelda's attempt in B went with it.
    expect(await db().identity.count({ where: { externalId: wren.sub } })).toBe(1);
    expect(await db().user.count({ where: { anonymous: true } })).toBe(1);
    expect(await db().identity.count({ where: { userId: yusufId } })).toBe(1);
  });
});
