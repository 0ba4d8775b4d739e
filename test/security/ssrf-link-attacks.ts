// The links staff could type to make StudyHall reach a private network, and what the person is told:
// one table that every chat adapter's SSRF suite runs through its own `materials add` command.
import type { Database, FetchOptions } from "@studyhall/core";
import { expect } from "vitest";
import {
  publicSiteResolver,
  type RecordingServer,
  serveRedirects,
  serveText,
  startRecordingServer,
} from "./ssrf-servers.ts";

/** The stand-in public site's name: really on 127.0.0.1, and the only host exempt from the policy. */
const PUBLIC_SITE = "public.test";

export interface LinkAttackServers {
  /** An internal service that must never be reached. */
  internal: RecordingServer;
  /** A "public" site with an open redirect (`/to?<url>`). */
  site: RecordingServer;
  /** An adapter's `materialLinks` tuning: production's policy with only the stand-in site exempt. */
  materialLinks: Pick<FetchOptions, "privateHosts" | "resolve">;
  close(): Promise<void>;
}

export async function startLinkAttackServers(): Promise<LinkAttackServers> {
  const internal = await startRecordingServer(serveText("# Internal\n\nOnly for the intranet."));
  const site = await startRecordingServer(serveRedirects("# Notes\n\nPublic notes."));
  return {
    internal,
    site,
    materialLinks: {
      privateHosts: [`${PUBLIC_SITE}:${site.port}`],
      resolve: publicSiteResolver(PUBLIC_SITE),
    },
    async close() {
      await internal.close();
      await site.close();
    },
  };
}

export interface LinkAttack {
  attack: string;
  link(servers: LinkAttackServers): string;
  /** What the person is told (the whole sentence, or a pattern in it). */
  refusal: string | RegExp;
  /** How many requests the stand-in public site gets: one when the attack goes through its redirect. */
  siteRequests: number;
}

const redirect = (servers: LinkAttackServers, target: string) =>
  `http://${PUBLIC_SITE}:${servers.site.port}/to?${encodeURIComponent(target)}`;

export const LINK_ATTACKS: LinkAttack[] = [
  {
    attack: "a link to plain loopback",
    link: (s) => `http://127.0.0.1:${s.internal.port}/notes.md`,
    refusal:
      "That link points at a private or reserved network address (127.0.0.1), which StudyHall does not fetch.",
    siteRequests: 0,
  },
  {
    attack: "an IPv4-mapped IPv6 link to loopback",
    link: (s) => `http://[::ffff:127.0.0.1]:${s.internal.port}/notes.md`,
    refusal:
      "That link points at a private or reserved network address (127.0.0.1), which StudyHall does not fetch.",
    siteRequests: 0,
  },
  {
    attack: "a decimal IPv4 link to loopback",
    link: (s) => `http://2130706433:${s.internal.port}/notes.md`,
    refusal: "That link points at a private or reserved network address (127.0.0.1)",
    siteRequests: 0,
  },
  {
    attack: "the cloud metadata address",
    link: () => "http://169.254.169.254/latest/meta-data/",
    refusal: "That link points at a private or reserved network address (169.254.169.254)",
    siteRequests: 0,
  },
  {
    attack: "a name that resolves to loopback (localhost)",
    link: (s) => `http://localhost:${s.internal.port}/notes.md`,
    refusal: "That link points at localhost, whose address is private or reserved",
    siteRequests: 0,
  },
  {
    attack: "a public host that redirects to loopback",
    link: (s) => redirect(s, `http://127.0.0.1:${s.internal.port}/notes.md`),
    refusal:
      "That link redirects to a private or reserved network address (127.0.0.1), which StudyHall does not fetch.",
    siteRequests: 1,
  },
  {
    attack: "a public host that redirects to a name resolving to loopback",
    link: (s) => redirect(s, `http://localhost:${s.internal.port}/notes.md`),
    refusal: "That link redirects to localhost, whose address is private or reserved",
    siteRequests: 1,
  },
  {
    attack: "a public host that redirects to the metadata address as IPv4-mapped IPv6",
    link: (s) => redirect(s, "http://[::ffff:169.254.169.254]/latest/meta-data/"),
    refusal: "That link redirects to a private or reserved network address (169.254.169.254)",
    siteRequests: 1,
  },
  {
    attack: "a file: link",
    link: () => "file:///etc/passwd",
    // Slack's command parser refuses it before core does; either way nothing is fetched.
    refusal: /Only http and https links can be added\.|is not an http\(s\) link\./,
    siteRequests: 0,
  },
];

/** The control case: a page on the stand-in public site, which is fetched and stored. */
export function publicNotesLink(servers: LinkAttackServers): string {
  return `http://${PUBLIC_SITE}:${servers.site.port}/notes.md`;
}

/** The reply told the person why the attack's link was refused. */
export function expectRefusal(text: string, attack: LinkAttack): void {
  if (typeof attack.refusal === "string") expect(text).toContain(attack.refusal);
  else expect(text).toMatch(attack.refusal);
}

/** Nothing of a refused link reached the database or the internal service. */
export async function expectNothingStored(db: Database["prisma"], servers: LinkAttackServers): Promise<void> {
  expect(await db.material.count()).toBe(0);
  expect(await db.materialChunk.count()).toBe(0);
  expect(servers.internal.requests).toEqual([]);
}
