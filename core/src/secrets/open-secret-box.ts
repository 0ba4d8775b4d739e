import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../logger.ts";
import { createSecretBox, keylessSecretBox, type SecretBox } from "./secret-box.ts";
import { MIN_SECRET_KEY_LENGTH } from "./secret-key.ts";
import { loadOrCreateSecretKeyFile, SECRET_KEY_FILE } from "./secret-key-file.ts";

export interface SecretKeySettings {
  /** The configured key (STUDYHALL_SECRET_KEY or its fallback), if any. */
  key?: string;
  /** Keys that only open what they sealed (during a rotation). */
  previousKeys: readonly string[];
  /** The embedded database's data directory: where the key file lives when no key is configured. */
  keyFileDir?: string;
}

/**
 * The deployment's {@link SecretBox}: under the configured key; else, for an embedded database, under
 * the key file in its data directory (made on first start); else (a Postgres server with no key)
 * keyless, refusing to seal, because a key made by one replica would be unknown to the others. A key
 * file left behind after a key is configured keeps opening what it sealed, until a rotation.
 */
export async function openSecretBox(settings: SecretKeySettings, logger: Logger): Promise<SecretBox> {
  const log = logger.child({ component: "secrets" });
  if (settings.key) {
    const leftover = settings.keyFileDir ? await readKeyFile(settings.keyFileDir) : undefined;
    const previous = [...settings.previousKeys, ...(leftover ? [leftover] : [])];
    const box = createSecretBox({ current: settings.key, previous }, log);
    log.info({ keyId: box.keyId, previousKeyIds: box.keyIds.slice(1) }, "secret key ready");
    return box;
  }
  if (!settings.keyFileDir) {
    log.warn("no STUDYHALL_SECRET_KEY: Slack OAuth installations and LTI platforms cannot be stored");
    return keylessSecretBox();
  }
  const file = await loadOrCreateSecretKeyFile(settings.keyFileDir);
  const box = createSecretBox({ current: file.secret, previous: settings.previousKeys }, log);
  if (file.created) {
    log.warn(
      { file: file.path, keyId: box.keyId },
      "made a secret key for stored credentials: back it up with the data",
    );
  }
  if (file.readableByOthers)
    log.warn({ file: file.path }, "the secret key file is readable by other users: chmod 600 it");
  log.info({ keyId: box.keyId, previousKeyIds: box.keyIds.slice(1), file: file.path }, "secret key ready");
  return box;
}

async function readKeyFile(dir: string): Promise<string | undefined> {
  try {
    const secret = (await readFile(path.join(dir, SECRET_KEY_FILE), "utf8")).trim();
    return secret.length >= MIN_SECRET_KEY_LENGTH ? secret : undefined;
  } catch {
    return undefined;
  }
}
