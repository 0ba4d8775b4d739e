import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blockKitText } from "./render/block-kit-text.ts";
import type { SlackBlock } from "./render/to-block-kit.ts";
import { startTestSlackApp, type TestSlackApp } from "./testing/start-test-slack-app.ts";

// `/studyhall me` through real Bolt and the fake Web API: a student sees what remains of the tutor's
// limits in the channel's course, as core words it.
let t: TestSlackApp;
const ADMIN = "U0ADMINA";
const STUDENT = "U0STU1";

async function run(user: string, channel: string, text: string) {
  const result = await t.command(user, channel, text);
  expect(result.status).toBe(200);
  await t.frontEnd.idle();
  const path = new URL(result.responseUrl).pathname;
  const response = await t.api.waitForResponse((r) => r.path === path);
  return { body: response.body, text: blockKitText((response.body.blocks ?? []) as SlackBlock[]) };
}

beforeAll(async () => {
  t = await startTestSlackApp();
});
afterAll(() => t?.close());

describe("/studyhall me shows the tutor allowance", () => {
  it("counts the student's question against the hour and shows the course's tokens for the day", async () => {
    await run(ADMIN, "C0BUDGET", "setup Budget Biology");
    const course = await t.deps.db.course.findFirstOrThrow({ where: { name: "Budget Biology" } });
    await t.deps.db.budget.createMany({
      data: [
        { courseId: course.id, scope: "PER_USER", windowSeconds: 3600, maxRequests: 5 },
        { courseId: course.id, scope: "COURSE", windowSeconds: 86_400, maxTokens: 50_000 },
      ],
    });
    // The answer goes to the channel (chat.postMessage), not to the response_url.
    await t.command(STUDENT, "C0BUDGET", "ask What do mitochondria produce?");
    await t.frontEnd.idle();
    expect(await t.deps.db.usageLog.count({ where: { courseId: course.id, kind: "TUTOR" } })).toBe(1);
    const spent = await t.deps.db.usageLog.aggregate({
      where: { courseId: course.id },
      _sum: { tokensIn: true, tokensOut: true },
    });
    const left = 50_000 - (spent._sum.tokensIn ?? 0) - (spent._sum.tokensOut ?? 0);

    const { body, text } = await run(STUDENT, "C0BUDGET", "me");

    expect(body.response_type).toBe("ephemeral");
    expect(text).toContain("Tutor allowance");
    expect(text).toContain(
      `Today: 4 of 5 questions left this hour; ${left.toLocaleString("en-US")} of 50,000 tokens left for the course today`,
    );
  });
});
