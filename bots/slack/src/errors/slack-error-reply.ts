import { randomBytes } from "node:crypto";
import { isAppError, type Logger, noticeReply, type Reply } from "@studyhall/core";
import { ZodError } from "zod";

/** Slack Web API errors a person can fix themselves, and what to tell them. */
const SLACK_API_ADVICE: Record<string, string> = {
  not_in_channel: "I'm not in this channel yet. Add me with `/invite @StudyHall`, then try again.",
  channel_not_found: "I can't see this channel. Add me with `/invite @StudyHall`, then try again.",
  is_archived: "This channel is archived.",
  file_not_found: "I couldn't find that file. Share it again, please.",
};

/**
 * The one place a failure becomes what a Slack user sees. AppErrors show their user message; input
 * validation shows the first problem; Slack API errors a person can fix get advice; anything else gets
 * a short apology with a reference id that is logged with the full error.
 */
export function slackErrorReply(error: unknown, log: Logger): Reply {
  if (isAppError(error) && error.code !== "internal" && error.code !== "config") {
    log.info({ code: error.code, err: error }, "request refused");
    const tone = error.code === "forbidden" || error.code === "rate_limited" ? "warning" : "error";
    return noticeReply(tone, error.userMessage);
  }
  if (error instanceof ZodError) {
    log.info({ issues: error.issues }, "invalid input");
    return noticeReply("error", error.issues[0]?.message ?? "That input is not valid.");
  }
  const slackCode = slackApiErrorCode(error);
  if (slackCode && SLACK_API_ADVICE[slackCode]) {
    log.warn({ slackError: slackCode }, "Slack refused a call");
    return noticeReply("warning", SLACK_API_ADVICE[slackCode]);
  }
  const ref = randomBytes(4).toString("hex").toUpperCase();
  log.error({ err: error, ref }, "unexpected error");
  return noticeReply(
    "error",
    `Something went wrong on our side. If it keeps happening, give this reference to your admin: ${ref}`,
  );
}

/** The `error` of a Slack platform error (`{ ok: false, error: "not_in_channel" }`), if it is one. */
export function slackApiErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === "string" ? data.error : undefined;
}
