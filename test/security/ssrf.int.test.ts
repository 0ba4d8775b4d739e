// SSRF: links staff type (`/studyhall materials add <url>`, Discord's `/materials add url:`) and the
// platforms' file URLs must never make StudyHall reach a private network. Every test names the attack
// it tries; the helper is core's real downloadFile on real sockets, with host names resolved by a
// resolver the test controls (a hostile DNS) where the attack needs one.
import { type Destination, downloadFile, fetchMaterialUrl, PUBLIC_LINKS } from "@studyhall/core";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fixedResolver, type RecordingServer, serveText, startRecordingServer } from "./ssrf-servers.ts";

const SECRET = "internal-only: the metadata service's credentials";
const TOKEN = "xoxb-secret-bot-token";
let internal: RecordingServer;
let site: RecordingServer;
let logs: string[];

const log = () => pino({ level: "info" }, { write: (line: string) => void logs.push(line) });

/** A "public" site at public.test: really on 127.0.0.1, so the test exempts exactly that host:port. */
function viaPublicSite(extra: Partial<Destination> = {}): Destination {
  return { hosts: "any", privateHosts: [`public.test:${site.port}`], ...extra };
}

const resolver = fixedResolver({
  "public.test": ["127.0.0.1"],
  "rebind.test": ["127.0.0.1"],
  "metadata.test": ["169.254.169.254"],
  "mapped.test": ["::ffff:127.0.0.1"],
});

/** The site's answer for a path: `/to?<url>` redirects there, `/hop/<n>` redirects n more times. */
function siteHandler(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) {
  const url = new URL(req.url ?? "/", "http://public.test");
  if (url.pathname === "/to") {
    res.writeHead(302, { location: decodeURIComponent(url.search.slice(1)) });
    return res.end();
  }
  const hop = /^\/hop\/(\d+)$/.exec(url.pathname);
  if (hop) {
    const left = Number(hop[1]);
    res.writeHead(302, { location: left > 0 ? `/hop/${left - 1}` : "/notes.md" });
    return res.end();
  }
  serveText("# Notes\n\nPublic notes.")(req, res);
}

beforeAll(async () => {
  internal = await startRecordingServer(serveText(SECRET));
  site = await startRecordingServer(siteHandler);
});
afterAll(async () => {
  await internal?.close();
  await site?.close();
});
beforeEach(() => {
  logs = [];
  internal.requests.length = 0;
  site.requests.length = 0;
});

/** Downloads `url` as a link typed by staff, with the production policy and the test's resolver. */
function typedLink(url: string, destination: Destination = PUBLIC_LINKS) {
  return downloadFile(url, {
    maxBytes: 1024 * 1024,
    timeoutMs: 5_000,
    destination,
    log: log(),
    resolve: resolver,
  });
}

/** The refusal's log line: names the host, and nothing of the request's secrets. */
function refusalLog(): Record<string, unknown> {
  const line = logs.find((l) => l.includes("download refused"));
  expect(line).toBeDefined();
  expect(line).not.toContain(TOKEN);
  expect(line).not.toContain("authorization");
  return JSON.parse(line!);
}

describe("address forms of loopback and other internal addresses", () => {
  it.each([
    ["IPv4-mapped IPv6", (p: number) => `http://[::ffff:127.0.0.1]:${p}/notes.md`, "127.0.0.1"],
    ["decimal IPv4", (p: number) => `http://2130706433:${p}/notes.md`, "127.0.0.1"],
    ["octal IPv4", (p: number) => `http://0177.0.0.1:${p}/notes.md`, "127.0.0.1"],
    ["hex IPv4", (p: number) => `http://0x7f.0.0.1:${p}/notes.md`, "127.0.0.1"],
    ["plain loopback", (p: number) => `http://127.0.0.1:${p}/notes.md`, "127.0.0.1"],
    ["the unspecified IPv4 address", (p: number) => `http://0.0.0.0:${p}/notes.md`, "0.0.0.0"],
    ["the unspecified IPv6 address", (p: number) => `http://[::]:${p}/notes.md`, "::"],
    ["IPv6 loopback", (p: number) => `http://[::1]:${p}/notes.md`, "::1"],
    ["link-local IPv6", () => "http://[fe80::1]/notes.md", "fe80::1"],
    ["the cloud metadata address", () => "http://169.254.169.254/latest/meta-data/", "169.254.169.254"],
    ["carrier-grade NAT", () => "http://100.64.0.1/", "100.64.0.1"],
    ["a benchmarking address", () => "http://198.18.0.1/", "198.18.0.1"],
    ["a unique-local IPv6 address", () => "http://[fc00::1]/", "fc00::1"],
  ])(
    "attack: a link to %s -> refused before connecting, the internal server never reached",
    async (_attack, link, shown) => {
      const refusal = typedLink(link(internal.port));
      await expect(refusal).rejects.toMatchObject({
        code: "invalid_input",
        userMessage: `That link points at a private or reserved network address (${shown}), which StudyHall does not fetch.`,
      });
      expect(internal.requests).toEqual([]);
      expect(refusalLog()).toMatchObject({ level: 40, code: "invalid_input" });
    },
  );
});

