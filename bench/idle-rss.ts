// Resident memory of `npm start`'s server process once it has started and settled, on embedded defaults.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startServer } from "../test/support/run-process.ts";

export async function benchIdleRss(settleMs = 5_000): Promise<{ rssMiB: number; startSeconds: number }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "studyhall-rss-"));
  const started = performance.now();
  const child = startServer({ DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1" });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => {
        if (d.toString().includes("listening on")) resolve();
      });
      child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
    });
    const startSeconds = (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, settleMs));
    const status = await readFile(`/proc/${child.pid}/status`, "utf8");
    const kib = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
    return { rssMiB: Math.round(kib / 1024), startSeconds: Number(startSeconds.toFixed(1)) };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await rm(dataDir, { recursive: true, force: true });
  }
}
