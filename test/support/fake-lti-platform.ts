// A fake LTI 1.3 / LTI Advantage platform on 127.0.0.1 that speaks the wire protocol as Canvas and Moodle
// do: OIDC launches with signed id_tokens, JWKS, the client-credentials token endpoint, NRPS, AGS, Deep
// Linking and Dynamic Registration. It imports nothing of ours, so it is an honest peer for the tool.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { runBrowserLaunch } from "./fake-lti-browser.ts";
import { lineItemUrl } from "./fake-lti-claims.ts";
import { readRequest, sendJson } from "./fake-lti-http.ts";
import { createPlatformKeys, createSigningKey, signClaims } from "./fake-lti-keys.ts";
import { type FakeLtiFlavour, layoutFor } from "./fake-lti-layout.ts";
import { startPendingLaunch } from "./fake-lti-oidc.ts";
import { openRegistration } from "./fake-lti-open-registration.ts";
import type { FakeLtiPlatform } from "./fake-lti-platform-api.ts";
import { bindTool } from "./fake-lti-registration.ts";
import { route } from "./fake-lti-routes.ts";
import { createStall, type FakeStall } from "./fake-lti-stalls.ts";
import type { FakeLineItem, FakeLtiLaunchOptions, FakeLtiTool, PlatformState } from "./fake-lti-types.ts";

export type { FakeLtiPlatform } from "./fake-lti-platform-api.ts";

export type { FakeStall } from "./fake-lti-stalls.ts";
export type {
  FakeLineItem,
  FakeLtiContext,
  FakeLtiLaunchOptions,
  FakeLtiLaunchResult,
  FakeLtiMember,
  FakeLtiTool,
  FakeLtiUser,
  FakeResourceLink,
  FakeScore,
  FakeServiceRequest,
} from "./fake-lti-types.ts";
export {
  ADMIN,
  CLAIM,
  INSTRUCTOR,
  LEARNER,
  MEDIA,
  SCOPE,
  TEACHING_ASSISTANT,
} from "./fake-lti-vocabulary.ts";

/** Starts the fake on a free port of 127.0.0.1 (Canvas by default). */
export async function startFakeLtiPlatform(
  options: { clientId?: string; deploymentIds?: string[]; name?: FakeLtiFlavour } = {},
): Promise<FakeLtiPlatform> {
  const flavour = options.name ?? "canvas";
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const counters = new Map<string, number>();
  const state: PlatformState = {
    issuer,
    clientId: options.clientId ?? (flavour === "moodle" ? "moodleClient01" : "10000000000001"),
    deploymentIds: options.deploymentIds ?? ["1:deployment"],
    flavour,
    layout: layoutFor(flavour),
    keys: await createPlatformKeys(),
    roster: { members: [], pageSize: 100 },
    lineItems: [],
    scores: [],
    resourceLinks: [],
    requests: [],
    tokenRequests: [],
    jwksRequests: 0,
    deepLinkResponses: [],
    registrationToken: randomBytes(18).toString("base64url"),
    requireRegistrationToken: true,
    registrations: [],
    services: { nrps: true, ags: true },
    contexts: new Map(),
    failures: [],
    stalls: [],
    accessTokens: new Map(),
    seenJtis: new Set(),
    pending: new Map(),
    deepLinkRequests: new Map(),
    nextId(prefix) {
      const next = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, next);
      return `${prefix}-${next}`;
    },
  };

  server.on("request", (incoming, res) => {
    readRequest(incoming, issuer)
      .then((req) => route(state, req, res))
      .catch((error: unknown) => {
        if (res.headersSent) res.destroy();
        else sendJson(res, 500, { error: "server_error", error_description: String(error) });
      });
  });

  const { layout } = state;
  const methods = {
    name: flavour,
    deploymentId: state.deploymentIds[0]!,
    authUrl: issuer + layout.auth,
    tokenUrl: issuer + layout.token,
    jwksUrl: issuer + layout.jwks,
    openidConfigurationUrl: issuer + layout.openidConfiguration,
    registrationUrl: issuer + layout.registration,
    registerTool: (tool: FakeLtiTool) => bindTool(state, tool),
    launch: (launch: FakeLtiLaunchOptions) => runBrowserLaunch(state, launch),
    launchPageUrl: (launch: FakeLtiLaunchOptions) =>
      `${issuer}/courses/launch/${encodeURIComponent(startPendingLaunch(state, launch).id)}`,
    signIdToken: (claims: Record<string, unknown>, signOptions?: { foreignKey?: boolean; kid?: string }) =>
      signClaims(state.keys, claims, signOptions),
    lineItemUrl: (item: Pick<FakeLineItem, "id" | "contextId">) => lineItemUrl(state, item),
    lineItemsUrl: (contextId: string) => issuer + state.layout.lineItems(contextId),
    membershipsUrl: (contextId: string) => issuer + state.layout.memberships(contextId),
    failNext(pattern: RegExp, status: number, count = 1) {
      state.failures.push({ pattern, status, remaining: count });
    },
    stallNext(pattern: RegExp, stallOptions: { count?: number; ms?: number } = {}): FakeStall {
      const stall = createStall(pattern, stallOptions);
      state.stalls.push(stall);
      return stall;
    },
    expireAccessTokens() {
      for (const token of state.accessTokens.values()) token.expiresAt = 0;
    },
    async rotateKey() {
      state.keys.keys.push(await createSigningKey());
    },
    openRegistration: (registerUrl: string, registration: { omitToken?: boolean } = {}) =>
      openRegistration(state, registerUrl, registration.omitToken === true),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const stall of state.stalls) stall.release();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
  // The returned object is the state itself, so `platform.roster = ...` and pushes are seen live.
  return Object.assign(state, methods) as PlatformState & typeof methods;
}
