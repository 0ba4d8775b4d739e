// Clever districts and sign-in, attacked through the real LTI front end (real ltijs, our guards) and the
// fake Clever on 127.0.0.1: a leaked backup or a token moved between district rows, replayed codes and
// states, one district's people reaching another district's classes or district page, a Clever session
// on LMS-only pages, sessions outliving their sign-in or their district, and forged, tampered, expired or
// foreign ltiks on the Clever and the LMS pages.
import {
  connectDistrict,
  createJobRunner,
  createSecretBox,
  disconnectDistrict,
  findDistrict,
  type JobRunner,
  openDistrictToken,
  resealSecrets,
  rosterDistrictSecrets,
  silentLogger,
} from "@studyhall/core";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLEVER_SYNC_QUEUE } from "../../lti/src/clever/clever-sync-jobs.ts";
import { ROSTER_QUEUE } from "../../lti/src/roster/roster-jobs.ts";
import {
  type CleverTestLti,
  openClassForm,
  startCleverTestLti,
} from "../../lti/src/testing/clever-test-kit.ts";
import {
  formFields,
  getPage,
  ltikOf,
  type PageResponse,
  postForm,
  textOf,
} from "../../lti/src/testing/page-client.ts";
import { addSection, addUser } from "../support/fake-clever-fixtures.ts";
import type { FakeCleverDistrict, FakeSection, FakeUser } from "../support/fake-clever-server.ts";
import { type FakeLtiPlatform, INSTRUCTOR, startFakeLtiPlatform } from "../support/fake-lti-platform.ts";

let kit: CleverTestLti;
let canvas: FakeLtiPlatform;
let runner: JobRunner;
/** Springfield (A) and Shelbyville (B), both connected and rostered; Ogdenville (C) not connected yet. */
let a: FakeCleverDistrict;
let b: FakeCleverDistrict;
let c: FakeCleverDistrict;
let teacherA: FakeUser;
let studentA: FakeUser;
let leaverA: FakeUser;
let adminA: FakeUser;
let adminB: FakeUser;
let adminC: FakeUser;
let bioA: FakeSection;
let bioB: FakeSection;
/** A teacher's page after an LMS launch (its URL carries an LMS session's ltik). */
let lmsPageUrl: string;
const db = () => kit.lti.database.prisma;
const url = (path: string) => `${kit.lti.toolUrl}${path}`;

beforeAll(async () => {
  kit = await startCleverTestLti();
  a = kit.clever.addDistrict({ name: "Springfield Unified" });
  teacherA = addUser(a, { roles: ["teacher"], name: { first: "Edna", last: "Krabappel" } });
  studentA = addUser(a, { roles: ["student"], name: { first: "Lisa", last: "Simpson" } });
  leaverA = addUser(a, { roles: ["student"], name: { first: "Nelson", last: "Muntz" } });
  adminA = addUser(a, { roles: ["district_admin"], name: { first: "Gary", last: "Chalmers" } });
  bioA = addSection(a, { name: "Biology", teachers: [teacherA.id], students: [studentA.id, leaverA.id] });
  b = kit.clever.addDistrict({ name: "Shelbyville Unified" });
  const teacherB = addUser(b, { roles: ["teacher"] });
  adminB = addUser(b, { roles: ["district_admin"], name: { first: "Shelby", last: "Admin" } });
  bioB = addSection(b, { name: "Biology", teachers: [teacherB.id], students: [] });
  c = kit.clever.addDistrict({ name: "Ogdenville Unified" });
  adminC = addUser(c, { roles: ["district_admin"] });
  await kit.roster(a);
  await kit.roster(b);

  canvas = await startFakeLtiPlatform();
  await kit.lti.register(canvas);
  const launched = await canvas.launch({
    user: { sub: "lms-teacher", name: "Lou LMS", roles: [INSTRUCTOR] },
    context: { id: "ctx-lms", title: "LMS Chemistry" },
  });
  expect(launched.status).toBe(200);
  lmsPageUrl = launched.url;
  runner = createJobRunner({
    db: db(),
    logger: silentLogger(),
    handlers: kit.lti.frontEnd.jobHandlers,
    backoff: () => 0,
  });
});
afterAll(async () => {
  await canvas?.close();
  await kit?.close();
});

