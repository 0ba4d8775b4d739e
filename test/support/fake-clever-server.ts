import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleDataApi } from "./fake-clever-data-api.ts";
import { buildGeneratedDistrict, IdKind, objectId } from "./fake-clever-generate.ts";
import { handleOAuth, issueCode } from "./fake-clever-oauth.ts";
import { cleverError, type FakeCleverState, type FakeReply } from "./fake-clever-state.ts";
import type {
  FakeClever,
  FakeCleverDistrict,
  FakeCleverDistrictInput,
  FakeCleverRequest,
  FakeEvent,
  FakeRecord,
  StartFakeCleverOptions,
} from "./fake-clever-types.ts";
import { createSigningKey } from "./fake-lti-keys.ts";

export type * from "./fake-clever-types.ts";

/**
 * A fake Clever on 127.0.0.1 speaking Clever's wire format: the data API (/v3.0/…, by bearer token)
 * and the OAuth host (/oauth/tokens by basic auth, /oauth/jwks) on one origin.
 */
export async function startFakeClever(options: StartFakeCleverOptions = {}): Promise<FakeClever> {
  const requests: FakeCleverRequest[] = [];
  const state: FakeCleverState = {
    url: "",
    clientId: options.clientId ?? "fake-clever-client",
    clientSecret: options.clientSecret ?? "fake-clever-secret",
    oidc: options.oidc ?? false,
    now: options.now ?? (() => new Date()),
    key: await createSigningKey("fake-clever-key-1"),
    districts: new Map(),
    revokedTokens: new Set(),
    userTokens: new Map(),
    codes: new Map(),
    rateLimit: { remaining: 0, retryAfterS: null },
    failures: { remaining: 0, status: 503 },
    replays: new Map(),
  };
  let seed = 0;
  let eventCounter = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", state.url);
    const method = req.method ?? "GET";
    requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
    });
    const headers = { authorization: req.headers.authorization, "content-type": req.headers["content-type"] };
    let reply: FakeReply | undefined;
    if (url.pathname.startsWith("/v3.0/")) {
      reply =
        method === "GET"
          ? handleDataApi(state, url.pathname, url.searchParams, headers.authorization)
          : undefined;
    } else {
      reply = await handleOAuth(
        state,
        method,
        url.pathname,
        url.searchParams,
        headers,
        Buffer.concat(chunks).toString("utf8"),
      );
    }
    const { status, body, headers: extra } = reply ?? cleverError(404, "Not Found");
    res.writeHead(status, { "content-type": "application/json", ...extra });
    res.end(JSON.stringify(body));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function districtOf(districtId: string): FakeCleverDistrict {
    const district = state.districts.get(districtId);
    if (!district) throw new Error(`fake Clever: no district ${districtId}`);
    return district;
  }

  function addDistrict(input: FakeCleverDistrictInput = {}): FakeCleverDistrict {
    seed += 1;
    const id = input.id ?? objectId(seed, IdKind.district, 1);
    const district: FakeCleverDistrict = {
      name: `District ${seed}`,
      token: `district-token-${id}`,
      schools: [],
      terms: [],
      courses: [],
      sections: [],
      users: [],
      events: [],
      ...input,
      id,
    };
    state.districts.set(district.id, district);
    return district;
  }

  return {
    url: state.url,
    jwksUrl: `${state.url}/oauth/jwks`,
    issuer: state.url,
    clientId: state.clientId,
    clientSecret: state.clientSecret,
    districts: state.districts,
    requests,
    addDistrict,
    generateDistrict(generate) {
      seed += 1;
      const district = buildGeneratedDistrict(seed, `district-token-g${seed}`, generate);
      state.districts.set(district.id, district);
      return district;
    },
    revokeToken(districtId) {
      state.revokedTokens.add(districtOf(districtId).token);
    },
    rateLimitNext(n, retryAfterS = 1) {
      state.rateLimit = { remaining: n, retryAfterS };
    },
    failNext(n, status = 503) {
      state.failures = { remaining: n, status };
    },
    emit(districtId, type, object, previous) {
      const district = districtOf(districtId);
      eventCounter += 1;
      const event: FakeEvent = {
        id: objectId(0xeeeeee, IdKind.event, eventCounter),
        type,
        created: state.now().toISOString(),
        data: { object: structuredClone(object), ...(previous ? { previous_attributes: previous } : {}) },
      };
      district.events.push(event);
      applyEvent(district, type, object);
      return event;
    },
    replay(districtId, eventId) {
      const event = districtOf(districtId).events.find((candidate) => candidate.id === eventId);
      if (!event) throw new Error(`fake Clever: no event ${eventId}`);
      state.replays.set(districtId, [...(state.replays.get(districtId) ?? []), event]);
    },
    expireEventsBefore(districtId, eventId) {
      const district = districtOf(districtId);
      const at = district.events.findIndex((event) => event.id === eventId);
      if (at < 0) throw new Error(`fake Clever: no event ${eventId}`);
      district.events.splice(0, at);
    },
    issueCode: (input) => issueCode(state, input),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** What an event does to the district's data: Clever's data always shows the state after it. */
function applyEvent(district: FakeCleverDistrict, type: string, object: FakeRecord): void {
  const [recordType, action] = type.split(".");
  const collections: Record<string, FakeRecord[]> = {
    schools: district.schools,
    terms: district.terms,
    courses: district.courses,
    sections: district.sections,
    users: district.users,
  };
  const records = collections[recordType ?? ""];
  if (!records) return;
  const at = records.findIndex((record) => record.id === object.id);
  if (action === "deleted") {
    if (at >= 0) records.splice(at, 1);
    return;
  }
  const copy = structuredClone(object);
  if (at >= 0) records[at] = copy;
  else records.push(copy);
}
