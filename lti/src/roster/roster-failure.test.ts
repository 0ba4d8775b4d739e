import { AppError, ErrorCode } from "@studyhall/core";
import { describe, expect, it } from "vitest";
import { describeRosterFailure } from "./roster-failure.ts";
import { toRosterMember } from "./sync-link-roster.ts";

const upstream = (message: string, details: Record<string, unknown> = {}) =>
  new AppError(ErrorCode.Upstream, message, { details });

describe("describeRosterFailure", () => {
  it("retries what time may fix: 429 (with its Retry-After), 5xx, an unreachable LMS, our own faults", () => {
    expect(
      describeRosterFailure(upstream("memberships answered 429", { status: 429, retryAfterMs: 2000 })),
    ).toMatchObject({ transient: true, retryAfterMs: 2000 });
    expect(describeRosterFailure(upstream("memberships answered 502", { status: 502 })).transient).toBe(true);
    expect(describeRosterFailure(upstream("GET https://lms failed")).transient).toBe(true);
    expect(describeRosterFailure(new Error("database gone")).transient).toBe(true);
  });

  it("records, without retrying, refusals that need someone to change the LMS's settings", () => {
    const scope = describeRosterFailure(upstream("memberships answered 403", { status: 403 }));
    expect(scope).toMatchObject({ transient: false });
    expect(scope.message).toMatch(/roster scope/);
    const token = describeRosterFailure(upstream("token endpoint of x answered 400", { status: 400 }));
    expect(token).toMatchObject({ transient: false });
    expect(token.message).toMatch(/service token/);
    expect(describeRosterFailure(upstream("memberships answered 404", { status: 404 })).transient).toBe(
      false,
    );
  });
});

describe("toRosterMember", () => {
  it("maps roles as a launch does, status to active, and names without email", () => {
    expect(
      toRosterMember({
        user_id: "u1",
        roles: ["http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"],
        status: "Active",
        given_name: "Ada",
        family_name: "Lovelace",
        name: undefined,
      }),
    ).toEqual({ externalId: "u1", displayName: "Ada Lovelace", role: "STAFF", active: true });
    expect(
      toRosterMember({
        user_id: "u2",
        roles: ["Learner"],
        status: "Deleted",
        name: undefined,
        given_name: undefined,
        family_name: undefined,
      }),
    ).toEqual({ externalId: "u2", role: "STUDENT", active: false });
  });
});
