// Issue 12 walked as its people would, across the parts that built it: an operator connects a Clever
// district with `studyhall clever connect` and syncs it; the teacher signs in from the Clever Portal,
// opens their section and links a Slack channel to it with the course page's code; students of the
// section join their Slack accounts to their Clever ones with their class page's code (one after asking
// in the channel first), ask the tutor and play a quiz there, all of it landing on the people the roster
// sync made; the district takes a student out of the section and the next `studyhall clever sync` shuts
// the class page and the channel to her; the district puts her back and the server's own sync job lets
// her in again; a data request by her Clever id finds her Slack side. Last, a district without Clever
// imports its OneRoster files beside it (dry run, bulk, delta, a malformed set refused) and the operator
// links one of two same-named classes to a Slack channel.
//
// One process runs both front ends on one database, as `npm start` does: the real LTI tool (ltijs,
// express) with Clever configured from the environment the app reads, and the real Slack front end (Bolt
// over HTTP). The operator's `studyhall` commands are the real bin in its own process on Postgres, as an
// operator runs them beside the server; on the embedded database, which one process owns, they are the
// same commands' functions run in this process on it, with the config the bin loads from the same
// environment. Either way the bin's key (STUDYHALL_SECRET_KEY) seals the district's token and the
// server's own sync job opens it.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  type Actor,
  createAi,
  createJobRunner,
  describeMember,
  isAppError,
  listDistricts,
  openSecretBox,
  recentQuizResults,
  resolveUser,
  saveQuiz,
  silentLogger,
} from "@studyhall/core";
import { CLEVER_SYNC_QUEUE, ltiPrivacyEraser, requestDistrictSync } from "@studyhall/lti";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleverConnect, cleverSync } from "../../app/src/cli/clever-commands.ts";
import { rootDir } from "../../app/src/cli/cli-context.ts";
import { courseList } from "../../app/src/cli/commands.ts";
import { courseLinkCode } from "../../app/src/cli/course-link-code.ts";
import { privacyExport } from "../../app/src/cli/privacy-commands.ts";
import { rosterImport } from "../../app/src/cli/roster-commands.ts";
import { loadConfig } from "../../app/src/config.ts";
import type { Services } from "../../app/src/services.ts";
import {
  buttonId,
  clickAndRead,
  commandAndRead,
  waitForBoard,
} from "../../bots/slack/src/testing/quiz-test-kit.ts";
import {
  startTestSlackApp,
  TEAM_A,
  type TestSlackApp,
} from "../../bots/slack/src/testing/start-test-slack-app.ts";
import { openClassForm } from "../../lti/src/testing/clever-test-kit.ts";
import {
  formFields,
  getPage,
  type PageResponse,
  postForm,
  textOf,
} from "../../lti/src/testing/page-client.ts";
import { startTestLti, type TestLti } from "../../lti/src/testing/start-test-lti.ts";
import { sampleMaterial } from "../support/course-fixtures.ts";
import { addSection, addUser } from "../support/fake-clever-fixtures.ts";
import {
  type FakeClever,
  type FakeCleverDistrict,
  type FakeSection,
  type FakeUser,
  startFakeClever,
} from "../support/fake-clever-server.ts";
import type { SlackApiCall } from "../support/fake-slack-web-api.ts";
import {
  malformedSet,
  oneRosterZip,
  smallBulkSet,
  smallDeltaSet,
  writeOneRosterFolder,
} from "../support/oneroster-fixtures.ts";
import { runCli } from "../support/run-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

const CHANNEL = "C0BIOLOGY";
const EDNA_SLACK = "U0EDNA"; // the teacher's Slack account: no workspace admin
const LISA_SLACK = "U0LISA";
const BART_SLACK = "U0BART";
const SECRET_KEY = "5f0c9a1e7d2b4c6a8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b";

let clever: FakeClever;
let district: FakeCleverDistrict;
let edna: FakeUser;
let lisa: FakeUser;
let bart: FakeUser;
let biology: FakeSection;
let lti: TestLti;
let slack: TestSlackApp;
let cli: Services;
let database: TestDatabase;
/** The operator's environment: what the app and the bin read. */
let env: Record<string, string>;
let tmp: string;
/** What the walk carries from one step to the next. */
const walk = {
  districtId: "",
  courseId: "",
  lisaUserId: "",
  lisaClassUrl: "",
  lisaOpenForm: {} as Record<string, string>,
};

