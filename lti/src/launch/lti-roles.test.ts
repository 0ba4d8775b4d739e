import { describe, expect, it } from "vitest";
import { courseRoleFor } from "./lti-roles.ts";

const LIS = "http://purl.imsglobal.org/vocab/lis/v2";

describe("courseRoleFor", () => {
  it.each([
    [`${LIS}/membership#Instructor`],
    [`${LIS}/membership/Instructor#TeachingAssistant`],
    [`${LIS}/membership#TeachingAssistant`],
    [`${LIS}/membership#Administrator`],
    [`${LIS}/institution/person#Administrator`],
    [`${LIS}/institution/person#Instructor`],
    ["Instructor"],
  ])("makes %s course staff", (role) => {
    expect(courseRoleFor([`${LIS}/membership#Learner`, role])).toBe("STAFF");
  });

  it.each([
    [[`${LIS}/membership#Learner`]],
    [[`${LIS}/membership#Mentor`]],
    [[`${LIS}/institution/person#Student`]],
    // A system administrator is not thereby staff of a course; nor is a look-alike URI.
    [[`${LIS}/system/person#Administrator`]],
    [["http://purl.imsglobal.org/vocab/lti/system/person#TestUser"]],
    [["http://example.com/vocab/lis/v2/membership#Instructor"]],
    [[]],
  ])("makes %j a student", (roles) => {
    expect(courseRoleFor(roles)).toBe("STUDENT");
  });
});
