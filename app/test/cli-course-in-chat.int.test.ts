// The README's path from the terminal to a Slack channel and back out: a course made and filled with
// the CLI, linked to a channel with the CLI's code, unlinked, and the channel linked to another course.
// The CLI's own functions run on the Slack harness's database, as `npm start` and the CLI share one.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ingestMaterial } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockKitText } from "../../bots/slack/src/render/block-kit-text.ts";
import type { SlackBlock } from "../../bots/slack/src/render/to-block-kit.ts";
import {
  startTestSlackApp,
  TEAM_A,
  type TestSlackApp,
} from "../../bots/slack/src/testing/start-test-slack-app.ts";
import { sampleMaterial } from "../../test/support/course-fixtures.ts";
import { runCli } from "../../test/support/run-process.ts";
import { courseCreate } from "../src/cli/commands.ts";
import { courseLinkCode } from "../src/cli/course-link-code.ts";

const ADMIN = "U0ADMINA";
const STUDENT = "U0STU1";
const CHANNEL = "C0CLI";
let t: TestSlackApp;

function capture() {
  const chunks: string[] = [];
  const out = { write: (chunk: string) => chunks.push(chunk) > 0 };
  return {
    io: { out, err: out } as unknown as Parameters<typeof courseCreate>[3],
    text: () => chunks.join(""),
  };
}

async function run(user: string, text: string, channel = CHANNEL, teamId = TEAM_A.teamId) {
  const result = await t.command(user, channel, text, teamId);
  expect(result.status).toBe(200);
  await t.frontEnd.idle();
  const pathname = new URL(result.responseUrl).pathname;
  const response = await t.api.waitForResponse((r) => r.path === pathname);
  return blockKitText((response.body.blocks ?? []) as SlackBlock[]);
}

beforeAll(async () => {
  t = await startTestSlackApp();
});
afterAll(() => t?.close());

describe("a CLI course in a Slack channel: setup, unlink, setup another", () => {
  it("links the channel to the CLI's course by its code, unlinks it, and links it to a new course", async () => {
    const services = { database: t.database };
    const created = capture();
    // courseCreate reads only the database of the CLI's services.
    const cliServices = services as unknown as Parameters<typeof courseCreate>[0];
    await courseCreate(cliServices, "Biology 101", undefined, created.io);
    expect(created.text()).toContain("(biology-101)");
    const course = await t.deps.db.course.findFirstOrThrow({ where: { slug: "biology-101" } });
    await ingestMaterial(
      { courseId: course.id, data: await sampleMaterial(), fileName: "cell-biology.md" },
      t.deps.ingest,
    );

    const printed = capture();
    await courseLinkCode(services, "biology-101", printed.io);
    const code = /\/studyhall setup code (\S+)/.exec(printed.text())?.[1];
    expect(code).toBeDefined();
    expect(printed.text()).toContain(`/setup code: ${code}`);

    expect(await run(ADMIN, `setup code ${code}`)).toMatch(/now linked to \*Biology 101\*\./);
    expect(await run(STUDENT, "materials")).toContain("Cell Biology Basics");

    expect(await run(ADMIN, "unlink")).toMatch(/no longer linked to \*Biology 101\*/);
    expect(await run(STUDENT, "materials")).toMatch(/not linked to a course/);

    expect(await run(ADMIN, "setup Chemistry 101")).toMatch(
      /now linked to \*Chemistry 101\* \(a new course\)/,
    );
    expect(await run(STUDENT, "materials")).toMatch(/no materials yet/);
    // The CLI's course kept its material; only the channel moved.
    expect(await t.deps.db.material.count({ where: { courseId: course.id } })).toBe(1);
    const actions = await t.deps.db.auditEntry.findMany({
      where: { action: { in: ["space.bound", "space.unbound"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(actions.map((a) => a.action)).toEqual(["space.bound", "space.unbound", "space.bound"]);
  });
});

describe("setup with a course's name", () => {
  it("links the course its teacher already runs instead of making a second one, and names a namesake they do not teach", async () => {
    expect(await run(ADMIN, "setup Physics 7", "C0PHYS1")).toMatch(
      /now linked to \*Physics 7\* \(a new course\)/,
    );
    const second = await run(ADMIN, "setup physics 7", "C0PHYS2");
    expect(second).toMatch(/now linked to \*Physics 7\*\./);
    expect(second).not.toMatch(/a new course/);
    expect(await t.deps.db.course.count({ where: { name: "Physics 7" } })).toBe(1);

    // Another admin of the workspace teaches no "Physics 7": a new course, and a word about the other.
    t.api.addWorkspace({ ...TEAM_A, admins: [...TEAM_A.admins, "U0ADMIN2"] });
    const other = await run("U0ADMIN2", "setup Physics 7", "C0PHYS3");
    expect(other).toMatch(/now linked to \*Physics 7\* \(a new course\)/);
    expect(other).toMatch(
      /Another course is already named "Physics 7"\. If you meant that one, ask its staff for a link code/,
    );
    expect(await t.deps.db.course.count({ where: { name: "Physics 7" } })).toBe(2);
  });
});

describe("studyhall course link-code, through the real bin", { timeout: 600_000 }, () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "studyhall-link-code-"));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it("prints a code for Slack and Discord, and names an unknown course plainly", async () => {
    const env = { DATA_DIR: dataDir };
    await runCli(["course", "create", "Biology 101"], env);
    const printed = await runCli(["course", "link-code", "biology-101"], env);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/Slack: {3}\/studyhall setup code [A-Z0-9-]{8,9}\n/);
    const unknown = await runCli(["course", "link-code", "no-such-course"], env);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/not found|No course/i);
  });
});
