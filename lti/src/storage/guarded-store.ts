import type { Prisma, SecretBox } from "@studyhall/core";
import type { LtijsDatabase, LtijsQuery } from "ltijs";
import { verifiedPlatformKey } from "../security/verified-platform-key.ts";
import { createPrismaLtijsStore } from "./prisma-ltijs-store.ts";

/**
 * The store handed to ltijs, with a setup() that never throws: ltijs answers a failed database setup
 * during deploy() with process.exit, which would take the whole app down. The error is kept for the
 * front end to report instead. During a launch, the platform's record names the key our check verified
 * (security/verified-platform-key.ts).
 */
export function createGuardedStore(db: Prisma, secrets: SecretBox): LtijsDatabase & { setupError: unknown } {
  const inner = createPrismaLtijsStore(db, secrets);
  const guarded = {
    ...inner,
    setupError: undefined as unknown,
    async Get(encrypted: string | false, collection: string, query: LtijsQuery = {}) {
      const found = await inner.Get(encrypted, collection, query);
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
