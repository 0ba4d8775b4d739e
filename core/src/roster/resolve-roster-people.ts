import { randomUUID } from "node:crypto";
import type { Platform } from "../db/generated/enums.ts";
import {
  deleteUsers,
  findIdentities,
  type IdentityRow,
  insertIdentities,
  insertUsers,
  renameIdentities,
  type Tx,
} from "./roster-sql.ts";

/** Rows per statement: bounds the size of one statement's arrays for very large rosters. */
const BATCH = 5_000;

export interface RosterPerson {
  externalId: string;
  displayName?: string | undefined;
  active: boolean;
}

/**
 * The StudyHall users of the roster's people, by external id, found through their identity on the
 * roster's platform and tenant, so whoever already launched or linked a chat account keeps their one
 * user. Active people seen for the first time get a user and an identity, set-based (not one round trip
 * each). Inactive strangers get nothing. Names the platform changed are updated on the identity (as a
 * launch would). `alsoFind` are further external ids to look up only.
 */
export async function resolveRosterPeople(
  tx: Tx,
  input: { platform: Platform; tenant: string; people: RosterPerson[]; alsoFind?: string[] },
): Promise<{ userIds: Map<string, string>; usersCreated: number; renamed: number }> {
  const key = { platform: input.platform, tenant: input.tenant };
  const ids = [...new Set([...input.people.map((p) => p.externalId), ...(input.alsoFind ?? [])])];
  const found: IdentityRow[] = [];
  for (const batch of chunks(ids)) found.push(...(await findIdentities(tx, key, batch)));
  const userIds = new Map(found.map((i) => [i.externalId, i.userId]));

  const strangers = input.people.filter((p) => p.active && !userIds.has(p.externalId));
  let usersCreated = 0;
  for (const batch of chunks(strangers)) usersCreated += await createPeople(tx, key, batch, userIds);

  const known = new Map(found.map((i) => [i.externalId, i]));
  const renames = input.people.flatMap((p) => {
    const identity = known.get(p.externalId);
    return identity && p.displayName && p.displayName !== identity.displayName
      ? [{ id: identity.id, name: p.displayName }]
      : [];
  });
  for (const batch of chunks(renames)) await renameIdentities(tx, batch);
  return { userIds, usersCreated, renamed: renames.length };
}

/**
 * Creates a user and an identity per stranger and records them in `userIds`. An identity created
 * meanwhile by someone else (a launch at this moment) wins: its user is taken and ours is dropped.
 */
async function createPeople(
  tx: Tx,
  key: { platform: Platform; tenant: string },
  strangers: RosterPerson[],
  userIds: Map<string, string>,
): Promise<number> {
  const planned = strangers.map((p) => ({
    userId: randomUUID(),
    externalId: p.externalId,
    displayName: p.displayName ?? null,
  }));
  await insertUsers(
    tx,
    planned.map((p) => ({ id: p.userId, displayName: p.displayName })),
  );
  const inserted = await insertIdentities(tx, key, planned);
  for (const p of planned) if (inserted.has(p.externalId)) userIds.set(p.externalId, p.userId);
  const lost = planned.filter((p) => !inserted.has(p.externalId));
  if (lost.length > 0) {
    const winners = await findIdentities(
      tx,
      key,
      lost.map((p) => p.externalId),
    );
    for (const identity of winners) userIds.set(identity.externalId, identity.userId);
    await deleteUsers(
      tx,
      lost.map((p) => p.userId),
    );
  }
  return inserted.size;
}

/** `items` in consecutive slices of at most `size`. */
export function chunks<T>(items: T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
