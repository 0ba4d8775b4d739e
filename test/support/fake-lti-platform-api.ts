// What a test holds of the fake LTI platform: its live state and the actions it plays.
import type { FakeLtiFlavour } from "./fake-lti-layout.ts";
import type { FakeStall } from "./fake-lti-stalls.ts";
import type {
  FakeLineItem,
  FakeLtiLaunchOptions,
  FakeLtiLaunchResult,
  FakeLtiTool,
  PlatformState,
} from "./fake-lti-types.ts";

type PublicState = Pick<
  PlatformState,
  | "issuer"
  | "clientId"
  | "roster"
  | "lineItems"
  | "scores"
  | "requests"
  | "tokenRequests"
  | "jwksRequests"
  | "deepLinkResponses"
  | "registrationToken"
  | "registrations"
  | "resourceLinks"
  | "services"
>;

/** The fake platform: public arrays are live (push to seed, read to assert). See the brief for details. */
export interface FakeLtiPlatform extends PublicState {
  name: FakeLtiFlavour;
  deploymentId: string;
  deploymentIds: string[];
  authUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  openidConfigurationUrl: string;
  registrationUrl: string;
  /** The tool as registered with this platform: where to send launches and where its keys are. */
  registerTool(tool: FakeLtiTool): void;
  /** Plays a browser through a whole launch (login, auth, form_post, the tool's redirects). */
  launch(options: FakeLtiLaunchOptions): Promise<FakeLtiLaunchResult>;
  /**
   * The URL of a course page that embeds the launch in an iframe, for a real browser. Swap its host for
   * `localhost` to make the tool (on 127.0.0.1) a third party.
   */
  launchPageUrl(options: FakeLtiLaunchOptions): string;
  /** Signs arbitrary claims (exactly as given) with the platform key, or a foreign key. */
  signIdToken(
    claims: Record<string, unknown>,
    options?: { foreignKey?: boolean; kid?: string },
  ): Promise<string>;
  /** The AGS URLs of the platform's line items and containers, and the NRPS URL of a context. */
  lineItemUrl(item: Pick<FakeLineItem, "id" | "contextId">): string;
  lineItemsUrl(contextId: string): string;
  membershipsUrl(contextId: string): string;
  /** Make the next `count` requests whose pathname matches fail with `status` (429 gets Retry-After: 1). */
  failNext(pathPattern: RegExp, status: number, count?: number): void;
  /**
   * Hold the next `count` (1) requests whose pathname matches unanswered for `ms` (90 s) or until the
   * stall is released; a held request whose client hangs up never reaches the platform.
   */
  stallNext(pathPattern: RegExp, options?: { count?: number; ms?: number }): FakeStall;
  /** Expires every access token issued so far (the next service call gets 401). */
  expireAccessTokens(): void;
  /** Publishes a new signing key and signs with it from now on; the old key stays in the JWKS. */
  rotateKey(): Promise<void>;
  /**
   * Plays an admin adding the tool by URL: GET the tool's registration URL with `openid_configuration`
   * (and `registration_token`, unless `omitToken`, as D2L does), following same-origin redirects.
   */
  openRegistration(
    registerUrl: string,
    options?: { omitToken?: boolean },
  ): Promise<{ status: number; url: string; headers: Headers; body: string }>;
  close(): Promise<void>;
}
