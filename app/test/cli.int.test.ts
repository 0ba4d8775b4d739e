// The README walk-through, through the real `studyhall` bin on the embedded database: create a course,
// ingest the sample reader, ask a question and get a cited answer, offline and through a fake OpenAI.
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAi, startFakeOpenAi } from "../../test/support/fake-openai-server.ts";
import { repoRoot, runCli } from "../../test/support/run-process.ts";

const sample = path.join(repoRoot, "examples", "cell-biology.md");
let dataDir: string;
let fake: FakeOpenAi;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "studyhall-cli-"));
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await fake?.close();
  await rm(dataDir, { recursive: true, force: true });
});

// Each command is a fresh process opening the embedded database: seconds apiece on a loaded two-core
// machine, so the limit is a generous upper bound, not a measure.
describe("studyhall CLI on the embedded database", { timeout: 600_000 }, () => {
  it("creates a course, ingests the sample and answers with a citation (local provider)", async () => {
    const env = { DATA_DIR: path.join(dataDir, "local") };
    const created = await runCli(["course", "create", "Biology 101"], env);
    // The first start makes the data directory's secret key and says once, on stderr, to back it up;
    // nothing else is logged.
    expect(created.stderr.trim().split("\n")).toEqual([
      expect.stringContaining("made a secret key for stored credentials: back it up with the data"),
    ]);
    expect(created.stdout).toContain('Created course "Biology 101" (biology-101)');
    // Students' data and the secret key file: only the account running StudyHall may read them.
    expect((await stat(env.DATA_DIR)).mode & 0o077).toBe(0);

    const ingested = await runCli(["ingest", "--course", "biology-101", sample], env);
    expect(ingested.code).toBe(0);
    expect(ingested.stderr).toMatch(/✓ .*cell-biology\.md: "Cell Biology Basics", \d+ passages/);

    const asked = await runCli(["ask", "--course", "biology-101", "What do mitochondria produce?"], env);
    expect(asked.code).toBe(0);
    expect(asked.stdout).toMatch(/produce ATP/);
    expect(asked.stdout).toMatch(/Sources:\n {2}\[1\] Cell Biology Basics, Mitochondria/);

    const again = await runCli(["ingest", "--course", "biology-101", sample], env);
    expect(again.stderr).toMatch(/already in biology-101/);
    const listed = await runCli(["materials", "--course", "biology-101"], env);
    expect(listed.stdout).toMatch(/Cell Biology Basics\tMARKDOWN\t.*\tREADY/);
  });

  it("answers through an OpenAI-compatible server, and reindex switches models", async () => {
    const local = { DATA_DIR: path.join(dataDir, "switch") };
    await runCli(["course", "create", "Biology 101"], local);
    await runCli(["ingest", "--course", "biology-101", sample], local);

    const openai = {
      ...local,
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: fake.url,
      TUTOR_MIN_SIMILARITY: "0.99",
    };
    fake.setChatResponder(() => "They produce ATP [1].");
    const before = await runCli(["ask", "--course", "biology-101", "What do mitochondria produce?"], openai);
    expect(before.stdout).toMatch(/couldn't find this in the course materials/);
    expect(before.stderr).toMatch(/studyhall reindex/);

    const reindexed = await runCli(["reindex"], openai);
    expect(reindexed.stdout).toMatch(
      /Re-embedded \d+ passages in 1 materials with openai:text-embedding-3-small@768/,
    );
    const after = await runCli(["ask", "--course", "biology-101", "What do mitochondria produce?"], openai);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/^They produce ATP \[1\]\./);
    expect(after.stdout).toMatch(/\[1\] Cell Biology Basics/);
    expect(fake.chatRequests().length).toBeGreaterThan(0);
  });

  it("explains bad input and exits non-zero", async () => {
    const env = { DATA_DIR: path.join(dataDir, "errors") };
    const missingCourse = await runCli(["ask", "--course", "nope", "hi"], env);
    expect(missingCourse.code).toBe(1);
    expect(missingCourse.stderr).toMatch(/There is no course "nope"/);

    await runCli(["course", "create", "Errors"], env);
    const image = path.join(dataDir, "diagram.png");
    await writeFile(image, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    const refused = await runCli(
      ["ingest", "--course", "errors", image, path.join(dataDir, "missing.pdf")],
      env,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/✗ .*diagram\.png: Images are not supported yet/);
    expect(refused.stderr).toMatch(/✗ .*missing\.pdf: There is no file at/);

    const badConfig = await runCli(["course", "list"], { ...env, DATABASE_URL: "mysql://nope" });
    expect(badConfig.code).toBe(1);
    expect(badConfig.stderr).toMatch(/DATABASE_URL: must be a postgresql:\/\/ URL/);
  });
});
