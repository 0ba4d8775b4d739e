import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>["privateKey"];

/** An RS256 key pair with its `kid`, as a platform (or a tool) publishes it. */
export interface SigningKey {
  kid: string;
  privateKey: PrivateKey;
  publicJwk: JWK;
}

/** Generates an RS256 key pair whose public half is ready for a JWKS (`kid`, `alg`, `use`). */
export async function createSigningKey(kid: string = randomUUID()): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  return { kid, privateKey, publicJwk };
}

/**
 * The platform's keys: the signing key (last of `keys`, all published in the JWKS) and a foreign key that
 * is never published, for bad-signature tests.
 */
export interface PlatformKeys {
  keys: SigningKey[];
  foreign: SigningKey;
}

export async function createPlatformKeys(): Promise<PlatformKeys> {
  return { keys: [await createSigningKey()], foreign: await createSigningKey() };
}

export function currentKey(keys: PlatformKeys): SigningKey {
  return keys.keys[keys.keys.length - 1]!;
}

export function jwksOf(keys: PlatformKeys): { keys: JWK[] } {
  return { keys: keys.keys.map((key) => key.publicJwk) };
}

/**
 * Signs `claims` exactly as given (no defaults added) with RS256. A foreign key keeps the platform's
 * current `kid` unless told otherwise, so a verifier finds the published key and the signature fails.
 */
export async function signClaims(
  keys: PlatformKeys,
  claims: Record<string, unknown>,
  options: { foreignKey?: boolean; kid?: string } = {},
): Promise<string> {
  const key = options.foreignKey ? keys.foreign : currentKey(keys);
  const kid = options.kid ?? currentKey(keys).kid;
  return new SignJWT(claims).setProtectedHeader({ alg: "RS256", typ: "JWT", kid }).sign(key.privateKey);
}