/** Signs `user` in (the Clever Portal's code), returning the landing page and its ltik. */
async function signIn(
  district: FakeCleverDistrict,
  user: FakeUser,
): Promise<{ page: PageResponse; ltik: string }> {
  const back = await kit.callback(district, user.id);
  expect(back.status).toBe(303);
  return { page: await getPage(back.location!), ltik: ltikOf(back.location!) };
}

async function courseOf(section: FakeSection): Promise<string> {
  return (await db().rosterSection.findFirstOrThrow({ where: { externalId: section.id } })).courseId;
}

async function districtRow(district: FakeCleverDistrict) {
  return db().rosterDistrict.findFirstOrThrow({ where: { provider: "CLEVER", externalId: district.id } });
}

/** What a refused request must leave unchanged: sessions opened, jobs scheduled, Clever's token list read. */
async function effects() {
  return {
    cleverSessions: await db().ltiLaunch.count({ where: { via: "CLEVER" } }),
    jobs: await db().scheduledJob.count({ where: { queue: { in: [CLEVER_SYNC_QUEUE, ROSTER_QUEUE] } } }),
    tokenListings: kit.clever.requests.filter((r) => r.query.owner_type === "district").length,
  };
}

async function drainJobs(): Promise<void> {
  while ((await runner.runDue()) > 0);
}

describe("a leaked backup", () => {
  it("attack: reading the raw RosterDistrict rows -> no district token in clear text", async () => {
    // Ogdenville's admin connects the district on the district page: the token comes from Clever.
    const { page } = await signIn(c, adminC);
    const { action, fields } = formFields(page.body, "/clever/district/connect");
    expect((await postForm(action, fields)).status).toBe(303);
    const rows = await db().$queryRaw<unknown[]>`SELECT * FROM "RosterDistrict"`;
    const audit = await db().$queryRaw<unknown[]>`SELECT * FROM "AuditEntry"`;
    const raw = JSON.stringify([rows, audit, kit.lti.logLines]);
    expect(rows).toHaveLength(3);
    for (const district of [a, b, c]) {
      expect(raw).not.toContain(district.token);
      expect((await districtRow(district)).tokenSealed).toMatch(/^shs1:/);
    }
    // StudyHall itself opens them.
    const row = await districtRow(c);
    expect(await openDistrictToken({ db: db(), secrets: kit.lti.deps.secrets }, row.id)).toBe(c.token);
  });

  it("attack: district A's sealed token copied into district B's row -> refused, nothing synced with it", async () => {
    const rowA = await districtRow(a);
    const rowB = await districtRow(b);
    await drainJobs();
    await db().rosterDistrict.update({ where: { id: rowB.id }, data: { tokenSealed: rowA.tokenSealed } });
    const sections = await db().rosterSection.count({ where: { districtId: rowB.id } });
    const logFrom = kit.lti.logLines.length;
    const requestsFrom = kit.clever.requests.length;
    try {
      // Shelbyville's admin presses "Sync now"; the job runs.
      const { page } = await signIn(b, adminB);
      const home = await getPage(url(`/clever/district?ltik=${encodeURIComponent(ltikOf(page.url))}`));
      const { action, fields } = formFields(home.body, "/clever/district/sync");
      expect((await postForm(action, fields)).status).toBe(303);
      await drainJobs();
      const withDistrictTokens = kit.clever.requests
        .slice(requestsFrom)
        .filter((r) => [`Bearer ${a.token}`, `Bearer ${b.token}`].includes(String(r.headers.authorization)));
      expect(withDistrictTokens).toEqual([]);
      expect(await db().rosterSyncRun.count({ where: { districtId: rowB.id } })).toBe(0);
      expect(await db().rosterSection.count({ where: { districtId: rowB.id } })).toBe(sections);
      const log = kit.lti.logLines.slice(logFrom).join("\n");
      expect(log).toContain(`"row":"RosterDistrict ${rowB.id}"`);
      expect(log).not.toContain(a.token);
    } finally {
      await db().rosterDistrict.update({ where: { id: rowB.id }, data: { tokenSealed: rowB.tokenSealed } });
    }
  });

  it("attack: a backup kept after a key rotation -> `secrets rotate` reseals district tokens, the old key opens nothing", async () => {
    const OLD = "old-district-key-0123456789abcdef0123456789";
    const NEW = "new-district-key-fedcba9876543210fedcba9876";
    const oldBox = createSecretBox({ current: OLD });
    const district = await connectDistrict(
      { db: db(), secrets: oldBox },
      { provider: "CLEVER", externalId: "rotating-district", name: "Rotating", token: "rotating-token" },
    );
    const rotating = createSecretBox({ current: NEW, previous: [OLD] });
    const [counts] = await resealSecrets(
      db(),
      [rosterDistrictSecrets],
      rotating,
      { legacy: false, rotate: true },
      silentLogger(),
    );
    expect(counts).toMatchObject({ table: "RosterDistrict", resealed: 1 });
    const newOnly = createSecretBox({ current: NEW });
    expect(await openDistrictToken({ db: db(), secrets: newOnly }, district.id)).toBe("rotating-token");
    await expect(openDistrictToken({ db: db(), secrets: oldBox }, district.id)).rejects.toMatchObject({
      code: "secret_unreadable",
    });
    // A token written into the row in clear text (by hand) is refused, never used as it is.
    await db().rosterDistrict.update({ where: { id: district.id }, data: { tokenSealed: "rotating-token" } });
    await expect(openDistrictToken({ db: db(), secrets: newOnly }, district.id)).rejects.toMatchObject({
      code: "secret_unreadable",
    });
    await db().rosterDistrict.delete({ where: { id: district.id } });
  });
});

