import { generateKeyPair, randomBytes } from "node:crypto";
import { promisify } from "node:util";

const generate = promisify(generateKeyPair);

/** A key pair the tool signs its messages to one platform with (service tokens, Deep Linking). */
export interface ToolKeyPair {
  kid: string;
  publicKeyPem: string;
  privateKeyPem: string;
}

/**
 * A new RS256 key pair with a random `kid`. ltijs makes 4096-bit keys with generateKeyPairSync, which
 * blocks the event loop for a second or more per registration; this runs on libuv's thread pool, and
 * 2048 bits is what LTI's security framework asks for (and what Canvas and Moodle use themselves).
 */
export async function createToolKeyPair(): Promise<ToolKeyPair> {
  const { publicKey, privateKey } = await generate("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  return { kid: randomBytes(16).toString("hex"), publicKeyPem: publicKey, privateKeyPem: privateKey };
}
