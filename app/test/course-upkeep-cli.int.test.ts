// `studyhall course rename|archive|unarchive|delete` through the real bin on the embedded database.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runCli as runBin } from "../../test/support/run-process.ts";

// Each command starts the embedded database; generous on a loaded machine (not a timing assertion).
const runCli = (args: string[]) => runBin(args, env, 240_000);
const sample = path.join(repoRoot, "examples", "cell-biology.md");
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "studyhall-course-upkeep-"));
  env = { DATA_DIR: dataDir };
  expect((await runCli(["course", "create", "Hydrology 101"])).code).toBe(0);
}, 600_000);
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe("studyhall course upkeep", { timeout: 1_200_000 }, () => {
  it("renames a course and keeps its slug; refuses an empty name", async () => {
    const renamed = await runCli(["course", "rename", "hydrology-101", "Hydrology", "I"]);
    expect(renamed.code).toBe(0);
    expect(renamed.stdout).toBe('Renamed "Hydrology 101" to "Hydrology I" (still hydrology-101).\n');
    const empty = await runCli(["course", "rename", "hydrology-101", " "]);
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toMatch(/Give the course a name\./);
    expect((await runCli(["course", "list"])).stdout).toMatch(/^hydrology-101\tHydrology I\t/m);
  });

  it("archives (hidden, read-only, the way back named), then reopens", async () => {
    const archived = await runCli(["course", "archive", "hydrology-101"]);
    expect(archived.code).toBe(0);
    expect(archived.stdout).toMatch(/Reopen it with: studyhall course unarchive hydrology-101/);
    expect((await runCli(["course", "list"])).stdout).not.toMatch(/hydrology-101/);
    expect((await runCli(["course", "list", "--all"])).stdout).toMatch(
      /^hydrology-101\tHydrology I\t.*\t\(archived\)$/m,
    );
    const ingest = await runCli(["ingest", "--course", "hydrology-101", sample]);
    expect(ingest.stderr).toMatch(/"Hydrology I" is archived, so it is read-only/);
    expect((await runCli(["materials", "--course", "hydrology-101"])).stdout).not.toMatch(/Cell Biology/);

    expect((await runCli(["course", "unarchive", "hydrology-101"])).stdout).toMatch(
      /^Reopened "Hydrology I"/,
    );
    expect((await runCli(["ingest", "--course", "hydrology-101", sample])).code).toBe(0);
  });

  it("deletes only with --yes, and then the course is gone", async () => {
    const refused = await runCli(["course", "delete", "hydrology-101"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/--yes/);
    expect((await runCli(["course", "list"])).stdout).toMatch(/hydrology-101/);
    const deleted = await runCli(["course", "delete", "hydrology-101", "--yes"]);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toMatch(/Deleted course hydrology-101: 1 enrolment\(s\), 1 material\(s\)/);
    expect((await runCli(["course", "list"])).stdout).toMatch(/No courses yet/);
  });
});
