// Service tokens against the fake platform's real token endpoint (it verifies the client assertion).
import { AppError } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeLtiPlatform, startFakeLtiPlatform } from "../../../test/support/fake-lti-platform.ts";
import type { RegisteredPlatform } from "../registration/register-platform.ts";
import { startTestLti, type TestLti } from "../testing/start-test-lti.ts";
import { createServiceTokens, serviceRequest } from "./service-token.ts";

const NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
const SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";

let lti: TestLti;
let moodle: FakeLtiPlatform;
let platform: RegisteredPlatform;
beforeAll(async () => {
  lti = await startTestLti();
  // Moodle's token URL differs from its issuer's usual paths; the assertion's audience must match it.
  moodle = await startFakeLtiPlatform({ name: "moodle" });
  platform = await lti.register(moodle);
});
afterAll(async () => {
  await moodle?.close();
  await lti?.close();
});

const tokensFor = () => createServiceTokens({ db: lti.database.prisma, secrets: lti.deps.secrets });

describe("service tokens", () => {
  it("asks the token endpoint once for many concurrent callers and signs a valid client assertion", async () => {
    const tokens = tokensFor();
    const before = moodle.tokenRequests.length;
    const got = await Promise.all(Array.from({ length: 5 }, () => tokens.get(platform.id, [NRPS])));
    expect(new Set(got).size).toBe(1);
    expect(await tokens.get(platform.id, [NRPS])).toBe(got[0]);
    expect(moodle.tokenRequests.length - before).toBe(1);
    const request = moodle.tokenRequests.at(-1)!;
    expect(request.scope).toBe(NRPS);
    expect(request.assertionClaims).toMatchObject({
      iss: moodle.clientId,
      sub: moodle.clientId,
      aud: moodle.tokenUrl,
    });
  });

  it("keeps a token per set of scopes", async () => {
    const tokens = tokensFor();
    const nrps = await tokens.get(platform.id, [NRPS]);
    const score = await tokens.get(platform.id, [SCORE]);
    expect(score).not.toBe(nrps);
    expect(await tokens.get(platform.id, [SCORE, SCORE])).toBe(score);
  });

  it("gets a fresh token once when a service answers 401, and says the rest as it is", async () => {
    const tokens = tokensFor();
    const context = "ctx-tokens";
    await tokens.get(platform.id, [NRPS]);
    moodle.expireAccessTokens();
    const before = moodle.tokenRequests.length;
    const response = await serviceRequest(tokens, platform.id, [NRPS], moodle.membershipsUrl(context), {
      headers: { accept: "application/vnd.ims.lti-nrps.v2.membershipcontainer+json" },
    });
    expect(response.status).not.toBe(401);
    await response.body?.cancel();
    expect(moodle.tokenRequests.length - before).toBe(1);
  });

  it("reports a failing token endpoint and does not keep the failure", async () => {
    const tokens = tokensFor();
    moodle.failNext(/token/, 503);
    const failure = await tokens.get(platform.id, [SCORE]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect((failure as AppError).code).toBe("upstream");
    expect(await tokens.get(platform.id, [SCORE])).toEqual(expect.any(String));
  });

  it("refuses a platform it does not know", async () => {
    const failure = await tokensFor()
      .get("00000000-0000-4000-8000-000000000000", [NRPS])
      .catch((error: unknown) => error);
    expect((failure as AppError).code).toBe("not_found");
  });
});
