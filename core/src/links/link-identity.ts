import { z } from "zod";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { consumeLinkCode, createLinkCode } from "./link-codes.ts";
import { mergeUsers } from "./merge-users.ts";

/**
 * Step one of linking accounts: a code for `actor` (e.g. from the LMS page) to type on another
 * platform. Whoever redeems it becomes the same person.
 */
export async function startIdentityLink(
  db: Prisma,
  input: { actor: z.input<typeof actorSchema> },
): Promise<{ code: string; expiresAt: Date }> {
  const { userId } = await resolveUser(db, actorSchema.parse(input.actor));
  return createLinkCode(db, { purpose: "LINK_IDENTITY", createdById: userId });
}

export const completeIdentityLinkInput = z.object({
  actor: actorSchema,
  code: z.string().trim().min(4, "Type the code you were given.").max(32),
});

/**
 * Step two: `actor` redeems the code and their account joins the code creator's person, with all its
 * courses, conversations and history. Returns the merged user's id.
 */
export async function completeIdentityLink(
  db: Prisma,
  input: z.input<typeof completeIdentityLinkInput>,
): Promise<{ userId: string; alreadyLinked: boolean }> {
  const { actor, code } = completeIdentityLinkInput.parse(input);
  const { userId } = await resolveUser(db, actor);
  const linkCode = await consumeLinkCode(db, { code, purpose: "LINK_IDENTITY", userId });
  const intoId = linkCode.createdById;
  if (!intoId) {
    throw new AppError(ErrorCode.InvalidInput, "link code creator is gone", {
      userMessage: "That code belongs to an account that no longer exists. Ask for a new one.",
    });
  }
  if (intoId === userId) return { userId, alreadyLinked: true };
  await db.$transaction((tx) => mergeUsers(tx, userId, intoId), { timeout: 30_000 });
  return { userId: intoId, alreadyLinked: false };
}
