import { type JobHandler, type Logger, type Prisma, scheduleJob } from "@studyhall/core";
import { z } from "zod";
import { AGS_SCOPE, createAgsClient } from "../services/ags-client.ts";
import type { Fetch } from "../services/lms-fetch.ts";
import type { ServiceTokens } from "../services/service-token.ts";
import { STUDYHALL_LINE_ITEM_TAG } from "./ensure-line-item.ts";

/** Renames the gradebook columns StudyHall made for a quiz after staff renamed the quiz. */
export const RETITLE_QUEUE = "lti:gradebook-title";

const payloadSchema = z.object({ quizId: z.uuid(), title: z.string().min(1).max(255) });

/**
 * Schedules the retitle after a rename. A durable job rather than calls from the page: the teacher's
 * answer does not wait on the LMS, and an LMS that is down gets the new title when it is back.
 */
export async function scheduleColumnRetitle(db: Prisma, quizId: string, title: string): Promise<void> {
  await scheduleJob(db, { queue: RETITLE_QUEUE, payload: { quizId, title }, maxAttempts: 8 });
}

/**
 * The retitle job: every column StudyHall created for the quiz (tagged as ours) in each linked context
 * takes the quiz's new title. Columns the LMS made for an assignment the teacher added keep the name
 * the teacher gave them; a context that did not grant the line item scope is skipped.
 */
export function createRetitleJobHandler(deps: {
  db: Prisma;
  tokens: ServiceTokens;
  log: Logger;
  fetch?: Fetch;
}): JobHandler {
  return async ({ payload, signal }) => {
    const { quizId, title } = payloadSchema.parse(payload);
    const columns = await deps.db.ltiLineItem.findMany({
      where: { quizId },
      include: { link: { select: { platformId: true, agsScopes: true } } },
    });
    for (const column of columns) {
      if (!column.link.agsScopes.includes(AGS_SCOPE.lineItem)) continue;
      const ags = createAgsClient({
        tokens: deps.tokens,
        platformId: column.link.platformId,
        scopes: [AGS_SCOPE.lineItem],
        signal,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
      });
      const renamed = await ags.relabelLineItem(column.url, title, STUDYHALL_LINE_ITEM_TAG);
      deps.log.info({ quizId, lineItem: column.url, renamed }, "gradebook column retitled");
    }
  };
}
