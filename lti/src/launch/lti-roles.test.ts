import { describe, expect, it } from "vitest";
import { CANVAS_ROLE_SETS, MOODLE_ROLE_SETS, ROLE } from "../../../test/support/lti-role-sets.ts";
import { courseRoleFor, launchRole } from "./lti-roles.ts";

describe("courseRoleFor, on the role sets Canvas and Moodle send", () => {
  it.each(
    Object.values({ ...CANVAS_ROLE_SETS, ...MOODLE_ROLE_SETS }).map((set) => [
      set.who,
      set.roles,
      set.expected,
    ]),
  )("%s -> %s", (_who, roles, expected) => {
    expect(courseRoleFor(roles)).toBe(expected);
  });
});

describe("launchRole", () => {
  it("lets only context roles decide when there is one: institution roles never make staff beside a Learner", () => {
    for (const institution of [
      ROLE.institutionInstructor,
      ROLE.institutionAdministrator,
      ROLE.systemSysAdmin,
    ]) {
      expect(launchRole([ROLE.learner, institution])).toEqual({ role: "STUDENT", basis: "context" });
    }
  });

  it("makes an administrator with no context role staff, and says so", () => {
    expect(launchRole([ROLE.institutionAdministrator])).toEqual({ role: "STAFF", basis: "administrator" });
    expect(launchRole([ROLE.systemAdministrator])).toEqual({ role: "STAFF", basis: "administrator" });
    expect(launchRole([ROLE.systemSysAdmin, ROLE.systemUser])).toEqual({
      role: "STAFF",
      basis: "administrator",
    });
  });

  it("reads a sub-role as its principal role", () => {
    const LIS = "http://purl.imsglobal.org/vocab/lis/v2";
    expect(courseRoleFor([`${LIS}/membership/Instructor#TeachingAssistant`])).toBe("STAFF");
    expect(courseRoleFor([`${LIS}/membership/Learner#Instructor`])).toBe("STUDENT");
    expect(courseRoleFor([`${LIS}/membership/Learner#NonCreditLearner`])).toBe("STUDENT");
    expect(courseRoleFor([`${LIS}/membership/Administrator#Administrator`])).toBe("STAFF");
  });

  it("accepts the bare context role names LTI 1.3 still allows", () => {
    expect(courseRoleFor(["Instructor"])).toBe("STAFF");
    expect(courseRoleFor(["Learner"])).toBe("STUDENT");
    expect(courseRoleFor(["Learner", ROLE.institutionAdministrator])).toBe("STUDENT");
  });

  it.each([
    [[]],
    [[ROLE.systemUser]],
    [[ROLE.institutionStudent, ROLE.institutionInstructor]],
    [[ROLE.testUser]],
    [["http://example.com/vocab/lis/v2/membership#Instructor"]],
    [["http://example.com/vocab/lis/v2/institution/person#Administrator"]],
    [["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor/extra"]],
  ])("makes %j a student", (roles) => {
    expect(launchRole(roles)).toMatchObject({ role: "STUDENT" });
  });
});
