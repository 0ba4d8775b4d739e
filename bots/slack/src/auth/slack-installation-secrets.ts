import type { PrismaLike, SealedSecretTable, StoredSecret } from "@studyhall/core";

/** What an installation's envelope is bound to: another workspace's envelope does not open here. */
export function installationContext(installKey: string): string {
  return `SlackInstallation ${installKey}`;
}

/** The `installation` column as stored now: `{ sealed: "shs1:…" }` and nothing else. */
export function sealedInstallation(sealed: string): { sealed: string } {
  return { sealed };
}

/** The envelope in a stored `installation` column, or undefined when the column holds none. */
export function installationEnvelope(column: unknown): string | undefined {
  const sealed = (column as { sealed?: unknown } | null)?.sealed;
  return typeof sealed === "string" ? sealed : undefined;
}

interface InstallationRow {
  id: string;
  installKey: string;
  installation: unknown;
}

/**
 * The SlackInstallation table for rotation and legacy sealing: every row's installation (bot and user
 * tokens, refresh tokens, the incoming webhook URL) is one envelope. Rows from before sealing hold
 * Bolt's Installation as plain JSON; that JSON is their plaintext.
 */
export const slackInstallationSecrets: SealedSecretTable = {
  name: "SlackInstallation",
  async list(db: PrismaLike): Promise<StoredSecret[]> {
    const rows = await db.$queryRaw<InstallationRow[]>`
      SELECT "id", "installKey", "installation" FROM "SlackInstallation" ORDER BY "installKey"`;
    return rows.map(storedSecret);
  },
  async lock(tx: PrismaLike, id: string): Promise<StoredSecret | undefined> {
    const [row] = await tx.$queryRaw<InstallationRow[]>`
      SELECT "id", "installKey", "installation" FROM "SlackInstallation" WHERE "id" = ${id}::uuid FOR UPDATE`;
    return row ? storedSecret(row) : undefined;
  },
  async write(tx: PrismaLike, id: string, sealed: string): Promise<void> {
    await tx.$executeRaw`
      UPDATE "SlackInstallation"
      SET "installation" = ${JSON.stringify(sealedInstallation(sealed))}::jsonb, "updatedAt" = ${new Date()}::timestamp
      WHERE "id" = ${id}::uuid`;
  },
};

function storedSecret(row: InstallationRow): StoredSecret {
  const context = installationContext(row.installKey);
  const sealed = installationEnvelope(row.installation);
  if (sealed !== undefined) return { id: row.id, context, sealed };
  const plain = row.installation;
  const readable = plain !== null && typeof plain === "object" && !Array.isArray(plain);
  return { id: row.id, context, legacy: { plaintext: readable ? JSON.stringify(plain) : undefined } };
}
