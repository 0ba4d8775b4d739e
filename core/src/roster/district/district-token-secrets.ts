import type { PrismaLike } from "../../jobs/job-sql.ts";
import type { SealedSecretTable, StoredSecret } from "../../secrets/sealed-secret-table.ts";
import { isSealedSecret } from "../../secrets/secret-box.ts";
import { districtTokenContext } from "./districts.ts";

interface TokenRow {
  id: string;
  tokenSealed: string;
}

/**
 * RosterDistrict's sealed district-app tokens, for `studyhall secrets rotate` and legacy sealing. A
 * token stored before it was sealed (never written by StudyHall, but possible by hand) is its own
 * plaintext.
 */
export const rosterDistrictSecrets: SealedSecretTable = {
  name: "RosterDistrict",
  async list(db: PrismaLike): Promise<StoredSecret[]> {
    const rows = await db.$queryRaw<TokenRow[]>`
      SELECT id::text, "tokenSealed" FROM "RosterDistrict" WHERE "tokenSealed" IS NOT NULL ORDER BY id`;
    return rows.map(storedSecret);
  },
  async lock(tx: PrismaLike, id: string): Promise<StoredSecret | undefined> {
    const [row] = await tx.$queryRaw<TokenRow[]>`
      SELECT id::text, "tokenSealed" FROM "RosterDistrict"
      WHERE id = ${id}::uuid AND "tokenSealed" IS NOT NULL FOR UPDATE`;
    return row ? storedSecret(row) : undefined;
  },
  async write(tx: PrismaLike, id: string, sealed: string): Promise<void> {
    await tx.$executeRaw`
      UPDATE "RosterDistrict" SET "tokenSealed" = ${sealed}, "updatedAt" = ${new Date()}::timestamp
      WHERE id = ${id}::uuid`;
  },
};

function storedSecret(row: TokenRow): StoredSecret {
  const context = districtTokenContext(row.id);
  return isSealedSecret(row.tokenSealed)
    ? { id: row.id, context, sealed: row.tokenSealed }
    : { id: row.id, context, legacy: { plaintext: row.tokenSealed } };
}
