import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "@studyhall/core";

const FROM_PINO: Record<string, LogLevel> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
  fatal: LogLevel.ERROR,
  silent: LogLevel.ERROR,
};

/**
 * Bolt's logger interface over our pino logger, so Bolt's own lines (signature failures, socket
 * reconnects, listener errors) land in the same structured log with the same context. The level is
 * pino's; Bolt's setLevel is ignored.
 */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: "bolt" });
  const write =
    (level: "debug" | "info" | "warn" | "error") =>
    (...parts: unknown[]): void => {
      const error = parts.find((p): p is Error => p instanceof Error);
      const message = parts
        .filter((p) => p !== error)
        .map((p) => (typeof p === "string" ? p : safeJson(p)))
        .join(" ");
      if (error) child[level]({ err: error }, message || error.message);
      else child[level](message);
    };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    setLevel: () => {},
    getLevel: () => FROM_PINO[log.level] ?? LogLevel.INFO,
    setName: () => {},
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
