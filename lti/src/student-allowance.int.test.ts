// The student's page shows what remains of the tutor's limits, through the real ltijs launch: core's
// line, and the moment a spent limit comes back as a <time> the page shows in the viewer's time zone.
import { resolveUser } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-a", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-a", name: "Sam Student", roles: [LEARNER] };
const context = { id: "ctx-allowance", title: "Hydrology 101" };

let lti: TestLti;
let canvas: FakeLtiPlatform;
let courseId: string;
beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  await canvas.launch({ user: teacher, context });
  courseId = (await db().courseSpace.findFirstOrThrow({ where: { externalId: context.id } })).courseId;
});
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

const db = () => lti.database.prisma;

describe("the student's page shows the tutor allowance", () => {
  it("shows nothing while the course has no limits", async () => {
    const launched = await canvas.launch({ user: student, context });
    expect(launched.status).toBe(200);
    expect(textOf(launched.body)).not.toContain("Your tutor allowance");
  });

  it("shows what is left, and when a spent limit comes back in local time", async () => {
    await db().budget.createMany({
      data: [
        { courseId, scope: "PER_USER", windowSeconds: 3600, maxRequests: 3 },
        { courseId, scope: "PER_USER", windowSeconds: 86_400, maxTokens: 10_000 },
      ],
    });
    const fresh = textOf((await canvas.launch({ user: student, context })).body);
    expect(fresh).toContain(
      "Today: 3 of 3 questions left this hour; 10,000 of 10,000 tokens left for you today",
    );

    const { userId } = await resolveUser(db(), {
      platform: "LTI",
      tenant: canvas.issuer,
      externalId: student.sub,
    });
    const oldest = new Date(Date.now() - 30 * 60_000);
    await db().usageLog.createMany({
      data: [0, 1, 2].map((i) => ({
        userId,
        courseId,
        platform: "LTI" as const,
        question: `question ${i}`,
        answered: true,
        latencyMs: 1,
        tokensIn: 1_000,
        tokensOut: 250,
        model: "m",
        retrieved: [],
        createdAt: new Date(oldest.getTime() + i * 60_000),
      })),
    });

    const spent = await canvas.launch({ user: student, context });
    const text = textOf(spent.body);
    expect(text).toMatch(
      /Today: 0 of 3 questions left this hour, more at \d\d:\d\d UTC \(in \d+ minutes\); 6,250 of 10,000 tokens left for you today/,
    );
    const back = new Date(oldest.getTime() + 3_600_000).toISOString();
    expect(spent.body).toContain(`You can ask again from <time datetime="${back}" data-local="minute">`);
  });
});
