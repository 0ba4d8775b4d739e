import type { Prisma } from "@studyhall/core";
import type { LtijsDatabase } from "ltijs";
import { createPrismaLtijsStore } from "./prisma-ltijs-store.ts";

/**
 * The store handed to ltijs, with a setup() that never throws: ltijs answers a failed database setup
 * during deploy() with process.exit, which would take the whole app down. The error is kept for the
 * front end to report instead.
 */
export function createGuardedStore(db: Prisma): LtijsDatabase & { setupError: unknown } {
  const inner = createPrismaLtijsStore(db);
  const guarded = {
    ...inner,
    setupError: undefined as unknown,
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
