import type { Prisma } from "../db/open-database.ts";
import { type Actor, actorSchema } from "./actor.ts";

export interface ResolvedUser {
  userId: string;
  identityId: string;
}

/**
 * The User behind `actor`, created with its Identity on first sight. Safe under concurrency: two
 * first requests from the same person race on the identity's unique key and both get the same user.
 */
export async function resolveUser(db: Prisma, actor: Actor): Promise<ResolvedUser> {
  const { platform, tenant, externalId, displayName } = actorSchema.parse(actor);
  const key = { platform_tenant_externalId: { platform, tenant, externalId } };
  const existing = await db.identity.findUnique({ where: key });
  if (existing) {
    // Identity rows double as "last seen"; skip the write when it is fresh to keep reads cheap.
    if (
      Date.now() - existing.lastSeenAt.getTime() > 60_000 ||
      (displayName && displayName !== existing.displayName)
    ) {
      await db.identity.update({
        where: { id: existing.id },
        data: { lastSeenAt: new Date(), ...(displayName ? { displayName } : {}) },
      });
    }
    return { userId: existing.userId, identityId: existing.id };
  }
  try {
    const created = await db.identity.create({
      data: {
        platform,
        tenant,
        externalId,
        displayName: displayName ?? null,
        user: { create: { displayName: displayName ?? null } },
      },
    });
    return { userId: created.userId, identityId: created.id };
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    const winner = await db.identity.findUniqueOrThrow({ where: key });
    return { userId: winner.userId, identityId: winner.id };
  }
}
