import { silentLogger } from "@studyhall/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addSection, addUser } from "../../../test/support/fake-clever-fixtures.ts";
import {
  type FakeClever,
  type FakeCleverDistrict,
  startFakeClever,
} from "../../../test/support/fake-clever-server.ts";
import { type CleverHttpOptions, type CleverPage, createCleverDataClient } from "./clever-client.ts";
import {
  CleverCursorExpired,
  CleverDisconnected,
  CleverRateLimited,
  CleverUnavailable,
} from "./clever-errors.ts";
import type { CleverSection, CleverUser } from "./clever-records.ts";

const NOW = new Date("2026-12-07T08:00:00.000Z");
const DAY_MS = 24 * 60 * 60 * 1000;

let clever: FakeClever;
let now = NOW;
let district: FakeCleverDistrict;
let waits: number[];

beforeAll(async () => {
  clever = await startFakeClever({ now: () => now });
});
afterAll(() => clever.stop());

beforeEach(() => {
  now = NOW;
  waits = [];
  clever.requests.length = 0;
  district = clever.addDistrict({ name: "Springfield" });
});

function client(overrides: Partial<CleverHttpOptions> = {}, token = district.token) {
  return createCleverDataClient(
    {
      apiUrl: clever.url,
      log: silentLogger(),
      sleep: async (ms) => {
        waits.push(ms);
      },
      ...overrides,
    },
    token,
  );
}

async function allSections(data: ReturnType<typeof client>) {
  const ids: string[] = [];
  let next: string | null = null;
  let pages = 0;
  do {
    const page: CleverPage<CleverSection> = await data.page("sections", next);
    ids.push(...page.records.map((record) => record.id));
    next = page.next;
    pages += 1;
  } while (next);
  return { ids, pages };
}

describe("Clever data client", () => {
  it("names its district", async () => {
    expect(await client().district()).toEqual({ id: district.id, name: "Springfield" });
    expect(clever.requests[0]?.headers.authorization).toBe(`Bearer ${district.token}`);
  });

  it("follows next links to the end, verbatim, with the configured limit", async () => {
    for (let n = 0; n < 5; n += 1) addSection(district, { name: `Class ${n}` });
    const { ids, pages } = await allSections(client({ pageLimit: 2 }));
    expect(ids).toEqual(district.sections.map((section) => section.id).sort());
    expect(pages).toBe(3);
    const queries = clever.requests.map((request) => request.query);
    expect(queries[0]).toEqual({ limit: "2" });
    expect(queries[1]).toEqual({ limit: "2", starting_after: ids[1] });
    expect(queries[2]).toEqual({ limit: "2", starting_after: ids[3] });
  });

  it("pages a generated district's students by role to the end, the role kept in every next link", async () => {
    const big = clever.generateDistrict({ students: 2_300, teachers: 40, sections: 90 });
    const data = client({ pageLimit: 1_000 }, big.token);
    const ids: string[] = [];
    let next: string | null = null;
    do {
      const page: CleverPage<CleverUser> = await data.page("users:student", next);
      ids.push(...page.records.map((user) => user.id));
      next = page.next;
    } while (next);
    expect(ids).toHaveLength(2_300);
    expect(new Set(ids).size).toBe(2_300);
    expect(clever.requests.map((request) => request.query.role)).toEqual(["student", "student", "student"]);
  });

  it("asks 1,000 records a page by default", async () => {
    await client().page("schools");
    expect(clever.requests[0]?.query.limit).toBe("1000");
  });

  it("lists users by role, a multi-role user under each of its roles, keeping records without name or email", async () => {
    const both = addUser(district, { roles: ["teacher", "staff"] });
    const bare = addUser(district, { roles: ["student"], name: null, email: null });
    const data = client();
    const teachers = await data.page("users:teacher");
    const staff = await data.page("users:staff");
    const students = await data.page("users:student");
    expect(teachers.records.map((user) => user.id)).toEqual([both.id]);
    expect(staff.records.map((user) => user.id)).toEqual([both.id]);
    expect(students.records).toEqual([
      { id: bare.id, district: district.id, roles: { student: { grade: "9" } } },
    ]);
    expect(clever.requests.map((request) => request.query.role)).toEqual(["teacher", "staff", "student"]);
  });

  it("waits Retry-After through the injected sleep on 429, then succeeds", async () => {
    addSection(district, { name: "Biology" });
    clever.rateLimitNext(2, 7);
    const page = await client().page("sections");
    expect(page.records).toHaveLength(1);
    expect(waits).toEqual([7000, 7000]);
    expect(clever.requests).toHaveLength(3);
  });

  it("backs off exponentially on a 429 without Retry-After", async () => {
    clever.rateLimitNext(3, null);
    await client().page("sections");
    expect(waits).toEqual([1000, 2000, 4000]);
  });

  it("gives up after maxRetries with CleverRateLimited carrying Clever's last advice", async () => {
    clever.rateLimitNext(3, 30);
    const error = await client({ maxRetries: 2 })
      .page("sections")
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CleverRateLimited);
    expect((error as CleverRateLimited).retryAfterMs).toBe(30_000);
    expect(clever.requests).toHaveLength(3);
    clever.rateLimitNext(0);
  });

  it("retries a 5xx, then reports CleverUnavailable", async () => {
    clever.failNext(1, 502);
    await expect(client().page("terms")).resolves.toMatchObject({ records: [] });
    clever.failNext(3, 503);
    await expect(client({ maxRetries: 2 }).page("terms")).rejects.toBeInstanceOf(CleverUnavailable);
    expect(waits).toEqual([1000, 1000, 2000]);
  });

  it("turns a revoked token's 401 into CleverDisconnected without retrying", async () => {
    clever.revokeToken(district.id);
    await expect(client().page("sections")).rejects.toBeInstanceOf(CleverDisconnected);
    expect(clever.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it("reports CleverUnavailable when nothing answers", async () => {
    const error = await client({ apiUrl: "http://127.0.0.1:1", maxRetries: 1 })
      .district()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CleverUnavailable);
    expect(waits).toEqual([1000]);
  });

  it("puts a deadline on each call and stops at once when the caller aborts", async () => {
    const stalled: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
      );
    await expect(client({ fetch: stalled, timeoutMs: 20, maxRetries: 0 }).district()).rejects.toBeInstanceOf(
      CleverUnavailable,
    );
    const controller = new AbortController();
    const call = client({ fetch: stalled, signal: controller.signal }).district();
    controller.abort(new Error("claim lost"));
    await expect(call).rejects.toThrow("claim lost");
    expect(waits).toEqual([]);
  });

  it("skips a record that fails validation and reports it, keeping the rest of the page", async () => {
    const good = addSection(district, { name: "Good" });
    const bad = addSection(district, { name: "Bad" });
    (bad as Record<string, unknown>).students = "not-a-list";
    district.sections.push({ name: "No id" } as never);
    const page = await client().page("sections");
    expect(page.records.map((record) => record.id)).toEqual([good.id]);
    expect(page.invalid).toHaveLength(2);
    expect(page.invalid[0]).toMatchObject({ id: bad.id, message: expect.stringContaining("students") });
    expect(page.invalid[1]?.id).toBeUndefined();
  });

  it("never sends the token to a next link off Clever's origin", async () => {
    await expect(client().page("sections", "https://elsewhere.example/v3.0/sections")).rejects.toThrow(
      /leaves/,
    );
    expect(clever.requests).toHaveLength(0);
  });
});

