import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import type { Logger } from "../logger.ts";
import { deriveSecretKey, type SecretKey } from "./secret-key.ts";

/** The envelope's version tag; a new format gets a new tag, and old envelopes stay readable. */
const VERSION = "shs1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const B64URL = "[A-Za-z0-9_-]";
/** `shs1:<keyId>:<iv>:<tag>:<ciphertext>`, each part base64url; the lengths are AES-GCM's. */
const ENVELOPE = new RegExp(`^${VERSION}:(${B64URL}{8}):(${B64URL}{16}):(${B64URL}{22}):(${B64URL}*)$`);

/**
 * Seals and opens the secrets StudyHall stores (Slack tokens, LTI tool keys) with AES-256-GCM under one
 * configured key. Every envelope is bound to its `context` (the table and row it belongs to) as
 * associated data, so an envelope copied into another row does not open. Older keys are held only to
 * open what they sealed until `studyhall secrets rotate` re-seals it.
 */
export interface SecretBox {
  /** The id of the key new envelopes are sealed under; "" when no key is configured. */
  readonly keyId: string;
  /** Every key id this box can open: the current key first, then the previous ones. */
  readonly keyIds: readonly string[];
  /** Encrypts `plaintext` for the row named by `context` (e.g. "SlackInstallation T0123"). */
  seal(plaintext: string, context: string): string;
  /**
   * The plaintext of an envelope sealed for `context`. Anything else (not an envelope, an unknown key,
   * a changed byte, another row's envelope) throws {@link ErrorCode.SecretUnreadable} and is logged
   * with the row and the reason, never the value.
   */
  open(sealed: unknown, context: string): string;
  /** The key id an envelope names, or undefined when `value` is not an envelope. */
  keyIdOf(value: unknown): string | undefined;
}

/** The keys of a {@link SecretBox}: the current secret, and previous ones during a rotation. */
export interface SecretKeys {
  current: string;
  previous?: readonly string[];
}

/** A {@link SecretBox} over `keys`; refusals are logged on `logger`. */
export function createSecretBox(keys: SecretKeys, logger?: Logger): SecretBox {
  const current = deriveSecretKey(keys.current);
  const byId = new Map<string, SecretKey>([[current.id, current]]);
  for (const secret of keys.previous ?? []) {
    const previous = deriveSecretKey(secret);
    if (!byId.has(previous.id)) byId.set(previous.id, previous);
  }
  const refuse = (context: string, reason: string, keyId?: string, cause?: unknown): never => {
    logger?.warn({ row: context, keyId, reason }, "refused a stored secret");
    throw new AppError(ErrorCode.SecretUnreadable, `stored secret of ${context} refused: ${reason}`, {
      details: { row: context, keyId, reason },
      ...(cause === undefined ? {} : { cause }),
    });
  };
  return {
    keyId: current.id,
    keyIds: [...byId.keys()],
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", current.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(associatedData(current.id, context));
      const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), data].map((b) => b.toString("base64url"));
      return [VERSION, current.id, ...parts].join(":");
    },
    open(sealed, context) {
      const match = typeof sealed === "string" ? ENVELOPE.exec(sealed) : null;
      if (!match) return refuse(context, "not a sealed secret");
      const [, keyId, iv, tag, data] = match as unknown as [string, string, string, string, string];
      const key = byId.get(keyId);
      if (!key) return refuse(context, "sealed under a key that is not configured", keyId);
      try {
        const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64url"), {
          authTagLength: TAG_BYTES,
        });
        decipher.setAAD(associatedData(keyId, context));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        const plain = Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]);
        return plain.toString("utf8");
      } catch (cause) {
        // GCM's tag check failed: a changed byte, or an envelope sealed for another row.
        return refuse(
          context,
          "failed its integrity check (tampered, or moved from another row)",
          keyId,
          cause,
        );
      }
    },
    keyIdOf: envelopeKeyId,
  };
}

/**
 * A box for a deployment with no secret key (a Postgres server without STUDYHALL_SECRET_KEY): nothing
 * can be sealed or opened, and each attempt says what to set.
 */
export function keylessSecretBox(): SecretBox {
  const missing = (): never => {
    throw new AppError(ErrorCode.Config, "no secret key configured", {
      userMessage:
        "StudyHall has no secret key to protect stored credentials. Set STUDYHALL_SECRET_KEY (e.g. `openssl rand -hex 32`) and restart.",
    });
  };
  return { keyId: "", keyIds: [], seal: missing, open: missing, keyIdOf: envelopeKeyId };
}

/** A box under a random key that lives as long as this process: for tests and benchmarks only. */
export function ephemeralSecretBox(logger?: Logger): SecretBox {
  return createSecretBox({ current: randomBytes(32).toString("hex") }, logger);
}

/** True when `value` has the shape of an envelope (whether or not it opens). */
export function isSealedSecret(value: unknown): value is string {
  return envelopeKeyId(value) !== undefined;
}

function envelopeKeyId(value: unknown): string | undefined {
  return typeof value === "string" ? ENVELOPE.exec(value)?.[1] : undefined;
}

/** Binds the ciphertext to the format, the key id and the row: change any and the tag check fails. */
function associatedData(keyId: string, context: string): Buffer {
  return Buffer.from(`${VERSION}\0${keyId}\0${context}`, "utf8");
}
