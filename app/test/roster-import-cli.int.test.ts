// `studyhall roster import` through the real bin on the embedded database: a malformed set is refused
// with file, line and column and exit 1; a dry run of a zip says what would change and changes nothing;
// the import then does it, and a second import changes nothing.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  malformedSet,
  oneRosterZip,
  unknownRoleSet,
  writeOneRosterFolder,
} from "../../test/support/oneroster-fixtures.ts";
import { runCli as runBin } from "../../test/support/run-process.ts";

// Each command starts the embedded database; generous on a loaded machine (not a timing assertion).
const runCli = (args: string[]) => runBin(args, env, 240_000);
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "studyhall-roster-import-"));
  env = { DATA_DIR: dataDir };
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe("studyhall roster import", { timeout: 1_200_000 }, () => {
  it("refuses a malformed set, dry-runs a zip, imports it, and finds nothing to change the second time", async () => {
    const malformed = malformedSet();
    const broken = await writeOneRosterFolder(path.join(dataDir, "broken"), malformed.files);
    const refused = await runCli(["roster", "import", broken, "--district", "Springfield Unified"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("This OneRoster file set cannot be imported, so nothing was changed");
    for (const problem of malformed.problems) expect(refused.stderr).toContain(problem);

    const zip = path.join(dataDir, "springfield.zip");
    await writeFile(zip, oneRosterZip(unknownRoleSet(), "oneroster"));
    const dry = await runCli(["roster", "import", zip, "--district", "Springfield Unified", "--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      "Dry run, nothing was changed. Importing this bulk set into Springfield Unified (springfield-unified), a new district would change:",
    );
    expect(dry.stdout).toContain("Classes: 3 added, 0 updated, 0 removed, 0 restored, 0 unchanged");
    expect(dry.stdout).toContain("Enrolments: 11 added, 0 removed, 0 restored, 0 role changes");
    expect(dry.stdout).toContain("People: 9 added, 0 updated");
    expect(dry.stdout).toContain("1 record was reported and left out:");
    expect(dry.stdout).toContain("enrollments.csv line 13, column role: 'aide' is not a role");
    expect((await runCli(["course", "list"])).stdout).not.toContain("Algebra I");

    const imported = await runCli(["roster", "import", zip, "--district", "Springfield Unified"]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(
      /^Imported the bulk set into Springfield Unified \(springfield-unified\), a new district \(run [0-9a-f-]{36}\):/,
    );
    expect(imported.stdout).toContain("Classes: 3 added");
    expect(imported.stdout).toContain("Enrolments: 11 added");

    const again = await runCli(["roster", "import", zip, "--district", "springfield unified"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Classes: 0 added, 0 updated, 0 removed, 0 restored, 3 unchanged");
    expect(again.stdout).toContain("Enrolments: 0 added, 0 removed, 0 restored, 0 role changes");
  });
});
