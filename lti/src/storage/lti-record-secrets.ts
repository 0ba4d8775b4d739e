import type { PrismaLike, SealedSecretTable, StoredSecret } from "@studyhall/core";
import type { LtijsDocument } from "ltijs";
import {
  decryptLegacyRecord,
  ENCRYPTED_COLLECTIONS,
  isLegacyRecord,
  ltiRecordContext,
} from "./record-crypto.ts";

interface RecordRow {
  id: string;
  collection: string;
  data: LtijsDocument;
}

/**
 * ltijs's encrypted records (the tool's private and public key per platform, service access tokens)
 * for rotation and legacy sealing. Records from before sealing are ltijs's AES-CBC `{ iv, data }` under
 * LTI_ENCRYPTION_KEY: `legacyKey` reads them once so they can be sealed; without it they stay as they
 * are (and are refused).
 */
export function ltiRecordSecrets(options: { legacyKey?: string | undefined } = {}): SealedSecretTable {
  const storedSecret = (row: RecordRow): StoredSecret => {
    const context = ltiRecordContext(row.collection, row.data);
    const sealed = row.data.sealed;
    if (typeof sealed === "string") return { id: row.id, context, sealed };
    const plaintext =
      options.legacyKey && isLegacyRecord(row.data)
        ? decryptLegacyRecord(row.data, options.legacyKey)
        : undefined;
    return { id: row.id, context, legacy: { plaintext } };
  };
  return {
    name: "LtiRecord",
    async list(db: PrismaLike): Promise<StoredSecret[]> {
      const rows = await db.$queryRaw<RecordRow[]>`
        SELECT "id", "collection", "data" FROM "LtiRecord"
        WHERE "collection" = ANY(${[...ENCRYPTED_COLLECTIONS]}::text[])
        ORDER BY "collection", "id"`;
      return rows.map(storedSecret);
    },
    async lock(tx: PrismaLike, id: string): Promise<StoredSecret | undefined> {
      const [row] = await tx.$queryRaw<RecordRow[]>`
        SELECT "id", "collection", "data" FROM "LtiRecord"
        WHERE "id" = ${id}::uuid AND "collection" = ANY(${[...ENCRYPTED_COLLECTIONS]}::text[])
        FOR UPDATE`;
      return row ? storedSecret(row) : undefined;
    },
    async write(tx: PrismaLike, id: string, sealed: string): Promise<void> {
      await tx.$executeRaw`
        UPDATE "LtiRecord"
        SET "data" = ("data" - 'iv' - 'data') || jsonb_build_object('sealed', ${sealed}::text)
        WHERE "id" = ${id}::uuid`;
    },
  };
}
