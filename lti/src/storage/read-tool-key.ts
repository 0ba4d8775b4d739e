import type { PrismaLtijsStore } from "./prisma-ltijs-store.ts";

/** One of the tool's keys for a platform, as ltijs keeps it: a PEM and the key id the platform knows. */
export interface ToolKey {
  pem: string;
  kid: string;
}

/**
 * The tool's private or public key for a platform from ltijs's store (opened by the store's secret
 * box, which refuses a tampered or moved record). Undefined when there is none, or when the record does
 * not hold a PEM (then the platform must be registered again).
 */
export async function readToolKey(
  store: Pick<PrismaLtijsStore, "Get">,
  collection: "privatekey" | "publickey",
  where: { kid: string; platformUrl: string; clientId: string },
): Promise<ToolKey | undefined> {
  const [record] = (await store.Get(true, collection, where)) || [];
  if (typeof record?.key !== "string") return undefined;
  return { pem: record.key, kid: typeof record.kid === "string" ? record.kid : where.kid };
}
