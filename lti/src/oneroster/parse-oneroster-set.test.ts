import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AppError } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  csvFile,
  enrollment,
  malformedSet,
  manifestCsv,
  type OneRosterFileSet,
  oneRosterZip,
  SMALL_DISTRICT,
  smallBulkSet,
  smallDeltaSet,
  smallDistrictRows,
  unknownRoleSet,
  user,
  writeOneRosterFolder,
} from "../../../test/support/oneroster-fixtures.ts";
import { buildZip } from "../../../test/support/xlsx-builder.ts";
import { parseOneRosterSet } from "./parse-oneroster-set.ts";
import { readOneRosterSource } from "./read-oneroster-source.ts";
import { toDistrictChanges, toFullDistrictRoster } from "./to-district-roster.ts";

const asFiles = (set: OneRosterFileSet) =>
  new Map(Object.entries(set).map(([name, text]) => [name, new TextEncoder().encode(text)]));
const parse = (set: OneRosterFileSet) => parseOneRosterSet(asFiles(set));

/** The refusal's text, which is what the operator reads; fails the test when nothing is refused. */
function refusal(set: OneRosterFileSet): string {
  try {
    parse(set);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).userMessage;
  }
  throw new Error("the set was not refused");
}

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), "oneroster-parse-"));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe("a bulk set", () => {
  it("becomes the district's whole roster: classes with school and terms, people by name, roles by enrollment", () => {
    const set = parse(smallBulkSet());
    expect(set.mode).toBe("bulk");
    expect(set.skipped).toEqual([]);
    const roster = toFullDistrictRoster(set);
    expect(roster.sections).toHaveLength(SMALL_DISTRICT.sections);
    expect(roster.people).toHaveLength(SMALL_DISTRICT.people);
    expect(roster.sections.flatMap((s) => s.members)).toHaveLength(SMALL_DISTRICT.enrollments);
    const algebra = roster.sections.find((s) => s.externalId === "cls-alg-1")!;
    expect(algebra).toMatchObject({
      name: "Algebra I - Period 1",
      schoolName: "Springfield High",
      termName: "Fall 2026, Spring 2027",
    });
    expect(algebra.members).toEqual([
      { externalId: "t1", role: "STAFF" },
      { externalId: "t2", role: "STAFF" },
      { externalId: "s1", role: "STUDENT" },
      { externalId: "s2", role: "STUDENT" },
      { externalId: "s3", role: "STUDENT" },
    ]);
    // The same title in another school is another class; its proctor is staff.
    const middle = roster.sections.find((s) => s.externalId === "cls-alg-m")!;
    expect(middle).toMatchObject({ name: "Algebra I - Period 1", schoolName: "Shelbyville Middle" });
    expect(middle.members).toContainEqual({ externalId: "t1", role: "STAFF" });
    const people = new Map(roster.people.map((p) => [p.externalId, p]));
    expect(people.get("s1")).toEqual({ externalId: "s1", displayName: "Bart Simpson" });
    expect(people.get("t1")).toEqual({ externalId: "t1", displayName: "Edna Krabappel" });
    expect(people.get("s6")).toEqual({ externalId: "s6" });
  });

  it("leaves out classes, people and enrolments marked tobedeleted", () => {
    const rows = smallDistrictRows();
    rows.classes[2] = { ...rows.classes[2]!, status: "tobedeleted" };
    rows.users[4] = { ...rows.users[4]!, status: "tobedeleted" };
    rows.enrollments[0] = { ...rows.enrollments[0]!, status: "tobedeleted" };
    const set = smallBulkSet();
    set["classes.csv"] = csvFile("classes", rows.classes);
    set["users.csv"] = csvFile("users", rows.users);
    set["enrollments.csv"] = csvFile("enrollments", rows.enrollments);
    const roster = toFullDistrictRoster(parse(set));
    expect(roster.sections.map((s) => s.externalId)).toEqual(["cls-alg-1", "cls-bio-2"]);
    expect(roster.people.map((p) => p.externalId)).not.toContain("s3");
    expect(roster.sections[0]!.members.map((m) => m.externalId)).toEqual(["t2", "s1", "s2"]);
  });

  it("makes a person enrolled as student and teacher in one class staff of it, once", () => {
    const rows = smallDistrictRows();
    rows.enrollments.push(enrollment("e20", "cls-bio-2", "s4", "teacher"));
    const set = smallBulkSet();
    set["enrollments.csv"] = csvFile("enrollments", rows.enrollments);
    const bio = toFullDistrictRoster(parse(set)).sections.find((s) => s.externalId === "cls-bio-2")!;
    expect(bio.members.filter((m) => m.externalId === "s4")).toEqual([{ externalId: "s4", role: "STAFF" }]);
  });
});

