import { AsyncLocalStorage } from "node:async_hooks";
import type { PrismaLike } from "@studyhall/core";
import { decodeJwt, jwtVerify } from "jose";
import type { LtijsDocument, LtijsQuery } from "ltijs";
import { replaceKey } from "./prisma-ltijs-store.ts";

/** ltijs's records for one ltik, as its session validator asks for them, by collection and query. */
export type SessionRecords = Map<string, Promise<LtijsDocument[] | false>>;

/**
 * After our session check, ltijs validates every request's ltik again and then reads two records one
 * after the other: the person's "idtoken" and their "contexttoken" (Provider.js sessionValidator). Our
 * guard reads both in one query while its own session lookup runs (see routes/install-guards.ts), and
 * the store answers ltijs's two reads from here (storage/guarded-store.ts). ltijs still checks what it
 * checked; it only stops waiting for two round trips in a row.
 */
export const sessionRecords = new AsyncLocalStorage<SessionRecords>();

/** Where a prefetched answer is kept: the collection and the query, fields sorted as the store keys them. */
export function sessionRecordKey(collection: string, query: LtijsQuery): string {
  return `${collection} ${replaceKey(query)}`;
}

interface RecordRow {
  collection: string;
  data: LtijsDocument;
  createdAt: Date;
}

/**
 * Starts reading the two records ltijs will ask for with this ltik, in one query, once the ltik's
 * signature holds (a forged ltik costs no query). The answers only serve ltijs's reads with the very
 * same queries, which it makes after verifying the ltik itself, and only after our own check passed.
 * Undefined when the ltik does not hold the fields ltijs queries by (ltijs then reads, and refuses, as
 * before).
 */
export function prefetchSessionRecords(
  db: PrismaLike,
  ltik: string,
  encryptionKey: string,
): SessionRecords | undefined {
  let claims: Record<string, unknown>;
  try {
    claims = decodeJwt(ltik);
  } catch {
    return undefined;
  }
  const { platformUrl, clientId, deploymentId, contextId, user } = claims;
  // A Clever sign-in's ltik names no LMS client: ltijs never reads records for it.
  if (!user || !clientId) return undefined;
  // The queries exactly as ltijs builds them (undefined fields are left out, as the store does).
  const idtoken: LtijsQuery = { iss: platformUrl, clientId, deploymentId, user };
  const contexttoken: LtijsQuery = { contextId, user };
  const signed = jwtVerify(ltik, new TextEncoder().encode(encryptionKey), { algorithms: ["HS256"] });
  const rows = signed.then(
    () => db.$queryRaw<RecordRow[]>`
    SELECT "collection", "data", "createdAt" FROM "LtiRecord"
    WHERE (("collection" = 'idtoken' AND "data" @> ${JSON.stringify(idtoken)}::jsonb)
        OR ("collection" = 'contexttoken' AND "data" @> ${JSON.stringify(contexttoken)}::jsonb))
      AND ("expiresAt" IS NULL OR "expiresAt" > ${new Date()}::timestamp)
    ORDER BY "createdAt", "id"`,
  );
  // The store's Get answers false for no rows and keeps each row's createdAt beside its document.
  const documents = (collection: string) =>
    rows.then((found) => {
      const mine = found.filter((row) => row.collection === collection);
      return mine.length === 0 ? false : mine.map((row) => ({ ...row.data, createdAt: row.createdAt }));
    });
  const records: SessionRecords = new Map([
    [sessionRecordKey("idtoken", idtoken), documents("idtoken")],
    [sessionRecordKey("contexttoken", contexttoken), documents("contexttoken")],
  ]);
  // A request refused before ltijs reads them leaves these unread; their failure is ltijs's to see, not ours.
  for (const pending of records.values()) pending.catch(() => {});
  return records;
}
