import {
  AppError,
  connectDistrict,
  type DistrictSummary,
  ErrorCode,
  type Logger,
  type Prisma,
  type SecretBox,
} from "@studyhall/core";
import { type CleverHttpOptions, createCleverDataClient } from "./clever-client.ts";
import { createCleverOAuthClient } from "./clever-oauth.ts";
import type { CleverSettings } from "./clever-settings.ts";

export interface ConnectCleverDeps {
  db: Prisma;
  secrets: SecretBox;
  log: Logger;
  clever: Omit<CleverHttpOptions, "log" | "signal">;
}

/**
 * Connects the district a district-app token belongs to: the token is checked against Clever (GET
 * /v3.0/districts, which also gives the district's id and name) before it is stored, sealed. With
 * `expectedDistrictId`, a token of another district is refused.
 */
export async function connectCleverDistrict(
  deps: ConnectCleverDeps,
  input: { token: string; expectedDistrictId?: string },
): Promise<DistrictSummary> {
  const client = createCleverDataClient({ ...deps.clever, log: deps.log }, input.token);
  const district = await client.district();
  if (input.expectedDistrictId && district.id !== input.expectedDistrictId) {
    throw new AppError(
      ErrorCode.InvalidInput,
      `token of district ${district.id}, not ${input.expectedDistrictId}`,
      {
        userMessage: `That token belongs to district ${district.name} (${district.id}), not ${input.expectedDistrictId}.`,
      },
    );
  }
  return connectDistrict(
    { db: deps.db, secrets: deps.secrets },
    { provider: "CLEVER", externalId: district.id, name: district.name, token: input.token },
  );
}

/**
 * Connects every district that has authorised the app (Clever's `GET /oauth/tokens?owner_type=district`
 * with the app's credentials), or only `onlyDistrictId`: refused when that district has not authorised it.
 */
export async function connectAppDistricts(
  deps: ConnectCleverDeps,
  settings: Pick<CleverSettings, "clientId" | "clientSecret" | "oauthUrl" | "apiUrl">,
  onlyDistrictId?: string,
): Promise<DistrictSummary[]> {
  const oauth = createCleverOAuthClient({
    ...settings,
    log: deps.log,
    ...(deps.clever.fetch ? { fetch: deps.clever.fetch } : {}),
    ...(deps.clever.timeoutMs ? { timeoutMs: deps.clever.timeoutMs } : {}),
  });
  const tokens = (await oauth.districtTokens()).filter(
    (t) => !onlyDistrictId || t.districtId === onlyDistrictId,
  );
  if (onlyDistrictId && tokens.length === 0) {
    throw new AppError(ErrorCode.NotFound, `no token for district ${onlyDistrictId}`, {
      userMessage: `District ${onlyDistrictId} has not authorised StudyHall in Clever (no district token for it).`,
    });
  }
  const connected: DistrictSummary[] = [];
  for (const token of tokens) {
    connected.push(
      await connectCleverDistrict(deps, { token: token.accessToken, expectedDistrictId: token.districtId }),
    );
  }
  return connected;
}
