// `studyhall privacy export|delete`, `studyhall audit` and `studyhall course delete` through the real bin
// on the embedded database. A student is seeded between commands (the embedded database is one process's
// at a time), as a Discord bot would have written them.
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ensureEnrollment, findCourse, openDatabase, resolveUser } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli as runBin } from "../../test/support/run-process.ts";

// Each command starts the embedded database; generous on a loaded machine (not a timing assertion).
const runCli = (args: string[], env: Record<string, string>) => runBin(args, env, 240_000);

const student = { platform: "DISCORD" as const, tenant: "", externalId: "4242", displayName: "Quinn Q" };
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "studyhall-privacy-cli-"));
  env = { DATA_DIR: dataDir };
  const created = await runCli(["course", "create", "Biology 101"], env);
  expect(created.code).toBe(0);
  const database = await openDatabase({ kind: "pglite", dataDir });
  try {
    const db = database.prisma;
    const course = await findCourse(db, "biology-101");
    const { userId } = await resolveUser(db, student);
    await ensureEnrollment(db, { courseId: course.id, userId, role: "STUDENT", source: "DISCORD" });
    await db.conversation.create({
      data: {
        userId,
        courseId: course.id,
        platform: "DISCORD",
        threadKey: "dm:4242",
        messages: { create: [{ role: "USER", content: "What is osmosis, Quinn asks?" }] },
      },
    });
  } finally {
    await database.close();
  }
}, 600_000);
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe("studyhall privacy and audit commands", { timeout: 900_000 }, () => {
  it("exports one person as versioned JSON to a file only the operator can read", async () => {
    const out = path.join(dataDir, "quinn.json");
    const exported = await runCli(["privacy", "export", "--user", "discord:4242", "--out", out], env);
    expect(exported.code).toBe(0);
    const document = JSON.parse(await readFile(out, "utf8"));
    expect(document).toMatchObject({ schemaVersion: 1, scope: { kind: "all" } });
    expect(document.identities).toEqual([
      expect.objectContaining({ platform: "DISCORD", externalId: "4242" }),
    ]);
    expect(document.conversations[0].messages[0].content).toBe("What is osmosis, Quinn asks?");
    expect((await stat(out)).mode & 0o077).toBe(0);
  });

  it("refuses a malformed or unknown person with a plain message", async () => {
    const malformed = await runCli(["privacy", "export", "--user", "slack:U1"], env);
    expect(malformed.code).not.toBe(0);
    expect(malformed.stderr).toMatch(/does not name an account/);
    const unknown = await runCli(["privacy", "export", "--user", "discord:999"], env);
    expect(unknown.stderr).toMatch(/No one with that account is known/);
  });

  it("deletes only with --yes, then the person is gone and the audit log says so without naming them", async () => {
    const refused = await runCli(["privacy", "delete", "--user", "discord:4242"], env);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/--yes/);

    const deleted = await runCli(["privacy", "delete", "--user", "discord:4242", "--yes"], env);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toMatch(
      /Deleted discord:4242: 1 account\(s\), 1 enrolment\(s\), 1 conversation\(s\)/,
    );
    const again = await runCli(["privacy", "export", "--user", "discord:4242"], env);
    expect(again.stderr).toMatch(/No one with that account is known/);

    const audit = await runCli(["audit"], env);
    expect(audit.code).toBe(0);
    const lines = audit.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/Person deleted/);
    expect(lines.some((l) => l.includes("Person's data exported"))).toBe(true);
    expect(audit.stdout).not.toMatch(/4242|Quinn/);
  });

  it("deletes a course only with --yes, and everything in it goes", async () => {
    expect((await runCli(["course", "delete", "biology-101"], env)).stderr).toMatch(/--yes/);
    const deleted = await runCli(["course", "delete", "biology-101", "--yes"], env);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toMatch(/Deleted course biology-101/);
    const listed = await runCli(["course", "list"], env);
    expect(listed.stdout).toMatch(/No courses yet/);
    const audit = await runCli(["audit", "--limit", "1"], env);
    expect(audit.stdout).toMatch(/Course deleted .*slug="biology-101"/);
  });
});
