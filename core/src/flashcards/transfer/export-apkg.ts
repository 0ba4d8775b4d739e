import { createHash } from "node:crypto";
import JSZip from "jszip";
import { z } from "zod";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { parseUseCaseInput } from "../../errors/parse-input.ts";
import { actorSchema } from "../../people/actor.ts";
import type { ReplyFile } from "../../reply/reply.ts";
import { findDeck } from "../decks.ts";
import { deckNotFound } from "../flashcard-access.ts";
import { buildAnkiCollection } from "./anki-collection.ts";

const exportDeckInput = z.object({ actor: actorSchema, courseId: z.uuid(), deckId: z.uuid() });

/** Anki's note guid: a stable digest of our card id, so a re-export imports as the same notes. */
function noteGuid(cardId: string): string {
  return createHash("sha1").update(`studyhall-card:${cardId}`).digest("base64url").slice(0, 16);
}

/** A file name from the deck's title: letters, digits and dashes. */
function fileName(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .replace(/[\s_]+/g, "-")
    .slice(0, 60);
  return `${slug || "deck"}.apkg`;
}

/**
 * A deck the person can see as an Anki package (.apkg): a zip of a legacy collection ("collection.anki2")
 * holding the deck's cards as new notes of a Front/Back/Hint note type, and an empty media map. Anki
 * opens it with File > Import. An empty deck is refused.
 */
export async function exportDeckApkg(
  db: Prisma,
  input: z.input<typeof exportDeckInput>,
  options: { now?: Date } = {},
): Promise<ReplyFile> {
  const { actor, courseId, deckId } = parseUseCaseInput(exportDeckInput, input, {
    courseId: deckNotFound,
    deckId: deckNotFound,
  });
  const deck = await findDeck(db, { actor, courseId, deck: deckId });
  const cards = await db.card.findMany({
    where: { deckId: deck.id, courseId },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    select: { id: true, front: true, back: true, hint: true, tags: true },
  });
  if (cards.length === 0)
    throw new AppError(ErrorCode.InvalidInput, "empty deck export", {
      userMessage: `"${deck.title}" has no cards yet, so there is nothing to export. Add cards first.`,
    });
  const collection = await buildAnkiCollection({
    name: deck.title,
    description: deck.topic ?? "",
    nowMs: (options.now ?? new Date()).getTime(),
    notes: cards.map((c) => ({
      guid: noteGuid(c.id),
      front: c.front,
      back: c.back,
      hint: c.hint,
      tags: c.tags,
    })),
  });
  const zip = new JSZip();
  zip.file("collection.anki2", collection);
  zip.file("media", "{}");
  const content = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
  return {
    name: fileName(deck.title),
    mimeType: "application/apkg",
    title: `${deck.title} (${cards.length} card${cards.length === 1 ? "" : "s"}, for Anki)`,
    content,
  };
}
