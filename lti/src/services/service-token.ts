import { createPrivateKey, randomUUID } from "node:crypto";
import { AppError, ErrorCode, isAppError, type Prisma, type SecretBox } from "@studyhall/core";
import { SignJWT } from "jose";
import { z } from "zod";
import { createPrismaLtijsStore } from "../storage/prisma-ltijs-store.ts";
import { readToolKey } from "../storage/read-tool-key.ts";
import { defaultLmsFetch, type Fetch } from "./lms-fetch.ts";

/** OAuth 2 client credentials with a signed JWT (RFC 7523), as LTI Advantage's security framework asks. */
const CLIENT_ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/** Renew this long before the platform's expiry, so a token never lapses in the middle of a batch. */
const EARLY_RENEWAL_MS = 60_000;
/** Platforms that leave out `expires_in` get this lifetime (Canvas and Moodle both say 3600). */
const DEFAULT_LIFETIME_S = 3600;

const tokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i),
  expires_in: z.coerce.number().int().positive().optional(),
  scope: z.string().optional(),
});

export interface ServiceTokenDeps {
  db: Prisma;
  /** Opens the tool's private key for the platform, sealed in ltijs's store. */
  secrets: SecretBox;
  now?: () => number;
  /** Calls the token endpoint; default {@link defaultLmsFetch}. Give it a deadline (lms-fetch.ts). */
  fetch?: Fetch;
}

/** Bearer tokens for a platform's LTI Advantage services (AGS, NRPS), cached until shortly before expiry. */
export interface ServiceTokens {
  /** A live token for these scopes on this platform; one token request at a time per platform + scopes. */
  get(platformId: string, scopes: string[]): Promise<string>;
  /** Forgets the cached token, e.g. after the service answered 401 (revoked or expired early). */
  invalidate(platformId: string, scopes: string[]): void;
}

/**
 * Service tokens that need no launch: the tool signs a client assertion with its own key for the
 * platform, so grades and roster syncs run from the job queue long after any user was present.
 * Tokens live in memory only (they are short-lived and each process may hold its own).
 */
export function createServiceTokens(deps: ServiceTokenDeps): ServiceTokens {
  const now = deps.now ?? Date.now;
  const fetchImpl = deps.fetch ?? defaultLmsFetch;
  const cache = new Map<string, Promise<{ token: string; expiresAt: number }>>();
  const keyOf = (platformId: string, scopes: string[]) =>
    `${platformId} ${[...new Set(scopes)].sort().join(" ")}`;

  async function request(platformId: string, scopes: string[]) {
    const platform = await deps.db.ltiPlatform.findUnique({ where: { id: platformId } });
    if (!platform) throw new AppError(ErrorCode.NotFound, `LTI platform ${platformId} is not registered`);
    const store = createPrismaLtijsStore(deps.db, deps.secrets);
    const where = { platformUrl: platform.issuer, clientId: platform.clientId };
    const [record] = (await store.Get(false, "platform", where)) || [];
    const key = await readToolKey(store, "privatekey", { kid: platform.keyId, ...where });
    if (!key) {
      throw new AppError(ErrorCode.Config, `no tool key for LTI platform ${platform.issuer}`, {
        userMessage: "StudyHall has no signing key for this LMS. Register the platform again.",
      });
    }
    // PKCS#1 or PKCS#8 PEM: ltijs made PKCS#1 keys, ours are too.
    const privateKey = createPrivateKey(key.pem);
    const issuedAt = Math.floor(now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: platform.keyId })
      .setIssuer(platform.clientId)
      .setSubject(platform.clientId)
      // Moodle and D2L name an authorization server other than the token URL as the audience.
      .setAudience(
        typeof record?.authorizationServer === "string" ? record.authorizationServer : platform.tokenUrl,
      )
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 300)
      .setJti(randomUUID())
      .sign(privateKey);
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: assertion,
      scope: scopes.join(" "),
    });
    let response: Response;
    try {
      response = await fetchImpl(platform.tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body,
      });
    } catch (cause) {
      // A timeout already says what it waited for.
      if (isAppError(cause)) throw cause;
      throw new AppError(ErrorCode.Upstream, `token endpoint of ${platform.issuer} unreachable`, { cause });
    }
    const text = await response.text();
    if (!response.ok) {
      throw new AppError(
        ErrorCode.Upstream,
        `token endpoint of ${platform.issuer} answered ${response.status}`,
        {
          details: { status: response.status, body: text.slice(0, 500), scopes },
        },
      );
    }
    const parsed = tokenResponse.safeParse(safeJson(text));
    if (!parsed.success) {
      throw new AppError(ErrorCode.Upstream, `token endpoint of ${platform.issuer} sent no usable token`, {
        details: { status: response.status, issues: parsed.error.issues.map((i) => i.message) },
      });
    }
    const lifetimeMs = (parsed.data.expires_in ?? DEFAULT_LIFETIME_S) * 1000;
    return {
      token: parsed.data.access_token,
      expiresAt: now() + Math.max(lifetimeMs - EARLY_RENEWAL_MS, lifetimeMs / 2),
    };
  }

  return {
    async get(platformId, scopes) {
      const key = keyOf(platformId, scopes);
      const cached = cache.get(key);
      if (cached) {
        const entry = await cached.catch(() => null);
        if (entry && entry.expiresAt > now()) return entry.token;
        if (cache.get(key) === cached) cache.delete(key);
        else return this.get(platformId, scopes);
      }
      const pending = request(platformId, scopes);
      cache.set(key, pending);
      // A failed request is not cached: the next caller asks again.
      pending.catch(() => {
        if (cache.get(key) === pending) cache.delete(key);
      });
      return (await pending).token;
    },
    invalidate(platformId, scopes) {
      cache.delete(keyOf(platformId, scopes));
    },
  };
}

/**
 * Calls an LTI Advantage service with a bearer token for `scopes`. A 401 means the token was revoked
 * or lapsed early: it is dropped and the call made once more with a fresh one. Any other answer is
 * returned for the caller to judge (429 and 5xx are retried by the caller's job); a network failure or
 * a call past its deadline (`fetchImpl`'s, see lms-fetch.ts) throws an Upstream AppError.
 */
export async function serviceRequest(
  tokens: ServiceTokens,
  platformId: string,
  scopes: string[],
  url: string,
  init: RequestInit = {},
  fetchImpl: Fetch = defaultLmsFetch,
): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const token = await tokens.get(platformId, scopes);
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${token}`);
    let response: Response;
    try {
      response = await fetchImpl(url, { ...init, headers });
    } catch (cause) {
      if (isAppError(cause)) throw cause;
      throw new AppError(ErrorCode.Upstream, `${init.method ?? "GET"} ${new URL(url).origin} failed`, {
        cause,
      });
    }
    if (response.status !== 401 || attempt > 0) return response;
    await response.body?.cancel();
    tokens.invalidate(platformId, scopes);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
