import type { PrismaLike } from "@studyhall/core";
import type { LtijsDatabase, LtijsDocument, LtijsQuery } from "ltijs";
import { decryptRecord, encryptRecord } from "./record-crypto.ts";

/**
 * How long ltijs's records live, in seconds, as its MongoDB TTL indexes say (Utils/Database.js). Nonces
 * are kept longer than ltijs's 10 s: replay protection does not rest on them (LtiLoginState does), but
 * a longer memory costs nothing.
 */
const TTL_SECONDS: Record<string, number> = {
  idtoken: 24 * 3600,
  contexttoken: 24 * 3600,
  accesstoken: 3600,
  nonce: 600,
  state: 600,
};

interface RecordRow {
  id: string;
  data: LtijsDocument;
  createdAt: Date;
}

/**
 * ltijs's database plugin over our Postgres (no MongoDB): every collection is rows of `LtiRecord` holding
 * the document as JSON. A query is MongoDB equality on top-level fields, which is JSON containment
 * (`data @> query`, served by a GIN index). Encrypted collections hold `{ ...index, iv, data }` exactly
 * as ltijs's own plugin does.
 */
export function createPrismaLtijsStore(db: PrismaLike): LtijsDatabase & { ready: boolean } {
  const store = {
    ready: false,
    async setup() {
      // Fail here, inside deploy(), with a thrown error the front end reports, rather than on the first launch.
      await db.$queryRaw`SELECT 1 FROM "LtiRecord" LIMIT 1`;
      store.ready = true;
      return true;
    },
    async Close() {
      // The Prisma client belongs to the app, which closes it.
      store.ready = false;
      return true;
    },
    async Get(encryptionKey: string | false, collection: string, query: LtijsQuery = {}) {
      const rows = await find(db, collection, query);
      if (rows.length === 0) return false;
      return rows.map((row) => {
        if (!encryptionKey) return { ...row.data, createdAt: row.createdAt };
        const plain = JSON.parse(decryptRecord(row.data as { iv: string; data: string }, encryptionKey));
        // ltijs compares access tokens' age with `createdAt` in milliseconds.
        return { ...plain, createdAt: row.createdAt.getTime() };
      });
    },
    async Insert(encryptionKey: string | false, collection: string, item: LtijsDocument, index?: LtijsQuery) {
      const data = document(encryptionKey, item, index);
      await db.$executeRaw`
        INSERT INTO "LtiRecord" ("id", "collection", "data", "createdAt", "expiresAt")
        VALUES (gen_random_uuid(), ${collection}, ${json(data)}::jsonb, ${new Date()}::timestamp,
                ${expiresAt(collection)}::timestamp)`;
      return true;
    },
    async Replace(
      encryptionKey: string | false,
      collection: string,
      query: LtijsQuery,
      item: LtijsDocument,
      index?: LtijsQuery,
    ) {
      const data = json(document(encryptionKey, item, index));
      const now = new Date();
      const [first] = await find(db, collection, query, 1);
      if (first) {
        await db.$executeRaw`
          UPDATE "LtiRecord" SET "data" = ${data}::jsonb, "createdAt" = ${now}::timestamp,
                 "expiresAt" = ${expiresAt(collection)}::timestamp
          WHERE "id" = ${first.id}::uuid`;
        return true;
      }
      // Two replaces of the same query at once (two launches by one person) meet on the unique key.
      await db.$executeRaw`
        INSERT INTO "LtiRecord" ("id", "collection", "replaceKey", "data", "createdAt", "expiresAt")
        VALUES (gen_random_uuid(), ${collection}, ${replaceKey(query)}, ${data}::jsonb, ${now}::timestamp,
                ${expiresAt(collection)}::timestamp)
        ON CONFLICT ("collection", "replaceKey")
        DO UPDATE SET "data" = EXCLUDED."data", "createdAt" = EXCLUDED."createdAt", "expiresAt" = EXCLUDED."expiresAt"`;
      return true;
    },
    async Modify(
      encryptionKey: string | false,
      collection: string,
      query: LtijsQuery,
      modification: LtijsDocument,
    ) {
      const [row] = await find(db, collection, query, 1);
      if (!row) return true;
      let patch = modification;
      if (encryptionKey) {
        // ltijs changes the first field of `modification` inside the encrypted document.
        const plain = JSON.parse(decryptRecord(row.data as { iv: string; data: string }, encryptionKey));
        const [field, value] = Object.entries(modification)[0] ?? [];
        if (field !== undefined) plain[field] = value;
        patch = encryptRecord(JSON.stringify(plain), encryptionKey);
      }
      await db.$executeRaw`
        UPDATE "LtiRecord" SET "data" = "data" || ${json(patch)}::jsonb WHERE "id" = ${row.id}::uuid`;
      return true;
    },
    async Delete(collection: string, query: LtijsQuery) {
      await db.$executeRaw`
        DELETE FROM "LtiRecord" WHERE "collection" = ${collection} AND "data" @> ${json(query)}::jsonb`;
      return true;
    },
  };
  return store;
}

async function find(
  db: PrismaLike,
  collection: string,
  query: LtijsQuery,
  limit = 1000,
): Promise<RecordRow[]> {
  return db.$queryRaw<RecordRow[]>`
    SELECT "id", "data", "createdAt" FROM "LtiRecord"
    WHERE "collection" = ${collection} AND "data" @> ${json(query)}::jsonb
      AND ("expiresAt" IS NULL OR "expiresAt" > ${new Date()}::timestamp)
    ORDER BY "createdAt", "id" LIMIT ${limit}`;
}

/** The stored document: the item itself, or its encrypted form beside its plain index fields. */
function document(
  encryptionKey: string | false,
  item: LtijsDocument,
  index: LtijsQuery | undefined,
): LtijsDocument {
  if (!encryptionKey) return item;
  if (!index) throw new Error("MISSING_PARAMS");
  return { ...index, ...encryptRecord(JSON.stringify(item), encryptionKey) };
}

/** JSON without undefined fields: MongoDB ignores them in queries, and so must containment. */
function json(value: LtijsQuery): string {
  return JSON.stringify(value);
}

/** The query as a stable key (fields sorted), so replacing by the same query hits the same row. */
export function replaceKey(query: LtijsQuery): string {
  const defined = Object.entries(query).filter(([, v]) => v !== undefined);
  return JSON.stringify(defined.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function expiresAt(collection: string): Date | null {
  const ttl = TTL_SECONDS[collection];
  return ttl === undefined ? null : new Date(Date.now() + ttl * 1000);
}
