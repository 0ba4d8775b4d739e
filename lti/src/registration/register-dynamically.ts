import type { Prisma, SecretBox } from "@studyhall/core";
import { z } from "zod";
import { LtiRejection } from "../security/lti-rejection.ts";
import { DEFAULT_LMS_TIMEOUT_MS } from "../services/lms-fetch.ts";
import { type RegisteredPlatform, registerPlatform } from "./register-platform.ts";
import { TOOL_CONFIGURATION_CLAIM, toolRegistration } from "./tool-configuration.ts";

const PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration";
const MAX_RESPONSE_BYTES = 256 * 1024;

const requestSchema = z.object({
  openid_configuration: z.string().url(),
  /** Canvas and Moodle send one; D2L sends none. */
  registration_token: z.string().min(1).max(4000).optional(),
});

const httpUrl = z
  .string()
  .url()
  .refine((v) => /^https?:\/\//.test(v));
const openidConfigurationSchema = z.object({
  issuer: httpUrl,
  authorization_endpoint: httpUrl,
  token_endpoint: httpUrl,
  jwks_uri: httpUrl,
  registration_endpoint: httpUrl,
  authorization_server: z.string().optional(),
  [PLATFORM_CONFIGURATION]: z.object({ product_family_code: z.string().max(100).optional() }).optional(),
});

const registrationResponseSchema = z.object({
  client_id: z.string().min(1).max(255),
  [TOOL_CONFIGURATION_CLAIM]: z.object({ deployment_id: z.string().min(1).max(255).optional() }).optional(),
});

export interface DynamicRegistrationDeps {
  db: Prisma;
  /** Seals the tool's new key pair for the platform. */
  secrets: SecretBox;
  toolUrl: string;
  /** Let the platform's URLs be plain http (tests on 127.0.0.1); production requires https. */
  allowHttp?: boolean;
  fetch?: typeof fetch;
  /** The deadline of each call to the LMS (LTI_HTTP_TIMEOUT_MS); default lms-fetch.ts's. */
  timeoutMs?: number;
}

/**
 * LTI Dynamic Registration, tool side: reads the platform's OpenID configuration, registers the tool
 * with it (placements: course navigation, link and assignment selection) using the registration token
 * when one is given, and stores the platform, the client id it issued and the deployment it names.
 * ltijs's own flow does not store the deployment (so every launch would then be refused), names no
 * placements and blocks the event loop generating a 4096-bit key; this replaces it.
 */
export async function registerDynamically(
  query: Record<string, unknown>,
  deps: DynamicRegistrationDeps,
): Promise<{ platform: RegisteredPlatform; productFamily: string | undefined }> {
  const request = requestSchema.safeParse(query);
  if (!request.success) {
    throw new LtiRejection("registration_failed", {
      userMessage: "Start the registration from your LMS: the link must carry openid_configuration.",
    });
  }
  const { openid_configuration: configUrl, registration_token: token } = request.data;
  const config = openidConfigurationSchema.safeParse(await fetchJson(configUrl, {}, deps));
  if (!config.success) {
    throw new LtiRejection("registration_failed", {
      userMessage: "The LMS's configuration is not an LTI 1.3 platform configuration.",
    });
  }
  const c = config.data;
  for (const url of [
    c.issuer,
    c.authorization_endpoint,
    c.token_endpoint,
    c.jwks_uri,
    c.registration_endpoint,
  ]) {
    checkUrl(url, deps);
  }
  const registered = registrationResponseSchema.safeParse(
    await fetchJson(
      c.registration_endpoint,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(toolRegistration(deps.toolUrl)),
      },
      deps,
    ),
  );
  if (!registered.success) {
    throw new LtiRejection("registration_failed", { userMessage: "The LMS did not return a client id." });
  }
  const productFamily = c[PLATFORM_CONFIGURATION]?.product_family_code;
  const deploymentId = registered.data[TOOL_CONFIGURATION_CLAIM]?.deployment_id;
  const { platform } = await registerPlatform(
    {
      issuer: c.issuer,
      clientId: registered.data.client_id,
      name: `${productFamily ?? "LMS"} (${new URL(c.issuer).host})`,
      authUrl: c.authorization_endpoint,
      tokenUrl: c.token_endpoint,
      jwksUrl: c.jwks_uri,
      ...(c.authorization_server ? { authorizationServer: c.authorization_server } : {}),
      deploymentIds: deploymentId ? [deploymentId] : [],
      registration: "DYNAMIC",
    },
    deps,
  );
  return { platform, productFamily };
}

function checkUrl(url: string, deps: DynamicRegistrationDeps): void {
  if (new URL(url).protocol !== "https:" && !deps.allowHttp) {
    throw new LtiRejection("registration_failed", {
      userMessage: "The LMS's registration URLs must use https.",
    });
  }
}

async function fetchJson(url: string, init: RequestInit, deps: DynamicRegistrationDeps): Promise<unknown> {
  checkUrl(url, deps);
  let response: Response;
  try {
    response = await (deps.fetch ?? fetch)(url, {
      ...init,
      headers: { accept: "application/json", ...(init.headers as Record<string, string>) },
      redirect: "error",
      signal: AbortSignal.timeout(deps.timeoutMs ?? DEFAULT_LMS_TIMEOUT_MS),
    });
  } catch (error) {
    throw new LtiRejection("registration_failed", {
      userMessage: "StudyHall could not reach the LMS.",
      cause: error,
    });
  }
  const text = await response.text();
  if (!response.ok || text.length > MAX_RESPONSE_BYTES) {
    throw new LtiRejection("registration_failed", {
      userMessage: `The LMS refused the registration (HTTP ${response.status}).`,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new LtiRejection("registration_failed", {
      userMessage: "The LMS answered with something other than JSON.",
      cause: error,
    });
  }
}
