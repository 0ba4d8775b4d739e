import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockKitText } from "./render/block-kit-text.ts";
import type { SlackBlock } from "./render/to-block-kit.ts";
import { startTestSlackApp, type TestSlackApp } from "./testing/start-test-slack-app.ts";

// `/studyhall course rename|archive|unarchive|delete` through real Bolt against the fake Slack.
let t: TestSlackApp;
const ADMIN = "U0ADMINA";
const STUDENT = "U0STU1";
const CHANNEL = "C0HYD";

/** Runs a command that answers later and returns what was posted to its response_url. */
async function run(user: string, text: string) {
  const result = await t.command(user, CHANNEL, text);
  expect(result.status).toBe(200);
  await t.frontEnd.idle();
  const path = new URL(result.responseUrl).pathname;
  const response = await t.api.waitForResponse((r) => r.path === path);
  return { body: response.body, text: blockKitText((response.body.blocks ?? []) as SlackBlock[]) };
}

const course = () => t.deps.db.course.findFirst({ where: { slug: "hydrology-101" } });

beforeAll(async () => {
  t = await startTestSlackApp();
  await run(ADMIN, "setup Hydrology 101");
  await run(STUDENT, "me");
});
afterAll(() => t?.close());

describe("/studyhall course", { timeout: 300_000 }, () => {
  it("is in help, and a bare `course` says how to use it", async () => {
    expect((await t.command(STUDENT, CHANNEL, "help")).text).toContain("/studyhall course rename");
    expect((await t.command(STUDENT, CHANNEL, "course")).text).toMatch(/Say what to do with the course/);
  });

  it("refuses a student's rename, archive and delete, changing nothing", async () => {
    for (const text of ["course rename Rocks", "course archive", "course delete Hydrology 101"]) {
      const refused = await run(STUDENT, text);
      expect(refused.body.response_type).toBe("ephemeral");
      expect(refused.text).toMatch(/Only course staff can do that/);
    }
    expect(await course()).toMatchObject({ name: "Hydrology 101", archivedAt: null });
  });

  it("renames for staff and keeps the slug", async () => {
    const { body, text } = await run(ADMIN, "course rename Hydrology I");
    expect(body.response_type).toBe("in_channel");
    expect(text).toMatch(/now called \*Hydrology I\*/);
    expect(await course()).toMatchObject({ name: "Hydrology I" });
  });

  it("archives: a live quiz is refused with the archived sentence, and reopening works", async () => {
    expect((await run(ADMIN, "course archive")).text).toMatch(/\*Hydrology I\* is archived: it is read-only/);
    const start = await run(ADMIN, "quiz start");
    expect(start.text).toMatch(
      /"Hydrology I" is archived, so it is read-only.*\/studyhall course unarchive/s,
    );
    expect(await t.deps.db.quizSession.count()).toBe(0);
    expect((await run(ADMIN, "course rename Other")).text).toMatch(/is archived/);
    expect(await course()).toMatchObject({ name: "Hydrology I" });
    expect((await run(ADMIN, "course unarchive")).text).toMatch(/open again/);
    expect((await course())?.archivedAt).toBeNull();
  });

  it("deletes only with the course's name typed, then nothing of it is left and the channel is unlinked", async () => {
    const asked = await run(ADMIN, "course delete");
    expect(asked.body.response_type).toBe("ephemeral");
    expect(asked.text).toMatch(
      /cannot be undone\. To delete it, type its name: `\/studyhall course delete Hydrology I`/,
    );
    const wrong = await run(ADMIN, "course delete Hydrology 101");
    expect(wrong.text).toMatch(/Nothing was deleted: "Hydrology 101" is not this course's name/);
    const kept = await course();
    expect(kept).not.toBeNull();

    const deleted = await run(ADMIN, "course delete hydrology i");
    expect(deleted.body.response_type).toBe("in_channel");
    expect(deleted.text).toMatch(/\*Hydrology I\* was deleted/);
    expect(await course()).toBeNull();
    expect(await t.deps.db.courseSpace.count({ where: { courseId: kept!.id } })).toBe(0);
    expect(await t.deps.db.enrollment.count({ where: { courseId: kept!.id } })).toBe(0);
    expect((await run(STUDENT, "course archive")).text).toMatch(/not linked to a course/);
  });
});
