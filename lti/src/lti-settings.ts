/** The plain LTI settings from app/src/config.ts (`config.lti`) plus the server's public URL. */
export interface LtiSettings {
  /** Signs ltiks and encrypts the tool's private keys at rest. At least 32 characters. */
  encryptionKey: string;
  /** Where LMSs and browsers reach this server; the tool lives at `${publicUrl}/lti`. */
  publicUrl: string;
  /** How long a launch's session (its ltik) lasts. Default 120 minutes. */
  sessionMinutes?: number;
  /** Login states kept per platform (the oldest make room). Default 10,000. */
  loginStatesPerPlatform?: number;
}

export const DEFAULT_SESSION_MINUTES = 120;