describe("roles", () => {
  it("reports an enrollment with a role it does not know by file, line and value, and skips only that row", () => {
    const set = parse(unknownRoleSet());
    expect(set.skipped).toEqual([
      {
        file: "enrollments.csv",
        line: 13,
        column: "role",
        message:
          "'aide' is not a role StudyHall takes from a class (student, teacher, administrator, proctor); the row was skipped",
      },
    ]);
    const roster = toFullDistrictRoster(set);
    const algebra = roster.sections.find((s) => s.externalId === "cls-alg-1")!;
    expect(algebra.members.map((m) => m.externalId)).not.toContain("s4");
    expect(roster.sections.flatMap((s) => s.members)).toHaveLength(SMALL_DISTRICT.enrollments);
  });

  it("takes teacher, administrator and proctor as staff and student as student, whatever the case", () => {
    const rows = smallDistrictRows();
    rows.enrollments = [
      enrollment("x1", "cls-alg-1", "t1", "Teacher"),
      enrollment("x2", "cls-alg-1", "t2", "administrator"),
      enrollment("x3", "cls-alg-1", "s1", "proctor"),
      enrollment("x4", "cls-alg-1", "s2", "STUDENT"),
    ];
    const set = smallBulkSet();
    set["enrollments.csv"] = csvFile("enrollments", rows.enrollments);
    const members = toFullDistrictRoster(parse(set)).sections[0]!.members;
    expect(members.map((m) => m.role)).toEqual(["STAFF", "STAFF", "STAFF", "STUDENT"]);
  });
});

