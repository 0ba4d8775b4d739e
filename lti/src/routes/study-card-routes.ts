import {
  AppError,
  dueCounts,
  ErrorCode,
  exportDeckApkg,
  generateDeck,
  importDeck,
  isAppError,
  listCourseMaterials,
  listDecks,
  readStudySettings,
  type StudySettingsChanges,
  updateStudySettings,
} from "@studyhall/core";
import type { Express, Request, Response } from "express";
import { z } from "zod";
import type { LtiContext } from "../lti-context.ts";
import { pageUrl } from "../pages/page-context.ts";
import type { PageNotice } from "../pages/page-parts.ts";
import { deckImportRefusedPage, studyCardsPage } from "../pages/study-cards-page.ts";
import { LtiRejection } from "../security/lti-rejection.ts";
import { httpStatusOf } from "./error-status.ts";
import { guard, page, pageContext, sessionOf } from "./page-session.ts";
import { receiveUpload } from "./receive-upload.ts";
import { sendPage } from "./respond.ts";
import { uuidParam } from "./route-params.ts";
import { sendReplyFile } from "./study-files.ts";
import { studyHead, studyPlace } from "./study-routes.ts";

/** The largest deck text file taken (a big Anki export is a few hundred KB). */
const MAX_DECK_FILE_BYTES = 2 * 1024 * 1024;

const DONE: Record<string, PageNotice> = {
  settings: { tone: "success", text: "Study settings saved." },
  imported: { tone: "success", text: "Deck imported." },
  generated: {
    tone: "success",
    text: "Draft deck written. Look it over, then approve it so students can study it, or discard it.",
  },
};

const hour = z.coerce.number().int().min(0).max(23);
const settingsForm = z.object({
  cardsFromMisses: z.literal("1").optional(),
  newCardsPerDay: z.coerce.number().int().min(0).max(200),
  nudgeHour: z.union([z.literal("off"), hour]),
  quietStart: z.union([z.literal("none"), hour]),
  quietEnd: z.union([z.literal("none"), hour]),
  timeZone: z.string().trim().min(1).max(64),
});

const generateForm = z.object({
  topic: z.string().trim().max(200).optional(),
  count: z.coerce.number().int().min(1).max(50).optional(),
  material: z.union([z.uuid(), z.array(z.uuid()).max(50)]).optional(),
});

/**
 * Flashcards on the page: what is due, the decks (export as .apkg; staff approve or discard drafts with
 * the study buttons), importing a text export, generating a course deck (staff) and the study settings.
 * Reviewing itself is the study buttons' route (/study/action).
 */
export function installStudyCardRoutes(app: Express, ctx: LtiContext): void {
  const post = guard(ctx, { csrf: true });
  const staffPost = guard(ctx, { staff: true, csrf: true });

  app.get(
    "/study/cards",
    page(ctx, async (req, res) => {
      const done = typeof req.query.done === "string" ? DONE[req.query.done] : undefined;
      await showCardsPage(ctx, res, done);
    }),
  );

  app.post(
    "/study/cards/settings",
    post,
    page(ctx, async (req, res) => {
      const parsed = settingsForm.safeParse(req.body);
      if (!parsed.success) {
        const notice: PageNotice = {
          tone: "error",
          text: "Those settings could not be read: choose the hours from the lists and a number of new cards from 0 to 200.",
        };
        return showCardsPage(ctx, res, notice, 400);
      }
      const { actor } = studyPlace(res);
      try {
        await updateStudySettings(
          ctx.db,
          { actor, changes: settingsChanges(parsed.data) },
          { now: ctx.deps.clock() },
        );
      } catch (error) {
        // Core's refusal (an unknown time zone) is shown on the form's own page, settings unchanged.
        if (!isAppError(error) || error.code !== ErrorCode.InvalidInput) throw error;
        return showCardsPage(ctx, res, { tone: "error", text: error.userMessage }, httpStatusOf(error));
      }
      res.redirect(303, pageUrl(pageContext(ctx, res), "/study/cards", { done: "settings" }));
    }),
  );

  app.post(
    "/study/cards/import",
    page(ctx, async (req, res) => {
      try {
        const { text, title, course } = await receiveDeckFile(ctx, req, res);
        const place = studyPlace(res);
        const { deck, imported } = await importDeck(ctx.db, {
          ...place,
          title,
          text,
          kind: course ? "COURSE" : "PERSONAL",
        });
        ctx.log.info({ courseId: place.courseId, deckId: deck.id, imported }, "deck imported on the page");
        res.redirect(303, pageUrl(pageContext(ctx, res), "/study/cards", { done: "imported" }));
      } catch (error) {
        if (!isAppError(error) || error.code !== ErrorCode.InvalidInput) throw error;
        ctx.log.info({ reason: error.message }, "deck import refused");
        req.resume();
        res.set("Connection", "close");
        const head = await studyHead(ctx, res, "Flashcards", "cards");
        sendPage(res, deckImportRefusedPage(head, error.userMessage, pageContext(ctx, res)), {
          status: httpStatusOf(error),
        });
      }
    }),
  );

  app.get(
    "/study/cards/decks/:deckId/export",
    page(ctx, async (req, res) => {
      const deckId = uuidParam(req, "deckId", "That deck was not found in this course.");
      sendReplyFile(res, await exportDeckApkg(ctx.db, { ...studyPlace(res), deckId }));
    }),
  );

  app.post(
    "/study/cards/generate",
    staffPost,
    page(ctx, async (req, res) => {
      const parsed = generateForm.safeParse(req.body);
      if (!parsed.success) {
        return showCardsPage(
          ctx,
          res,
          { tone: "error", text: "Give a topic of at most 200 characters and between 1 and 50 cards." },
          400,
        );
      }
      const { topic, count, material } = parsed.data;
      const materialIds = material === undefined ? [] : [material].flat();
      const made = await generateDeck(ctx.deps, {
        ...studyPlace(res),
        ...(topic ? { topic } : {}),
        ...(count ? { count } : {}),
        ...(materialIds.length ? { materialIds } : {}),
      });
      ctx.log.info(
        { deckId: made.deck.id, cards: made.cards, offline: made.offline },
        "deck generated on the page",
      );
      res.redirect(303, pageUrl(pageContext(ctx, res), "/study/cards", { done: "generated" }));
    }),
  );
}

