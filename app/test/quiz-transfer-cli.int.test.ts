// `studyhall quiz import|export` through the real bin on the embedded database.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli as runBin } from "../../test/support/run-process.ts";

// Each command starts the embedded database; generous on a loaded machine (not a timing assertion).
const runCli = (args: string[]) => runBin(args, env, 240_000);
let dataDir: string;
let env: Record<string, string>;

const HEADER =
  "type,question,choice_1,choice_2,choice_3,choice_4,choice_5,correct,accepted_answers,numeric_answer,tolerance,hint,explanation,points,time_limit_sec";
const GOOD = [
  HEADER,
  'single_choice,"Which rock holds water best, usually?",Granite,Sandstone,Clay,,,2,,,,Think pores,,,',
  "numeric,Depth in metres?,,,,,,,,-12.5,0.5,,,500,30",
].join("\r\n");

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "studyhall-quiz-transfer-"));
  env = { DATA_DIR: dataDir };
  expect((await runCli(["course", "create", "Hydrology 101"])).code).toBe(0);
}, 600_000);
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe("studyhall quiz import and export", { timeout: 1_200_000 }, () => {
  it("refuses a malformed file with the line and column and imports nothing", async () => {
    const file = path.join(dataDir, "bad.csv");
    await writeFile(file, `${GOOD}\r\ntrue_false,Clay is permeable,,,,,,maybe,,,,,,,\r\n`);
    const refused = await runCli(["quiz", "import", file, "--course", "hydrology-101"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/Line 4, column 'correct': 'maybe' should be true or false\./);
    expect((await runCli(["quiz", "list", "--course", "hydrology-101"])).stdout).toMatch(/no quizzes yet/);
  });

  it("imports a file as a draft, and export then import gives the same quiz", async () => {
    const file = path.join(dataDir, "aquifers.csv");
    await writeFile(file, `\uFEFF${GOOD}`);
    const imported = await runCli(["quiz", "import", file, "--course", "hydrology-101"]);
    expect(imported.code).toBe(0);
    const quizId = /Imported draft ([0-9a-f-]{36}) "aquifers" with 2 questions\./.exec(imported.stdout)?.[1];
    expect(quizId).toBeDefined();

    const out = path.join(dataDir, "exported.csv");
    const exported = await runCli(["quiz", "export", quizId!, "--course", "hydrology-101", "--out", out]);
    expect(exported.stdout).toBe(`Wrote 2 questions to ${out}.\n`);
    const csv = await readFile(out, "utf8");
    expect(csv.split("\r\n")[0]).toBe(HEADER);
    expect(csv).toContain(
      '"Which rock holds water best, usually?",Granite,Sandstone,Clay,,,2,,,,Think pores,,1000,20',
    );

    const again = await runCli(["quiz", "import", out, "--course", "hydrology-101", "--title", "Copy"]);
    const copyId = /Imported draft ([0-9a-f-]{36}) "Copy"/.exec(again.stdout)?.[1];
    const stdout = await runCli(["quiz", "export", copyId!, "--course", "hydrology-101"]);
    expect(stdout.stdout).toBe(csv);
  });

  it("refuses generation from a material the course does not have", async () => {
    const refused = await runCli(["quiz", "generate", "--course", "hydrology-101", "--material", "Nope"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/No material "Nope" in this course/);
  });
});
