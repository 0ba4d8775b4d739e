import { AppError, ErrorCode, type Logger, type Prisma } from "@studyhall/core";
import { AGS_SCOPE, type AgsClient } from "../services/ags-client.ts";
import { GRADEBOOK_SCORE_MAXIMUM } from "./gradebook-score.ts";
import type { GradebookLink, GradebookSession } from "./record-owed-scores.ts";

/** Marks the line items StudyHall made, so teachers (and we) can tell them from their own columns. */
export const STUDYHALL_LINE_ITEM_TAG = "studyhall-quiz";
/** Canvas caps an assignment's name at 255 characters. */
const MAX_LABEL = 255;

/** The scopes a context's token asks for: writing line items (or at least reading them) and scores. */
export function gradebookScopes(link: Pick<GradebookLink, "agsScopes">): string[] {
  const lineItems = link.agsScopes.includes(AGS_SCOPE.lineItem)
    ? [AGS_SCOPE.lineItem]
    : link.agsScopes.includes(AGS_SCOPE.lineItemReadonly)
      ? [AGS_SCOPE.lineItemReadonly]
      : [];
  return [...lineItems, AGS_SCOPE.score];
}

/** One line item search-or-create at a time per context and quiz in this process (see below). */
const inFlight = new Map<string, Promise<string>>();

/**
 * The URL of the quiz's line item (gradebook column) in the context: the one we recorded; else one
 * the platform already has for the quiz (a crash between creating it and recording it must not make a
 * second column); else a new one, labelled with the quiz's title, out of 100. Concurrent syncs of the
 * same quiz in this process share one search, so two games finishing together make one column.
 */
export function ensureLineItem(
  db: Prisma,
  ags: AgsClient,
  input: { link: GradebookLink; session: GradebookSession },
  log: Logger,
): Promise<string> {
  const key = `${input.link.id}:${input.session.quizId}`;
  const running = inFlight.get(key);
  if (running) return running;
  const work = findOrCreate(db, ags, input, log).finally(() => inFlight.delete(key));
  inFlight.set(key, work);
  return work;
}

async function findOrCreate(
  db: Prisma,
  ags: AgsClient,
  { link, session }: { link: GradebookLink; session: GradebookSession },
  log: Logger,
): Promise<string> {
  const where = { linkId_quizId: { linkId: link.id, quizId: session.quizId } };
  const known = await db.ltiLineItem.findUnique({ where, select: { url: true } });
  if (known) return known.url;
  const canRead =
    link.agsScopes.includes(AGS_SCOPE.lineItem) || link.agsScopes.includes(AGS_SCOPE.lineItemReadonly);
  const existing = canRead ? await ags.findLineItem(link.lineItemsUrl, session.quizId) : null;
  let item = existing;
  if (!item) {
    if (!link.agsScopes.includes(AGS_SCOPE.lineItem)) {
      throw new AppError(ErrorCode.Forbidden, "the LMS does not let StudyHall create gradebook columns", {
        userMessage:
          "The LMS did not grant StudyHall the line item scope, so it cannot add a gradebook column for this quiz. Add the quiz as an assignment from the LMS (Deep Linking) or grant the scope.",
        details: { linkId: link.id, quizId: session.quizId },
      });
    }
    item = await ags.createLineItem(link.lineItemsUrl, {
      label: session.quizTitle.slice(0, MAX_LABEL),
      scoreMaximum: GRADEBOOK_SCORE_MAXIMUM,
      resourceId: session.quizId,
      tag: STUDYHALL_LINE_ITEM_TAG,
    });
  }
  // Another process may have recorded one meanwhile: keep whichever row is there.
  const row = await db.ltiLineItem.upsert({
    where,
    create: {
      linkId: link.id,
      quizId: session.quizId,
      url: item.id,
      resourceLinkId: item.resourceLinkId ?? null,
    },
    update: {},
  });
  log.info(
    { linkId: link.id, quizId: session.quizId, lineItem: row.url, found: existing !== null },
    existing ? "found the quiz's line item in the LMS" : "created the quiz's line item in the LMS",
  );
  return row.url;
}