describe("sign-in", () => {
  it("attack: a sign-in code replayed -> refused, no second session", async () => {
    const code = kit.clever.issueCode({
      districtId: a.id,
      userId: studentA.id,
      redirectUri: kit.callbackUrl,
    });
    const link = `${kit.callbackUrl}?code=${encodeURIComponent(code)}`;
    expect((await getPage(link)).status).toBe(303);
    const before = await effects();
    const replayed = await getPage(link);
    expect(replayed.status).toBe(400);
    expect(replayed.location).toBeNull();
    expect(await effects()).toEqual(before);
  });

  it("attack: a state we never issued -> refused, no session, the code not spent", async () => {
    const before = await effects();
    const exchanges = kit.clever.requests.filter((r) => r.path === "/oauth/tokens").length;
    const forged = await kit.callback(a, studentA.id, "a-state-from-the-attacker");
    expect(forged.status).toBe(400);
    expect(forged.location).toBeNull();
    expect(await effects()).toEqual(before);
    expect(kit.clever.requests.filter((r) => r.path === "/oauth/tokens").length).toBe(exchanges);
  });

  it("attack: a state replayed after its sign-in -> refused, no session", async () => {
    const start = await getPage(url("/clever/login"));
    const state = new URL(start.location!).searchParams.get("state")!;
    expect((await kit.callback(a, studentA.id, state)).status).toBe(303);
    const before = await effects();
    const replayed = await kit.callback(a, teacherA.id, state);
    expect(replayed.status).toBe(400);
    expect(replayed.location).toBeNull();
    expect(await effects()).toEqual(before);
  });
});

describe("classes of another district", () => {
  it("attack: district B's course id, a class the student was removed from, an LMS course's id posted to /clever/open -> one refusal for all, like an unknown id", async () => {
    const { page } = await signIn(a, leaverA);
    const fields = openClassForm(page.body, await courseOf(bioA));
    // Springfield removes the student from Biology; the form from before still names it.
    bioA.students = bioA.students.filter((id) => id !== leaverA.id);
    await kit.roster(a);
    const lmsCourse = (await db().courseSpace.findFirstOrThrow({ where: { externalId: "ctx-lms" } }))
      .courseId;
    const before = await effects();
    const answers: Array<{ status: number; location: string | null; text: string }> = [];
    for (const courseId of [
      await courseOf(bioB),
      await courseOf(bioA),
      lmsCourse,
      "00000000-0000-4000-8000-000000000000",
      "not-a-uuid",
    ]) {
      const refused = await postForm(url("/clever/open"), { ...fields, courseId });
      answers.push({ status: refused.status, location: refused.location, text: textOf(refused.body) });
    }
    expect(answers[0]).toMatchObject({ status: 403, location: null });
    expect(answers[0]!.text).toContain("You are not in this class");
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(await effects()).toEqual(before);
  });
});

