import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createAi } from "../ai/create-ai.ts";
import type { Database } from "../db/open-database.ts";
import { createStudyHallDeps } from "../deps.ts";
import { silentLogger } from "../logger.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { deletePerson } from "../privacy/delete-person.ts";
import { exportPerson } from "../privacy/export-person.ts";
import { handleNotificationsAction } from "./handle-notifications-action.ts";
import { listNotifications, markNotificationsRead } from "./inbox.ts";
import { notify } from "./notify.ts";
import { runNotificationsCommand } from "./run-notifications-command.ts";

let database: Database;
const db = () => database.prisma;
const ana: Actor = { platform: "SLACK", tenant: "T1", externalId: "U-ANA" };
const ben: Actor = { platform: "DISCORD", tenant: "", externalId: "U-BEN" };

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

async function seed(actor: Actor, count: number, start: Date) {
  const { userId } = await resolveUser(db(), actor);
  for (let n = 1; n <= count; n++) {
    await notify(
      db(),
      [
        {
          userId,
          courseId: null,
          kind: "GRADE_SENT",
          title: `${actor.externalId} ${n}`,
          body: "b",
          sourceKey: `s${n}`,
        },
      ],
      { now: new Date(start.getTime() + n * 1000) },
    );
  }
}

describe("inbox", () => {
  it("lists the actor's own notifications newest first, marks read by id and all, and ignores others' ids", async () => {
    await seed(ana, 3, new Date("2026-04-01T10:00:00Z"));
    await seed(ben, 2, new Date("2026-04-01T10:00:00Z"));
    const view = await listNotifications(db(), { actor: ana });
    expect(view.items.map((i) => i.title)).toEqual(["U-ANA 3", "U-ANA 2", "U-ANA 1"]);
    expect(view.unread).toBe(3);
    expect(view.settings).toEqual({
      off: [],
      digest: false,
      digestHour: 18,
      timeZone: "UTC",
      quietStartHour: null,
      quietEndHour: null,
    });

    const bens = await listNotifications(db(), { actor: ben });
    // Ben's ids in Ana's name change nothing, nor do malformed ones.
    expect(
      await markNotificationsRead(db(), { actor: ana, ids: [...bens.items.map((i) => i.id), "nope"] }),
    ).toBe(0);
    expect((await listNotifications(db(), { actor: ben })).unread).toBe(2);

    const oldest = view.items[2]!.id;
    expect(await markNotificationsRead(db(), { actor: ana, ids: [oldest] })).toBe(1);
    const after = await listNotifications(db(), { actor: ana });
    expect(after.unread).toBe(2);
    expect(after.items.find((i) => i.id === oldest)?.read).toBe(true);

    expect(await markNotificationsRead(db(), { actor: ana })).toBe(2);
    expect((await listNotifications(db(), { actor: ana })).unread).toBe(0);
    expect((await listNotifications(db(), { actor: ben })).unread).toBe(2);
  });

  it("answers the command front door and the Mark all read button", async () => {
    const deps = createStudyHallDeps({
      db: db(),
      ai: createAi({ provider: "local" }),
      logger: silentLogger(),
      clock: () => new Date("2026-04-02T10:00:00Z"),
    });
    const list = await runNotificationsCommand(deps, { actor: ben, command: { name: "list" } });
    const text = JSON.stringify(list);
    expect(text).toContain("2 unread");
    expect(text).toContain("notifications.read");
    const off = await runNotificationsCommand(deps, {
      actor: ben,
      command: { name: "kind", kind: "GRADE_SENT", on: false },
    });
    expect(JSON.stringify(off)).toContain("grades are off");
    const digest = await runNotificationsCommand(deps, {
      actor: ben,
      command: { name: "digest", on: true, hour: 7 },
    });
    expect(JSON.stringify(digest)).toContain("07:00");
    expect((await listNotifications(db(), { actor: ben })).settings).toMatchObject({
      off: ["GRADE_SENT"],
      digest: true,
      digestHour: 7,
    });
    const clicked = await handleNotificationsAction(deps, {
      actor: ben,
      action: { kind: "notifications.read" },
    });
    expect(JSON.stringify(clicked)).toContain("Marked 2 notifications read.");
    expect((await listNotifications(db(), { actor: ben })).unread).toBe(0);
  });

  it("puts a person's notifications in their export and deletes them with the person", async () => {
    const operator = {
      kind: "operator" as const,
      actor: { platform: "CLI" as const, tenant: "", externalId: "ops" },
    };
    const { userId } = await resolveUser(db(), ana);
    const { notifications } = await exportPerson(
      { requester: operator, person: { userId } },
      { db: db(), logger: silentLogger() },
    );
    expect(notifications.items.map((n) => n.title)).toEqual(["U-ANA 1", "U-ANA 2", "U-ANA 3"]);
    expect(notifications.items[0]).toMatchObject({ kind: "GRADE_SENT", readAt: expect.any(String) });
    await deletePerson({ requester: operator, person: { userId } }, { db: db(), logger: silentLogger() });
    expect(await db().notification.count({ where: { userId } })).toBe(0);
  });
});
