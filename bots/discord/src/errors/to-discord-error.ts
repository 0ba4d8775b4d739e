import { randomUUID } from "node:crypto";
import { isAppError, type Logger, noticeReply, type Reply } from "@studyhall/core";
import { DiscordAPIError } from "discord.js";
import { ZodError } from "zod";

/** Discord's "Missing Access" and "Missing Permissions": the bot may not see or post in the channel. */
const CANNOT_POST = new Set([50001, 50013]);

/**
 * The one place an error becomes what a Discord user sees. Problems the person can act on (an
 * AppError, a bad option) show their own message; anything else shows a short apology with a
 * reference id that is also in the log, next to the full error.
 */
export function toDiscordError(error: unknown, log: Logger): Reply {
  if (isAppError(error)) {
    // Refusals are expected (not staff, not linked): one line without a stack; our own faults in full.
    if (error.code === "internal" || error.code === "config")
      log.error({ code: error.code, err: error }, "request failed");
    else log.info({ code: error.code, reason: error.message, details: error.details }, "request refused");
    return noticeReply(error.code === "rate_limited" ? "warning" : "error", error.userMessage);
  }
  if (error instanceof ZodError) {
    const messages = [...new Set(error.issues.map((i) => i.message))];
    log.info({ code: "invalid_input", issues: error.issues }, "invalid input");
    return noticeReply("error", messages.join(" "));
  }
  if (error instanceof DiscordAPIError && CANNOT_POST.has(Number(error.code))) {
    log.info({ discordCode: error.code, status: error.status, reason: error.message }, "request refused");
    return noticeReply(
      "error",
      "I can't post in this channel. Give StudyHall the View Channel, Send Messages and Embed Links permissions here, then try again.",
    );
  }
  const ref = randomUUID().slice(0, 8);
  const discord = error instanceof DiscordAPIError ? { discordCode: error.code, status: error.status } : {};
  log.error({ err: error, ref, ...discord }, "unexpected error");
  return noticeReply("error", `Something went wrong on our side (reference ${ref}). Please try again.`);
}
