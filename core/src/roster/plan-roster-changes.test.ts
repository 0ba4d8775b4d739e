import { describe, expect, it } from "vitest";
import {
  type CurrentEnrollment,
  type ListedPerson,
  mergeListed,
  planRosterChanges,
} from "./plan-roster-changes.ts";

const enrolment = (
  over: Partial<CurrentEnrollment> & Pick<CurrentEnrollment, "userId">,
): CurrentEnrollment => ({
  id: `e-${over.userId}`,
  role: "STUDENT",
  source: "LTI",
  roleSource: over.source ?? "LTI",
  removed: false,
  onRosterTenant: true,
  ...over,
});
const listed = (...people: ListedPerson[]) => mergeListed(people);
const plan = (
  people: Map<string, ListedPerson>,
  current: CurrentEnrollment[],
  options: { complete?: boolean; retained?: string[] } = {},
) =>
  planRosterChanges({
    listed: people,
    current,
    source: "LTI",
    complete: options.complete ?? true,
    retained: new Set(options.retained ?? []),
  });

describe("planRosterChanges", () => {
  it("enrols active newcomers with their role and leaves inactive newcomers out", () => {
    const result = plan(
      listed(
        { userId: "u1", role: "STUDENT", active: true },
        { userId: "u2", role: "STAFF", active: true },
        { userId: "u3", role: "STUDENT", active: false },
      ),
      [],
    );
    expect(result.create).toEqual([
      { userId: "u1", role: "STUDENT" },
      { userId: "u2", role: "STAFF" },
    ]);
    expect(result.remove).toEqual([]);
  });

  it("follows the roster's role both ways on its own enrolments, and counts what did not change", () => {
    const result = plan(
      listed(
        { userId: "u1", role: "STAFF", active: true },
        { userId: "u2", role: "STUDENT", active: true },
        { userId: "u3", role: "STUDENT", active: true },
      ),
      [enrolment({ userId: "u1" }), enrolment({ userId: "u2", role: "STAFF" }), enrolment({ userId: "u3" })],
    );
    expect(result.activate).toEqual({ STAFF: ["e-u1"], STUDENT: ["e-u2"] });
    expect(result.counts).toEqual({ restored: 0, roleChanged: 2, unchanged: 1 });
  });

  it("removes its own enrolments of people who are inactive or missing from a complete roster, and restores returners", () => {
    const result = plan(
      listed(
        { userId: "u1", role: "STUDENT", active: false },
        { userId: "u3", role: "STUDENT", active: true },
      ),
      [
        enrolment({ userId: "u1" }),
        enrolment({ userId: "u2" }),
        enrolment({ userId: "u3", removed: true }),
        enrolment({ userId: "u4", removed: true }),
      ],
    );
    expect(result.remove).toEqual(["e-u1", "e-u2"]);
    expect(result.activate.STUDENT).toEqual(["e-u3"]);
    expect(result.counts.restored).toBe(1);
  });

  it("removes no one for being absent when the roster is partial, nor anyone retained", () => {
    const current = [enrolment({ userId: "u1" }), enrolment({ userId: "u2" })];
    expect(plan(listed(), current, { complete: false }).remove).toEqual([]);
    expect(plan(listed(), current, { retained: ["u2"] }).remove).toEqual(["e-u1"]);
  });

  it("never removes or lowers enrolments made elsewhere, nor people of another tenant; may raise them to staff", () => {
    const result = plan(
      listed(
        { userId: "u1", role: "STAFF", active: true },
        { userId: "u2", role: "STUDENT", active: true },
        { userId: "u3", role: "STUDENT", active: false },
      ),
      [
        enrolment({ userId: "u1", source: "DISCORD" }),
        enrolment({ userId: "u2", source: "SLACK", role: "STAFF" }),
        enrolment({ userId: "u3", source: "MANUAL" }),
        enrolment({ userId: "u4", source: "LINK_CODE" }),
        enrolment({ userId: "u5", onRosterTenant: false }),
      ],
    );
    expect(result.setRole).toEqual({ STAFF: ["e-u1"], STUDENT: [] });
    expect(result.activate).toEqual({ STAFF: [], STUDENT: [] });
    expect(result.remove).toEqual([]);
    expect(result.create).toEqual([]);
  });

  it("lowers a staff role its platform set on an enrolment made elsewhere, and withdraws it from people who left", () => {
    const raised = (userId: string) =>
      enrolment({ userId, source: "DISCORD", roleSource: "LTI", role: "STAFF" });
    const result = plan(
      listed(
        { userId: "u1", role: "STUDENT", active: true },
        { userId: "u2", role: "STAFF", active: false },
        { userId: "u4", role: "STAFF", active: true },
      ),
      [raised("u1"), raised("u2"), raised("u3"), raised("u4")],
    );
    expect(result.setRole).toEqual({ STAFF: [], STUDENT: ["e-u1", "e-u2", "e-u3"] });
    expect(result.remove).toEqual([]);
    expect(result.counts).toEqual({ restored: 0, roleChanged: 3, unchanged: 1 });
  });

  it("never lowers a role given by hand or in chat, also on its own enrolments", () => {
    const result = plan(listed({ userId: "u1", role: "STUDENT", active: true }), [
      enrolment({ userId: "u1", role: "STAFF", roleSource: "MANUAL" }),
      enrolment({ userId: "u2", role: "STAFF", source: "SLACK", roleSource: "SLACK" }),
    ]);
    expect(result.activate).toEqual({ STAFF: [], STUDENT: [] });
    expect(result.setRole).toEqual({ STAFF: [], STUDENT: [] });
    expect(result.counts.unchanged).toBe(1);
  });

  it("keeps a launch-raised role of someone absent from a partial roster or retained", () => {
    const current = [enrolment({ userId: "u1", source: "SLACK", roleSource: "LTI", role: "STAFF" })];
    expect(plan(listed(), current, { complete: false }).setRole.STUDENT).toEqual([]);
    expect(plan(listed(), current, { retained: ["u1"] }).setRole.STUDENT).toEqual([]);
  });

  it("merges a person listed under two linked accounts: active and staff win", () => {
    const merged = mergeListed([
      { userId: "u1", role: "STUDENT", active: false },
      { userId: "u1", role: "STUDENT", active: true },
      { userId: "u1", role: "STAFF", active: true },
      { userId: "u2", role: "STAFF", active: false },
      { userId: "u2", role: "STUDENT", active: true },
    ]);
    expect(merged.get("u1")).toEqual({ userId: "u1", role: "STAFF", active: true });
    expect(merged.get("u2")).toEqual({ userId: "u2", role: "STUDENT", active: true });
  });
});
