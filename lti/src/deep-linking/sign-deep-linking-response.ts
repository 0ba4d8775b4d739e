import { createPrivateKey, randomUUID } from "node:crypto";
import { AppError, ErrorCode, type Prisma, type SecretBox } from "@studyhall/core";
import { SignJWT } from "jose";
import { createPrismaLtijsStore } from "../storage/prisma-ltijs-store.ts";
import { readToolKey } from "../storage/read-tool-key.ts";
import type { ResourceLinkItem } from "./content-items.ts";

const LTI = "https://purl.imsglobal.org/spec/lti/claim/";
const DL = "https://purl.imsglobal.org/spec/lti-dl/claim/";
/** The platform reads the response at once (the browser posts it); five minutes covers clock skew. */
const RESPONSE_LIFETIME_S = 300;

/**
 * The LtiDeepLinkingResponse JWT for a platform: issued by the tool's client id for the platform
 * (aud = issuer), for the deployment of the request, with a fresh nonce, the request's `data` echoed
 * and the chosen content items, signed RS256 with the tool's key for that platform (the key ltijs
 * stores; the platform checks it against the tool's JWKS at /lti/keys).
 */
export async function signDeepLinkingResponse(
  deps: { db: Prisma; secrets: SecretBox; now: () => number },
  input: {
    platformId: string;
    deploymentId: string;
    data?: string;
    items: ResourceLinkItem[];
    message?: string;
  },
): Promise<string> {
  const platform = await deps.db.ltiPlatform.findUnique({ where: { id: input.platformId } });
  if (!platform) throw new AppError(ErrorCode.NotFound, "platform of the session is gone");
  const store = createPrismaLtijsStore(deps.db, deps.secrets);
  const where = { platformUrl: platform.issuer, clientId: platform.clientId };
  const key = await readToolKey(store, "privatekey", { kid: platform.keyId, ...where });
  if (!key)
    throw new AppError(ErrorCode.Config, `no tool key for LTI platform ${platform.issuer}`, {
      userMessage: "StudyHall has no signing key for this LMS. Ask your administrator to register it again.",
    });
  const issuedAt = Math.floor(deps.now() / 1000);
  return new SignJWT({
    nonce: randomUUID(),
    [`${LTI}message_type`]: "LtiDeepLinkingResponse",
    [`${LTI}version`]: "1.3.0",
    [`${LTI}deployment_id`]: input.deploymentId,
    [`${DL}content_items`]: input.items,
    ...(input.data !== undefined ? { [`${DL}data`]: input.data } : {}),
    ...(input.message ? { [`${DL}msg`]: input.message } : {}),
  })
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: platform.keyId })
    .setIssuer(platform.clientId)
    .setAudience(platform.issuer)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + RESPONSE_LIFETIME_S)
    .sign(createPrivateKey(key.pem));
}
