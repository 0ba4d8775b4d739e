import { AppError, ErrorCode } from "@studyhall/core";
import { listPlatforms, registerPlatform, registrationUrl, toolUrls } from "@studyhall/lti";
import type { Config } from "../config.ts";
import type { Services } from "../services.ts";

type Out = { out: NodeJS.WriteStream; err: NodeJS.WriteStream };

export interface AddPlatformOptions {
  issuer: string;
  clientId: string;
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  deployment: string[];
  name?: string;
}

/** `studyhall lti add-platform`: registers an LMS by hand (or updates it and adds deployments). */
export async function ltiAddPlatform(services: Services, options: AddPlatformOptions, io: Out) {
  // The platform's key pair is sealed with the deployment's secret key (the embedded key file when no
  // key is set), so registering works without LTI_ENCRYPTION_KEY; but the tool itself is off without it.
  if (!services.config.lti.encryptionKey) {
    io.err.write(
      "LTI_ENCRYPTION_KEY is not set: the LTI tool stays off until the server has it (and PUBLIC_URL).\n",
    );
  }
  const { platform, created } = await registerPlatform(
    {
      issuer: options.issuer,
      clientId: options.clientId,
      authUrl: options.authUrl,
      tokenUrl: options.tokenUrl,
      jwksUrl: options.jwksUrl,
      deploymentIds: options.deployment,
      registration: "MANUAL",
      ...(options.name ? { name: options.name } : {}),
    },
    { db: services.db, secrets: services.secrets },
  );
  io.out.write(
    `${created ? "Registered" : "Updated"} ${platform.name} (issuer ${platform.issuer}, client id ${platform.clientId}) ` +
      `with deployments ${platform.deploymentIds.join(", ")}.\n`,
  );
  const urls = toolUrls(`${services.config.publicUrl}/lti`);
  io.out.write(
    `In the LMS, use: login ${urls.login} · launch (redirect) ${urls.launch} · public keys (JWKS) ${urls.keys}\n`,
  );
  if (!services.config.publicUrlSet) {
    io.err.write(
      "PUBLIC_URL is not set: these URLs are local; set PUBLIC_URL to where the LMS reaches StudyHall.\n",
    );
  }
}

/** `studyhall lti list`: the registered LMSs and their deployments. */
export async function ltiList(services: Services, io: Out) {
  const platforms = await listPlatforms(services.db);
  if (platforms.length === 0) {
    io.out.write('No LMS registered yet. Use `studyhall lti add-platform` or the LMS\'s "add by URL".\n');
    return;
  }
  for (const p of platforms) {
    io.out.write(
      `${p.name}\t${p.issuer}\tclient ${p.clientId}\t${p.registration.toLowerCase()}\tdeployments ${p.deploymentIds.join(", ") || "(none)"}\n`,
    );
  }
}

/**
 * `studyhall lti registration-url`: the dynamic registration URL, with the key that lets an LMS
 * register (without it /lti/register refuses, so strangers cannot register platforms of their own).
 */
export function ltiRegistrationUrl(config: Readonly<Config>, io: Out) {
  const encryptionKey = config.lti.encryptionKey;
  if (!encryptionKey) {
    throw new AppError(ErrorCode.Config, "LTI_ENCRYPTION_KEY unset", {
      userMessage:
        "Set LTI_ENCRYPTION_KEY (the same value the server uses): the registration key comes from it.",
    });
  }
  io.out.write(`${registrationUrl(`${config.publicUrl}/lti`, encryptionKey)}\n`);
  if (!config.publicUrlSet) {
    io.err.write(
      "PUBLIC_URL is not set: this URL is local; set PUBLIC_URL to where the LMS reaches StudyHall.\n",
    );
  }
}
