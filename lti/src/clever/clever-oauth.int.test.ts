import { silentLogger } from "@studyhall/core";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser } from "../../../test/support/fake-clever-fixtures.ts";
import {
  type FakeClever,
  type FakeCleverDistrict,
  startFakeClever,
} from "../../../test/support/fake-clever-server.ts";
import type { FakeUser } from "../../../test/support/fake-clever-types.ts";
import { CleverCodeRefused, CleverRequestRefused } from "./clever-errors.ts";
import { type CleverOAuthClient, createCleverOAuthClient } from "./clever-oauth.ts";

const REDIRECT = "https://studyhall.example/clever/callback";

let clever: FakeClever;
let oauth: CleverOAuthClient;
let district: FakeCleverDistrict;
let teacher: FakeUser;

beforeAll(async () => {
  clever = await startFakeClever();
  district = clever.addDistrict({ name: "Shelbyville" });
  teacher = addUser(district, {
    roles: ["teacher", "staff"],
    name: { first: "Edna", last: "K" },
    email: "edna@example.org",
  });
  oauth = client();
});
afterAll(() => clever.stop());

function client(secret = clever.clientSecret) {
  return createCleverOAuthClient({
    oauthUrl: clever.url,
    apiUrl: clever.url,
    clientId: clever.clientId,
    clientSecret: secret,
    log: silentLogger(),
    sleep: async () => {},
  });
}

describe("Clever OAuth client", () => {
  it("builds the authorize URL with state and district only when given", () => {
    const plain = new URL(oauth.authorizeUrl({ redirectUri: REDIRECT }));
    expect(`${plain.origin}${plain.pathname}`).toBe(`${clever.url}/oauth/authorize`);
    expect(Object.fromEntries(plain.searchParams)).toEqual({
      response_type: "code",
      client_id: clever.clientId,
      redirect_uri: REDIRECT,
    });
    const full = new URL(oauth.authorizeUrl({ redirectUri: REDIRECT, state: "s1", districtId: district.id }));
    expect(full.searchParams.get("state")).toBe("s1");
    expect(full.searchParams.get("district_id")).toBe(district.id);
  });

  it("exchanges a code once by basic auth; the second exchange is refused with the sentence a person sees", async () => {
    const code = clever.issueCode({ districtId: district.id, userId: teacher.id, redirectUri: REDIRECT });
    const token = await oauth.exchangeCode({ code, redirectUri: REDIRECT });
    expect(token.accessToken).toMatch(/^user-/);
    expect(token.idToken).toBeUndefined();
    const request = clever.requests.find((candidate) => candidate.path === "/oauth/tokens");
    const basic = Buffer.from(`${clever.clientId}:${clever.clientSecret}`).toString("base64");
    expect(request?.headers.authorization).toBe(`Basic ${basic}`);
    const again = await oauth.exchangeCode({ code, redirectUri: REDIRECT }).catch((error: unknown) => error);
    expect(again).toBeInstanceOf(CleverCodeRefused);
    expect((again as CleverCodeRefused).userMessage).toMatch(/already used or has expired/);
  });

  it("refuses a code presented with another redirect URI, and an unknown code", async () => {
    const code = clever.issueCode({ districtId: district.id, userId: teacher.id, redirectUri: REDIRECT });
    await expect(oauth.exchangeCode({ code, redirectUri: "https://evil.example/cb" })).rejects.toBeInstanceOf(
      CleverCodeRefused,
    );
    await expect(oauth.exchangeCode({ code: "code-unknown", redirectUri: REDIRECT })).rejects.toBeInstanceOf(
      CleverCodeRefused,
    );
  });

  it("says when the app's own credentials are wrong, which is not the person's fault", async () => {
    const code = clever.issueCode({ districtId: district.id, userId: teacher.id });
    const error = await client("wrong")
      .exchangeCode({ code, redirectUri: REDIRECT })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CleverRequestRefused);
    expect(error).not.toBeInstanceOf(CleverCodeRefused);
  });

  it("identifies the person with /me and reads their own user record, and nobody else's", async () => {
    const other = addUser(district, { roles: ["student"] });
    const code = clever.issueCode({ districtId: district.id, userId: teacher.id });
    const { accessToken } = await oauth.exchangeCode({ code, redirectUri: REDIRECT });
    expect(await oauth.me(accessToken)).toEqual({ type: "user", id: teacher.id, district: district.id });
    const user = await oauth.user(accessToken, teacher.id);
    expect(user).toMatchObject({
      id: teacher.id,
      name: { first: "Edna", last: "K" },
      email: "edna@example.org",
    });
    expect(Object.keys(user.roles).sort()).toEqual(["staff", "teacher"]);
    await expect(oauth.user(accessToken, other.id)).rejects.toMatchObject({ status: 403 });
    await expect(oauth.me("not-a-token")).rejects.toMatchObject({ status: 401 });
  });

  it("lists the districts' tokens, without a revoked one", async () => {
    const other = clever.addDistrict({ name: "Capital City" });
    expect(await oauth.districtTokens()).toEqual([
      { districtId: district.id, accessToken: district.token },
      { districtId: other.id, accessToken: other.token },
    ]);
    const request = clever.requests.at(-1);
    expect(request?.query).toEqual({ owner_type: "district" });
    clever.revokeToken(other.id);
    expect(await oauth.districtTokens()).toEqual([{ districtId: district.id, accessToken: district.token }]);
  });

  it("returns an id_token that verifies against the fake's JWKS with Clever's claims", async () => {
    const code = clever.issueCode({
      districtId: district.id,
      userId: teacher.id,
      nonce: "n-1",
      idToken: true,
    });
    const { idToken } = await oauth.exchangeCode({ code, redirectUri: REDIRECT });
    expect(idToken).toBeDefined();
    const { payload, protectedHeader } = await jwtVerify(
      idToken!,
      createRemoteJWKSet(new URL(clever.jwksUrl)),
      {
        issuer: clever.issuer,
        audience: clever.clientId,
      },
    );
    expect(protectedHeader).toMatchObject({ alg: "RS256", kid: "fake-clever-key-1" });
    expect(payload).toMatchObject({
      sub: teacher.id,
      multi_role_user_id: teacher.id,
      user_id: teacher.id,
      user_type: "teacher",
      district: district.id,
      email: "edna@example.org",
      nonce: "n-1",
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
  });
});
