import type { Logger, Prisma, StudyHallDeps } from "@studyhall/core";
import type { CleverFrontEnd } from "./clever/clever-front-end.ts";
import type { createCsrf } from "./security/csrf.ts";
import type { createPlatformKeys } from "./security/platform-keys.ts";

/** What the LTI routes share, built once by createLtiFrontEnd. */
export interface LtiContext {
  deps: StudyHallDeps;
  db: Prisma;
  log: Logger;
  /** `${PUBLIC_URL}/lti`: the launch URL and the base of every page. */
  toolUrl: string;
  encryptionKey: string;
  sessionTtlMs: number;
  now: () => number;
  csrf: ReturnType<typeof createCsrf>;
  platformKeys: ReturnType<typeof createPlatformKeys>;
  allowHttpRegistration: boolean;
  /** The deadline of every call to an LMS (LTI_HTTP_TIMEOUT_MS). */
  lmsTimeoutMs: number;
  /** Login states kept per platform; a login beyond it drops the platform's oldest. */
  maxLoginStates: number;
  /** Sign-in with Clever and the district page, when Clever is configured. */
  clever?: CleverFrontEnd;
}
