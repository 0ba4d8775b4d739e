import { countSecretsByKey, type ResealCounts, resealSecrets } from "@studyhall/core";
import type { Services } from "../services.ts";

type Out = { out: NodeJS.WritableStream; err: NodeJS.WritableStream };

/**
 * `studyhall secrets status`: the key new secrets are sealed under, and how many stored secrets each
 * table holds under which key id (current, previous, or one this process does not hold).
 */
export async function secretsStatus(services: Services, io: Out): Promise<void> {
  const { secrets } = services;
  io.out.write(
    secrets.keyId
      ? `Current key ${secrets.keyId} (from ${keySource(services)}).\n`
      : "No secret key: set STUDYHALL_SECRET_KEY.\n",
  );
  for (const table of await countSecretsByKey(services.db, services.secretTables, secrets)) {
    const parts = Object.entries(table.byKeyId).map(
      ([keyId, n]) => `${n} under ${keyId} (${role(services, keyId)})`,
    );
    if (table.legacy > 0) parts.push(`${table.legacy} not sealed (refused until sealed)`);
    io.out.write(`${table.table}: ${parts.length > 0 ? parts.join(", ") : "none"}\n`);
  }
}

/**
 * `studyhall secrets rotate`: re-seals every secret held under a previous key with the current key,
 * one transaction per table; idempotent. Returns false when some rows were refused (they are named in
 * the log on stderr and left as they are).
 */
export async function secretsRotate(services: Services, io: Out): Promise<boolean> {
  const { secrets } = services;
  if (secrets.keyIds.length < 2) {
    io.err.write(
      "Only one key is configured. To rotate: set STUDYHALL_SECRET_KEY to the new key and " +
        "STUDYHALL_SECRET_KEY_PREVIOUS to the old one, run this command, then drop the old key.\n",
    );
  }
  const results = await resealSecrets(
    services.db,
    services.secretTables,
    secrets,
    { legacy: false, rotate: true },
    services.logger,
  );
  for (const counts of results) io.out.write(`${describe(counts)}\n`);
  const refused = results.reduce((n, c) => n + c.unreadable + c.legacyLeft, 0);
  if (refused > 0) {
    io.err.write(
      `${refused} stored secrets could not be opened and were left as they are (see the log above). ` +
        "Configure the key that sealed them as STUDYHALL_SECRET_KEY_PREVIOUS, or remove them and install again.\n",
    );
    return false;
  }
  io.out.write(`Every stored secret is under key ${secrets.keyId}; previous keys can be removed.\n`);
  return true;
}

function describe(c: ResealCounts): string {
  const refused = c.unreadable + c.legacyLeft;
  return `${c.table}: ${c.resealed} re-sealed, ${c.current} already current${refused > 0 ? `, ${refused} refused` : ""}`;
}

function role(services: Services, keyId: string): string {
  const index = services.secrets.keyIds.indexOf(keyId);
  return index === 0 ? "current" : index > 0 ? "previous" : "unknown key";
}

function keySource(services: Services): string {
  const source = services.config.secrets.source;
  return source === "none" ? "the key file in DATA_DIR" : source;
}
