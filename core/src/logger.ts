import pino from "pino";

/** The structured logger every core function receives. Children carry platform, tenant and request id. */
export type Logger = pino.Logger;

export interface LoggerOptions {
  level: string;
  /** Human-readable lines for a terminal; JSON otherwise (production). */
  pretty: boolean;
  /** File descriptor to write to; 1 (stdout) by default, 2 for CLIs whose stdout is their output. */
  fd?: 1 | 2;
}

/**
 * Creates the root logger. Secrets are redacted by path as a second line of defence: code never logs
 * tokens or id_tokens on purpose.
 */
export function createLogger(options: LoggerOptions): Logger {
  const fd = options.fd ?? 1;
  const settings = {
    level: options.level,
    redact: {
      paths: ["*.token", "*.apiKey", "*.id_token", "*.password", "*.authorization", "*.secret"],
      censor: "[redacted]",
    },
  };
  if (options.pretty) {
    return pino({
      ...settings,
      transport: {
        target: "pino-pretty",
        options: { colorize: true, ignore: "pid,hostname", destination: fd },
      },
    });
  }
  return pino(settings, pino.destination(fd));
}

/** A logger that drops everything; for tests and one-shot tools that print their own output. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