describe("names that resolve to internal addresses", () => {
  it("attack: a name that resolves to loopback (DNS rebinding) -> refused at connect, never reached", async () => {
    await expect(typedLink(`http://rebind.test:${internal.port}/notes.md`)).rejects.toMatchObject({
      code: "invalid_input",
      userMessage: expect.stringMatching(/points at rebind\.test, whose address is private or reserved/),
    });
    expect(resolver.asked).toContain("rebind.test");
    expect(internal.requests).toEqual([]);
    expect(refusalLog()).toMatchObject({ host: `rebind.test:${internal.port}`, range: "loopback" });
  });

  it("attack: a name that resolves to the metadata address or to mapped loopback -> refused", async () => {
    await expect(typedLink("http://metadata.test/latest/meta-data/")).rejects.toMatchObject({
      details: { range: "linkLocal" },
    });
    await expect(typedLink(`http://mapped.test:${internal.port}/`)).rejects.toMatchObject({
      details: { range: "loopback" },
    });
    expect(internal.requests).toEqual([]);
  });

  it("attack: localhost through the system resolver -> refused", async () => {
    const refusal = fetchMaterialUrl(`http://localhost:${internal.port}/notes.md`, {
      allowPrivateHosts: false,
      log: log(),
    });
    await expect(refusal).rejects.toMatchObject({
      userMessage: expect.stringMatching(/private or reserved/),
    });
    expect(internal.requests).toEqual([]);
  });
});

describe("redirects", () => {
  it("attack: a public host redirects to loopback -> refused, loopback never reached", async () => {
    const target = encodeURIComponent(`http://127.0.0.1:${internal.port}/secret`);
    const refusal = typedLink(`http://public.test:${site.port}/to?${target}`, viaPublicSite());
    await expect(refusal).rejects.toMatchObject({
      code: "invalid_input",
      userMessage:
        "That link redirects to a private or reserved network address (127.0.0.1), which StudyHall does not fetch.",
    });
    expect(site.requests).toHaveLength(1);
    expect(internal.requests).toEqual([]);
    expect(refusalLog()).toMatchObject({ host: `127.0.0.1:${internal.port}`, hop: 1 });
  });

  it("attack: a public host redirects to a name that resolves to loopback -> refused", async () => {
    const target = encodeURIComponent(`http://rebind.test:${internal.port}/secret`);
    await expect(
      typedLink(`http://public.test:${site.port}/to?${target}`, viaPublicSite()),
    ).rejects.toMatchObject({ userMessage: expect.stringMatching(/^That link redirects to rebind\.test/) });
    expect(internal.requests).toEqual([]);
  });

  it("attack: a public host redirects to the metadata address as IPv4-mapped IPv6 -> refused", async () => {
    const target = encodeURIComponent("http://[::ffff:169.254.169.254]/latest/meta-data/");
    await expect(
      typedLink(`http://public.test:${site.port}/to?${target}`, viaPublicSite()),
    ).rejects.toMatchObject({ userMessage: expect.stringContaining("(169.254.169.254)") });
  });

  it("attack: a redirect to another scheme (file:) -> refused", async () => {
    const target = encodeURIComponent("file:///etc/passwd");
    await expect(
      typedLink(`http://public.test:${site.port}/to?${target}`, viaPublicSite()),
    ).rejects.toMatchObject({
      userMessage: expect.stringMatching(/redirects to a link that is not http or https/),
    });
  });

  it("attack: an endless redirect chain -> refused after 5 redirects", async () => {
    const refusal = typedLink(`http://public.test:${site.port}/hop/100`, viaPublicSite());
    await expect(refusal).rejects.toMatchObject({
      code: "material_unreadable",
      userMessage: "I couldn't download that link: it redirects more than 5 times.",
    });
    expect(site.requests.map((r) => r.path)).toEqual([
      "/hop/100",
      "/hop/99",
      "/hop/98",
      "/hop/97",
      "/hop/96",
      "/hop/95",
    ]);
  });

  it("five redirects are still followed", async () => {
    const file = await typedLink(`http://public.test:${site.port}/hop/4`, viaPublicSite());
    expect(Buffer.from(file.data).toString()).toContain("Public notes.");
    expect(file.url.pathname).toBe("/notes.md");
    expect(site.requests).toHaveLength(6);
  });
});

