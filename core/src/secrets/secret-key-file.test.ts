import { chmod, mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadOrCreateSecretKeyFile, SECRET_KEY_FILE } from "./secret-key-file.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "studyhall-key-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("the embedded installation's key file", () => {
  it("is made once with 32 random bytes, readable by its owner only, and read back after", async () => {
    const dataDir = path.join(dir, "data");
    const first = await loadOrCreateSecretKeyFile(dataDir);
    expect(first).toMatchObject({
      created: true,
      readableByOthers: false,
      path: path.join(dataDir, SECRET_KEY_FILE),
    });
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(first.path)).mode & 0o777).toBe(0o600);
    const again = await loadOrCreateSecretKeyFile(dataDir);
    expect(again).toMatchObject({ created: false, secret: first.secret });
  });

  it("gives two processes starting at once the same key", async () => {
    const [a, b] = await Promise.all([loadOrCreateSecretKeyFile(dir), loadOrCreateSecretKeyFile(dir)]);
    expect(a.secret).toBe(b.secret);
    expect([a.created, b.created].filter(Boolean)).toHaveLength(1);
  });

  it("reports a file whose permissions were loosened, and refuses one too short to be a key", async () => {
    const made = await loadOrCreateSecretKeyFile(dir);
    await chmod(made.path, 0o644);
    expect((await loadOrCreateSecretKeyFile(dir)).readableByOthers).toBe(true);
    await writeFile(made.path, "short\n");
    await expect(loadOrCreateSecretKeyFile(dir)).rejects.toMatchObject({ code: "config" });
  });
});
