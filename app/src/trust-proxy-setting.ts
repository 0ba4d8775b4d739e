import { isIP } from "node:net";
import { z } from "zod";

/**
 * TRUST_PROXY as express takes it: unset or "false" trusts no proxy; "true" trusts every hop (only
 * safe when the proxy in front replaces X-Forwarded-For); a number trusts that many hops; otherwise a
 * comma-separated list of proxy addresses, CIDR ranges, or express's names loopback, linklocal and
 * uniquelocal.
 */
export function parseTrustProxy(
  value: string | undefined,
  ctx: z.RefinementCtx,
): boolean | number | string[] {
  if (value === undefined || value === "false") return false;
  if (value === "true") return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const bad = entries.filter((entry) => !isProxyAddress(entry));
  if (bad.length > 0 || entries.length === 0) {
    ctx.addIssue({
      code: "custom",
      message: `must be true, false, a hop count, or proxy addresses/ranges (not ${bad.join(", ") || value})`,
    });
    return z.NEVER;
  }
  return entries;
}

function isProxyAddress(entry: string): boolean {
  if (entry === "loopback" || entry === "linklocal" || entry === "uniquelocal") return true;
  const [address = "", range, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (range === undefined) return true;
  if (/^\d+$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return isIP(range) === family;
}
