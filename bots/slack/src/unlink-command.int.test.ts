import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockKitText } from "./render/block-kit-text.ts";
import type { SlackBlock } from "./render/to-block-kit.ts";
import { startTestSlackApp, type TestSlackApp } from "./testing/start-test-slack-app.ts";

// `/studyhall unlink` through real Bolt against the fake Slack: who may, what changes, what is recorded.
let t: TestSlackApp;
const ADMIN = "U0ADMINA";
const STUDENT = "U0STU1";

/** Runs a command that answers later and returns what was posted to its response_url. */
async function run(user: string, channel: string, text: string) {
  const result = await t.command(user, channel, text);
  expect(result.status).toBe(200);
  await t.frontEnd.idle();
  const path = new URL(result.responseUrl).pathname;
  const response = await t.api.waitForResponse((r) => r.path === path);
  return { body: response.body, text: blockKitText((response.body.blocks ?? []) as SlackBlock[]) };
}

async function unlinkEntries() {
  return t.deps.db.auditEntry.findMany({ where: { action: "space.unbound" }, orderBy: { createdAt: "asc" } });
}

beforeAll(async () => {
  t = await startTestSlackApp();
});
afterAll(() => t?.close());

describe("/studyhall unlink", () => {
  it("lists unlink in help", async () => {
    const result = await t.command(STUDENT, "C0BIO", "help");
    expect(result.text).toContain("/studyhall unlink");
  });

  it("says plainly that a channel which was never linked has nothing to unlink", async () => {
    const { text } = await run(ADMIN, "C0NONE", "unlink");
    expect(text).toMatch(/not linked to a course, so there is nothing to unlink/);
    expect(await unlinkEntries()).toHaveLength(0);
  });

  it("refuses a student, and the channel stays linked", async () => {
    await run(ADMIN, "C0BIO", "setup Biology 101");
    const { body, text } = await run(STUDENT, "C0BIO", "unlink");
    expect(body.response_type).toBe("ephemeral");
    expect(text).toMatch(/Only people who manage this server or workspace can unlink it/);
    expect(await t.deps.db.courseSpace.count({ where: { externalId: "C0BIO" } })).toBe(1);
    expect(await unlinkEntries()).toHaveLength(0);
  });

  it("unlinks for an admin: the channel stops answering for the course, which is kept, and the audit log says who", async () => {
    const course = await t.deps.db.course.findFirstOrThrow({ where: { name: "Biology 101" } });
    const { body, text } = await run(ADMIN, "C0BIO", "unlink");
    expect(body.response_type).toBe("in_channel");
    expect(text).toMatch(/no longer linked to \*Biology 101\*/);
    expect(await t.deps.db.courseSpace.count({ where: { externalId: "C0BIO" } })).toBe(0);
    expect(await t.deps.db.course.count({ where: { id: course.id } })).toBe(1);

    const policy = await run(ADMIN, "C0BIO", "policy hints");
    expect(policy.text).toMatch(/not linked to a course/);
    const [entry] = await unlinkEntries();
    expect(entry).toMatchObject({ courseId: course.id, actorPlatform: "SLACK", targetType: "space" });
    expect(entry!.actorId).not.toBeNull();
  });

  it("says plainly when the channel was already unlinked, and records nothing more", async () => {
    const { text } = await run(ADMIN, "C0BIO", "unlink");
    expect(text).toMatch(/not linked to a course, so there is nothing to unlink/);
    expect(await unlinkEntries()).toHaveLength(1);
  });

  it("lets the channel be linked to another course afterwards", async () => {
    const { text } = await run(ADMIN, "C0BIO", "setup Chemistry 101");
    expect(text).toMatch(/now linked to \*Chemistry 101\* \(a new course\)/);
    const shown = await run(STUDENT, "C0BIO", "setup");
    expect(shown.text).toMatch(/linked to \*Chemistry 101\*/);
  });
});
