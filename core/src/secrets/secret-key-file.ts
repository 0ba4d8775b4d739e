import { randomBytes } from "node:crypto";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { MIN_SECRET_KEY_LENGTH } from "./secret-key.ts";

/** The key file's name inside the data directory. */
export const SECRET_KEY_FILE = "secret.key";

export interface SecretKeyFile {
  path: string;
  secret: string;
  /** Made by this call (the first start of an embedded installation). */
  created: boolean;
  /** Readable by the group or others: someone loosened its permissions after it was made. */
  readableByOthers: boolean;
}

/**
 * The secret key of an embedded installation that configured none: `<dataDir>/secret.key`, made on
 * first start with 32 random bytes (hex) and permissions 0600, so `npm start` with no settings still
 * keeps Slack tokens sealed. Made with O_EXCL, so two processes starting at once agree on one key.
 */
export async function loadOrCreateSecretKeyFile(dataDir: string): Promise<SecretKeyFile> {
  const file = path.join(dataDir, SECRET_KEY_FILE);
  let created = false;
  await mkdir(dataDir, { recursive: true });
  try {
    await writeFile(file, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw keyFileError(file, error);
  }
  const [secret, info] = await Promise.all([readFile(file, "utf8"), stat(file)]).catch((error) => {
    throw keyFileError(file, error);
  });
  const trimmed = secret.trim();
  if (trimmed.length < MIN_SECRET_KEY_LENGTH) {
    throw new AppError(ErrorCode.Config, `secret key file ${file} is too short`, {
      userMessage: `${file} does not hold a key of ${MIN_SECRET_KEY_LENGTH}+ characters. Restore it from a backup, or set STUDYHALL_SECRET_KEY.`,
    });
  }
  return { path: file, secret: trimmed, created, readableByOthers: (info.mode & 0o077) !== 0 };
}

function keyFileError(file: string, cause: unknown): AppError {
  return new AppError(ErrorCode.Config, `cannot read or create the secret key file ${file}`, {
    userMessage: `Cannot read or create ${file}. Check DATA_DIR's permissions, or set STUDYHALL_SECRET_KEY.`,
    cause,
  });
}