describe("Clever events", () => {
  function emitMany(count: number) {
    return Array.from({ length: count }, (_, n) =>
      clever.emit(district.id, "sections.created", {
        id: `5e0000000000000000000${String(n).padStart(3, "0")}`,
        district: district.id,
        school: "s",
        name: `Class ${n}`,
        students: [],
        teachers: [],
      }),
    );
  }

  it("pages events after the cursor in order, following next links", async () => {
    const emitted = emitMany(5);
    const data = client({ pageLimit: 2 });
    const seen: string[] = [];
    let page = await data.events(emitted[0]!.id);
    seen.push(...page.records.map((event) => event.id));
    while (page.next) {
      page = await data.events(emitted[0]!.id, page.next);
      seen.push(...page.records.map((event) => event.id));
    }
    expect(seen).toEqual(emitted.slice(1).map((event) => event.id));
    expect(page.records[0]).toMatchObject({
      type: "sections.created",
      data: { object: { name: "Class 3" } },
    });
  });

  it("reads from the window's start without a cursor, and names the latest event", async () => {
    const data = client();
    expect(await data.latestEventId()).toBeNull();
    const emitted = emitMany(3);
    expect((await data.events(null)).records.map((event) => event.id)).toEqual(
      emitted.map((event) => event.id),
    );
    expect(await data.latestEventId()).toBe(emitted[2]!.id);
  });

  it("serves a replayed event again with the same id", async () => {
    const [first, second] = emitMany(2);
    clever.replay(district.id, first!.id);
    const page = await client().events(second!.id);
    expect(page.records.map((event) => event.id)).toEqual([first!.id]);
  });

  it("keeps updates' previous attributes", async () => {
    const section = addSection(district, { name: "Old" });
    const event = clever.emit(district.id, "sections.updated", { ...section, name: "New" }, { name: "Old" });
    const page = await client().events(null);
    expect(page.records).toEqual([
      expect.objectContaining({
        id: event.id,
        data: { object: expect.objectContaining({ name: "New" }), previous_attributes: { name: "Old" } },
      }),
    ]);
    expect(district.sections.find((candidate) => candidate.id === section.id)?.name).toBe("New");
  });

  it("throws CleverCursorExpired for a cursor expired from the window or older than 30 days", async () => {
    const emitted = emitMany(3);
    clever.expireEventsBefore(district.id, emitted[1]!.id);
    await expect(client().events(emitted[0]!.id)).rejects.toBeInstanceOf(CleverCursorExpired);
    await expect(client().events(emitted[1]!.id)).resolves.toMatchObject({
      records: [{ id: emitted[2]!.id }],
    });
    now = new Date(NOW.getTime() + 31 * DAY_MS);
    await expect(client().events(emitted[1]!.id)).rejects.toBeInstanceOf(CleverCursorExpired);
    await expect(client().events("000000000000000000000000")).rejects.toBeInstanceOf(CleverCursorExpired);
  });
});