const db = () => lti.database.prisma;
const codeOn = (html: string) => /<span class="code">([A-Z0-9-]+)<\/span>/.exec(html)?.[1] ?? "";
const lisaInSlack = (): Actor => ({ platform: "SLACK", tenant: TEAM_A.teamId, externalId: LISA_SLACK });
const inClever = (user: FakeUser): Actor => ({
  platform: "CLEVER",
  tenant: district.id,
  externalId: user.id,
});
const say = async (user: string, text: string) => (await commandAndRead(slack, user, CHANNEL, text)).text;

type Io = { out: NodeJS.WritableStream; err: NodeJS.WritableStream };

/**
 * `studyhall <args>` as the operator runs it: the real bin on this database when another process can
 * reach it (Postgres), else `inProcess`, the same command's function, here. Its exit code and its output.
 * `here` runs a command whose bin path other tests walk in this process anyway, to keep the file quick.
 */
async function studyhall(
  args: string[],
  inProcess: (io: Io) => Promise<unknown>,
  options: { here?: boolean } = {},
): Promise<{ code: number | null; out: string }> {
  if (database.url && !options.here) {
    const run = await runCli(args, { ...env, DATABASE_URL: database.url }, 120_000);
    return { code: run.code, out: `${run.stdout}${run.stderr}` };
  }
  const chunks: string[] = [];
  const out = { write: (chunk: string) => chunks.push(chunk) > 0 } as unknown as NodeJS.WritableStream;
  try {
    const ok = await inProcess({ out, err: out });
    return { code: ok === false ? 1 : 0, out: chunks.join("") };
  } catch (error) {
    // What the bin's main does with a refusal: its sentence on stderr, exit 1.
    if (!isAppError(error)) throw error;
    return { code: 1, out: `${chunks.join("")}${error.userMessage}\n` };
  }
}

/** A `studyhall` command that must succeed: its output. */
async function operator(
  args: string[],
  inProcess: (io: Io) => Promise<unknown>,
  options: { here?: boolean } = {},
): Promise<string> {
  const { code, out } = await studyhall(args, inProcess, options);
  expect(code, `studyhall ${args.join(" ")}\n${out}`).toBe(0);
  return out;
}

/** Clever's redirect back to the app from the Clever Portal: a code for the person and no state. */
async function portalSignIn(user: FakeUser): Promise<PageResponse> {
  const callback = `${lti.toolUrl}/clever/callback`;
  const code = clever.issueCode({ districtId: district.id, userId: user.id, redirectUri: callback });
  const back = await getPage(`${callback}?code=${encodeURIComponent(code)}`);
  expect(back.status, textOf(back.body)).toBe(303);
  const home = await getPage(back.location!);
  expect(home.status).toBe(200);
  return home;
}

async function openClass(home: PageResponse, courseId: string): Promise<PageResponse> {
  const opened = await postForm(`${lti.toolUrl}/clever/open`, openClassForm(home.body, courseId));
  expect(opened.status, textOf(opened.body)).toBe(303);
  return getPage(opened.location!);
}

/** Polls `check` until it holds (no fixed sleeps). */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const end = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The person's link code from their class page, opened from their Clever classes. */
async function classLinkCode(user: FakeUser): Promise<string> {
  const classPage = await openClass(await portalSignIn(user), walk.courseId);
  const { action, fields } = formFields(classPage.body, "/learn/link-code");
  const code = codeOn((await postForm(action, fields)).body);
  expect(code).not.toBe("");
  return code;
}

