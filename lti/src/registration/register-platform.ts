import { AppError, ErrorCode, type Prisma, type SecretBox } from "@studyhall/core";
import { z } from "zod";
import { createPrismaLtijsStore } from "../storage/prisma-ltijs-store.ts";
import { createToolKeyPair } from "./tool-keys.ts";

const url = (what: string) =>
  z
    .string()
    .trim()
    .url(`${what} must be a URL`)
    .refine((v) => /^https?:\/\//.test(v), `${what} must be an http(s) URL`);

export const registerPlatformInput = z
  .object({
    issuer: url("--issuer"),
    clientId: z.string().trim().min(1, "--client-id is required").max(255),
    name: z.string().trim().min(1).max(200).optional(),
    authUrl: url("--auth-url"),
    tokenUrl: url("--token-url"),
    jwksUrl: url("--jwks-url"),
    /** The audience of service-token assertions when it is not the token URL (Moodle, D2L). */
    authorizationServer: url("authorization server").optional(),
    deploymentIds: z.array(z.string().trim().min(1).max(255)),
    registration: z.enum(["MANUAL", "DYNAMIC"]),
  })
  // A dynamic registration may come without a deployment (the platform names it later); by hand, one is needed.
  .refine((p) => p.registration === "DYNAMIC" || p.deploymentIds.length > 0, {
    message: "give at least one --deployment",
  });

/** A platform as StudyHall knows it. */
export interface RegisteredPlatform {
  id: string;
  issuer: string;
  clientId: string;
  name: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  keyId: string;
  registration: "MANUAL" | "DYNAMIC";
  deploymentIds: string[];
  createdAt: Date;
}

/**
 * Registers an LMS (issuer + client id) and its deployments, or updates its endpoints and adds
 * deployments when it is already registered (its tool key is kept). Writes our `LtiPlatform` and
 * `LtiDeployment` rows and ltijs's platform record and key pair in one transaction, so the CLI needs no
 * running ltijs and a half-registered platform cannot exist.
 */
export async function registerPlatform(
  input: z.input<typeof registerPlatformInput>,
  deps: { db: Prisma; secrets: SecretBox },
): Promise<{ platform: RegisteredPlatform; created: boolean }> {
  const parsed = registerPlatformInput.safeParse(input);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => i.message).join("; ");
    throw new AppError(ErrorCode.InvalidInput, `invalid platform: ${message}`, { userMessage: message });
  }
  const p = parsed.data;
  const { db, secrets } = deps;
  const existing = await db.ltiPlatform.findUnique({
    where: { issuer_clientId: { issuer: p.issuer, clientId: p.clientId } },
  });
  // Made before the transaction: key generation takes a while and needs no database.
  const keys = existing ? null : await createToolKeyPair();
  const name = p.name ?? existing?.name ?? new URL(p.issuer).host;
  const endpoints = { name, authUrl: p.authUrl, tokenUrl: p.tokenUrl, jwksUrl: p.jwksUrl };

  await db.$transaction(async (tx) => {
    const row = existing
      ? await tx.ltiPlatform.update({ where: { id: existing.id }, data: endpoints })
      : await tx.ltiPlatform.create({
          data: {
            issuer: p.issuer,
            clientId: p.clientId,
            ...endpoints,
            keyId: keys!.kid,
            registration: p.registration,
          },
        });
    await tx.ltiDeployment.createMany({
      data: p.deploymentIds.map((deploymentId) => ({ platformId: row.id, deploymentId })),
      skipDuplicates: true,
    });
    const store = createPrismaLtijsStore(tx, secrets);
    const where = { platformUrl: p.issuer, clientId: p.clientId };
    await store.Replace(false, "platform", where, {
      platformName: name,
      platformUrl: p.issuer,
      clientId: p.clientId,
      authEndpoint: p.authUrl,
      accesstokenEndpoint: p.tokenUrl,
      authorizationServer: p.authorizationServer ?? p.tokenUrl,
      kid: row.keyId,
      authConfig: { method: "JWK_SET", key: p.jwksUrl },
    });
    if (keys) {
      const index = { kid: keys.kid, ...where };
      await store.Replace(true, "publickey", where, { key: keys.publicKeyPem, kid: keys.kid }, index);
      await store.Replace(true, "privatekey", where, { key: keys.privateKeyPem, kid: keys.kid }, index);
    }
  });
  const [platform] = await listPlatforms(db, { issuer: p.issuer, clientId: p.clientId });
  return { platform: platform!, created: !existing };
}

/** Registered platforms with their deployments, oldest first (optionally one issuer / client id). */
export async function listPlatforms(
  db: Prisma,
  where: { issuer?: string; clientId?: string } = {},
): Promise<RegisteredPlatform[]> {
  const rows = await db.ltiPlatform.findMany({
    where,
    include: { deployments: { orderBy: { createdAt: "asc" } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map(({ deployments, updatedAt: _updatedAt, ...row }) => ({
    ...row,
    deploymentIds: deployments.map((d) => d.deploymentId),
  }));
}
