// Sign-in with Clever with OIDC on (the person named by the id token, not /me), and the district page of
// a Clever district admin: connecting a district that is not connected, "Sync now", the latest runs'
// reports, and the 403 for everyone else. Through the real front end and the fake Clever server.
import { findDistrict, finishSyncRun, startSyncRun } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addSection, addUser } from "../../../test/support/fake-clever-fixtures.ts";
import type { FakeCleverDistrict, FakeUser } from "../../../test/support/fake-clever-server.ts";
import { type CleverTestLti, startCleverTestLti } from "../testing/clever-test-kit.ts";
import { formFields, getPage, postForm, textOf } from "../testing/page-client.ts";
import { CLEVER_SYNC_QUEUE } from "./clever-sync-jobs.ts";

let kit: CleverTestLti;
let district: FakeCleverDistrict;
let teacher: FakeUser;
let admin: FakeUser;
const db = () => kit.lti.database.prisma;

beforeAll(async () => {
  kit = await startCleverTestLti({ oidc: true });
  district = kit.clever.addDistrict({ name: "Springfield Unified" });
  teacher = addUser(district, { roles: ["teacher"], name: { first: "Edna", last: "Krabappel" } });
  admin = addUser(district, { roles: ["district_admin"], name: { first: "Gary", last: "Chalmers" } });
  addSection(district, { name: "Grade 4 Homeroom", teachers: [teacher.id], students: [] });
});
afterAll(async () => {
  await kit?.close();
});

const meCalls = () => kit.clever.requests.filter((r) => r.path === "/v3.0/me").length;

describe("the district page of a district not connected yet", () => {
  it("a district admin signs in (id token) and connects the district; its first sync is scheduled", async () => {
    const back = await kit.callback(district, admin.id);
    expect(back.status).toBe(303);
    expect(new URL(back.location!).pathname).toBe("/lti/clever/district");
    const page = await getPage(back.location!);
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain("StudyHall is not connected to your district");
    expect(meCalls()).toBe(0);

    const { action, fields } = formFields(page.body, "/clever/district/connect");
    const connected = await postForm(action, fields);
    expect(connected.status).toBe(303);
    const summary = await findDistrict(db(), { provider: "CLEVER", externalId: district.id });
    expect(summary).toMatchObject({ status: "CONNECTED", name: "Springfield Unified" });
    const jobs = await db().scheduledJob.findMany({ where: { queue: CLEVER_SYNC_QUEUE } });
    expect(jobs.map((job) => job.payload)).toContainEqual(
      expect.objectContaining({ kind: "district", districtId: summary!.id, full: true }),
    );
    const after = await getPage(connected.location!);
    expect(textOf(after.body)).toContain("Your district is connected");
    expect(after.body).toContain("/clever/district/sync");
  });

  it("a teacher is named by the id token too, and never sees the district page", async () => {
    await kit.roster(district);
    const back = await kit.callback(district, teacher.id);
    expect(back.status).toBe(303);
    const home = await getPage(back.location!);
    expect(textOf(home.body)).toContain("Grade 4 Homeroom");
    expect(textOf(home.body)).not.toContain("district's StudyHall connection");
    const ltik = new URL(back.location!).searchParams.get("ltik")!;
    const refused = await getPage(`${kit.lti.toolUrl}/clever/district?ltik=${encodeURIComponent(ltik)}`);
    expect(refused.status).toBe(403);
    expect(textOf(refused.body)).toContain("for your district's Clever administrators");
    const sync = await postForm(
      `${kit.lti.toolUrl}/clever/district/sync`,
      formFields(home.body, "/clever/open").fields,
    );
    expect(sync.status).toBe(403);
    expect(kit.lti.rejections().at(-1)?.reason).toBe("not_district_admin");
    expect(meCalls()).toBe(0);
  });
});

describe("the district page of a connected district", () => {
  it("shows the latest runs' reports: counts, errors with the record id, duration", async () => {
    const summary = (await findDistrict(db(), { provider: "CLEVER", externalId: district.id }))!;
    const started = await startSyncRun(db(), { districtId: summary.id, kind: "FULL", trigger: "nightly" });
    if (!started.started) throw new Error("a run is already running");
    await finishSyncRun(
      db(),
      started.run.id,
      {
        report: {
          sections: { added: 3, updated: 1, removed: 2, restored: 0, unchanged: 5 },
          enrollments: { added: 40, removed: 4, restored: 1, roleChanged: 2 },
          people: { added: 44, updated: 0 },
          errors: [{ resource: "sections", recordId: "5f0000000000000000000bad", message: "no name" }],
        },
      },
      { now: new Date(started.run.startedAt.getTime() + 2_500) },
    );
    const back = await kit.callback(district, admin.id);
    expect(new URL(back.location!).pathname).toBe("/lti/clever/home");
    const home = await getPage(back.location!);
    const link = /href="([^"]*\/clever\/district[^"]*)"/.exec(home.body)![1]!.replace(/&amp;/g, "&");
    const page = await getPage(link);
    const text = textOf(page.body);
    expect(text).toContain("Full sync, finished in 2.5 s");
    expect(text).toContain("Classes 3 1 2 0");
    expect(text).toContain("Enrolments 40 2 role changes 4 1");
    expect(text).toContain("5f0000000000000000000bad");
    expect(text).toContain("no name");

    const { action, fields } = formFields(page.body, "/clever/district/sync");
    const requested = await postForm(action, fields);
    expect(requested.status).toBe(303);
    expect(new URL(requested.location!).searchParams.get("done")).toBe("scheduled");
    expect(textOf((await getPage(requested.location!)).body)).toContain("Sync started");
  });
});