let eventTs = 1_700_009_000;
/** A message to the app (an @mention in the channel, or a DM): what the app sent back, as Slack got it. */
async function message(user: string, text: string, where: "channel" | "dm"): Promise<SlackApiCall[]> {
  const mark = slack.api.calls.length;
  const ts = `${++eventTs}.000100`;
  await slack.event(
    where === "channel"
      ? { type: "app_mention", user, text: `<@${TEAM_A.botUserId}> ${text}`, ts, channel: CHANNEL }
      : { type: "message", channel_type: "im", user, text, ts, channel: `D${user}` },
  );
  await slack.frontEnd.idle();
  return slack.api.calls
    .slice(mark)
    .filter((c) => ["chat.postMessage", "chat.update", "chat.postEphemeral"].includes(c.method));
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "studyhall-flow-clever-"));
  clever = await startFakeClever();
  district = clever.addDistrict({ name: "Springfield Unified" });
  edna = addUser(district, { roles: ["teacher"], name: { first: "Edna", last: "Krabappel" } });
  lisa = addUser(district, { roles: ["student"], name: { first: "Lisa", last: "Simpson" }, email: null });
  bart = addUser(district, { roles: ["student"], name: { first: "Bart", last: "Simpson" } });
  biology = addSection(district, { name: "Biology", teachers: [edna.id], students: [lisa.id, bart.id] });
  addSection(district, { name: "Chemistry", teachers: [edna.id], students: [bart.id] });
  // The district has events turned on: the first sync keeps a cursor for the next one.
  clever.emit(district.id, "users.updated", { ...edna });

  env = {
    DATA_DIR: tmp,
    STUDYHALL_SECRET_KEY: SECRET_KEY,
    CLEVER_CLIENT_ID: clever.clientId,
    CLEVER_CLIENT_SECRET: clever.clientSecret,
    CLEVER_API_URL: clever.url,
    CLEVER_OAUTH_URL: clever.url,
  };
  const config = loadConfig(env, { isTty: false, rootDir });
  expect(config.clever).toBeDefined();
  // The server opens its key as the app's services do; the CLI in this process opens it again.
  const keys = { ...config.secrets, keyFileDir: tmp };
  const quiet = silentLogger();
  database = await createTestDatabase();
  lti = await startTestLti({
    database,
    clever: { ...config.clever! },
    secrets: await openSecretBox(keys, quiet),
  });
  slack = await startTestSlackApp({ database: lti.database, erasers: [ltiPrivacyEraser] });
  slack.api.setHandler("conversations.members", (call: SlackApiCall) =>
    call.args.channel === CHANNEL
      ? { ok: true, members: [EDNA_SLACK, LISA_SLACK, BART_SLACK], response_metadata: { next_cursor: "" } }
      : { ok: false, error: "channel_not_found" },
  );
  slack.api.setProfile(TEAM_A.teamId, LISA_SLACK, { realName: "Lisa S", displayName: "lisa", email: "" });
  // The CLI's services on this deployment's database, with the box the bin opens.
  cli = {
    ...lti.deps,
    secrets: await openSecretBox(keys, quiet),
    config,
    logger: lti.deps.logger,
    database: lti.database,
    ai: createAi(config.ai),
    secretTables: [],
    close: async () => {},
  };
});
afterAll(async () => {
  await slack?.close();
  await lti?.close();
  await database?.close();
  await clever?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe("a Clever district from the operator's terminal to a Slack channel and out again", {
  timeout: 300_000,
}, () => {
  it("1. the operator connects every district that authorised the app and syncs it", async () => {
    const connected = await operator(["clever", "connect"], (io) => cleverConnect(cli, {}, io));
    expect(connected).toContain(`Connected Springfield Unified (Clever district ${district.id})`);

    const synced = await operator(["clever", "sync"], (io) => cleverSync(cli, {}, io));
    expect(synced).toMatch(/^Springfield Unified: full sync done in \d+\.\d s$/m);
    expect(synced).toContain("classes: 2 added, 0 updated, 0 removed, 0 restored, 0 unchanged");
    expect(synced).toContain("enrolments: 5 added, 0 removed, 0 restored, 0 role changes");
    expect(synced).toContain("people: 3 added");
    const [summary] = await listDistricts(db());
    expect(summary).toMatchObject({ provider: "CLEVER", status: "CONNECTED", sections: 2 });
    expect(summary!.eventCursorAt).not.toBeNull();

    walk.lisaUserId = (await resolveUser(db(), inClever(lisa))).userId;
    walk.courseId = (
      await db().rosterSection.findFirstOrThrow({ where: { externalId: biology.id } })
    ).courseId;
  });

  it("2-3. the teacher signs in from the Clever Portal, opens Biology and links the Slack channel with its code", async () => {
    const home = await portalSignIn(edna);
    expect(textOf(home.body)).toContain("Classes you teach");
    expect(textOf(home.body)).toMatch(/Biology[\s\S]*Chemistry|Chemistry[\s\S]*Biology/);
    const coursePage = await openClass(home, walk.courseId);
    expect(new URL(coursePage.url).pathname).toBe("/lti/course");
    expect(textOf(coursePage.body)).toContain("course staff");

    // The teacher's notes, uploaded on the course page as its script does.
    const upload = formFields(coursePage.body, "/course/materials");
    const form = new FormData();
    for (const [key, value] of Object.entries(upload.fields)) form.set(key, value);
    form.set(
      "file",
      new Blob([new Uint8Array(await sampleMaterial())], { type: "text/markdown" }),
      "cells.md",
    );
    const uploaded = await fetch(upload.action, {
      method: "POST",
      headers: { accept: "application/json", "x-csrf-token": upload.fields.csrf! },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    // The upload answers once the file is stored; the material is ready when its indexing is done.
    await eventually(
      async () => (await db().material.count({ where: { courseId: walk.courseId, status: "READY" } })) === 1,
      "the material to be ready",
    );

    const spaceForm = formFields(coursePage.body, "/course/space-code");
    const code = codeOn((await postForm(spaceForm.action, spaceForm.fields)).body);
    expect(code).not.toBe("");
    expect(await say(EDNA_SLACK, `setup code ${code}`)).toMatch(/now linked to \*Biology\*/);
    // The channel went to the section's course; no second course was made.
    expect(await db().course.count()).toBe(2);
    expect(
      (await db().courseSpace.findFirstOrThrow({ where: { platform: "SLACK", externalId: CHANNEL } }))
        .courseId,
    ).toBe(walk.courseId);
  });

  it("4. students join their Slack accounts to their Clever ones; the tutor and the quiz land on the roster's people", async () => {
    const home = await portalSignIn(lisa);
    expect(textOf(home.body)).not.toContain("Chemistry");
    walk.lisaOpenForm = openClassForm(home.body, walk.courseId);
    const classPage = await openClass(home, walk.courseId);
    expect(new URL(classPage.url).pathname).toBe("/lti/learn");
    walk.lisaClassUrl = classPage.url;
    const linkForm = formFields(classPage.body, "/learn/link-code");
    const code = codeOn((await postForm(linkForm.action, linkForm.fields)).body);
    expect(code).not.toBe("");

    expect(await say(LISA_SLACK, `link ${code}`)).toMatch(
      /Linked\. .* shared across CLEVER, SLACK\. Courses: Biology\./,
    );
    expect((await resolveUser(db(), lisaInSlack())).userId).toBe(walk.lisaUserId);
    expect(await say(LISA_SLACK, "me")).toContain("Biology");

    // She asks the tutor in the channel: the answer is posted there, the question is hers.
    const posts = slack.api.calls.length;
    expect((await slack.command(LISA_SLACK, CHANNEL, "ask What makes ATP?")).status).toBe(200);
    await slack.frontEnd.idle();
    const answer = slack.api.calls
      .slice(posts)
      .filter((c) => ["chat.postMessage", "chat.update"].includes(c.method) && c.args.channel === CHANNEL)
      .at(-1);
    expect(JSON.stringify(answer?.args ?? {})).toMatch(/mitochondri/i);
    // Seen from her Clever identity, she is the one who asked.
    expect((await describeMember(db(), inClever(lisa))).questionsAsked).toBe(1);

    // Bart asks in the channel before he links: he joins as a Slack person, then links, and his
    // question, his place in Biology and his Chemistry class are all one person's: the roster's Bart.
    const beforeLink = await message(BART_SLACK, "What makes ATP?", "channel");
    expect(JSON.stringify(beforeLink.at(-1)?.args ?? {})).toMatch(/mitochondri/i);
    expect(await say(BART_SLACK, `link ${await classLinkCode(bart)}`)).toMatch(
      /Linked\. .* Courses: Biology, Chemistry\./,
    );
    const bartUserId = (await resolveUser(db(), inClever(bart))).userId;
    expect(
      (
        await resolveUser(db(), {
          ...inClever(bart),
          platform: "SLACK",
          tenant: TEAM_A.teamId,
          externalId: BART_SLACK,
        })
      ).userId,
    ).toBe(bartUserId);
    expect((await describeMember(db(), inClever(bart))).questionsAsked).toBe(1);
    expect(
      await db().enrollment.findMany({ where: { userId: bartUserId }, orderBy: { courseId: "asc" } }),
    ).toEqual([
      expect.objectContaining({ source: "CLEVER", role: "STUDENT", removedAt: null }),
      expect.objectContaining({ source: "CLEVER", role: "STUDENT", removedAt: null }),
    ]);

    // The teacher hosts a quiz in the channel; Lisa answers it right.
    const { quizId } = await saveQuiz(db(), {
      courseId: walk.courseId,
      origin: "AUTHORED",
      approved: true,
      title: "Cells check",
      questions: [
        {
          kind: "SINGLE_CHOICE",
          prompt: "What makes ATP?",
          choices: ["Nucleus", "Mitochondria"],
          correctChoices: [1],
          timeLimitSec: 30,
        },
      ],
    });
    expect(await say(EDNA_SLACK, `quiz start ${quizId}`)).toMatch(/lobby is open/);
    const lobby = await waitForBoard(slack, CHANNEL, (text) => text.includes("Join"));
    expect((await clickAndRead(slack, LISA_SLACK, CHANNEL, buttonId(lobby.blocks, "Join"))).text).toMatch(
      /You're in!/,
    );
    await slack.frontEnd.idle();
    await clickAndRead(slack, EDNA_SLACK, CHANNEL, buttonId(lobby.blocks, "Start"));
    const question = await waitForBoard(slack, CHANNEL, (text) => text.includes("Question 1 of 1"));
    await clickAndRead(slack, LISA_SLACK, CHANNEL, buttonId(question.blocks, "B. Mitochondria"));
    await clickAndRead(slack, EDNA_SLACK, CHANNEL, buttonId(question.blocks, "End quiz"));
    await waitForBoard(slack, CHANNEL, (text) => text.includes("final results"));
    const results = await recentQuizResults(db(), walk.lisaUserId);
    expect(results).toEqual([expect.objectContaining({ quizTitle: "Cells check", correct: 1 })]);
    // The roster's person is the only Lisa: no second user appeared for her Slack account.
    expect(await db().identity.count({ where: { userId: walk.lisaUserId } })).toBe(2);
  });

  it("5. the district takes her out of Biology: after `studyhall clever sync` the class page and the channel are shut", async () => {
    const questionsBefore = await db().message.count({
      where: { role: "USER", conversation: { courseId: walk.courseId, userId: walk.lisaUserId } },
    });
    clever.emit(
      district.id,
      "sections.updated",
      { ...biology, students: [bart.id] },
      { students: [lisa.id, bart.id] },
    );
    const synced = await operator(["clever", "sync"], (io) => cleverSync(cli, {}, io));
    expect(synced).toMatch(/^Springfield Unified: events done in \d+\.\d s$/m);
    expect(synced).toContain("enrolments: 0 added, 1 removed, 0 restored, 0 role changes");

    // The Clever side: no class to open, the form from before refused, the open class page shut.
    const home = await portalSignIn(lisa);
    expect(textOf(home.body)).toContain("No classes yet");
    const refused = await postForm(`${lti.toolUrl}/clever/open`, walk.lisaOpenForm);
    expect(refused.status).toBe(403);
    expect(textOf(refused.body)).toContain("You are not in this class");
    const stale = await getPage(walk.lisaClassUrl);
    expect(stale.status).toBe(403);
    expect(textOf(stale.body)).toContain("You are not a member of this course.");

    // The chat side: the channel's course no longer counts her in, and says so, however she asks.
    const removed = `Your district's Clever roster no longer lists you in "Biology", so you can't use it here.`;
    expect(await say(LISA_SLACK, "ask What is a ribosome?")).toContain(removed);
    const mentioned = await message(LISA_SLACK, "What is a ribosome?", "channel");
    expect(mentioned.map((c) => c.method)).toEqual(["chat.postEphemeral"]);
    expect(mentioned[0]!.args).toMatchObject({ user: LISA_SLACK, text: expect.stringContaining(removed) });
    const lobbyJoin = await say(LISA_SLACK, "quiz start");
    expect(lobbyJoin).toContain(removed);
    const dm = await message(LISA_SLACK, "What is a ribosome?", "dm");
    // A DM finds no course of hers, and says where a Clever student's code comes from.
    expect(dm.map((c) => c.args.text)).toEqual([
      expect.stringMatching(/not in a course yet.*LMS or Clever account .*on your class page/),
    ]);
    expect(await say(LISA_SLACK, "me")).not.toContain("Biology");
    expect(
      await db().message.count({
        where: { role: "USER", conversation: { courseId: walk.courseId, userId: walk.lisaUserId } },
      }),
    ).toBe(questionsBefore);
    // The teacher's roster shows her removed by Clever, her Slack account still linked to her.
    const coursePage = await openClass(await portalSignIn(edna), walk.courseId);
    const roster = textOf(
      (await getPage(coursePage.url.replace("/lti/course?", "/lti/course/roster?"))).body,
    );
    expect(roster).toContain("This course's roster comes from Clever");
    expect(roster).toContain("Active members first, then people Clever no longer lists");
    expect(roster).toMatch(
      /Lisa Simpson Student Removed on \d{4}-\d\d-\d\d \(history kept\) Clever Slack \(lisa\)/,
    );
    // Her history stays until the retention rules delete it; her lists show only classes she is in.
    expect(await db().quizResult.count({ where: { userId: walk.lisaUserId } })).toBe(1);
    expect(await recentQuizResults(db(), walk.lisaUserId)).toEqual([]);
    // A data request names her by her Clever id, as the README says, and finds her Slack side too.
    const key = `clever:${district.id}:${lisa.id}`;
    const exported = await operator(
      ["privacy", "export", "--user", key],
      (io) => privacyExport(cli, key, undefined, io),
      { here: true },
    );
    for (const held of [LISA_SLACK, "What makes ATP?", "Cells check", "Biology"])
      expect(exported).toContain(held);
  });

  it("5b. the district puts her back: the server's own sync job (Sync now) opens the class and the channel again", async () => {
    clever.emit(
      district.id,
      "sections.updated",
      { ...biology, students: [lisa.id, bart.id] },
      { students: [bart.id] },
    );
    // The district page's "Sync now" asks for this; the app's job runner runs it with the server's key.
    const [summary] = await listDistricts(db());
    expect(await requestDistrictSync({ db: db() }, { districtId: summary!.id, trigger: "page" })).toEqual({
      status: "scheduled",
    });
    const runner = createJobRunner({
      db: db(),
      logger: silentLogger(),
      handlers: { [CLEVER_SYNC_QUEUE]: lti.frontEnd.jobHandlers[CLEVER_SYNC_QUEUE]! },
    });
    expect(await runner.runDue()).toBe(1);
    const [latest] = await listDistricts(db());
    expect(latest!.lastRun).toMatchObject({ status: "SUCCEEDED", kind: "EVENTS" });
    expect(latest!.lastRun!.report!.enrollments).toMatchObject({ restored: 1, removed: 0 });

    const home = await portalSignIn(lisa);
    expect(textOf(home.body)).toContain("Biology");
    expect((await openClass(home, walk.courseId)).status).toBe(200);
    const answered = await message(LISA_SLACK, "What makes ATP?", "channel");
    expect(JSON.stringify(answered.at(-1)?.args ?? {})).toMatch(/mitochondri/i);
    expect(await recentQuizResults(db(), walk.lisaUserId)).toHaveLength(1);
  });

  it("6. a district without Clever: a OneRoster zip dry-run, imported, a delta, and a malformed set refused", async () => {
    const zip = path.join(tmp, "shelbyville.zip");
    await writeFile(zip, oneRosterZip(smallBulkSet(), "oneroster"));
    const district = "Shelbyville Schools";
    const courses = await db().course.count();

    const dry = await operator(["roster", "import", zip, "--district", district, "--dry-run"], (io) =>
      rosterImport(cli, zip, { district, dryRun: true }, io),
    );
    expect(dry).toContain(
      "Dry run, nothing was changed. Importing this bulk set into Shelbyville Schools (shelbyville-schools), a new district would change:",
    );
    expect(dry).toContain("Classes: 3 added, 0 updated, 0 removed, 0 restored, 0 unchanged");
    expect(await db().course.count()).toBe(courses);

    const imported = await operator(["roster", "import", zip, "--district", district], (io) =>
      rosterImport(cli, zip, { district, dryRun: false }, io),
    );
    expect(imported).toMatch(/^Imported the bulk set into Shelbyville Schools \(shelbyville-schools\)/);
    expect(imported).toContain("Enrolments: 11 added");
    expect(await db().course.count()).toBe(courses + 3);

    const delta = await writeOneRosterFolder(path.join(tmp, "delta"), smallDeltaSet());
    const changed = await operator(["roster", "import", delta, "--district", district], (io) =>
      rosterImport(cli, delta, { district, dryRun: false }, io),
    );
    expect(changed).toMatch(/^Imported the delta set into Shelbyville Schools/);
    expect(changed).toContain("Classes: 0 added, 1 updated, 0 removed");
    expect(changed).toContain("Enrolments: 1 added, 1 removed");

    const before = {
      courses: await db().course.count(),
      enrollments: await db().enrollment.findMany({ orderBy: { id: "asc" } }),
      runs: await db().rosterSyncRun.count(),
    };
    const malformed = malformedSet();
    const broken = await writeOneRosterFolder(path.join(tmp, "broken"), malformed.files);
    const refusal = await studyhall(["roster", "import", broken, "--district", district], (io) =>
      rosterImport(cli, broken, { district, dryRun: false }, io),
    );
    expect(refusal.code).toBe(1);
    expect(refusal.out).toContain("This OneRoster file set cannot be imported, so nothing was changed");
    for (const problem of malformed.problems) expect(refusal.out).toContain(problem);
    expect({
      courses: await db().course.count(),
      enrollments: await db().enrollment.findMany({ orderBy: { id: "asc" } }),
      runs: await db().rosterSyncRun.count(),
    }).toEqual(before);
    // The operator tells the two "Algebra I - Period 1" classes apart by school and links one to a
    // Slack channel with its code (OneRoster teachers have no sign-in, so the code comes from the CLI).
    const listed = await operator(
      ["course", "list"],
      (io) => courseList(cli, io as Parameters<typeof courseList>[1]),
      { here: true },
    );
    const middle =
      /^(\S+)\tAlgebra I - Period 1\t.*\tShelbyville Middle · Fall 2026 · Shelbyville Schools$/m.exec(listed);
    expect(listed).toMatch(
      /^\S+\tAlgebra I - Period 1\t.*\tSpringfield High · Fall 2026, Spring 2027 · Shelbyville Schools$/m,
    );
    expect(listed).toMatch(/^\S+\tBiology\t.*\tLincoln High · Springfield Unified$/m);
    expect(middle, listed).not.toBeNull();
    const printed = await operator(
      ["course", "code", middle![1]!],
      (io) => courseLinkCode(cli, middle![1]!, io),
      { here: true },
    );
    const code = /\/studyhall setup code (\S+)/.exec(printed)?.[1];
    expect(code, printed).toBeDefined();
    const linked = await commandAndRead(slack, TEAM_A.admins[0]!, "C0ALGEBRA", `setup code ${code}`);
    expect(linked.text).toMatch(/now linked to \*Algebra I - Period 1\*/);
    const section = await db().rosterSection.findFirstOrThrow({ where: { externalId: "cls-alg-m" } });
    expect(
      (await db().courseSpace.findFirstOrThrow({ where: { platform: "SLACK", externalId: "C0ALGEBRA" } }))
        .courseId,
    ).toBe(section.courseId);

    // The Clever class was left alone by all of it: Edna (her Clever and Slack accounts, not linked),
    // Lisa and Bart.
    expect(await db().enrollment.count({ where: { courseId: walk.courseId, removedAt: null } })).toBe(4);
  });
});
