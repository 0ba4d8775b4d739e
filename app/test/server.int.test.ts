// `npm start` as a real process: migrations on start, /healthz, front-end status in the log, clean stop.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, repoRoot, startServer } from "../../test/support/run-process.ts";

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "studyhall-server-"));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

// Each test starts the real server process on the embedded database: seconds on a loaded two-core
// machine, so the limit is a generous upper bound, not a measure.
describe("npm start", { timeout: 300_000 }, () => {
  it("serves /healthz on embedded defaults, says which front ends are off and why, and stops on SIGTERM", async () => {
    const child = startServer({ DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1" });
    const done = collect(child, 60_000);
    const lines: Array<Record<string, unknown>> = [];
    const port = await new Promise<number>((resolve, reject) => {
      let buffer = "";
      child.stdout!.on("data", (d: Buffer) => {
        buffer += d.toString();
        for (const line of buffer.split("\n").slice(0, -1)) {
          const entry = JSON.parse(line) as Record<string, unknown>;
          lines.push(entry);
          if (typeof entry.msg === "string" && entry.msg.startsWith("listening on"))
            resolve(entry.port as number);
        }
        buffer = buffer.slice(buffer.lastIndexOf("\n") + 1);
      });
      child.on("exit", (code) => reject(new Error(`server exited early with ${code}`)));
    });

    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      database: "pglite",
      ai: "local",
      frontEnds: { slack: "off", discord: "off", lti: "off" },
    });
    const messages = lines.map((l) => l.msg);
    expect(messages).toContain("Slack: off, set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN");
    expect(messages).toContain("AI: local offline provider (set OPENAI_API_KEY to use OpenAI)");
    const migrations = (
      await readdir(path.join(repoRoot, "prisma", "migrations"), { withFileTypes: true })
    ).filter((e) => e.isDirectory());
    expect(lines.find((l) => l.msg === "database ready")).toMatchObject({ applied: migrations.length });

    child.kill("SIGTERM");
    expect((await done).code).toBe(0);
  });

  it("mounts the Slack app on the shared server, which rejects an unsigned request", async () => {
    const child = startServer({
      DATA_DIR: dataDir,
      PORT: "0",
      HOST: "127.0.0.1",
      SLACK_SIGNING_SECRET: "test-secret",
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_API_URL: "http://127.0.0.1:9/api/",
    });
    const done = collect(child, 60_000);
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => {
        const match = /"port":(\d+)[^\n]*listening on/.exec(d.toString());
        if (match) resolve(Number(match[1]));
      });
      child.on("exit", (code) => reject(new Error(`server exited early with ${code}`)));
    });
    const response = await fetch(`http://127.0.0.1:${port}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "url_verification", challenge: "c" }),
    });
    expect(response.status).toBe(401);
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toMatchObject({
      frontEnds: { slack: "on", discord: "off" },
    });
    child.kill("SIGTERM");
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Slack: on");
  });

  it("refuses to start with a bad setting and names it", async () => {
    const result = await collect(startServer({ DATA_DIR: dataDir, PORT: "eighty" }), 30_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PORT/);
  });
});