function settingsChanges(form: z.infer<typeof settingsForm>): StudySettingsChanges {
  const quiet =
    form.quietStart === "none" || form.quietEnd === "none"
      ? null
      : { start: form.quietStart, end: form.quietEnd };
  return {
    cardsFromMisses: form.cardsFromMisses === "1",
    newCardsPerDay: form.newCardsPerDay,
    nudge: form.nudgeHour === "off" ? false : { hour: form.nudgeHour },
    quietHours: quiet,
    timeZone: form.timeZone,
  };
}

async function showCardsPage(
  ctx: LtiContext,
  res: Response,
  notice?: PageNotice,
  status = 200,
): Promise<void> {
  const place = studyPlace(res);
  const staff = sessionOf(res).role === "STAFF";
  const [counts, decks, settings, materials] = await Promise.all([
    dueCounts(ctx.db, { actor: place.actor, courseId: place.courseId, now: ctx.deps.clock() }),
    listDecks(ctx.db, place),
    readStudySettings(ctx.db, { actor: place.actor }),
    staff ? listCourseMaterials(ctx.db, place) : Promise.resolve([]),
  ]);
  const head = await studyHead(ctx, res, "Flashcards", "cards");
  sendPage(
    res,
    studyCardsPage(
      {
        ...head,
        ...(notice ? { notice } : {}),
        courseId: place.courseId,
        counts,
        decks,
        settings,
        materials,
      },
      pageContext(ctx, res),
    ),
    { status },
  );
}

/** The import form's text file and fields, after its CSRF token is checked (before the file is read). */
async function receiveDeckFile(
  ctx: LtiContext,
  req: Request,
  res: Response,
): Promise<{ text: string; title: string; course: boolean }> {
  const session = sessionOf(res);
  const csrfOk = (token: unknown) => ctx.csrf.verify(session.id, token);
  const { file, fields } = await receiveUpload(req, {
    maxBytes: MAX_DECK_FILE_BYTES,
    beforeFile: (fieldsSoFar) => {
      if (!csrfOk(fieldsSoFar.csrf)) throw new LtiRejection("csrf_invalid");
    },
  });
  if (!csrfOk(fields.csrf)) throw new LtiRejection("csrf_invalid");
  if (!file || file.data.byteLength === 0) {
    throw new AppError(ErrorCode.InvalidInput, "no file in deck import", {
      userMessage: "Choose a text file of cards to import first.",
    });
  }
  const text = new TextDecoder("utf-8", { fatal: false }).decode(file.data);
  return { text, title: fields.title ?? "", course: fields.course === "1" };
}