describe("the district page", () => {
  it("attack: a teacher reaches the district page, Sync now and Connect -> refused, nothing scheduled, Clever not asked", async () => {
    const { page, ltik } = await signIn(a, teacherA);
    const { fields } = formFields(page.body, "/clever/open");
    const before = await effects();
    expect((await getPage(url(`/clever/district?ltik=${encodeURIComponent(ltik)}`))).status).toBe(403);
    expect((await postForm(url("/clever/district/sync"), fields)).status).toBe(403);
    expect((await postForm(url("/clever/district/connect"), fields)).status).toBe(403);
    expect(kit.lti.rejections().at(-1)?.reason).toBe("not_district_admin");
    expect(await effects()).toEqual(before);
  });

  it("attack: district A's admin names district B on the district page's actions -> only A's page, B never synced", async () => {
    const rowB = await districtRow(b);
    await drainJobs();
    const jobsBefore = new Set((await db().scheduledJob.findMany({ select: { id: true } })).map((j) => j.id));
    const { ltik } = await signIn(a, adminA);
    const named = `district=${b.id}&districtId=${rowB.id}&ltik=${encodeURIComponent(ltik)}`;
    const page = await getPage(url(`/clever/district?${named}`));
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain("Springfield Unified");
    expect(textOf(page.body)).not.toContain("Shelbyville");
    const { action, fields } = formFields(page.body, "/clever/district/sync");
    const forB = { ...fields, district: b.id, districtId: rowB.id, externalId: b.id };
    const naming = `${action}${action.includes("?") ? "&" : "?"}district=${b.id}`;
    expect((await postForm(naming, forB)).status).toBe(303);
    expect((await postForm(url("/clever/district/connect"), forB)).status).toBe(303);
    const jobs = (await db().scheduledJob.findMany({ where: { queue: CLEVER_SYNC_QUEUE } })).filter(
      (job) => !jobsBefore.has(job.id),
    );
    const districts = jobs.map((job) => (job.payload as { districtId?: string }).districtId);
    expect(districts).toContain((await districtRow(a)).id);
    expect(districts).not.toContain(rowB.id);
    const after = await districtRow(b);
    expect({ name: after.name, tokenSealed: after.tokenSealed, updatedAt: after.updatedAt }).toEqual({
      name: rowB.name,
      tokenSealed: rowB.tokenSealed,
      updatedAt: rowB.updatedAt,
    });
  });
});

describe("a Clever session on LMS-only pages", () => {
  it("attack: a Clever teacher's ltik on Deep Linking and the LMS roster's Sync now -> refused, nothing scheduled", async () => {
    const { page } = await signIn(a, teacherA);
    const opened = await postForm(url("/clever/open"), openClassForm(page.body, await courseOf(bioA)));
    const course = await getPage(opened.location!);
    expect(course.status).toBe(200);
    const ltik = ltikOf(opened.location!);
    const { fields } = formFields(course.body, "/course/space-code");
    const before = await effects();
    for (const refused of [
      await getPage(url(`/deep-link?ltik=${encodeURIComponent(ltik)}`)),
      await postForm(url("/deep-link"), { ...fields, ltik }),
      await postForm(url("/course/roster/sync"), { ...fields, ltik }),
    ]) {
      expect(refused.status).toBe(403);
      expect(kit.lti.rejections().at(-1)?.reason).toBe("lti_only");
    }
    expect(await effects()).toEqual(before);
  });
});