describe("credentials on platform file downloads", () => {
  let cdn: RecordingServer;
  beforeAll(async () => {
    cdn = await startRecordingServer(serveText("# Slides\n\nFrom the CDN."));
  });
  afterAll(async () => cdn?.close());

  const files = (): Destination => ({
    hosts: ["files.test"],
    privateHosts: [`files.test:${site.port}`, `cdn.files.test:${cdn.port}`],
  });
  const platformFile = (path: string) =>
    downloadFile(`http://files.test:${site.port}${path}`, {
      maxBytes: 1024 * 1024,
      timeoutMs: 5_000,
      destination: files(),
      headers: { authorization: `Bearer ${TOKEN}` },
      naming: { what: "slides.md", source: "Slack" },
      log: log(),
      resolve: fixedResolver({ "files.test": ["127.0.0.1"], "cdn.files.test": ["127.0.0.1"] }),
    });

  it("attack: the file host redirects elsewhere -> refused, the token never leaves the file hosts", async () => {
    const target = encodeURIComponent(`http://127.0.0.1:${internal.port}/collect`);
    await expect(platformFile(`/to?${target}`)).rejects.toMatchObject({
      userMessage: `I couldn't download slides.md: it redirects to 127.0.0.1, which is not one of Slack's file hosts.`,
    });
    expect(internal.requests).toEqual([]);
    expect(refusalLog()).toMatchObject({ host: `127.0.0.1:${internal.port}` });
  });

  it("attack: a redirect to another origin among the file hosts -> followed without the token", async () => {
    const target = encodeURIComponent(`http://cdn.files.test:${cdn.port}/slides.md`);
    const file = await platformFile(`/to?${target}`);
    expect(Buffer.from(file.data).toString()).toContain("From the CDN.");
    expect(site.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(cdn.requests).toHaveLength(1);
    expect(cdn.requests[0]!.headers.authorization).toBeUndefined();
  });
});

describe("size and time", () => {
  let slow: RecordingServer;
  let big: RecordingServer;
  beforeAll(async () => {
    // Headers, then nothing: a server that holds the connection open.
    slow = await startRecordingServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("the first bytes, then silence");
    });
    big = await startRecordingServer((req, res) => {
      const declared = req.url === "/declared";
      res.writeHead(200, declared ? { "content-length": String(10 * 1024 * 1024) } : {});
      const chunk = Buffer.alloc(64 * 1024, 97);
      // Undeclared: keeps sending past the limit until the client goes away.
      const send = () => {
        while (!res.destroyed && res.write(chunk)) if (res.writableLength > 1024 * 1024) break;
        if (!res.destroyed) res.once("drain", send);
      };
      if (declared) res.end();
      else send();
    });
  });
  afterAll(async () => {
    await slow?.close();
    await big?.close();
  });

  const exempt = (server: RecordingServer): Destination => ({
    hosts: "any",
    privateHosts: [`127.0.0.1:${server.port}`],
  });

  it("attack: a server that never finishes -> refused at the deadline", async () => {
    const refusal = downloadFile(`http://127.0.0.1:${slow.port}/forever`, {
      maxBytes: 1024,
      timeoutMs: 300,
      destination: exempt(slow),
      log: log(),
    });
    await expect(refusal).rejects.toMatchObject({
      code: "material_unreadable",
      userMessage: "I couldn't download that link: the site did not finish sending it within a second.",
    });
    expect(slow.requests).toHaveLength(1);
    expect(refusalLog()).toMatchObject({ host: `127.0.0.1:${slow.port}`, code: "material_unreadable" });
  });

  it("attack: a declared size over the limit -> refused before reading", async () => {
    const refusal = downloadFile(`http://127.0.0.1:${big.port}/declared`, {
      maxBytes: 1024 * 1024,
      timeoutMs: 5_000,
      destination: exempt(big),
    });
    await expect(refusal).rejects.toMatchObject({
      code: "material_too_large",
      details: { bytes: 10 * 1024 * 1024 },
    });
  });

  it("attack: an undeclared endless body -> refused once over the limit", async () => {
    const refusal = downloadFile(`http://127.0.0.1:${big.port}/endless`, {
      maxBytes: 256 * 1024,
      timeoutMs: 5_000,
      destination: exempt(big),
    });
    await expect(refusal).rejects.toMatchObject({
      code: "material_too_large",
      userMessage: expect.stringMatching(/^That link is larger than 256\.0 KB, the most StudyHall takes/),
    });
  });
});
