import type { Prisma } from "./db/open-database.ts";
import type { Logger } from "./logger.ts";
import type { IngestDeps } from "./materials/ingest-material.ts";
import type { TutorDeps } from "./tutor/ask-tutor.ts";

/** What a front end needs from the core, built once per process by the app and passed in. */
export interface StudyHallDeps {
  db: Prisma;
  tutor: TutorDeps;
  ingest: IngestDeps;
  logger: Logger;
}