describe("sessions after sign-in", () => {
  it("attack: a class opened again and again to renew an ltik -> the class's session ends with the sign-in's", async () => {
    const { page, ltik } = await signIn(a, teacherA);
    const fields = openClassForm(page.body, await courseOf(bioA));
    kit.lti.clock.offsetMs = 100 * 60_000;
    try {
      const opened = await postForm(url("/clever/open"), fields);
      expect(opened.status).toBe(303);
      const classLtik = ltikOf(opened.location!);
      expect((await getPage(opened.location!)).status).toBe(200);
      // Past the sign-in's 120 minutes, the class opened at minute 100 has ended with it.
      kit.lti.clock.offsetMs = 121 * 60_000;
      for (const refused of [
        await getPage(url(`/course?ltik=${encodeURIComponent(classLtik)}`)),
        await postForm(url("/clever/open"), { ...fields, ltik: classLtik }),
        await getPage(url(`/clever/home?ltik=${encodeURIComponent(ltik)}`)),
      ]) {
        expect(refused.status).toBe(401);
        expect(kit.lti.rejections().at(-1)?.reason).toBe("session_expired");
      }
    } finally {
      kit.lti.clock.offsetMs = 0;
    }
  });

  it("attack: pages kept open after the district was disconnected -> refused at once; its admin keeps the district page", async () => {
    const d = kit.clever.addDistrict({ name: "Capital City Unified" });
    const teacher = addUser(d, { roles: ["teacher"] });
    const admin = addUser(d, { roles: ["district_admin"] });
    const section = addSection(d, { name: "Civics", teachers: [teacher.id], students: [] });
    const summary = await kit.roster(d);
    const { page, ltik } = await signIn(d, teacher);
    const fields = openClassForm(page.body, await courseOf(section));
    const opened = await postForm(url("/clever/open"), fields);
    const classLtik = ltikOf(opened.location!);
    const adminSession = await signIn(d, admin);
    await disconnectDistrict(db(), summary.id, "Clever revoked the token.");
    const before = await effects();
    for (const refused of [
      await getPage(url(`/clever/home?ltik=${encodeURIComponent(ltik)}`)),
      await postForm(url("/clever/open"), fields),
      await getPage(url(`/course?ltik=${encodeURIComponent(classLtik)}`)),
      await getPage(url(`/course/roster?ltik=${encodeURIComponent(classLtik)}`)),
      await getPage(url(`/learn?ltik=${encodeURIComponent(classLtik)}`)),
    ]) {
      expect(refused.status).toBe(403);
      expect(textOf(refused.body)).toContain("was disconnected");
    }
    expect(await effects()).toEqual(before);
    const districtPage = await getPage(url(`/clever/district?ltik=${encodeURIComponent(adminSession.ltik)}`));
    expect(districtPage.status).toBe(200);
    expect(districtPage.body).toContain("/clever/district/connect");
  });
});

