// The public face of @studyhall/core. Front ends (CLI, Slack, Discord, LTI) import from here only.

export type { ChatMessage, ChatModel } from "./ai/chat-model.ts";
export type { Ai, AiSettings } from "./ai/create-ai.ts";
export { createAi } from "./ai/create-ai.ts";
export { EMBEDDING_DIMENSIONS, type Embedder } from "./ai/embedder.ts";
export { createCourse, createCourseInput } from "./courses/create-course.ts";
export { ensureEnrollment, requireEnrollment, requireStaff } from "./courses/enrollments.ts";
export { findCourse } from "./courses/find-course.ts";
export type { Course, Material } from "./db/generated/client.ts";
export type { AnswerPolicy, CourseRole, MaterialStatus, Platform } from "./db/generated/enums.ts";
export { type MigrationResult, migrateDatabase } from "./db/migrate-database.ts";
export { type Database, type DatabaseTarget, openDatabase, type Prisma } from "./db/open-database.ts";
export { AppError, ErrorCode, isAppError } from "./errors/app-error.ts";
export { createLogger, type Logger, silentLogger } from "./logger.ts";
export { fetchMaterialUrl } from "./materials/fetch-material-url.ts";
export {
  type IngestProgress,
  type IngestResult,
  ingestMaterial,
  ingestMaterialInput,
} from "./materials/ingest-material.ts";
export { failInterruptedIngests, listMaterials } from "./materials/list-materials.ts";
export { formatBytes, MAX_MATERIAL_BYTES } from "./materials/material-limits.ts";
export { countStaleChunks, reindexMaterials } from "./materials/reindex-materials.ts";
export type { Actor } from "./people/actor.ts";
export {
  DEFAULT_PREFERENCES,
  getLearnerPreferences,
  type LearnerPreferences,
  updateLearnerPreferences,
} from "./people/learner-preferences.ts";
export { resolveUser } from "./people/resolve-user.ts";
export type { Citation, Reply, ReplyAction, ReplyBlock, ReplyButton } from "./reply/reply.ts";
export { noticeReply } from "./reply/reply.ts";
export { hybridSearch } from "./search/chunk-repository.ts";
export {
  askTutor,
  askTutorInput,
  NO_MATERIALS_ANSWER,
  NO_SOURCE_ANSWER,
  type RetrievalSettings,
  type TutorAnswer,
  type TutorDeps,
} from "./tutor/ask-tutor.ts";
export { recordFeedback } from "./tutor/record-feedback.ts";
export { tutorAnswerReply } from "./tutor/tutor-answer-reply.ts";
export type { BudgetRule } from "./tutor/tutor-limits.ts";