describe("a malformed set", () => {
  it("is refused with every problem's file, line and column, and how many there are", () => {
    const { files, problems } = malformedSet();
    const message = refusal(files);
    expect(message).toContain(`nothing was changed (${problems.length} problems)`);
    for (const problem of problems) expect(message).toContain(problem);
  });

  it("lists the first 20 problems and counts the rest", () => {
    const rows = smallDistrictRows();
    for (let i = 0; i < 25; i++) rows.users.push(user(`bad${i}`, "A", "B", { enabledUser: "maybe" }));
    const set = smallBulkSet();
    set["users.csv"] = csvFile("users", rows.users);
    const message = refusal(set);
    expect(message).toContain("(25 problems)");
    expect(message).toContain("users.csv line 11, column enabledUser: 'maybe' is not true or false");
    expect(message).toContain("users.csv line 30, column enabledUser");
    expect(message).not.toContain("users.csv line 31,");
    expect(message).toMatch(/…and 5 more\.$/);
  });

  it.each([
    [
      "a quote never closed",
      (set: OneRosterFileSet) => {
        set["orgs.csv"] += 'sch9,,,"Unclosed,school,,\r\n';
      },
      "orgs.csv line 5: a quoted field is never closed",
    ],
    [
      "a row with more values than the header",
      (set: OneRosterFileSet) => {
        set["orgs.csv"] += "sch9,,,Extra,school,,,,\r\n";
      },
      "orgs.csv line 5: has 9 values but the header names 7 columns",
    ],
    [
      "the same sourcedId twice",
      (set: OneRosterFileSet) => {
        set["orgs.csv"] += "sch1,,,Again,school,,\r\n";
      },
      "orgs.csv line 5, column sourcedId: 'sch1' is also on line 3; each row needs its own sourcedId",
    ],
    [
      "a date that is not one",
      (set: OneRosterFileSet) => {
        set["academicSessions.csv"] += "t9,,,Winter,term,2027-13-45,2027-02-01,,2027\r\n";
      },
      "academicSessions.csv line 5, column startDate: '2027-13-45' is not a date (YYYY-MM-DD)",
    ],
    [
      "an enrollment of a person not in users.csv",
      (set: OneRosterFileSet) => {
        set["enrollments.csv"] += "e99,,,cls-alg-1,sch1,nobody,student,,,\r\n";
      },
      "enrollments.csv line 13, column userSourcedId: 'nobody' is not a sourcedId in users.csv",
    ],
    [
      "a file that is not UTF-8",
      (set: OneRosterFileSet) => {
        set["users.csv"] = "\u0000";
      },
      "users.csv: is not UTF-8 text",
    ],
  ])("is refused for %s", (_what, spoil, expected) => {
    const set = smallBulkSet();
    spoil(set);
    const files = asFiles(set);
    if (expected.includes("UTF-8")) files.set("users.csv", new Uint8Array([0x73, 0xff, 0xfe, 0x0a]));
    let message = "";
    try {
      parseOneRosterSet(files);
    } catch (error) {
      message = (error as AppError).userMessage;
    }
    expect(message).toContain(expected);
  });

  it("requires status and dateLastModified on every row of a delta file", () => {
    const delta = smallDeltaSet();
    delta["enrollments.csv"] += "e30,,,cls-alg-1,sch1,s5,student,,,\r\n";
    const message = refusal(delta);
    expect(message).toContain(
      "enrollments.csv line 4, column status: is empty; a delta file must say active or tobedeleted on every row",
    );
    expect(message).toContain(
      "enrollments.csv line 4, column dateLastModified: is empty; a delta file must say when each row changed",
    );
  });
});

describe("the manifest", () => {
  it("must be there", () => {
    const set = smallBulkSet();
    delete set["manifest.csv"];
    expect(refusal(set)).toContain("manifest.csv: is missing; every OneRoster set starts with its manifest");
  });

  it("must say OneRoster 1.2", () => {
    const set = smallBulkSet();
    set["manifest.csv"] = manifestCsv({ classes: "bulk", users: "bulk", enrollments: "bulk" }, "1.1");
    expect(refusal(set)).toContain(
      "manifest.csv line 3, column value: oneroster.version is '1.1'; StudyHall reads OneRoster 1.2 file sets",
    );
  });

  it("names each file bulk, delta or absent", () => {
    const set = smallBulkSet();
    set["manifest.csv"] = set["manifest.csv"]!.replace("file.users,bulk", "file.users,full");
    expect(refusal(set)).toContain("column value: file.users is 'full'; it must be bulk, delta or absent");
  });

  it("refuses a bulk set without classes, users or enrollments, and a file it names but the set lacks", () => {
    const set = smallBulkSet();
    set["manifest.csv"] = set["manifest.csv"]!.replace("file.enrollments,bulk", "file.enrollments,absent");
    delete set["orgs.csv"];
    const message = refusal(set);
    expect(message).toContain(
      "manifest.csv: file.enrollments is absent; a bulk set must give classes, users, enrollments",
    );
    expect(message).toContain("orgs.csv: is missing, but manifest.csv says file.orgs is bulk");
  });

  it("does not read a file it calls absent, even when the set has one", () => {
    const set = smallBulkSet();
    set["manifest.csv"] = set["manifest.csv"]!.replace("file.courses,bulk", "file.courses,absent");
    set["courses.csv"] = "not,a,courses,file\r\n";
    const parsed = parse(set);
    expect(parsed.files.courses).toBe("absent");
    expect(parsed.rows.courses).toEqual([]);
    expect(toFullDistrictRoster(parsed).sections).toHaveLength(SMALL_DISTRICT.sections);
  });

  it("makes a set with a delta file a delta set: only its changes, removals from tobedeleted rows", () => {
    const set = parse(smallDeltaSet());
    expect(set.mode).toBe("delta");
    expect(set.files).toMatchObject({ classes: "delta", enrollments: "delta", users: "absent" });
    expect(toDistrictChanges(set)).toEqual({
      people: [],
      removedPeople: [],
      sections: [{ externalId: "cls-bio-2", name: "Biology - Period 3" }],
      removedSections: [],
      memberships: [
        { sectionId: "cls-alg-1", externalId: "s2", role: "STUDENT", active: false },
        { sectionId: "cls-bio-2", externalId: "s7", role: "STUDENT", active: true },
      ],
    });
  });

  it("turns a delta's role change (old enrollment tobedeleted, new one active) into one active membership", () => {
    const delta = smallDeltaSet();
    const stamp = { dateLastModified: "2026-09-03T00:00:00Z" };
    delta["enrollments.csv"] = csvFile("enrollments", [
      { ...enrollment("e3", "cls-alg-1", "s1", "student"), status: "tobedeleted", ...stamp },
      { ...enrollment("e40", "cls-alg-1", "s1", "teacher"), status: "active", ...stamp },
    ]);
    delta["manifest.csv"] = manifestCsv({ users: "delta", enrollments: "delta" });
    delta["users.csv"] = csvFile("users", [
      { ...user("s3", "Milhouse", "Van Houten", { preferredGivenName: "Mil" }), status: "active", ...stamp },
      { ...user("s5", "Martin", "Prince"), status: "tobedeleted", ...stamp },
    ]);
    const changes = toDistrictChanges(parse(delta));
    expect(changes.memberships).toEqual([
      { sectionId: "cls-alg-1", externalId: "s1", role: "STAFF", active: true },
    ]);
    expect(changes.people).toEqual([{ externalId: "s3", displayName: "Mil Van Houten" }]);
    expect(changes.removedPeople).toEqual(["s5"]);
    expect(changes.sections).toEqual([]);
  });
});

