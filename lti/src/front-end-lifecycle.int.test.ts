// The front end's life in a process: one per process (ltijs is a singleton), 503 until started, and
// ltijs's process-wide side effects (a SIGINT handler that exits at once) undone.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createAi, createStudyHallDeps, type Database, silentLogger } from "@studyhall/core";
import express from "express";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase } from "../../test/support/test-database.ts";
import { createLtiFrontEnd } from "./create-lti-front-end.ts";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

it("is refused a short key, answers 503 until started, leaves SIGINT to the app, and exists once", async () => {
  const deps = createStudyHallDeps({
    db: database.prisma,
    ai: createAi({ provider: "local" }),
    logger: silentLogger(),
  });
  const settings = { encryptionKey: "k".repeat(32), publicUrl: "http://127.0.0.1:1" };
  expect(() =>
    createLtiFrontEnd({ deps, settings: { ...settings, encryptionKey: "short" }, logger: silentLogger() }),
  ).toThrow(/LTI_ENCRYPTION_KEY too short/);

  const lti = createLtiFrontEnd({ deps, settings, logger: silentLogger() });
  const app = express().use(lti.router);
  const http = createServer(app);
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  try {
    expect((await fetch(`${url}/lti/keys`)).status).toBe(503);
    const sigint = process.listeners("SIGINT").length;
    await lti.start();
    expect(process.listeners("SIGINT")).toHaveLength(sigint);
    const keys = await fetch(`${url}/lti/keys`);
    expect(keys.status).toBe(200);
    expect(await keys.json()).toEqual({ keys: [] });
    // Anything else under /lti needs a launch.
    expect((await fetch(`${url}/lti/anything`)).status).toBe(401);
    expect(() => createLtiFrontEnd({ deps, settings, logger: silentLogger() })).toThrow(/called twice/);
  } finally {
    await lti.stop();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  }
});
