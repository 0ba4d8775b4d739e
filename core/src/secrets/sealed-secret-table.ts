import type { PrismaLike } from "../jobs/job-sql.ts";

/** One stored secret as a {@link SealedSecretTable} sees it. */
export interface StoredSecret {
  /** The row's primary key, given back to {@link SealedSecretTable.lock} and {@link SealedSecretTable.write}. */
  id: string;
  /** What the envelope is bound to and what logs name (e.g. "SlackInstallation T0123"); never a value. */
  context: string;
  /** The envelope, when the row holds one. */
  sealed?: string;
  /**
   * A row still in a format from before sealing (plain JSON, ltijs's AES-CBC): its plaintext, or
   * undefined when it cannot be read (e.g. ltijs's key is not configured).
   */
  legacy?: { plaintext: string | undefined };
}

/**
 * A table holding secrets, described by the front end that owns it, so that core can seal old rows,
 * rotate keys and count envelopes without knowing the table's shape.
 */
export interface SealedSecretTable {
  /** The table's name in counts and logs. */
  readonly name: string;
  /** Every row holding a secret, as it is now (no locks: a row is locked again before it is rewritten). */
  list(db: PrismaLike): Promise<StoredSecret[]>;
  /** One row, locked FOR UPDATE in the caller's transaction; undefined when it is gone. */
  lock(tx: PrismaLike, id: string): Promise<StoredSecret | undefined>;
  /** Stores `sealed` as the row's secret, dropping any legacy fields. */
  write(tx: PrismaLike, id: string, sealed: string): Promise<void>;
}
