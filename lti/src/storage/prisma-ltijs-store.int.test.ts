import { createSecretBox, type Database } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createPrismaLtijsStore } from "./prisma-ltijs-store.ts";
import { pruneLtiData } from "./prune-lti-data.ts";

const KEY = "store-test-key-0123456789abcdef0123456789";
let database: Database;
let store: ReturnType<typeof createPrismaLtijsStore>;
beforeAll(async () => {
  database = await createTestDatabase();
  store = createPrismaLtijsStore(database.prisma, createSecretBox({ current: KEY }));
  await store.setup();
});
afterAll(() => database?.close());

describe("the ltijs database plugin over Postgres", () => {
  it("finds documents by equality on any of their fields, and answers false when none match", async () => {
    await store.Insert(false, "platform", { platformUrl: "https://a.example", clientId: "1", kid: "k1" });
    await store.Insert(false, "platform", { platformUrl: "https://a.example", clientId: "2", kid: "k2" });
    const both = await store.Get(false, "platform", { platformUrl: "https://a.example" });
    expect(both ? both.map((p) => p.kid) : both).toEqual(["k1", "k2"]);
    const one = await store.Get(false, "platform", { platformUrl: "https://a.example", clientId: "2" });
    expect(one ? one.map((p) => p.kid) : one).toEqual(["k2"]);
    expect(await store.Get(false, "platform", { platformUrl: "https://b.example" })).toBe(false);
    // Other collections never answer.
    expect(await store.Get(false, "idtoken", { platformUrl: "https://a.example" })).toBe(false);
  });

  it("replaces by query as an upsert, once however many replace at the same moment", async () => {
    const query = { iss: "https://a.example", clientId: "1", deploymentId: "d", user: "u1" };
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => store.Replace(false, "idtoken", query, { ...query, n: i })),
    );
    await store.Replace(false, "idtoken", query, { ...query, n: 99 });
    const found = await store.Get(false, "idtoken", query);
    expect(found ? found.map((d) => d.n) : found).toEqual([99]);
  });

  it("modifies the first match, merging the change into the document", async () => {
    await store.Modify(false, "platform", { kid: "k1" }, { platformName: "Renamed" });
    const [p] = (await store.Get(false, "platform", { kid: "k1" })) || [];
    expect(p).toMatchObject({ kid: "k1", clientId: "1", platformName: "Renamed" });
  });

  it("seals encrypted collections with the secret box, keeping the index fields searchable", async () => {
    const index = { kid: "k1", platformUrl: "https://a.example", clientId: "1" };
    await store.Replace(
      KEY,
      "privatekey",
      { platformUrl: "https://a.example", clientId: "1" },
      { key: "PEM", kid: "k1" },
      index,
    );
    const raw = await database.prisma.ltiRecord.findFirstOrThrow({ where: { collection: "privatekey" } });
    expect(JSON.stringify(raw.data)).not.toContain("PEM");
    expect(raw.data).toEqual({ ...index, sealed: expect.stringMatching(/^shs1:/) });
    const [key] = (await store.Get(KEY, "privatekey", { kid: "k1" })) || [];
    expect(key).toMatchObject({ key: "PEM", kid: "k1" });

    // ltijs moves a key pair to a new platform URL in place (updatePlatformById): the key still opens.
    await store.Modify(false, "privatekey", { kid: "k1" }, { platformUrl: "https://moved.example" });
    expect(
      ((await store.Get(KEY, "privatekey", { platformUrl: "https://moved.example" })) || [])[0],
    ).toMatchObject({
      key: "PEM",
    });

    await store.Modify(KEY, "privatekey", { kid: "k1" }, { key: "PEM2" });
    expect(((await store.Get(KEY, "privatekey", { kid: "k1" })) || [])[0]).toMatchObject({
      key: "PEM2",
      kid: "k1",
    });
  });

  it("deletes every match", async () => {
    await store.Delete("platform", { platformUrl: "https://a.example" });
    expect(await store.Get(false, "platform")).toBe(false);
  });

  it("hides expired documents (MongoDB's TTL) and prunes them", async () => {
    await store.Insert(false, "nonce", { nonce: "n1" });
    expect(await store.Get(false, "nonce", { nonce: "n1" })).not.toBe(false);
    await database.prisma.ltiRecord.updateMany({
      where: { collection: "nonce" },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await store.Get(false, "nonce", { nonce: "n1" })).toBe(false);
    const pruned = await pruneLtiData(database.prisma);
    expect(pruned.records).toBe(1);
    expect(await database.prisma.ltiRecord.count({ where: { collection: "nonce" } })).toBe(0);
  });
});
