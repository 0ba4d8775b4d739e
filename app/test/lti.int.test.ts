// The LTI tool in the real app: `studyhall lti add-platform` / `lti list` through the real bin, then
// `npm start` serving /lti on the shared server, and a whole launch from a fake Canvas against it.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { collect, runCli, startServer } from "../../test/support/run-process.ts";

const KEY = "app-test-encryption-key-0123456789abcdef";
let dataDir: string;
let canvas: FakeLtiPlatform;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "studyhall-lti-"));
  canvas = await startFakeLtiPlatform();
});
afterAll(async () => {
  await canvas?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// Several CLI processes and a server, each opening the embedded database: seconds apiece on a loaded
// two-core machine, so the limit is a generous upper bound, not a measure.
describe("studyhall lti", { timeout: 600_000 }, () => {
  it("adds a platform by hand, lists it, and explains what is missing", async () => {
    const env = { DATA_DIR: dataDir, LTI_ENCRYPTION_KEY: KEY };
    const args = [
      "lti",
      "add-platform",
      "--issuer",
      canvas.issuer,
      "--client-id",
      canvas.clientId,
      "--auth-url",
      canvas.authUrl,
      "--token-url",
      canvas.tokenUrl,
      "--jwks-url",
      canvas.jwksUrl,
      "--deployment",
      canvas.deploymentId,
      "--name",
      "Fake Canvas",
    ];
    const added = await runCli(args, env);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(
      `Registered Fake Canvas (issuer ${canvas.issuer}, client id ${canvas.clientId})`,
    );
    expect(added.stdout).toMatch(/login http:\/\/localhost:3000\/lti\/login/);
    expect(added.stderr).toContain("PUBLIC_URL is not set");

    const listed = await runCli(["lti", "list"], env);
    expect(listed.stdout).toBe(
      `Fake Canvas\t${canvas.issuer}\tclient ${canvas.clientId}\tmanual\tdeployments ${canvas.deploymentId}\n`,
    );

    // Without LTI_ENCRYPTION_KEY the platform is still stored (sealed under the data directory's key
    // file), and the operator is told the tool is off until the server has the key.
    const noKey = await runCli(args, { DATA_DIR: dataDir });
    expect(noKey.code).toBe(0);
    expect(noKey.stderr).toContain("LTI_ENCRYPTION_KEY is not set: the LTI tool stays off");
    const noDeployment = await runCli(args.slice(0, -4), env);
    expect(noDeployment.code).toBe(1);
    expect(noDeployment.stderr).toContain("--deployment");
  });

  it("is served under /lti by npm start, and a launch from the registered LMS reaches the course page", async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const child = startServer({
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: publicUrl,
      LTI_ENCRYPTION_KEY: KEY,
    });
    const done = collect(child, 60_000);
    await new Promise<void>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes('"msg":"LTI tool ready"')) resolve();
      });
      child.on("exit", (code) => reject(new Error(`server exited early with ${code}: ${out}`)));
    });
    try {
      expect(await (await fetch(`${publicUrl}/healthz`)).json()).toMatchObject({ frontEnds: { lti: "on" } });
      canvas.registerTool({
        loginUrl: `${publicUrl}/lti/login`,
        launchUrl: `${publicUrl}/lti`,
        jwksUrl: `${publicUrl}/lti/keys`,
      });
      const launched = await canvas.launch({
        user: { sub: "t1", name: "Tess", roles: [INSTRUCTOR] },
        context: { id: "c1", title: "Physics 1" },
        blockThirdPartyCookies: true,
      });
      expect(launched.status).toBe(200);
      expect(new URL(launched.url).pathname).toBe("/lti/course");
      expect(launched.body).toContain("Physics 1");
      const keys = (await (await fetch(`${publicUrl}/lti/keys`)).json()) as { keys: unknown[] };
      expect(keys.keys).toHaveLength(1);

      // "Add by URL" works only with the URL the CLI prints for this installation.
      const printed = await runCli(["lti", "registration-url"], {
        PUBLIC_URL: publicUrl,
        LTI_ENCRYPTION_KEY: KEY,
      });
      expect(printed.code).toBe(0);
      const registrationUrl = printed.stdout.trim();
      expect(registrationUrl).toMatch(new RegExp(`^${publicUrl}/lti/register\\?key=[\\w-]{32}$`));
      const stranger = await fetch(
        `${publicUrl}/lti/register?openid_configuration=${canvas.openidConfigurationUrl}`,
      );
      expect(stranger.status).toBe(403);
      // With the key the request gets as far as the platform check (this server accepts https LMSs only).
      const keyed = await canvas.openRegistration(registrationUrl);
      expect(keyed.status).toBe(400);
      expect(keyed.body).toContain("https");
    } finally {
      child.kill("SIGTERM");
    }
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("LTI: on");
    expect(result.stdout).toContain('"msg":"LTI launch accepted"');
  });
});
