import { AppError, ErrorCode } from "@studyhall/core";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toDiscordError } from "./to-discord-error.ts";

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { log, lines };
}

const textOf = (reply: ReturnType<typeof toDiscordError>) =>
  reply.blocks.map((b) => ("text" in b ? b.text : "")).join(" ");

describe("toDiscordError", () => {
  it("shows an AppError's user message, privately", () => {
    const { log } = capture();
    const reply = toDiscordError(
      new AppError(ErrorCode.Forbidden, "not staff", { userMessage: "Only course staff can do that." }),
      log,
    );
    expect(reply.visibility).toBe("private");
    expect(textOf(reply)).toContain("Only course staff can do that.");
  });

  it("explains a bad option with the schema's message", () => {
    const { log } = capture();
    const parsed = z
      .object({ question: z.string().min(1, "Type a question after /ask.") })
      .safeParse({ question: "" });
    expect(textOf(toDiscordError(parsed.error, log))).toContain("Type a question after /ask.");
  });

  it("hides an unexpected error behind a reference id that is also logged", () => {
    const { log, lines } = capture();
    const reply = toDiscordError(new Error("connection reset by peer at 10.0.0.3"), log);
    const ref = /reference ([0-9a-f]{8})/.exec(textOf(reply))?.[1];
    expect(ref).toBeDefined();
    expect(textOf(reply)).not.toContain("10.0.0.3");
    expect(lines.find((l) => l.ref === ref)?.msg).toBe("unexpected error");
  });
});
