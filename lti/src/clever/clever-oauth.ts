import type { Logger } from "@studyhall/core";
import { z } from "zod";
import { CleverCodeRefused, CleverRequestRefused } from "./clever-errors.ts";
import {
  type CleverAnswer,
  type CleverTransport,
  callClever,
  DEFAULT_CLEVER_TIMEOUT_MS,
  errorText,
  realSleep,
} from "./clever-http.ts";
import { type CleverUser, cleverUserSchema, describeIssues } from "./clever-records.ts";

/** Sign-in calls are made while a person waits: one retry at most, after a short pause. */
const OAUTH_MAX_RETRIES = 1;

export interface CleverOAuthOptions {
  /** Clever's OAuth host, e.g. https://clever.com */
  oauthUrl: string;
  /** The data API's origin, e.g. https://api.clever.com */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
  log: Logger;
}

/** Who a user token belongs to, from /me. `type` is Clever's word (`user` in v3). */
export interface CleverMe {
  type: string;
  id: string;
  district: string;
}

export interface CleverOAuthClient {
  /** Where to send a person to sign in with Clever. */
  authorizeUrl(input: { redirectUri: string; state?: string; districtId?: string }): string;
  /** Trades a code (good once) for the person's token; CleverCodeRefused when Clever says invalid_grant. */
  exchangeCode(input: {
    code: string;
    redirectUri: string;
  }): Promise<{ accessToken: string; idToken?: string }>;
  me(accessToken: string): Promise<CleverMe>;
  user(accessToken: string, id: string): Promise<CleverUser>;
  /** Every district that installed the app, with its district-app token. */
  districtTokens(): Promise<Array<{ districtId: string; accessToken: string }>>;
}

const tokenAnswerSchema = z.object({
  access_token: z.string().min(1),
  id_token: z
    .string()
    .nullish()
    .transform((value) => value ?? undefined),
});

const meAnswerSchema = z.object({
  type: z.string().optional(),
  data: z.object({ id: z.string().min(1), district: z.string().min(1), type: z.string().optional() }),
});

const userAnswerSchema = z.object({ data: cleverUserSchema });

const districtTokensSchema = z.object({
  data: z.array(
    z.object({
      owner: z.object({ type: z.string(), id: z.string().min(1) }),
      access_token: z.string().min(1),
    }),
  ),
});

/** Clever's OAuth: the sign-in redirect, the code exchange, /me and the app's district tokens. */
export function createCleverOAuthClient(options: CleverOAuthOptions): CleverOAuthClient {
  const transport: CleverTransport = {
    fetch: options.fetch ?? globalThis.fetch,
    sleep: options.sleep ?? realSleep,
    maxRetries: OAUTH_MAX_RETRIES,
    timeoutMs: options.timeoutMs ?? DEFAULT_CLEVER_TIMEOUT_MS,
    log: options.log,
  };
  const basic = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString("base64")}`;
  const userGet = (path: string, accessToken: string) =>
    callClever(transport, {
      method: "GET",
      url: new URL(path, options.apiUrl),
      authorization: `Bearer ${accessToken}`,
      unauthorized: "return",
    });

  return {
    authorizeUrl(input) {
      const url = new URL("/oauth/authorize", options.oauthUrl);
      url.searchParams.set("response_type", "code");
      url.searchParams.set("client_id", options.clientId);
      url.searchParams.set("redirect_uri", input.redirectUri);
      if (input.state) url.searchParams.set("state", input.state);
      if (input.districtId) url.searchParams.set("district_id", input.districtId);
      return url.toString();
    },

    async exchangeCode(input) {
      // A code is good once: a retry after an answer lost on the way would only be refused.
      const answer = await callClever(
        { ...transport, maxRetries: 0 },
        {
          method: "POST",
          url: new URL("/oauth/tokens", options.oauthUrl),
          authorization: basic,
          body: { code: input.code, grant_type: "authorization_code", redirect_uri: input.redirectUri },
          unauthorized: "return",
        },
      );
      if (answer.status === 400 || answer.status === 401 || answer.status === 403) {
        if (answer.status === 400 && isInvalidGrant(answer)) {
          throw new CleverCodeRefused(`Clever refused the sign-in code: ${errorText(answer)}`);
        }
        throw new CleverRequestRefused(
          `POST /oauth/tokens answered ${answer.status}: ${errorText(answer)}`,
          answer.status,
        );
      }
      const body = parseOk(answer, tokenAnswerSchema, "POST /oauth/tokens");
      return { accessToken: body.access_token, ...(body.id_token ? { idToken: body.id_token } : {}) };
    },

    async me(accessToken) {
      const body = parseOk(await userGet("/v3.0/me", accessToken), meAnswerSchema, "GET /v3.0/me");
      return { type: body.type ?? body.data.type ?? "user", id: body.data.id, district: body.data.district };
    },

    async user(accessToken, id) {
      const path = `/v3.0/users/${encodeURIComponent(id)}`;
      return parseOk(await userGet(path, accessToken), userAnswerSchema, "GET /v3.0/users/{id}").data;
    },

    async districtTokens() {
      const url = new URL("/oauth/tokens", options.oauthUrl);
      url.searchParams.set("owner_type", "district");
      const answer = await callClever(transport, {
        method: "GET",
        url,
        authorization: basic,
        unauthorized: "return",
      });
      const body = parseOk(answer, districtTokensSchema, "GET /oauth/tokens?owner_type=district");
      return body.data
        .filter((token) => token.owner.type === "district")
        .map((token) => ({ districtId: token.owner.id, accessToken: token.access_token }));
    },
  };
}

/** Clever answers a used, expired or mismatched code as OAuth does: 400 `{ "error": "invalid_grant" }`. */
function isInvalidGrant(answer: CleverAnswer): boolean {
  const body = answer.body as { error?: unknown } | undefined;
  return body?.error === "invalid_grant";
}

function parseOk<T>(answer: CleverAnswer, schema: z.ZodType<T>, target: string): T {
  if (answer.status < 200 || answer.status >= 300) {
    throw new CleverRequestRefused(
      `${target} answered ${answer.status}: ${errorText(answer)}`,
      answer.status,
    );
  }
  const parsed = schema.safeParse(answer.body);
  if (!parsed.success) {
    throw new CleverRequestRefused(
      `${target}: unexpected answer (${describeIssues(parsed.error)})`,
      answer.status,
    );
  }
  return parsed.data;
}
