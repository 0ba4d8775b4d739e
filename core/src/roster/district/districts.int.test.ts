// Districts on a real database: connect (and reconnect, which replaces the token and clears a
// disconnection), list and find, disconnect with a reason, the event cursor, and opening a district's
// sealed token, with every refusal a person sees worded for them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import type { Database } from "../../db/open-database.ts";
import { AppError } from "../../errors/app-error.ts";
import { ephemeralSecretBox } from "../../secrets/secret-box.ts";
import { applyDistrictRoster } from "./apply-district-roster.ts";
import {
  connectDistrict,
  disconnectDistrict,
  districtStatus,
  findDistrict,
  listDistricts,
  openDistrictToken,
  setEventCursor,
} from "./districts.ts";
import { finishSyncRun, startSyncRun } from "./sync-runs.ts";

let database: Database;
const db = () => database.prisma;
const secrets = ephemeralSecretBox();
const deps = () => ({ db: db(), secrets });
let seq = 0;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

/** A Clever district with a fresh external id, connected with `token`. */
async function cleverDistrict(name: string, token = `token-${name}`) {
  seq += 1;
  return connectDistrict(deps(), { provider: "CLEVER", externalId: `clever-d${seq}`, name, token });
}

async function auditOf(districtId: string) {
  return db().auditEntry.findMany({
    where: { targetType: "district", targetId: districtId },
    orderBy: { createdAt: "asc" },
  });
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("connectDistrict", () => {
  it("connects a district with its token sealed for its row, audited", async () => {
    const district = await cleverDistrict("Springfield Unified", "il-token-springfield");
    expect(district).toMatchObject({
      provider: "CLEVER",
      name: "Springfield Unified",
      status: "CONNECTED",
      statusReason: null,
      eventCursor: null,
      lastSyncedAt: null,
      sections: 0,
      lastRun: null,
    });
    const row = await db().rosterDistrict.findUniqueOrThrow({ where: { id: district.id } });
    expect(row.tokenSealed).toMatch(/^shs1:/);
    expect(row.tokenSealed).not.toContain("il-token-springfield");
    expect(await openDistrictToken(deps(), district.id)).toBe("il-token-springfield");
    const audit = await auditOf(district.id);
    expect(audit.map((a) => [a.action, a.details])).toEqual([
      [
        "district.connected",
        {
          provider: "CLEVER",
          externalId: district.externalId,
          name: "Springfield Unified",
          reconnected: false,
        },
      ],
    ]);
  });

  it("reconnecting the same district keeps its row and replaces the token and the name", async () => {
    const first = await cleverDistrict("Shelbyville", "old-token");
    const again = await connectDistrict(deps(), {
      provider: "CLEVER",
      externalId: first.externalId,
      name: "Shelbyville Unified",
      token: "new-token",
    });
    expect(again.id).toBe(first.id);
    expect(again.name).toBe("Shelbyville Unified");
    expect(await openDistrictToken(deps(), first.id)).toBe("new-token");
    // A reconnect without a token keeps the one stored.
    await connectDistrict(deps(), {
      provider: "CLEVER",
      externalId: first.externalId,
      name: "Shelbyville Unified",
    });
    expect(await openDistrictToken(deps(), first.id)).toBe("new-token");
    expect(await db().rosterDistrict.count({ where: { externalId: first.externalId } })).toBe(1);
    const audit = await auditOf(first.id);
    expect(audit.map((a) => (a.details as { reconnected: boolean }).reconnected)).toEqual([
      false,
      true,
      true,
    ]);
  });

  it("keeps a Clever and a OneRoster district with the same external id apart", async () => {
    const clever = await connectDistrict(deps(), {
      provider: "CLEVER",
      externalId: "same-id",
      name: "By Clever",
      token: "t",
    });
    const oneRoster = await connectDistrict(deps(), {
      provider: "ONEROSTER",
      externalId: "same-id",
      name: "By files",
    });
    expect(oneRoster.id).not.toBe(clever.id);
    expect(oneRoster.provider).toBe("ONEROSTER");
  });

  it.each([
    ["an empty district id", { provider: "CLEVER", externalId: "  ", name: "X" }, "externalId"],
    ["no name", { provider: "CLEVER", externalId: "d-no-name", name: "" }, "name"],
    ["an unknown provider", { provider: "CANVAS", externalId: "d-canvas", name: "X" }, "provider"],
    ["an empty token", { provider: "CLEVER", externalId: "d-empty-token", name: "X", token: "" }, "token"],
    ["a name too long", { provider: "CLEVER", externalId: "d-long", name: "x".repeat(201) }, "name"],
  ])("refuses %s with a sentence naming the field, and stores nothing", async (_what, input, field) => {
    const before = await db().rosterDistrict.count();
    const error = await rejection(connectDistrict(deps(), input as never));
    expect(error.code).toBe("invalid_input");
    expect(error.userMessage).toMatch(new RegExp(`^That district is not valid: ${field}\\b`));
    expect(await db().rosterDistrict.count()).toBe(before);
  });
});

describe("listDistricts and findDistrict", () => {
  it("lists every district by name, each with its live classes and its latest run", async () => {
    const zeta = await cleverDistrict("Zeta County");
    const alpha = await cleverDistrict("Alpha County");
    await applyDistrictRoster(db(), {
      districtId: alpha.id,
      roster: {
        people: [{ externalId: "t1" }],
        sections: [
          { externalId: "s1", name: "Algebra", members: [{ externalId: "t1", role: "STAFF" }] },
          { externalId: "s2", name: "Algebra", members: [] },
        ],
      },
    });
    // A class the district no longer lists is not counted.
    await applyDistrictRoster(db(), {
      districtId: alpha.id,
      roster: {
        people: [{ externalId: "t1" }],
        sections: [{ externalId: "s1", name: "Algebra", members: [{ externalId: "t1", role: "STAFF" }] }],
      },
    });
    const started = await startSyncRun(db(), { districtId: alpha.id, kind: "FULL", trigger: "cli" });
    if (!started.started) throw new Error("a run was already running");

    const names = (await listDistricts(db())).map((d) => d.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en")));
    expect(names.indexOf("Alpha County")).toBeLessThan(names.indexOf("Zeta County"));
    const listed = (await listDistricts(db())).find((d) => d.id === alpha.id);
    expect(listed).toMatchObject({ sections: 1, lastRun: { id: started.run.id, status: "RUNNING" } });
    expect((await listDistricts(db())).find((d) => d.id === zeta.id)?.lastRun).toBeNull();
  });

  it("finds a district by id or by provider and external id; unknown and malformed ids are null", async () => {
    const district = await cleverDistrict("Ogdenville");
    expect((await findDistrict(db(), { id: district.id }))?.name).toBe("Ogdenville");
    expect((await findDistrict(db(), { provider: "CLEVER", externalId: district.externalId }))?.id).toBe(
      district.id,
    );
    expect(await findDistrict(db(), { provider: "ONEROSTER", externalId: district.externalId })).toBeNull();
    expect(await findDistrict(db(), { id: "00000000-0000-4000-8000-000000000000" })).toBeNull();
    expect(await findDistrict(db(), { id: "not-a-uuid" })).toBeNull();
  });
});

describe("disconnectDistrict", () => {
  it("marks the district disconnected with its reason, keeps everything, and a reconnect restores it", async () => {
    const district = await cleverDistrict("North Haverbrook", "nh-token");
    await disconnectDistrict(db(), district.id, "  Clever revoked the token.  ");
    const gone = await findDistrict(db(), { id: district.id });
    expect(gone).toMatchObject({ status: "DISCONNECTED", statusReason: "Clever revoked the token." });
    // The token stays sealed in the row, but is not handed out while disconnected.
    const row = await db().rosterDistrict.findUniqueOrThrow({ where: { id: district.id } });
    expect(row.tokenSealed).toMatch(/^shs1:/);
    const refused = await rejection(openDistrictToken(deps(), district.id));
    expect(refused.code).toBe("conflict");
    expect(refused.userMessage).toBe(
      "North Haverbrook is disconnected (Clever revoked the token.). Reconnect it before syncing.",
    );

    // A second disconnect updates the reason without a second audit entry.
    await disconnectDistrict(db(), district.id, "Still revoked.");
    expect((await findDistrict(db(), { id: district.id }))?.statusReason).toBe("Still revoked.");
    expect((await auditOf(district.id)).map((a) => a.action)).toEqual([
      "district.connected",
      "district.disconnected",
    ]);

    const key = { provider: "CLEVER" as const, externalId: district.externalId };
    expect(await districtStatus(db(), key)).toBe("DISCONNECTED");
    expect(await districtStatus(db(), { ...key, externalId: "never-connected" })).toBeNull();

    const back = await connectDistrict(deps(), { ...key, name: "North Haverbrook" });
    expect(back).toMatchObject({ id: district.id, status: "CONNECTED", statusReason: null });
    expect(await districtStatus(db(), key)).toBe("CONNECTED");
    expect(await openDistrictToken(deps(), district.id)).toBe("nh-token");
  });

  it("an empty reason is stored as none; an unknown district is not found", async () => {
    const district = await cleverDistrict("Brockway");
    await disconnectDistrict(db(), district.id, "   ");
    expect(await findDistrict(db(), { id: district.id })).toMatchObject({
      status: "DISCONNECTED",
      statusReason: null,
    });
    expect((await rejection(openDistrictToken(deps(), district.id))).userMessage).toBe(
      "Brockway is disconnected. Reconnect it before syncing.",
    );
    const unknown = await rejection(disconnectDistrict(db(), "00000000-0000-4000-8000-000000000001", "x"));
    expect(unknown.code).toBe("not_found");
  });
});

describe("openDistrictToken", () => {
  it("refuses an unknown or malformed district, and one with no token, each with a sentence", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000002", "not-a-uuid"]) {
      const error = await rejection(openDistrictToken(deps(), id));
      expect(error.code).toBe("not_found");
      expect(error.userMessage).toBe("That district is not connected to StudyHall.");
    }
    const files = await connectDistrict(deps(), {
      provider: "ONEROSTER",
      externalId: "files-only",
      name: "Files Only",
    });
    const none = await rejection(openDistrictToken(deps(), files.id));
    expect(none.code).toBe("not_found");
    expect(none.userMessage).toBe("Files Only has no Clever token stored. Connect it again with its token.");
  });

  it("refuses another district's envelope copied into this row, and a different key's", async () => {
    const a = await cleverDistrict("Capital City", "token-of-a");
    const b = await cleverDistrict("Cypress Creek", "token-of-b");
    const rowA = await db().rosterDistrict.findUniqueOrThrow({ where: { id: a.id } });
    await db().rosterDistrict.update({ where: { id: b.id }, data: { tokenSealed: rowA.tokenSealed } });
    const moved = await rejection(openDistrictToken(deps(), b.id));
    expect(moved.code).toBe("secret_unreadable");
    expect(moved.message).not.toContain("token-of-a");
    const otherKey = ephemeralSecretBox();
    await expect(openDistrictToken({ db: db(), secrets: otherKey }, a.id)).rejects.toMatchObject({
      code: "secret_unreadable",
    });
    expect(await openDistrictToken(deps(), a.id)).toBe("token-of-a");
  });
});

