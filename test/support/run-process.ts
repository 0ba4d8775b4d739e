import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..");

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for a child StudyHall process: none of the developer's own settings leak in. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: "test", LOG_FORMAT: "json", ...extra };
}

/**
 * Runs the real `studyhall` bin (as `npx studyhall` would) and collects its output. The limit only stops
 * a hung process: a start with the embedded database takes seconds on a loaded two-core machine.
 */
export function runCli(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 240_000,
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, "app", "bin", "studyhall.mjs"), ...args], {
      cwd: repoRoot,
      env: cleanEnv(env),
    });
    collect(child, timeoutMs).then(resolve, reject);
  });
}

/** Starts `npm start`'s entry point (app/src/main.ts) the way package.json does. */
export function startServer(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, "app", "src", "main.ts")], {
    cwd: repoRoot,
    env: cleanEnv(env),
  });
}

export function collect(child: ChildProcess, timeoutMs: number): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`process timed out after ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
