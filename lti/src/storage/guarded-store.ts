import type { Prisma, SecretBox } from "@studyhall/core";
import type { LtijsDatabase, LtijsQuery } from "ltijs";
import { verifiedPlatformKey } from "../security/verified-platform-key.ts";
import { createPrismaLtijsStore } from "./prisma-ltijs-store.ts";
import { sessionRecordKey, sessionRecords } from "./session-records.ts";

/**
 * The store handed to ltijs, with a setup() that never throws: ltijs answers a failed database setup
 * during deploy() with process.exit, which would take the whole app down. The error is kept for the
 * front end to report instead. During a launch, the platform's record names the key our check verified
 * (security/verified-platform-key.ts). After our session check, ltijs's reads of that session's records
 * are answered from the one query our guard started (storage/session-records.ts), each once.
 */
export function createGuardedStore(db: Prisma, secrets: SecretBox): LtijsDatabase & { setupError: unknown } {
  const inner = createPrismaLtijsStore(db, secrets);
  const guarded = {
    ...inner,
    setupError: undefined as unknown,
    async Get(encrypted: string | false, collection: string, query: LtijsQuery = {}) {
      const prefetched = encrypted ? undefined : takePrefetched(collection, query);
      const found = await (prefetched ?? inner.Get(encrypted, collection, query));
      const verified = verifiedPlatformKey.getStore();
      if (collection !== "platform" || !verified || !found) return found;
      // During a launch we verified: ltijs checks the signature with that key, not a fresh JWKS fetch.
      return found.map((platform) =>
        platform.platformUrl === verified.issuer && platform.clientId === verified.clientId
          ? { ...platform, authConfig: { method: "JWK_KEY", key: verified.jwk } }
          : platform,
      );
    },
    async setup() {
      try {
        guarded.setupError = undefined;
        return await inner.setup();
      } catch (error) {
        guarded.setupError = error;
        return true;
      }
    },
  };
  return guarded;
}

function takePrefetched(collection: string, query: LtijsQuery) {
  const records = sessionRecords.getStore();
  if (!records) return undefined;
  const key = sessionRecordKey(collection, query);
  const prefetched = records.get(key);
  records.delete(key);
  return prefetched;
}
