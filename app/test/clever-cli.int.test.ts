// `studyhall clever connect|districts|sync|disconnect` through the real bin on the embedded database,
// against the fake Clever on 127.0.0.1.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addSection, addUser } from "../../test/support/fake-clever-fixtures.ts";
import {
  type FakeClever,
  type FakeCleverDistrict,
  startFakeClever,
} from "../../test/support/fake-clever-server.ts";
import { runCli as runBin } from "../../test/support/run-process.ts";

// Each run opens and migrates the embedded database in a new process: seconds, more on a busy machine.
const RUN_MS = 240_000;
const runCli = (args: string[], env: Record<string, string>) => runBin(args, env, RUN_MS);

let dataDir: string;
let clever: FakeClever;
let district: FakeCleverDistrict;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "studyhall-clever-"));
  clever = await startFakeClever();
  district = clever.addDistrict({ name: "Springfield" });
  const teacher = addUser(district, { roles: ["teacher"], name: { first: "Edna", last: "K" } });
  const kids = [
    addUser(district, { roles: ["student"] }),
    addUser(district, { roles: ["student"], name: null }),
  ];
  addSection(district, { name: "Algebra I", teachers: [teacher.id], students: kids.map((k) => k.id) });
  addSection(district, { name: "Algebra I", teachers: [teacher.id], students: [kids[0]!.id] });
});
afterAll(async () => {
  await clever?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("studyhall clever", { timeout: 900_000 }, () => {
  it("connects a district by its token, syncs it, lists it, and refuses what it cannot do in one line", async () => {
    const env = { DATA_DIR: dataDir, CLEVER_API_URL: clever.url };

    const connected = await runCli(["clever", "connect", "--token", district.token], env);
    expect(connected.code, connected.stderr).toBe(0);
    expect(connected.stdout).toContain(`Connected Springfield (Clever district ${district.id})`);

    const synced = await runCli(["clever", "sync"], env);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.stdout).toMatch(/^Springfield: full sync done in \d+\.\d s$/m);
    expect(synced.stdout).toContain("classes: 2 added, 0 updated, 0 removed, 0 restored, 0 unchanged");
    expect(synced.stdout).toContain("enrolments: 5 added");
    expect(synced.stdout).toContain("people: 3 added");

    const listed = await runCli(["clever", "districts"], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(
      new RegExp(
        `^Springfield\\t${district.id}\\tconnected\\t2 classes\\tlast sync \\S+ ok \\(classes \\+2`,
        "m",
      ),
    );

    const unknown = await runCli(["clever", "sync", "--district", "nope"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe(
      "No Clever district nope is connected. See `studyhall clever districts`.",
    );

    const noCredentials = await runCli(["clever", "connect"], env);
    expect(noCredentials.code).toBe(1);
    expect(noCredentials.stderr).toContain("Set CLEVER_CLIENT_ID and CLEVER_CLIENT_SECRET");

    clever.revokeToken(district.id);
    const revoked = await runCli(["clever", "sync", "--district", district.id, "--full"], env);
    expect(revoked.code).toBe(1);
    expect(revoked.stdout).toContain("access to this district was revoked (401)");
    const after = await runCli(["clever", "districts"], env);
    expect(after.stdout).toContain(
      "disconnected: Clever says StudyHall's access to this district was revoked",
    );
    expect(after.stdout).toContain("2 classes");
  });
});
