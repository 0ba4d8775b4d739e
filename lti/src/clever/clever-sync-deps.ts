import type { Logger, Prisma, SecretBox, SyncRunSummary } from "@studyhall/core";
import type { CleverHttpOptions } from "./clever-client.ts";

/** What a Clever roster sync needs: the database, the key that opens district tokens, and Clever's API. */
export interface CleverSyncDeps {
  db: Prisma;
  secrets: SecretBox;
  log: Logger;
  /** Where Clever's Data API is and how calls to it are made (tests: the fake, an instant sleep). */
  clever: Omit<CleverHttpOptions, "log" | "signal">;
  /** The clock that dates runs, cursors and the 30-day events window (default Date.now). */
  now: () => number;
  /** The hour (UTC) of the nightly round (settings.clever.syncHourUtc). */
  syncHourUtc: number;
  /** Aborts Clever calls at once (a job whose claim was lost). */
  signal?: AbortSignal;
  /** Told about every run that finishes, e.g. an events run that fell back to a full one (the CLI prints both). */
  onRunFinished?: (run: SyncRunSummary) => void;
}
