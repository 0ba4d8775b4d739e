// The public face of @studyhall/core. Front ends (CLI, Slack, Discord, LTI) import from here only.

export type { ChatMessage, ChatModel, ChatResponseFormat } from "./ai/chat-model.ts";
export type { Ai, AiSettings } from "./ai/create-ai.ts";
export { createAi } from "./ai/create-ai.ts";
export { EMBEDDING_DIMENSIONS, type Embedder } from "./ai/embedder.ts";
export { AUDIT_ACTIONS, type AuditAction } from "./audit/audit-actions.ts";
export { type AuditLine, listAudit, listAuditInput } from "./audit/list-audit.ts";
export { type RecordAuditInput, recordAudit } from "./audit/record-audit.ts";
export {
  ANSWER_POLICIES,
  ANSWER_POLICY_CHOICE_MESSAGE,
  type AnswerPolicyInfo,
  answerPolicyChoices,
  answerPolicyInfo,
  answerPolicySchema,
} from "./courses/answer-policies.ts";
export { type ArchiveCourseResult, archiveCourse, archiveCourseInput } from "./courses/archive-course.ts";
export {
  type BudgetSetting,
  type CourseSettings,
  courseSettingsInput,
  getCourseSettings,
  updateCourseSettings,
  updateCourseSettingsInput,
} from "./courses/course-settings.ts";
export {
  hostRefusal,
  materialsRefusal,
  permits,
  requireMaterialsAccess,
} from "./courses/course-settings-access.ts";
export {
  COURSE_SETTINGS_FIELDS,
  type CourseSettingsCheck,
  type CourseSettingsField,
  type CourseSettingsPatch,
  checkCourseSettings,
  SETTING_LIMITS,
} from "./courses/course-settings-fields.ts";
export { describeCourseSettings } from "./courses/course-settings-lines.ts";
export { COURSE_SETTING_WORDS, parseCourseSettingsText } from "./courses/course-settings-words.ts";
export { createCourse, createCourseInput } from "./courses/create-course.ts";
export {
  enrollmentSourceFor,
  ensureEnrollment,
  requireEnrollment,
  requireStaff,
} from "./courses/enrollments.ts";
export { findCourse } from "./courses/find-course.ts";
export { findCourseById } from "./courses/find-course-by-id.ts";
export {
  type CourseStaffMember,
  describeCourseStaff,
  listCourseStaff,
  listCourseStaffInput,
} from "./courses/list-course-staff.ts";
export { type CourseListing, listCourses } from "./courses/list-courses.ts";
export {
  addCourseStaff,
  changeCourseStaffInput,
  removeCourseStaff,
  type StaffChange,
} from "./courses/manage-course-staff.ts";
export { readAnswerPolicy } from "./courses/read-answer-policy.ts";
export { renameCourse, renameCourseInput } from "./courses/rename-course.ts";
export {
  archivedCourseMessage,
  requireOpenCourse,
  requireOpenCourseById,
} from "./courses/require-open-course.ts";
export { setAnswerPolicy, setAnswerPolicyInput } from "./courses/set-answer-policy.ts";
export type { Course, Material } from "./db/generated/client.ts";
export type {
  AnswerPolicy,
  CourseRole,
  MaterialStatus,
  NotificationKind,
  Platform,
} from "./db/generated/enums.ts";
export { type MigrationResult, migrateDatabase } from "./db/migrate-database.ts";
export { type Database, type DatabaseTarget, openDatabase, type Prisma } from "./db/open-database.ts";
export {
  scheduleNightlyVacuum,
  VACUUM_HOUR_UTC,
  VACUUM_QUEUE,
  type VacuumJobDeps,
  vacuumJobHandlers,
} from "./db/vacuum-job.ts";
export { createStudyHallDeps, type QuizDeps, type StudyHallDeps } from "./deps.ts";
export { AppError, ErrorCode, isAppError } from "./errors/app-error.ts";
export { claimEvent, pruneClaimedEvents } from "./events/claim-event.ts";
export { addCard, addCards } from "./flashcards/add-cards.ts";
export { CARD_LIMITS, cardTextProblems, type NewCard, type NewCardSource } from "./flashcards/card-limits.ts";
export {
  ALREADY_REVIEWED_TEXT,
  cardBackReply,
  cardFrontReply,
  reviewDoneReply,
} from "./flashcards/card-replies.ts";
export type { CardSourceRef, DeckSummary, DueCard } from "./flashcards/card-types.ts";
export { cardsFromMissedQuestions } from "./flashcards/cards-from-missed-questions.ts";
export { approveDeck, discardDeck } from "./flashcards/deck-approval.ts";
export {
  createDeck,
  findDeck,
  listDecks,
  MAX_DECK_TITLE_CHARS,
  SAVED_DECK_TITLE,
  savedDeckId,
} from "./flashcards/decks.ts";
export { generateDeck } from "./flashcards/generate/generate-deck.ts";
export { runStudyNudge, studyNudgeJobHandler, studyNudgeReply } from "./flashcards/nudge/run-study-nudge.ts";
export { scheduleNextNudge } from "./flashcards/nudge/schedule-next-nudge.ts";
export { STUDY_NUDGE_QUEUE, type StudyNudgeSender } from "./flashcards/nudge/study-nudge-sender.ts";
export {
  type FsrsOptimizer,
  type OptimizeResult,
  type OptimizerItem,
  optimizeParameters,
  runParameterOptimization,
} from "./flashcards/optimize-parameters.ts";
export { OPTIMIZE_MIN_REVIEWS, STUDY_OPTIMIZE_QUEUE } from "./flashcards/optimize-schedule.ts";
export {
  alreadyReviewedError,
  type ReviewOutcome,
  ratingIntervals,
  reviewCard,
} from "./flashcards/review-cards.ts";
export { dueCounts, findCardForReview, nextDueCard } from "./flashcards/review-queue.ts";
export { type SavedCard, saveAnswerAsCard, saveQuestionAsCard } from "./flashcards/save-as-card.ts";
export { readStudySettings, updateStudySettings } from "./flashcards/study-settings.ts";
export type { StudySettingsView } from "./flashcards/study-settings-values.ts";
export { exportDeckApkg } from "./flashcards/transfer/export-apkg.ts";
export { importDeck, MAX_IMPORT_CARDS } from "./flashcards/transfer/import-deck.ts";
export { type CardTextParse, parseCardText } from "./flashcards/transfer/parse-card-text.ts";
export { exponentialBackoff } from "./jobs/job-backoff.ts";
export { LostClaimError } from "./jobs/job-heartbeat.ts";
export {
  createJobRunner,
  type JobHandler,
  type JobRunner,
  type JobRunnerOptions,
} from "./jobs/job-runner.ts";
export { pruneJobs } from "./jobs/prune-jobs.ts";
export { RetryLater } from "./jobs/retry-later.ts";
export { cancelJobs, type PrismaLike, type ScheduleJobInput, scheduleJob } from "./jobs/schedule-job.ts";
export {
  type IssuedSpaceLinkCode,
  issueSpaceLinkCode,
  issueSpaceLinkCodeInput,
  spaceLinkCodeInstructions,
} from "./links/issue-space-link-code.ts";
export {
  consumeLinkCode,
  createLinkCode,
  formatCode,
  normaliseCode,
  peekLinkCode,
} from "./links/link-codes.ts";
export { completeIdentityLink, completeIdentityLinkInput, startIdentityLink } from "./links/link-identity.ts";
export { createLogger, type Logger, silentLogger } from "./logger.ts";
export { detectMaterialType } from "./materials/detect-material-type.ts";
export { type FetchOptions, fetchMaterialUrl } from "./materials/fetch-material-url.ts";
export { findCourseMaterial, listReadyMaterials } from "./materials/find-course-materials.ts";
export {
  type IngestDeps,
  type IngestProgress,
  type IngestResult,
  ingestMaterial,
  ingestMaterialInput,
} from "./materials/ingest-material.ts";
export { failInterruptedIngests, listMaterials } from "./materials/list-materials.ts";
export { addMaterial, listCourseMaterials, removeMaterial } from "./materials/manage-materials.ts";
export { formatBytes, MAX_MATERIAL_BYTES, materialTooLarge } from "./materials/material-limits.ts";
export { originalContentType, originalFileName } from "./materials/original-file.ts";
export {
  type CourseMaterial,
  readCourseMaterial,
  readCourseMaterialInput,
} from "./materials/read-course-material.ts";
export {
  type MaterialFileContent,
  NO_ORIGINAL_MESSAGE,
  readMaterialFile,
  readMaterialFileInput,
} from "./materials/read-material-file.ts";
export { countStaleChunks, reindexMaterials } from "./materials/reindex-materials.ts";
export { moderationAlertQueue } from "./moderation/alert-queue.ts";
export {
  type FlagLine,
  listModerationFlags,
  reviewModerationFlag,
} from "./moderation/list-flags.ts";
export { createLocalModerator, LOCAL_RULES } from "./moderation/local-rules.ts";
export { moderationAlertHandlers, staffAlertReply } from "./moderation/moderation-alert-job.ts";
export {
  FLAGGED_ANSWER_REPLY,
  FLAGGED_QUESTION_REPLY,
  SELF_HARM_REPLY,
} from "./moderation/moderation-replies.ts";
export type { ModerationResult, Moderator } from "./moderation/moderator.ts";
export type { NotifiablePlatform, StaffNotifier, StaffRecipient } from "./moderation/staff-notifier.ts";
export { isPublicAddress, refusedRange } from "./net/address-policy.ts";
export { type Destination, OPERATOR_LINKS, PUBLIC_LINKS, platformFiles } from "./net/download-destination.ts";
export {
  type DownloadedFile,
  type DownloadOptions,
  downloadFile,
  MAX_REDIRECTS,
} from "./net/download-file.ts";
export type { ResolvedAddress, Resolver } from "./net/guarded-connector.ts";
export {
  NOTIFY_QUEUE,
  notificationJobHandler,
  runNotificationDelivery,
} from "./notifications/deliver-notifications.ts";
export {
  type DeliveryTiming,
  NOTIFY_MIN_INTERVAL_MS,
  nextDeliveryAt,
} from "./notifications/delivery-pacing.ts";
export { handleNotificationsAction } from "./notifications/handle-notifications-action.ts";
export {
  listNotifications,
  markNotificationsRead,
  type NotificationSettingsView,
  type NotificationsView,
} from "./notifications/inbox.ts";
export { NOTIFICATION_KIND_WORDS, NOTIFICATION_KINDS } from "./notifications/notification-kinds.ts";
export {
  type NotificationMessageItem,
  notificationMessageReply,
} from "./notifications/notification-message.ts";
export { setNotificationDigest, setNotificationKind } from "./notifications/notification-settings.ts";
export {
  NOTIFICATIONS_USAGE,
  type NotificationsCommand,
  notificationsCommandSchema,
} from "./notifications/notifications-command.ts";
export { type NotificationInput, notify } from "./notifications/notify.ts";
export { notifyGradeSent } from "./notifications/notify-grade-sent.ts";
export { parseNotificationsCommandText } from "./notifications/parse-notifications-command-text.ts";
export { runNotificationsCommand } from "./notifications/run-notifications-command.ts";
export type { Actor } from "./people/actor.ts";
export { actorSchema, platformSchema } from "./people/actor.ts";
export { type DescribeMemberOptions, describeMember, type MemberSummary } from "./people/describe-member.ts";
export { displayNameOf, type PlatformNames } from "./people/display-name.ts";
export {
  DEFAULT_PREFERENCES,
  getLearnerPreferences,
  type LearnerPreferences,
  learnerPreferencesSchema,
  updateLearnerPreferences,
} from "./people/learner-preferences.ts";
export { type MemberReplyCommands, memberReply } from "./people/member-reply.ts";
export { resolveUser } from "./people/resolve-user.ts";
export {
  type DisplayNameUpdate,
  type UpdateDisplayNameInput,
  updateDisplayName,
} from "./people/update-display-name.ts";
export { answerPractice } from "./practice/answer-practice.ts";
export {
  findPracticeQuiz,
  listPracticeQuizzes,
  type PracticeQuizSummary,
} from "./practice/list-practice-quizzes.ts";
export { cardsFromFinishedLiveQuiz } from "./practice/live-missed-cards.ts";
export { nextPracticeQuestion } from "./practice/next-practice-question.ts";
export { type PracticeHistory, practiceHistory, practiceHistoryData } from "./practice/practice-history.ts";
export { type PracticeQuestionForm, practiceQuestionForm } from "./practice/practice-question-form.ts";
export { PRACTICE_CLOCK, retryMissed, startPractice } from "./practice/start-practice.ts";
export { DELETED_PERSON_NAME } from "./privacy/anonymise-quiz-history.ts";
export { type DeletedCourse, deleteCourse, deleteCourseInput } from "./privacy/delete-course.ts";
export {
  type DeletedPerson,
  type DeletePersonDeps,
  deletePerson,
  deletePersonInput,
} from "./privacy/delete-person.ts";
export { enforceRetention, type RetentionResult } from "./privacy/enforce-retention.ts";
export {
  EXPORT_SCHEMA_VERSION,
  exportPerson,
  exportPersonInput,
  type PersonExport,
  type PrivacyDeps,
} from "./privacy/export-person.ts";
export { type PersonIdentity, type PersonRef, parsePersonKey } from "./privacy/person-key.ts";
export type { PrivacyEraser } from "./privacy/privacy-erasers.ts";
export type { PrivacyRequester } from "./privacy/privacy-requester.ts";
export {
  RETENTION_QUEUE,
  retentionJobHandlers,
  scheduleNightlyRetention,
} from "./privacy/retention-job.ts";
export { awardXp, type XpAward, type XpWriter } from "./progress/award-xp.ts";
export { progressAltText } from "./progress/card/progress-alt-text.ts";
export { progressCardSvg } from "./progress/card/progress-card-svg.ts";
export { renderProgressCardPng } from "./progress/card/render-progress-card.ts";
export {
  type ClassProgressView,
  classProgressInput,
  getClassProgress,
  getStudentProgress,
  studentProgressInput,
} from "./progress/class-progress.ts";
export { getProgress, getProgressInput } from "./progress/get-progress.ts";
export {
  getHistory,
  HISTORY_LIMIT,
  type HistoryItem,
  type HistoryView,
  historyInput,
} from "./progress/history.ts";
export {
  getLeaderboard,
  LEADERBOARD_SIZE,
  type LeaderboardPeriod,
  type LeaderboardView,
  leaderboardInput,
} from "./progress/leaderboard.ts";
export { leaderboardHiddenInput, setLeaderboardHidden } from "./progress/leaderboard-visibility.ts";
export { type ProgressParse, parseProgressCommandText } from "./progress/parse-progress-command-text.ts";
export { progressCardReply } from "./progress/progress-card-reply.ts";
export { PROGRESS_USAGE, type ProgressCommand, progressCommandSchema } from "./progress/progress-command.ts";
export {
  historyReply,
  type LeaderboardReplyCommands,
  leaderboardReply,
} from "./progress/progress-replies.ts";
export type {
  DailyXp,
  LevelView,
  ProgressView,
  SkillSuggestion,
  SkillView,
  StreakView,
  WeakTopic,
} from "./progress/progress-view.ts";
export { type RunProgressCommandOptions, runProgressCommand } from "./progress/run-progress-command.ts";
export {
  masteryOf,
  readSkills,
  SKILL_ATTEMPT_HALF_LIFE_DAYS,
  SKILL_ATTEMPTS_COUNTED,
  SKILL_IDLE_HALF_LIFE_DAYS,
} from "./progress/skills.ts";
export { computeStreak } from "./progress/streak.ts";
export { WEAK_TOPIC_MIN_ATTEMPTS, WEAKEST_TOPICS_SHOWN, weakestTopics } from "./progress/weakest-topics.ts";
export {
  attemptQuestions,
  findAttempt,
  listMyAttempts,
  loadQuizAttempt,
  type QuizToTake,
} from "./quiz/attempt/load-quiz-attempt.ts";
export type {
  AttemptQuestionResult,
  AttemptResult,
  QuestionToAnswer,
} from "./quiz/attempt/quiz-attempt-view.ts";
export {
  type SubmittedAttempt,
  submitQuizAttempt,
  submitQuizAttemptInput,
} from "./quiz/attempt/submit-quiz-attempt.ts";
export { addQuestion } from "./quiz/authoring/add-question.ts";
export {
  CHAT_QUIZ_LINE_HELP,
  CHAT_QUIZ_LINES,
  type ChatQuizProblem,
  readChatQuiz,
} from "./quiz/authoring/chat-quiz-lines.ts";
export { createQuiz, MAX_QUIZ_QUESTIONS } from "./quiz/authoring/create-quiz.ts";
export { deleteQuestion } from "./quiz/authoring/delete-question.ts";
export { moveQuestion, reorderQuestions } from "./quiz/authoring/move-question.ts";
export {
  type QuestionField,
  type QuestionProblem,
  questionProblemsText,
  validateQuestion,
} from "./quiz/authoring/question-problems.ts";
export { writeChatQuiz } from "./quiz/authoring/write-chat-quiz.ts";
export { CHOICE_LETTERS, choiceLabel } from "./quiz/choice-label.ts";
export {
  findCourseQuiz,
  listApprovedQuizzes,
  listQuizTitles,
  type QuizListing,
} from "./quiz/find-course-quizzes.ts";
export {
  createQuestionWriter,
  type GeneratedQuiz,
  type GenerateQuizDeps,
  generateQuiz,
  generateQuizInput,
} from "./quiz/generate/generate-quiz.ts";
export type { QuestionWriter, WriterPassage } from "./quiz/generate/question-writer.ts";
export {
  describeQuizShortfall,
  QUIZ_SHORTFALL_REASONS,
  type QuizShortfall,
  type QuizShortfallReason,
} from "./quiz/generate/quiz-shortfall.ts";
export {
  gradeResponse,
  normaliseAnswerText,
  parseNumericAnswer,
  type QuizResponse,
} from "./quiz/grade-response.ts";
export {
  handleQuizClick,
  QUESTION_CLOSED_NOTICE,
  type QuizClickAction,
  type QuizClickDeps,
  type QuizClickOutcome,
  type QuizClickPort,
} from "./quiz/live/handle-quiz-click.ts";
export type { QuizControl } from "./quiz/live/live-session.ts";
export { type BoardData, buildBoardView, loadBoardData } from "./quiz/live/quiz-board-view.ts";
export {
  createQuizEngine,
  type OpenQuestion,
  type QuizBoardPort,
  type QuizBoardTarget,
  type QuizEngine,
} from "./quiz/live/quiz-engine.ts";
export { quizQueue } from "./quiz/live/quiz-timers.ts";
export type { AnswerOutcome } from "./quiz/live/record-answer.ts";
export { startLiveQuizInput } from "./quiz/live/start-live-quiz.ts";
export {
  approveQuiz,
  discardQuiz,
  listQuizzes,
  MAX_QUIZ_TITLE_CHARS,
  type QuizSummary,
  quizForEditing,
  quizReviewReply,
  renameQuiz,
  updateQuestion,
} from "./quiz/manage-quizzes.ts";
export { QUESTION_LIMITS, type QuestionInput, questionInputSchema } from "./quiz/question-input.ts";
export {
  type QuizOptions,
  type QuizOptionsLayer,
  quizOptionsLayerSchema,
  quizOptionsSchema,
  resolveQuizOptions,
} from "./quiz/quiz-options.ts";
export { csvCell, exportQuizResultsCsv } from "./quiz/results/export-results-csv.ts";
export { quizReport } from "./quiz/results/quiz-report.ts";
export {
  type QuestionCorrectRate,
  type QuizResultsSummary,
  quizResultsSummary,
} from "./quiz/results/quiz-results-summary.ts";
export {
  describeRecentResult,
  type RecentQuizResult,
  recentQuizResults,
} from "./quiz/results/recent-results.ts";
export {
  GRADEBOOK_QUEUE,
  GRADEBOOK_SYNC_MAX_ATTEMPTS,
  type GradebookJobPayload,
  type GradebookSyncDb,
  gradebookJobPayload,
  scheduleGradebookSync,
} from "./quiz/results/schedule-gradebook-sync.ts";
export {
  countSessionPlayers,
  listStudentScores,
  readScoredSession,
  type ScoredSession,
  type StudentScore,
} from "./quiz/results/session-scores.ts";
export { type SaveQuizInput, saveQuiz } from "./quiz/save-quiz.ts";
export { exportQuizCsv, quizFileName } from "./quiz/transfer/export-quiz.ts";
export { type ImportedQuiz, importQuiz } from "./quiz/transfer/import-quiz.ts";
export { type CsvRecord, parseCsvRecords } from "./quiz/transfer/parse-csv-records.ts";
export {
  describeProblems,
  QUIZ_CSV_COLUMNS,
  QUIZ_FILE_LIMITS,
  type SheetProblem,
} from "./quiz/transfer/quiz-csv-format.ts";
export { readZipEntries, type ZipEntries, type ZipLimits } from "./quiz/transfer/read-zip-entries.ts";
export { decodeQuizAction, encodeQuizAction, isQuizAction } from "./reply/quiz-action-codec.ts";
export type {
  CardRating,
  Citation,
  Reply,
  ReplyAction,
  ReplyBlock,
  ReplyButton,
  ReplyFile,
  StudyAction,
} from "./reply/reply.ts";
export { noticeReply } from "./reply/reply.ts";
export { decodeStudyAction, encodeStudyAction, isStudyAction } from "./reply/study-action-codec.ts";
export {
  type ApplyDistrictOptions,
  applyDistrictChanges,
  applyDistrictRoster,
} from "./roster/district/apply-district-roster.ts";
export {
  listPersonDistrictSections,
  listPersonDistrictSectionsInput,
  type PersonDistrictSection,
} from "./roster/district/district-courses.ts";
export {
  type DistrictPerson,
  type DistrictProvider,
  type DistrictRosterChanges,
  type DistrictSection,
  type DistrictSectionMember,
  type DistrictSyncReport,
  districtProviderSchema,
  districtRosterChangesSchema,
  emptyDistrictReport,
  type FullDistrictRoster,
  fullDistrictRosterSchema,
  MAX_DISTRICT_PEOPLE,
  MAX_DISTRICT_SECTIONS,
} from "./roster/district/district-roster.ts";
export { rosterDistrictSecrets } from "./roster/district/district-token-secrets.ts";
export {
  connectDistrict,
  connectDistrictInput,
  type DistrictSummary,
  disconnectDistrict,
  districtStatus,
  districtTokenContext,
  findDistrict,
  listDistricts,
  openDistrictToken,
  setEventCursor,
} from "./roster/district/districts.ts";
export {
  findSyncRun,
  finishSyncRun,
  listSyncRuns,
  readStagedRecords,
  type SyncRunSummary,
  saveSyncCursor,
  stageRecords,
  startSyncRun,
} from "./roster/district/sync-runs.ts";
export {
  type CourseRoster,
  listCourseRoster,
  listCourseRosterInput,
  type RosterEntry,
} from "./roster/list-course-roster.ts";
export {
  MAX_ROSTER_MEMBERS,
  type RosterMember,
  type RosterSyncResult,
  syncRoster,
  syncRosterInput,
} from "./roster/sync-roster.ts";
export { hybridSearch } from "./search/chunk-repository.ts";
export { openSecretBox, type SecretKeySettings } from "./secrets/open-secret-box.ts";
export {
  countSecretsByKey,
  type ResealCounts,
  type ResealOptions,
  resealSecrets,
} from "./secrets/reseal-secrets.ts";
export { LEGACY_SEALED_MARKER, sealLegacySecrets } from "./secrets/seal-legacy-secrets.ts";
export type { SealedSecretTable, StoredSecret } from "./secrets/sealed-secret-table.ts";
export {
  createSecretBox,
  ephemeralSecretBox,
  isSealedSecret,
  keylessSecretBox,
  type SecretBox,
  type SecretKeys,
} from "./secrets/secret-box.ts";
export { MIN_SECRET_KEY_LENGTH } from "./secrets/secret-key.ts";
export { loadOrCreateSecretKeyFile, SECRET_KEY_FILE, type SecretKeyFile } from "./secrets/secret-key-file.ts";
export {
  type BoundSpace,
  bindSpace,
  bindSpaceInput,
  namesakeHint,
  startSpaceBinding,
} from "./spaces/bind-space.ts";
export { createSpaceCourse } from "./spaces/create-space-course.ts";
export { enterSpace, enterSpaceInput, type SpaceMember } from "./spaces/enter-space.ts";
export { findSpaceCourse, requireSpaceCourse } from "./spaces/find-space-course.ts";
export { findSpaceName, type LinkedChatSpace, listCourseChatSpaces } from "./spaces/list-course-spaces.ts";
export { spaceLinkRefusals } from "./spaces/space-link-refusals.ts";
export { type SpaceRef, spaceRefSchema, WHOLE_TENANT } from "./spaces/space-ref.ts";
export { unbindSpace, unbindSpaceInput } from "./spaces/unbind-space.ts";
export { chooseStudyCourse, type StudyCourse, type StudyPlace } from "./study/choose-study-course.ts";
export { handleStudyAction, type StudyActionResult } from "./study/handle-study-action.ts";
export { parseStudyCommandText, type StudyParse } from "./study/parse-study-command-text.ts";
export { type RunStudyCommandOptions, runStudyCommand } from "./study/run-study-command.ts";
export {
  type StudyCommand,
  type StudyGuideRequestInput,
  type StudySettingsChanges,
  studyCommandSchema,
  studyGuideRequestSchema,
  studySettingsChangesSchema,
} from "./study/study-command.ts";
export {
  answerPracticeForm,
  type PracticeForm,
  practiceForm,
  submitWritingForm,
  type WritingForm,
  writingForm,
} from "./study/study-forms.ts";
export { progressReply } from "./study/study-progress-reply.ts";
export { STUDY_USAGE, type StudyUsage } from "./study/study-usage.ts";
export { requestStudyGuide, type StudyGuideOptions } from "./study-guides/request-study-guide.ts";
export { studyGuideFiles, studyGuideReply } from "./study-guides/study-guide-reply.ts";
export type {
  GuideContent,
  GuideQuestion,
  GuideSection,
  GuideStatement,
  GuideTerm,
  StudyGuideRequest,
  StudyGuideSummary,
  StudyGuideView,
} from "./study-guides/study-guide-types.ts";
export { findStudyGuide, listStudyGuides } from "./study-guides/study-guides.ts";
export {
  CALENDAR_FEED_PATH,
  calendarFeedLink,
  renderCalendarFeed,
  revokeCalendarFeed,
} from "./study-sessions/calendar-feeds.ts";
export { cancelStudySession } from "./study-sessions/cancel-session.ts";
export { endStudySession } from "./study-sessions/end-session.ts";
export { formatSessionTime } from "./study-sessions/format-session-time.ts";
export { type CalendarEvent, writeCalendar } from "./study-sessions/ical.ts";
export { listStudySessions } from "./study-sessions/list-sessions.ts";
export { sameLocalTimeNextWeek } from "./study-sessions/next-occurrence.ts";
export { parseSessionTime, SESSION_TIME_FORMATS } from "./study-sessions/parse-session-time.ts";
export { parseSessionsCommandText } from "./study-sessions/parse-sessions-command-text.ts";
export {
  handleSessionAction,
  myRsvps,
  rsvpByAnnouncement,
  type SessionActionResult,
} from "./study-sessions/rsvp-session.ts";
export { runSessionsCommand } from "./study-sessions/run-sessions-command.ts";
export { SESSION_MINUTES, scheduleStudySession } from "./study-sessions/schedule-session.ts";
export type { SessionPlace } from "./study-sessions/session-member.ts";
export {
  sessionAnnouncementReply,
  sessionDescription,
  sessionOpenReply,
  sessionSummaryReply,
  sessionTimeBlock,
} from "./study-sessions/session-replies.ts";
export { runSessionStep, studySessionJobHandler } from "./study-sessions/session-steps.ts";
export { REMINDER_LEADS } from "./study-sessions/session-steps-schedule.ts";
export type { RsvpChoice, SessionSummary, StudySessionView } from "./study-sessions/session-view.ts";
export {
  SCHEDULE_USAGE,
  SESSIONS_USAGE,
  type SessionsCommand,
  sessionsCommandSchema,
} from "./study-sessions/sessions-command.ts";
export { STUDY_SESSION_QUEUE, type StudySessionPort } from "./study-sessions/study-session-port.ts";
export { type Clock, realClock, sleepOn, type Timer, type TimerOptions } from "./time/clock.ts";
export { nextDailyRun } from "./time/next-daily-run.ts";
export {
  askTutor,
  askTutorInput,
  NO_MATERIALS_ANSWER,
  NO_SOURCE_ANSWER,
  type RetrievalSettings,
  type TutorAnswer,
  type TutorDeps,
} from "./tutor/ask-tutor.ts";
export { describeAllowances, describeCourseAllowances } from "./tutor/budget-reply.ts";
export { citationAnchor } from "./tutor/citation-anchor.ts";
export {
  type AskedQuestion,
  listCourseQuestions,
  type QuestionOutcome,
} from "./tutor/course-questions.ts";
export { describeReset } from "./tutor/describe-reset.ts";
export { isTutorThread } from "./tutor/is-tutor-thread.ts";
export { latestThreadCourse } from "./tutor/latest-thread-course.ts";
export {
  LMS_THREAD_KEY,
  listMyTutorQuestions,
  type MyTutorQuestion,
  readMyTutorQuestion,
} from "./tutor/my-tutor-questions.ts";
export { listRecentQuestions, type RecentQuestion } from "./tutor/recent-questions.ts";
export { recordFeedback, recordFeedbackInput } from "./tutor/record-feedback.ts";
export {
  type BudgetAllowance,
  type MyAllowance,
  myRemainingBudget,
  remainingBudget,
} from "./tutor/remaining-budget.ts";
export { answerVisibility, tutorAnswerReply } from "./tutor/tutor-answer-reply.ts";
export type { BudgetRule } from "./tutor/tutor-limits.ts";
export { courseUsageSummary, type UsageLine, type UsageSummary } from "./tutor/usage-summary.ts";
export { generateWritingPrompt } from "./writing/generate-writing-prompt.ts";
export { approveWritingPrompt, discardWritingPrompt } from "./writing/review-writing-prompt.ts";
export { STRUCTURAL_HONESTY } from "./writing/structural-feedback.ts";
export { submitWriting } from "./writing/submit-writing.ts";
export { WRITING_LIMITS, type WritingCriterion } from "./writing/writing-limits.ts";
export {
  createWritingPrompt,
  describeWritingPrompt,
  findWritingPrompt,
  listWritingPrompts,
} from "./writing/writing-prompts.ts";
export { writingResultReply, writingResultsReply } from "./writing/writing-result-reply.ts";
export { writingResults } from "./writing/writing-results.ts";
export type { CriterionScore, WritingPromptView, WritingResultView } from "./writing/writing-types.ts";
