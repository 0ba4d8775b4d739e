// The tool registered with a fake LMS for the LTI service benchmarks (AGS, NRPS): the platform row,
// ltijs's record and the tool's key, and a tiny JWKS server so the fake's token endpoint can verify the
// tool's client assertions.
import { createPublicKey } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK } from "jose";
import type { Prisma } from "../core/src/db/open-database.ts";
import { createSecretBox } from "../core/src/secrets/secret-box.ts";
import { registerPlatform } from "../lti/src/registration/register-platform.ts";
import { createPrismaLtijsStore } from "../lti/src/storage/prisma-ltijs-store.ts";
import { readToolKey } from "../lti/src/storage/read-tool-key.ts";
import type { FakeLtiPlatform } from "../test/support/fake-lti-platform.ts";

export const ENCRYPTION_KEY = "bench-encryption-key-0123456789abcdef-0123456789";
/** Seals the tool's keys in the service benchmarks, as the app's secret box does. */
export const SECRETS = createSecretBox({ current: ENCRYPTION_KEY });

/** Registers the fake with the tool and serves the tool's public key, so its token endpoint can check us. */
export async function registerWithPlatform(
  db: Prisma,
  canvas: FakeLtiPlatform,
  keep: (server: Server) => void,
): Promise<string> {
  const { platform } = await registerPlatform(
    {
      issuer: canvas.issuer,
      clientId: canvas.clientId,
      name: "Bench Canvas",
      authUrl: canvas.authUrl,
      tokenUrl: canvas.tokenUrl,
      jwksUrl: canvas.jwksUrl,
      deploymentIds: canvas.deploymentIds,
      registration: "MANUAL",
    },
    { db, secrets: SECRETS },
  );
  const row = await db.ltiPlatform.findUniqueOrThrow({ where: { id: platform.id } });
  const stored = await readToolKey(createPrismaLtijsStore(db, SECRETS), "publickey", {
    kid: row.keyId,
    platformUrl: canvas.issuer,
    clientId: canvas.clientId,
  });
  if (!stored) throw new Error("the tool's public key was not stored");
  const jwk = await exportJWK(createPublicKey(stored.pem));
  const body = JSON.stringify({ keys: [{ ...jwk, kid: row.keyId, alg: "RS256", use: "sig" }] });
  const server = createServer((_req, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end(body),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  keep(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  canvas.registerTool({ loginUrl: `${url}/login`, launchUrl: `${url}/launch`, jwksUrl: `${url}/jwks` });
  return platform.id;
}
