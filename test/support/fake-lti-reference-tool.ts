// A minimal LTI 1.3 tool written straight from the specification with jose, used only to exercise the fake
// platform in its self-test (the real tool lives in lti/). It keeps the OIDC state in a cookie, as ltijs
// does, so it fails when third-party cookies are blocked: that is what the self-test needs to see.
import { randomBytes } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createRemoteJWKSet, jwtVerify, SignJWT } from "jose";
import { type FakeRequest, parseForm, readRequest, send, sendJson } from "./fake-lti-http.ts";
import { createSigningKey, type SigningKey } from "./fake-lti-keys.ts";
import type { FakeLtiPlatform, FakeLtiTool } from "./fake-lti-platform.ts";
import { CLAIM, LTI_VERSION } from "./fake-lti-vocabulary.ts";

export interface ReferenceTool extends Required<Omit<FakeLtiTool, "redirectUris">> {
  url: string;
  registerUrl: string;
  /** Changes to the authentication request the tool sends (a value of undefined removes the parameter). */
  authTweaks: Record<string, string | undefined>;
  /** The nonce of each login, in order. */
  nonces: string[];
  /** The outcome of each id_token the tool received. */
  launches: Array<{ ok: boolean; reason?: string; claims?: Record<string, unknown> }>;
  /** The query of each request to the registration URL. */
  registrationCalls: Array<Record<string, string>>;
  /** A client assertion for the token endpoint; `claims` override the defaults, `foreignKey` signs with an unpublished key. */
  clientAssertion(claims?: Record<string, unknown>, options?: { foreignKey?: boolean }): Promise<string>;
  /** Signs a Deep Linking response (or any claims) with the tool's key. */
  sign(claims: Record<string, unknown>, options?: { foreignKey?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export async function startReferenceTool(platform: FakeLtiPlatform): Promise<ReferenceTool> {
  const key = await createSigningKey();
  const foreign = await createSigningKey(key.kid);
  const platformKeys = createRemoteJWKSet(new URL(platform.jwksUrl));
  const states = new Map<string, string>();
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sign = (claims: Record<string, unknown>, options: { foreignKey?: boolean } = {}) =>
    signWith(options.foreignKey ? foreign : key, claims);

  const tool: ReferenceTool = {
    url,
    loginUrl: `${url}/login`,
    launchUrl: `${url}/launch`,
    deepLinkUrl: `${url}/deep-link`,
    jwksUrl: `${url}/jwks`,
    registerUrl: `${url}/register`,
    authTweaks: {},
    nonces: [],
    launches: [],
    registrationCalls: [],
    sign,
    clientAssertion: (claims = {}, options = {}) => {
      const now = Math.floor(Date.now() / 1000);
      const defaults = { iss: platform.clientId, sub: platform.clientId, aud: platform.tokenUrl, iat: now };
      const jti = randomBytes(12).toString("hex");
      return sign({ ...defaults, exp: now + 60, jti, ...claims }, options);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  async function handle(req: FakeRequest, res: ServerResponse): Promise<void> {
    const path = req.url.pathname;
    if (path === "/jwks") return sendJson(res, 200, { keys: [key.publicJwk] });
    if (path === "/login") return login(req, res);
    if (path === "/launch" || path === "/deep-link") return launch(req, res);
    if (path === "/app") {
      const session = /(?:^|; )lti_session=([^;]+)/.exec(req.headers.cookie ?? "")?.[1] ?? null;
      return sendJson(res, 200, {
        page: "app",
        session: req.url.searchParams.get("session"),
        cookie: session,
      });
    }
    if (path === "/register") {
      tool.registrationCalls.push(Object.fromEntries(req.url.searchParams));
      return send(res, 200, "registered", { "content-type": "text/plain" });
    }
    send(res, 404, "not found");
  }

  function login(req: FakeRequest, res: ServerResponse): void {
    const params = {
      ...Object.fromEntries(req.url.searchParams),
      ...parseForm(req.method === "POST" ? req.body : ""),
    };
    if (params.iss !== platform.issuer || params.client_id !== platform.clientId) {
      send(res, 400, "unknown platform");
      return;
    }
    const state = randomBytes(12).toString("hex");
    const nonce = randomBytes(12).toString("hex");
    states.set(state, nonce);
    tool.nonces.push(nonce);
    const auth = new URL(platform.authUrl);
    const query: Record<string, string | undefined> = {
      scope: "openid",
      response_type: "id_token",
      response_mode: "form_post",
      prompt: "none",
      client_id: params.client_id,
      redirect_uri: params.target_link_uri,
      login_hint: params.login_hint,
      lti_message_hint: params.lti_message_hint,
      state,
      nonce,
      ...tool.authTweaks,
    };
    for (const [name, value] of Object.entries(query))
      if (value !== undefined) auth.searchParams.set(name, value);
    send(res, 302, "", {
      location: auth.toString(),
      "set-cookie": `lti_state=${state}; Path=/; Max-Age=60; HttpOnly; SameSite=None; Secure`,
    });
  }

  async function launch(req: FakeRequest, res: ServerResponse): Promise<void> {
    const form = parseForm(req.body);
    const reject = (reason: string) => {
      tool.launches.push({ ok: false, reason });
      send(res, 401, reason, { "content-type": "text/plain" });
    };
    const cookieState = /(?:^|; )lti_state=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
    if (!cookieState) return reject("state cookie missing");
    if (cookieState !== form.state || !states.has(form.state)) return reject("state mismatch");
    let claims: Record<string, unknown>;
    try {
      const verified = await jwtVerify(form.id_token ?? "", platformKeys, {
        algorithms: ["RS256"],
        issuer: platform.issuer,
        audience: platform.clientId,
      });
      claims = verified.payload as Record<string, unknown>;
    } catch (error) {
      return reject(`id_token rejected: ${(error as Error).message}`);
    }
    const nonce = states.get(form.state);
    states.delete(form.state);
    if (claims.nonce !== nonce) return reject("nonce mismatch");
    if (!platform.deploymentIds.includes(claims[CLAIM.deploymentId] as string))
      return reject("unknown deployment");
    tool.launches.push({ ok: true, claims });
    const session = randomBytes(8).toString("hex");
    send(res, 302, "", {
      location: `/app?session=${session}`,
      "set-cookie": `lti_session=${session}; Path=/; HttpOnly; SameSite=None; Secure`,
    });
  }

  server.on("request", (incoming, res) => {
    readRequest(incoming, url)
      .then((req) => handle(req, res))
      .catch((error: unknown) => send(res, 500, String(error)));
  });
  return tool;
}

function signWith(key: SigningKey, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", typ: "JWT", kid: key.kid })
    .sign(key.privateKey);
}

/** The claims of a Deep Linking response answering `request` (the id_token claims of the DL launch). */
export function deepLinkingResponseClaims(
  platform: FakeLtiPlatform,
  request: Record<string, unknown>,
  contentItems: unknown[],
): Record<string, unknown> {
  const settings = request[CLAIM.deepLinkingSettings] as { data?: string };
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: platform.clientId,
    aud: platform.issuer,
    iat: now,
    exp: now + 300,
    nonce: randomBytes(8).toString("hex"),
    [CLAIM.messageType]: "LtiDeepLinkingResponse",
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: request[CLAIM.deploymentId],
    [CLAIM.deepLinkingData]: settings.data,
    [CLAIM.contentItems]: contentItems,
  };
}
