import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";

const load = (env: Record<string, string>) => loadConfig(env, { rootDir: "/srv/studyhall" });
const A = "a".repeat(32);
const B = "b".repeat(40);
const LTI = "l".repeat(32);

describe("the secret key settings", () => {
  it("have no key by default (services.ts then uses the embedded database's key file)", () => {
    expect(load({}).secrets).toEqual({ source: "none", previousKeys: [] });
  });

  it("take STUDYHALL_SECRET_KEY, else LTI_ENCRYPTION_KEY, keeping the LTI key readable once replaced", () => {
    expect(load({ LTI_ENCRYPTION_KEY: LTI }).secrets).toEqual({
      key: LTI,
      source: "LTI_ENCRYPTION_KEY",
      previousKeys: [],
    });
    expect(load({ STUDYHALL_SECRET_KEY: A, LTI_ENCRYPTION_KEY: LTI }).secrets).toEqual({
      key: A,
      source: "STUDYHALL_SECRET_KEY",
      previousKeys: [LTI],
    });
  });

  it("read previous keys as a comma-separated list, without the current key or repeats", () => {
    const secrets = load({
      STUDYHALL_SECRET_KEY: A,
      STUDYHALL_SECRET_KEY_PREVIOUS: `${B}, ${A},${B}`,
    }).secrets;
    expect(secrets.previousKeys).toEqual([B]);
  });

  it("refuse keys shorter than 32 characters, naming the variable", () => {
    expect(() => load({ STUDYHALL_SECRET_KEY: "short" })).toThrow(
      /STUDYHALL_SECRET_KEY: must be at least 32/,
    );
    expect(() => load({ STUDYHALL_SECRET_KEY: A, STUDYHALL_SECRET_KEY_PREVIOUS: `${B},short` })).toThrow(
      /STUDYHALL_SECRET_KEY_PREVIOUS[.0-9]*: each key must be at least 32/,
    );
  });
});
