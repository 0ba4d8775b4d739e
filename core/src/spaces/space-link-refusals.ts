import { AppError, ErrorCode } from "../errors/app-error.ts";

/**
 * Why a person may not link a chat space, in the words every front end shows. Written once here so
 * Slack and Discord refuse alike; each refusal leaves the link code unused.
 */
export const spaceLinkRefusals = {
  /** A whole Discord server or Slack workspace serves every channel in it: its managers decide. */
  tenantNeedsAdmin: () =>
    new AppError(ErrorCode.Forbidden, "only space managers bind a whole tenant", {
      userMessage:
        "Only people who manage this server or workspace can link all of it to a course. Link just this channel with a code instead.",
    }),
  /** Without a code a non-admin could attach any channel to a course nobody asked them to run. */
  newCourseNeedsAdmin: () =>
    new AppError(ErrorCode.Forbidden, "only space managers create courses by setup", {
      userMessage:
        "Only people who manage this server or workspace can make a new course here. If you teach a course, get a link code from its course page in your LMS (or from its staff with the code command) and run setup with that code.",
    }),
  /** A code lets its holder link a channel they are in, not one they cannot even read. */
  notAMember: () =>
    new AppError(ErrorCode.Forbidden, "actor is not a member of the space", {
      userMessage:
        "You can only link a channel you are a member of. Join the channel first, then run setup there again; your code is still unused.",
    }),
} as const;
