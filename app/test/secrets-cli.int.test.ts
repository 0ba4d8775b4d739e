// `studyhall secrets status|rotate` through the real bin on the embedded database: an installation
// that started with no key (so a key file in DATA_DIR), then configured STUDYHALL_SECRET_KEY, rotates
// to it and no longer needs the key file.
import { access, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli as runBin } from "../../test/support/run-process.ts";

// Each run opens and migrates the embedded database in a new process: seconds, more on a busy machine.
const RUN_MS = 240_000;
const runCli = (args: string[], env: Record<string, string>) => runBin(args, env, RUN_MS);

const NEW_KEY = "new-secret-key-fedcba9876543210fedcba9876543210";
const NEXT_KEY = "next-secret-key-00112233445566778899aabbccddeeff";
let dataDir: string;

const platform = [
  "lti",
  "add-platform",
  "--issuer",
  "https://canvas.example.edu",
  "--client-id",
  "10001",
  "--auth-url",
  "https://canvas.example.edu/api/lti/authorize_redirect",
  "--token-url",
  "https://canvas.example.edu/login/oauth2/token",
  "--jwks-url",
  "https://canvas.example.edu/api/lti/security/jwks",
  "--deployment",
  "1:abc",
];

/** The key id `secrets status` names as current. */
function currentKeyId(stdout: string): string {
  const id = /^Current key ([A-Za-z0-9_-]{8}) /m.exec(stdout)?.[1];
  expect(id, stdout).toBeDefined();
  return id!;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "studyhall-secrets-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe("studyhall secrets", () => {
  it(
    "rotates from the embedded key file to STUDYHALL_SECRET_KEY, idempotently, after which the file is not needed",
    async () => {
      const keyless = { DATA_DIR: dataDir };
      const added = await runCli(platform, keyless);
      expect(added.code, added.stderr).toBe(0);
      const keyFile = path.join(dataDir, "secret.key");
      await access(keyFile);

      const before = await runCli(["secrets", "status"], keyless);
      expect(before.code).toBe(0);
      const fileKey = currentKeyId(before.stdout);
      expect(before.stdout).toContain("(from the key file in DATA_DIR)");
      expect(before.stdout).toContain(`LtiRecord: 2 under ${fileKey} (current)`);
      expect(before.stdout).toContain("SlackInstallation: none");

      const configured = { DATA_DIR: dataDir, STUDYHALL_SECRET_KEY: NEW_KEY };
      const rotated = await runCli(["secrets", "rotate"], configured);
      expect(rotated.code, rotated.stderr).toBe(0);
      expect(rotated.stdout).toContain("LtiRecord: 2 re-sealed, 0 already current");
      const newKey = /Every stored secret is under key (\S+); previous keys can be removed\./.exec(
        rotated.stdout,
      )?.[1];
      expect(newKey).toBeDefined();
      expect(newKey).not.toBe(fileKey);

      const again = await runCli(["secrets", "rotate"], configured);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain("LtiRecord: 0 re-sealed, 2 already current");

      await rm(keyFile);
      const after = await runCli(["secrets", "status"], configured);
      expect(after.stdout).toContain(`LtiRecord: 2 under ${newKey} (current)`);
      // The next rotation opens every secret with STUDYHALL_SECRET_KEY alone: the key file is not needed.
      const next = await runCli(["secrets", "rotate"], {
        DATA_DIR: dataDir,
        STUDYHALL_SECRET_KEY: NEXT_KEY,
        STUDYHALL_SECRET_KEY_PREVIOUS: NEW_KEY,
      });
      expect(next.code, next.stderr).toBe(0);
      expect(next.stdout).toContain("LtiRecord: 2 re-sealed, 0 already current");
    },
    8 * RUN_MS,
  );

  it(
    "says which secrets it cannot open under a key that did not seal them, and exits non-zero",
    async () => {
      // NEW_KEY was rotated away from: alone, it opens nothing.
      const stale = { DATA_DIR: dataDir, STUDYHALL_SECRET_KEY: NEW_KEY };
      const status = await runCli(["secrets", "status"], stale);
      expect(status.stdout).toMatch(/LtiRecord: 2 under [A-Za-z0-9_-]{8} \(unknown key\)/);
      const rotated = await runCli(["secrets", "rotate"], stale);
      expect(rotated.code).toBe(1);
      expect(rotated.stdout).toContain("LtiRecord: 0 re-sealed, 0 already current, 2 refused");
      expect(rotated.stderr).toContain("2 stored secrets could not be opened and were left as they are");
      expect(rotated.stderr).not.toContain(NEW_KEY);
    },
    3 * RUN_MS,
  );
});
