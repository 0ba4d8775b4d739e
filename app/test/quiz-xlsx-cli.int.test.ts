// `studyhall quiz import file.xlsx` through the real bin on the embedded database: Kahoot's workbook
// imports as it is; a damaged one is refused with the clear message and nothing is imported.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli as runBin } from "../../test/support/run-process.ts";
import { buildXlsx, kahootSheet } from "../../test/support/xlsx-builder.ts";

// Each command starts the embedded database; generous on a loaded machine (not a timing assertion).
const runCli = (args: string[]) => runBin(args, env, 240_000);
let dataDir: string;
let env: Record<string, string>;

const WORKBOOK = buildXlsx([
  kahootSheet([
    ["Which are aquifers?", "Sandstone", "Granite", "Gravel", null, 30, "1,3"],
    ["Clay or sand: which drains faster?", "Clay", { inline: "Sand" }, null, null, 20, 2],
  ]),
]);

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "studyhall-quiz-xlsx-"));
  env = { DATA_DIR: dataDir };
  expect((await runCli(["course", "create", "Hydrology 101"])).code).toBe(0);
}, 600_000);
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe("studyhall quiz import of an .xlsx file", { timeout: 1_200_000 }, () => {
  it("refuses a damaged workbook clearly, then imports Kahoot's workbook as a draft", async () => {
    const damaged = path.join(dataDir, "damaged.xlsx");
    await writeFile(damaged, WORKBOOK.subarray(0, WORKBOOK.byteLength - 40));
    const refused = await runCli(["quiz", "import", damaged, "--course", "hydrology-101"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/This \.xlsx file could not be read: it is damaged or incomplete/);

    const file = path.join(dataDir, "Kahoot aquifers.xlsx");
    await writeFile(file, WORKBOOK);
    const imported = await runCli(["quiz", "import", file, "--course", "hydrology-101"]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(
      /Imported draft [0-9a-f-]{36} "Kahoot aquifers" with 2 questions from Kahoot's template\./,
    );
    const listed = (await runCli(["quiz", "list", "--course", "hydrology-101"])).stdout;
    expect(listed.match(/Kahoot aquifers/g)).toHaveLength(1);
  });
});