describe("forged ltiks", () => {
  /** Every page a session reaches, GET and POST, on the Clever and the LMS side. */
  const ROUTES: Array<["GET" | "POST", string]> = [
    ["GET", "/"],
    ["GET", "/clever/home"],
    ["POST", "/clever/open"],
    ["GET", "/clever/district"],
    ["POST", "/clever/district/sync"],
    ["POST", "/clever/district/connect"],
    ["GET", "/course"],
    ["POST", "/course/space-code"],
    ["GET", "/course/roster"],
    ["GET", "/learn"],
    ["POST", "/learn/link-code"],
    ["GET", "/deep-link"],
  ];

  function b64url(value: unknown): string {
    return Buffer.from(JSON.stringify(value)).toString("base64url");
  }

  function claimsOf(ltik: string): Record<string, unknown> {
    return JSON.parse(Buffer.from(ltik.split(".")[1]!, "base64url").toString("utf8")) as Record<
      string,
      unknown
    >;
  }

  /** The ltik with one character of its signature changed (not the last, whose low bits are padding). */
  function tamperSignature(ltik: string): string {
    const [head, body, signature] = ltik.split(".") as [string, string, string];
    const swapped = signature[4] === "A" ? "B" : "A";
    return `${head}.${body}.${signature.slice(0, 4)}${swapped}${signature.slice(5)}`;
  }

  async function signedWith(key: string, claims: Record<string, unknown>): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(key));
  }

  /** Sends `ltik` (or none) the ways ltijs reads it: the query or form, or an Authorization header. */
  async function send(
    method: "GET" | "POST",
    path: string,
    ltik: string | undefined,
    csrf: string,
    inHeader: boolean,
  ) {
    const headers: Record<string, string> = inHeader && ltik ? { authorization: `Bearer ${ltik}` } : {};
    const query = !inHeader && ltik && method === "GET" ? `?ltik=${encodeURIComponent(ltik)}` : "";
    const form = new URLSearchParams({
      csrf,
      courseId: "00000000-0000-4000-8000-000000000000",
      ...(!inHeader && ltik ? { ltik } : {}),
    });
    const response = await fetch(url(`${path}${query}`), {
      method,
      redirect: "manual",
      headers: {
        ...headers,
        ...(method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      ...(method === "POST" ? { body: form.toString() } : {}),
    });
    return { status: response.status, body: await response.text() };
  }

  it("attack: no ltik, a tampered, re-signed, unsigned, retargeted or expired one, or an LMS session's, on every Clever and LMS page -> refused before any page", async () => {
    const { ltik } = await signIn(a, adminA);
    const districtPage = await getPage(url(`/clever/district?ltik=${encodeURIComponent(ltik)}`));
    const csrf = formFields(districtPage.body, "/clever/district/sync").fields.csrf!;
    const claims = claimsOf(ltik);
    const lmsLtik = ltikOf(lmsPageUrl);
    const [head, , signature] = ltik.split(".");
    const forged: Record<string, string | undefined> = {
      none: undefined,
      "signature tampered": tamperSignature(ltik),
      "claims changed (another person), signature kept": `${head}.${b64url({ ...claims, user: teacherA.id })}.${signature}`,
      "signed with another key": await signedWith("an-attacker-key-0123456789abcdef0123456789", claims),
      "unsigned (alg none)": `${b64url({ alg: "none", typ: "JWT" })}.${b64url(claims)}.`,
      "an LMS session's ltik, signature tampered": tamperSignature(lmsLtik),
      "an LMS session's claims, re-signed with another key": await signedWith(
        "an-attacker-key-0123456789abcdef0123456789",
        claimsOf(lmsLtik),
      ),
      "not a JWT": "not-an-ltik",
    };
    const before = await effects();
    const served: string[] = [];
    for (const [what, forgedLtik] of Object.entries(forged)) {
      for (const [method, path] of ROUTES) {
        for (const inHeader of [false, true]) {
          const answer = await send(method, path, forgedLtik, csrf, inHeader);
          if (answer.status !== 401 || answer.body.includes("Gary")) {
            served.push(`${what} ${method} ${path}${inHeader ? " (header)" : ""}: ${answer.status}`);
          }
        }
      }
    }
    expect(served).toEqual([]);

    // The real ltik, once its session has expired.
    kit.lti.clock.offsetMs = 121 * 60_000;
    try {
      for (const [method, path] of ROUTES) {
        const answer = await send(method, path, ltik, csrf, false);
        if (answer.status !== 401) served.push(`expired ${method} ${path}: ${answer.status}`);
      }
    } finally {
      kit.lti.clock.offsetMs = 0;
    }
    expect(served).toEqual([]);
    expect(kit.lti.rejections().at(-1)?.reason).toBe("session_expired");

    // An LMS session's real ltik on the Clever pages: the session is checked, then refused as the wrong kind.
    const lmsCsrf = formFields((await getPage(lmsPageUrl)).body, "/course/space-code").fields.csrf!;
    for (const [method, path] of ROUTES.filter(([, p]) => p.startsWith("/clever/"))) {
      const answer = await send(method, path, lmsLtik, lmsCsrf, false);
      if (answer.status !== 403) served.push(`LMS session ${method} ${path}: ${answer.status}`);
      expect(kit.lti.rejections().at(-1)?.reason).toBe("clever_only");
    }
    expect(served).toEqual([]);
    expect(await effects()).toEqual(before);
    expect(await findDistrict(db(), { provider: "CLEVER", externalId: a.id })).toMatchObject({
      status: "CONNECTED",
    });
  });
});
