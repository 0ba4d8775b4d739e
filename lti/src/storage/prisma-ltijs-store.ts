import type { PrismaLike, SecretBox } from "@studyhall/core";
import type { LtijsDatabase, LtijsDocument, LtijsQuery } from "ltijs";
import { ltiRecordContext } from "./record-crypto.ts";

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
 * Whether a call is on an encrypted collection. ltijs passes its LTI_ENCRYPTION_KEY there (and false
 * elsewhere) expecting AES-CBC under it; we seal with the deployment's secret box instead.
 */
type Encrypted = string | boolean;

/** The store {@link createPrismaLtijsStore} makes: ltijs's plugin, also called by our own code. */
export type PrismaLtijsStore = ReturnType<typeof createPrismaLtijsStore>;

/**
 * ltijs's database plugin over our Postgres (no MongoDB): every collection is rows of `LtiRecord` holding
 * the document as JSON. A query is MongoDB equality on top-level fields, which is JSON containment
 * (`data @> query`, served by a GIN index). Encrypted collections (the tool's keys, access tokens) hold
 * `{ ...index, sealed }`: the document sealed with AES-256-GCM by `secrets`, bound to its collection and
 * index, so a tampered or swapped record is refused rather than used.
 */
export function createPrismaLtijsStore(db: PrismaLike, secrets: SecretBox) {
  const store = {
    ready: false as boolean,
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
    async Get(
      encrypted: Encrypted,
      collection: string,
      query: LtijsQuery = {},
    ): Promise<LtijsDocument[] | false> {
      const rows = await find(db, collection, query);
      if (rows.length === 0) return false;
      return rows.map((row) => {
        if (!encrypted) return { ...row.data, createdAt: row.createdAt };
        const plain = openDocument(secrets, collection, row.data);
        // ltijs compares access tokens' age with `createdAt` in milliseconds.
        return { ...plain, createdAt: row.createdAt.getTime() };
      });
    },
    async Insert(encrypted: Encrypted, collection: string, item: LtijsDocument, index?: LtijsQuery) {
      const data = document(secrets, encrypted, collection, item, index);
      await db.$executeRaw`
        INSERT INTO "LtiRecord" ("id", "collection", "data", "createdAt", "expiresAt")
        VALUES (gen_random_uuid(), ${collection}, ${json(data)}::jsonb, ${new Date()}::timestamp,
                ${expiresAt(collection)}::timestamp)`;
      return true;
    },
    async Replace(
      encrypted: Encrypted,
      collection: string,
      query: LtijsQuery,
      item: LtijsDocument,
      index?: LtijsQuery,
    ) {
      const data = json(document(secrets, encrypted, collection, item, index));
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
    async Modify(encrypted: Encrypted, collection: string, query: LtijsQuery, modification: LtijsDocument) {
      const [row] = await find(db, collection, query, 1);
      if (!row) return true;
      let patch = modification;
      if (encrypted) {
        // ltijs changes the first field of `modification` inside the encrypted document.
        const plain = openDocument(secrets, collection, row.data);
        const [field, value] = Object.entries(modification)[0] ?? [];
        if (field !== undefined) plain[field] = value;
        patch = { sealed: secrets.seal(JSON.stringify(plain), ltiRecordContext(collection, row.data)) };
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
  return store satisfies LtijsDatabase;
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

/** The stored document: the item itself, or its sealed form beside its plain index fields. */
function document(
  secrets: SecretBox,
  encrypted: Encrypted,
  collection: string,
  item: LtijsDocument,
  index: LtijsQuery | undefined,
): LtijsDocument {
  if (!encrypted) return item;
  if (!index) throw new Error("MISSING_PARAMS");
  return { ...index, sealed: secrets.seal(JSON.stringify(item), ltiRecordContext(collection, index)) };
}

/**
 * The document inside a sealed record. Anything else (a tampered envelope, another record's, or a
 * legacy AES-CBC record after the one-time sealing) is refused by the box: SecretUnreadable, logged.
 */
function openDocument(secrets: SecretBox, collection: string, data: LtijsDocument): LtijsDocument {
  return JSON.parse(secrets.open(data.sealed, ltiRecordContext(collection, data))) as LtijsDocument;
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
