// `studyhall session` through the real bin on the embedded database: the operator schedules a session
// in a course (read in the operator's zone, UTC by default), lists it numbered, cancels it by that
// number, and a time core cannot read is refused with its sentence and a non-zero exit.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../test/support/run-process.ts";

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "studyhall-session-cli-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

// Each command is a fresh process opening the embedded database: the limit is a bound, not a measure.
describe("studyhall session", { timeout: 600_000 }, () => {
  it("schedules, lists and cancels a course's study session as the operator", async () => {
    const env = { DATA_DIR: dataDir };
    expect((await runCli(["course", "create", "Biology 101"], env)).code).toBe(0);

    const scheduled = await runCli(
      [
        "session",
        "schedule",
        "biology-101",
        "Week 3 review",
        "2099-12-10 18:00",
        "--minutes",
        "45",
        "--weekly",
      ],
      env,
    );
    expect(scheduled.code).toBe(0);
    expect(scheduled.stdout).toContain("Scheduled “Week 3 review”");
    expect(scheduled.stdout).toContain("Thu 10 Dec, 18:00 (UTC)");

    const listed = await runCli(["session", "list", "biology-101"], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain("Week 3 review");

    const cancelled = await runCli(["session", "cancel", "biology-101", "1"], env);
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toContain("Cancelled “Week 3 review”");

    const unreadable = await runCli(["session", "schedule", "biology-101", "Cram", "someday"], env);
    expect(unreadable.code).not.toBe(0);
    expect(unreadable.stderr).toContain("I could not read “someday” as a day and a time.");
  });
});
