import { bindSpace, notify, RetryLater, runNotificationDelivery } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slackActor, slackSpace } from "./slack/slack-identity.ts";
import { buttonId, clickAndRead, commandAndRead } from "./testing/quiz-test-kit.ts";
import { startTestSlackApp, TEAM_A, type TestSlackApp } from "./testing/start-test-slack-app.ts";
import { dmOf, waitForMessage } from "./testing/study-test-kit.ts";

// Notifications in Slack through real Bolt over HTTP against the fake Web API: `/studyhall
// notifications` shows the person's own inbox with a "Mark all read" button whose click marks only
// theirs read; the kinds and the digest are set by words and kept on their study settings.
let t: TestSlackApp;
const now = new Date("2026-12-09T15:00:00.000Z");
const CHANNEL = "C0NOTIFY";
const ADA = "U0ADA";
const BEN = "U0BEN";

beforeAll(async () => {
  t = await startTestSlackApp({ clock: () => now });
  await bindSpace(t.deps.db, {
    actor: slackActor(TEAM_A.teamId, "U0ADMINA", "Teacher"),
    space: slackSpace(TEAM_A.teamId, CHANNEL),
    platformStaff: true,
    course: { create: "Notify Biology" },
  });
  for (const user of [ADA, BEN]) await commandAndRead(t, user, CHANNEL, "history");
  await t.frontEnd.idle();
  await seed(ADA, "Your score for Cells quiz was sent", "It went to BIO 101 in Canvas.", "s1");
  await seed(ADA, "Your score for Genes quiz was sent", "It went to BIO 101 in Canvas.", "s2");
  await seed(BEN, "Ben's private score", "Only Ben may see this.", "s3");
});
afterAll(() => t?.close());

async function userOf(slackUser: string): Promise<string> {
  const identity = await t.deps.db.identity.findFirstOrThrow({
    where: { platform: "SLACK", tenant: TEAM_A.teamId, externalId: slackUser },
  });
  return identity.userId;
}

async function seed(slackUser: string, title: string, body: string, sourceKey: string): Promise<void> {
  await t.deps.db.notification.create({
    data: { userId: await userOf(slackUser), courseId: null, kind: "GRADE_SENT", title, body, sourceKey },
  });
}

async function unread(slackUser: string): Promise<number> {
  return t.deps.db.notification.count({ where: { userId: await userOf(slackUser), readAt: null } });
}

async function settingsOf(slackUser: string) {
  return t.deps.db.studySettings.findUnique({ where: { userId: await userOf(slackUser) } });
}

describe("/studyhall notifications", () => {
  it("shows only the person's own inbox, privately, and Mark all read marks only theirs", async () => {
    const inbox = await commandAndRead(t, ADA, CHANNEL, "notifications");
    expect(inbox.body.response_type).toBe("ephemeral");
    expect(inbox.text).toContain("Your score for Cells quiz was sent");
    expect(inbox.text).toContain("Your score for Genes quiz was sent");
    expect(inbox.text).not.toContain("Ben's private score");

    const blocks = (inbox.body.blocks ?? []) as Parameters<typeof buttonId>[0];
    const answer = await clickAndRead(t, ADA, CHANNEL, buttonId(blocks, "Mark all read"));
    expect(answer.body.response_type).toBe("ephemeral");
    expect(await unread(ADA)).toBe(0);
    expect(await unread(BEN)).toBe(1);
  });

  it("marks everything read with `read`", async () => {
    await commandAndRead(t, BEN, CHANNEL, "notifications read");
    expect(await unread(BEN)).toBe(0);
  });

  it("turns a kind off and on again by its word, and sets the digest with its hour", async () => {
    await commandAndRead(t, ADA, CHANNEL, "notifications off grades");
    expect((await settingsOf(ADA))?.notificationsOff).toEqual(["GRADE_SENT"]);
    await commandAndRead(t, ADA, CHANNEL, "notifications on grades");
    expect((await settingsOf(ADA))?.notificationsOff).toEqual([]);

    await commandAndRead(t, ADA, CHANNEL, "notifications digest on 7");
    expect(await settingsOf(ADA)).toMatchObject({ notificationDigest: true, digestHour: 7 });
    await commandAndRead(t, ADA, CHANNEL, "notifications digest off");
    expect((await settingsOf(ADA))?.notificationDigest).toBe(false);
  });

  it("explains words it does not know with the usage, and help lists the command", async () => {
    const refused = await commandAndRead(t, ADA, CHANNEL, "notifications loudly");
    expect(refused.body.response_type).toBe("ephemeral");
    expect(refused.text).toContain("/studyhall notifications");
    expect((await commandAndRead(t, ADA, CHANNEL, "help")).text).toContain("/studyhall notifications");
  });
});

describe("a notification delivered to the DM", () => {
  it("carries a Mark all read button that works from the DM", async () => {
    const userId = await userOf(BEN);
    await notify(
      t.deps.db,
      [
        {
          userId,
          courseId: null,
          kind: "GRADE_SENT",
          title: "Your score for Rocks quiz was sent",
          body: "It went to GEO 101 in Canvas.",
          sourceKey: "s-dm",
        },
      ],
      { now },
    );
    await runNotificationDelivery(t.deps, { userId }, [t.frontEnd.studyNudgeSender]);
    const dm = dmOf(BEN);
    const message = await waitForMessage(t, dm, (m) => m.text.includes("Rocks quiz"));
    expect(await unread(BEN)).toBe(1);

    const answer = await clickAndRead(t, BEN, dm, buttonId(message.blocks, "Mark all read"));
    expect(answer.text).not.toBe("");
    expect(await unread(BEN)).toBe(0);
  });

  it("gives a rate-limited DM back to the job runner with Slack's wait, and sends it on the retry", async () => {
    const userId = await userOf(BEN);
    await notify(
      t.deps.db,
      [
        {
          userId,
          courseId: null,
          kind: "GRADE_SENT",
          title: "Your score for Minerals quiz was sent",
          body: "It went to GEO 101 in Canvas.",
          sourceKey: "s-429",
        },
      ],
      { now: new Date(now.getTime() + 3_600_000) },
    );
    t.api.rateLimitNext("chat.postMessage", 7);
    const later = new Date(now.getTime() + 3_600_000);
    const failed = await runNotificationDelivery({ ...t.deps, clock: () => later }, { userId }, [
      t.frontEnd.studyNudgeSender,
    ]).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(RetryLater);
    expect((failed as RetryLater).retryAfterMs).toBe(7_000);
    // Given back: still unsent, so the job's retry sends it.
    expect(await t.deps.db.notification.count({ where: { userId, sourceKey: "s-429", sentAt: null } })).toBe(
      1,
    );
    await runNotificationDelivery({ ...t.deps, clock: () => later }, { userId }, [
      t.frontEnd.studyNudgeSender,
    ]);
    await waitForMessage(t, dmOf(BEN), (m) => m.text.includes("Minerals quiz"));
  });
});