describe("setEventCursor", () => {
  it("stores the last event applied and clears it for a full sync", async () => {
    const district = await cleverDistrict("Waverly Hills");
    const at = new Date("2026-12-01T10:00:00.000Z");
    await setEventCursor(db(), district.id, { id: "evt-42", at });
    expect(await findDistrict(db(), { id: district.id })).toMatchObject({
      eventCursor: "evt-42",
      eventCursorAt: at,
    });
    await setEventCursor(db(), district.id, null);
    expect(await findDistrict(db(), { id: district.id })).toMatchObject({
      eventCursor: null,
      eventCursorAt: null,
    });
  });
});

describe("a district's last run", () => {
  it("is the newest one, finished or not", async () => {
    const district = await cleverDistrict("Springfield Heights");
    const first = await startSyncRun(
      db(),
      { districtId: district.id, kind: "FULL", trigger: "cli" },
      { now: new Date("2026-12-01T04:00:00.000Z") },
    );
    if (!first.started) throw new Error("a run was already running");
    await finishSyncRun(db(), first.run.id, { error: "Clever unavailable" });
    const second = await startSyncRun(db(), { districtId: district.id, kind: "EVENTS", trigger: "nightly" });
    if (!second.started) throw new Error("a run was already running");
    expect((await findDistrict(db(), { id: district.id }))?.lastRun).toMatchObject({
      id: second.run.id,
      kind: "EVENTS",
      status: "RUNNING",
    });
  });
});