describe("reading a folder or a zip", () => {
  it("gives the same set from a folder, a zip, and a zip with the files in a folder", async () => {
    const files = unknownRoleSet();
    const folder = await writeOneRosterFolder(path.join(tmp, "set"), files);
    const zip = path.join(tmp, "set.zip");
    await writeFile(zip, oneRosterZip(files));
    const nested = path.join(tmp, "nested.zip");
    await writeFile(nested, oneRosterZip(files, "export-2026-09-01"));
    const fromFolder = parseOneRosterSet(await readOneRosterSource(folder));
    expect(fromFolder.rows.users).toHaveLength(SMALL_DISTRICT.people);
    expect(parseOneRosterSet(await readOneRosterSource(zip))).toEqual(fromFolder);
    expect(parseOneRosterSet(await readOneRosterSource(nested))).toEqual(fromFolder);
  });

  it("refuses a damaged zip and a zip bomb with the zip's own words, and a path with nothing there", async () => {
    const damaged = path.join(tmp, "damaged.zip");
    const whole = oneRosterZip(smallBulkSet());
    await writeFile(damaged, whole.subarray(0, whole.byteLength - 30));
    await expect(readOneRosterSource(damaged)).rejects.toMatchObject({
      userMessage: expect.stringMatching(/^This \.zip file could not be read: it is damaged or incomplete/),
    });
    const bomb = path.join(tmp, "bomb.zip");
    await writeFile(
      bomb,
      buildZip([
        { name: "manifest.csv", data: smallBulkSet()["manifest.csv"]! },
        { name: "users.csv", data: Buffer.alloc(1024, 0x61), declaredSize: 1024 * 1024 * 1024 },
      ]),
    );
    await expect(readOneRosterSource(bomb)).rejects.toMatchObject({
      userMessage: expect.stringMatching(/^This \.zip file could not be read: it is too large once unpacked/),
    });
    await expect(readOneRosterSource(path.join(tmp, "nothing-here"))).rejects.toMatchObject({
      userMessage: `There is no folder or .zip file at ${path.join(tmp, "nothing-here")}.`,
    });
  });
});
