import { randomUUID } from "node:crypto";
import { isAppError } from "@studyhall/core";
import type { Response } from "express";
import type { LtiContext } from "../lti-context.ts";
import type { SafeHtml } from "../pages/html.ts";
import { renderPage } from "../pages/layout.ts";
import { messagePage } from "../pages/message-page.ts";
import { isLtiRejection, type LtiRejection } from "../security/lti-rejection.ts";
import { httpStatusOf } from "./error-status.ts";

/** Sends a page. Pages carry the ltik in their links, so no cache may keep them. */
export function sendPage(
  res: Response,
  page: { title: string; body: SafeHtml },
  options: { status?: number; script?: string; formAction?: string[] } = {},
): void {
  const { html, csp } = renderPage({
    ...page,
    ...(options.script ? { script: options.script } : {}),
    ...(options.formAction ? { formAction: options.formAction } : {}),
  });
  res
    .status(options.status ?? 200)
    .set({
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": csp,
      "Referrer-Policy": "no-referrer",
    })
    .send(html);
}

/** Refuses a request with a short page, logging the reason code (never a token). */
export function sendRejection(ctx: LtiContext, res: Response, rejection: LtiRejection, path?: string): void {
  // The cause's message only (e.g. jose's '"iss" claim check failed'): never the token or its claims.
  const detail = rejection.cause instanceof Error ? rejection.cause.message.slice(0, 200) : undefined;
  ctx.log.warn(
    { reason: rejection.reason, status: httpStatusOf(rejection), path, detail },
    "LTI request refused",
  );
  const status = httpStatusOf(rejection);
  sendPage(res, messagePage(titleFor(status), rejection.userMessage), { status });
}

/** Turns any error from a page's work into what the person sees; unknown errors get a reference. */
export function sendError(ctx: LtiContext, res: Response, error: unknown, path?: string): void {
  if (isLtiRejection(error)) {
    sendRejection(ctx, res, error, path);
    return;
  }
  if (isAppError(error)) {
    const status = httpStatusOf(error);
    ctx.log[status >= 500 ? "error" : "info"](
      { code: error.code, path, err: status >= 500 ? error : undefined },
      error.message,
    );
    sendPage(res, messagePage(titleFor(status), error.userMessage), { status });
    return;
  }
  const ref = randomUUID().slice(0, 8);
  ctx.log.error({ err: error, ref, path }, "LTI page failed");
  sendPage(res, messagePage("Something went wrong", `Something went wrong on our side (reference ${ref}).`), {
    status: 500,
  });
}

function titleFor(status: number): string {
  if (status === 401) return "Please open StudyHall again";
  if (status === 403) return "Not allowed";
  if (status === 404) return "Not found";
  if (status >= 500) return "StudyHall is having trouble";
  return "That did not work";
}
