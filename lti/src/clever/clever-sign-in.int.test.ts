// Sign-in with Clever through the real LTI front end (real ltijs) and the fake Clever server: the three
// entry paths (the Clever Portal's code without a state, "Log in with Clever" with ours, an Instant Login
// link), replayed codes and foreign states refused, districts not connected, and the disconnected one.
import { disconnectDistrict, findDistrict } from "@studyhall/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addSection, addUser } from "../../../test/support/fake-clever-fixtures.ts";
import type { FakeCleverDistrict, FakeUser } from "../../../test/support/fake-clever-server.ts";
import { type CleverTestLti, startCleverTestLti } from "../testing/clever-test-kit.ts";
import { getPage, ltikOf, postForm, textOf } from "../testing/page-client.ts";

let kit: CleverTestLti;
let district: FakeCleverDistrict;
let teacher: FakeUser;
let student: FakeUser;
beforeAll(async () => {
  kit = await startCleverTestLti({ rateLimits: { loginsPerMinute: 40 } });
  district = kit.clever.addDistrict({ name: "Springfield Unified" });
  teacher = addUser(district, { roles: ["teacher"], name: { first: "Edna", last: "Krabappel" } });
  student = addUser(district, { roles: ["student"], name: { first: "Bart", last: "Simpson" } });
  addSection(district, { name: "Grade 4 Homeroom", teachers: [teacher.id], students: [student.id] });
  await kit.roster(district);
});
afterAll(async () => {
  await kit?.close();
});
beforeEach(async () => {
  await kit.lti.frontEnd.rateLimits.resetAll();
});

const exchanges = () =>
  kit.clever.requests.filter((r) => r.method === "POST" && r.path === "/oauth/tokens").length;

describe("the three entry paths", () => {
  it("the Clever Portal: a code without a state signs the person in and lands on their classes", async () => {
    const back = await kit.callback(district, teacher.id);
    expect(back.status).toBe(303);
    const home = new URL(back.location!);
    expect(home.pathname).toBe("/lti/clever/home");
    const page = await getPage(home.href);
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain("Hello, Edna Krabappel");
    expect(textOf(page.body)).toContain("Grade 4 Homeroom");
    // No cookie is needed or set: the ltik is the session, as in an LMS iframe.
    expect(back.headers.get("set-cookie")).toBeNull();
  });

  it("Log in with Clever: our state goes to Clever's authorize page and must come back", async () => {
    const start = await getPage(`${kit.lti.toolUrl}/clever/login?district=${district.id}`);
    expect(start.status).toBe(302);
    const authorize = new URL(start.location!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${kit.clever.url}/oauth/authorize`);
    expect(authorize.searchParams.get("response_type")).toBe("code");
    expect(authorize.searchParams.get("client_id")).toBe(kit.clever.clientId);
    expect(authorize.searchParams.get("redirect_uri")).toBe(kit.callbackUrl);
    expect(authorize.searchParams.get("district_id")).toBe(district.id);
    const state = authorize.searchParams.get("state")!;
    expect(state.length).toBeGreaterThanOrEqual(20);

    const back = await kit.callback(district, student.id, state);
    expect(back.status).toBe(303);
    expect(new URL(back.location!).pathname).toBe("/lti/clever/home");

    // The state is good once: a second sign-in naming it is refused before any exchange.
    const before = exchanges();
    const again = await kit.callback(district, student.id, state);
    expect(again.status).toBe(400);
    expect(textOf(again.body)).toContain("Log in with Clever again");
    expect(exchanges()).toBe(before);
  });

  it("an Instant Login link: Clever's authorize URL with the district, answered with a code and no state", async () => {
    // The link (Clever's authorize URL with client_id, redirect_uri and district_id) never passes through
    // StudyHall: Clever signs the person in and redirects to our callback with a code only.
    const back = await kit.callback(district, student.id);
    expect(back.status).toBe(303);
    const page = await getPage(back.location!);
    expect(textOf(page.body)).toContain("Grade 4 Homeroom");
  });
});

describe("refusals", () => {
  it("a code already exchanged is refused by StudyHall, without asking Clever again", async () => {
    const code = kit.clever.issueCode({
      districtId: district.id,
      userId: student.id,
      redirectUri: kit.callbackUrl,
    });
    const url = `${kit.callbackUrl}?code=${encodeURIComponent(code)}`;
    expect((await getPage(url)).status).toBe(303);
    const before = exchanges();
    const replayed = await getPage(url);
    expect(replayed.status).toBe(400);
    expect(textOf(replayed.body)).toContain("already used");
    expect(exchanges()).toBe(before);
    expect(kit.lti.rejections().at(-1)?.reason).toBe("clever_code_replayed");
  });

  it("a state we never issued is refused (400) and the code is not exchanged", async () => {
    const before = exchanges();
    const refused = await kit.callback(district, student.id, "not-a-state-we-issued");
    expect(refused.status).toBe(400);
    expect(textOf(refused.body)).toContain("was not started here");
    expect(exchanges()).toBe(before);
  });

  it("a state older than 10 minutes is refused", async () => {
    const start = await getPage(`${kit.lti.toolUrl}/clever/login`);
    const state = new URL(start.location!).searchParams.get("state")!;
    kit.lti.clock.offsetMs = 11 * 60_000;
    try {
      expect((await kit.callback(district, student.id, state)).status).toBe(400);
    } finally {
      kit.lti.clock.offsetMs = 0;
    }
  });

  it("a district that never connected StudyHall gets a clear page, and no session", async () => {
    const other = kit.clever.addDistrict({ name: "Shelbyville" });
    const person = addUser(other, { roles: ["teacher"] });
    const refused = await kit.callback(other, person.id);
    expect(refused.status).toBe(403);
    expect(textOf(refused.body)).toContain("Your district has not connected StudyHall yet");
    expect(refused.location).toBeNull();
  });

  it("a disconnected district is refused with its own sentence", async () => {
    const gone = kit.clever.addDistrict({ name: "Capital City" });
    const person = addUser(gone, { roles: ["student"] });
    const summary = await kit.roster(gone);
    await disconnectDistrict(kit.lti.database.prisma, summary.id, "Clever revoked the token.");
    const refused = await kit.callback(gone, person.id);
    expect(refused.status).toBe(403);
    expect(textOf(refused.body)).toContain("was disconnected");
    expect((await findDistrict(kit.lti.database.prisma, { id: summary.id }))?.status).toBe("DISCONNECTED");
  });

  it("a Clever session never opens an LMS-only page", async () => {
    const back = await kit.callback(district, teacher.id);
    const ltik = ltikOf(back.location!);
    const picker = await getPage(`${kit.lti.toolUrl}/deep-link?ltik=${encodeURIComponent(ltik)}`);
    expect(picker.status).toBe(403);
    expect(kit.lti.rejections().at(-1)?.reason).toBe("lti_only");
    const sync = await postForm(`${kit.lti.toolUrl}/course/roster/sync`, { ltik });
    expect(sync.status).toBe(403);
    expect(kit.lti.rejections().at(-1)?.reason).toBe("lti_only");
  });
});

describe("limits", () => {
  it("Clever's sign-in routes run behind the per-address sign-in limit", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 41; i++) statuses.push((await getPage(`${kit.lti.toolUrl}/clever/login`)).status);
    expect(statuses.slice(0, 40).every((status) => status === 302)).toBe(true);
    expect(statuses[40]).toBe(429);
    const refused = await kit.callback(district, student.id);
    expect(refused.status).toBe(429);
  });
});
