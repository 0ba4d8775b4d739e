// Debian's Chromium, driven by playwright-core, for end-to-end tests of the LTI pages: a fresh profile
// whose cookie settings the test chooses, and the flags this closed network needs. No browser is
// downloaded; scripts/ensure-chromium.mjs installs Debian's package before `npm test` runs.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

/** Where Debian installs Chromium; CHROMIUM_PATH overrides it (the same rule as scripts/ensure-chromium.mjs). */
export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Without the networking switches Chromium keeps calling Google's services (updates, sync, safe
 * browsing, QUIC probes), which on a closed network only fail slowly and flood the logs. The sandbox is
 * off because CI containers run as root, where Chromium's sandbox refuses to start.
 */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Chromium's cookie setting (Settings → Privacy → Third-party cookies) as it is stored in a profile:
 * `profile.cookie_controls_mode` 0 allows third-party cookies, 1 blocks them, 2 blocks them in
 * incognito only. It is the user's own setting (the `--test-third-party-cookie-phaseout` switch
 * emulates Google's phase-out experiment instead), so the test writes it into the profile's
 * Preferences before Chromium starts.
 */
export const COOKIE_CONTROLS_BLOCK_THIRD_PARTY = 1;

/** The Chromium binary to use, or undefined when there is none on this machine. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidate = env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
  return existsSync(candidate) ? candidate : undefined;
}

export interface HeadlessChromium {
  context: BrowserContext;
  page: Page;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

/**
 * Starts headless Chromium on a fresh profile (its own user-data-dir, deleted on close) with third-party
 * cookies blocked, as Safari does by default and Chrome does when a user or an administrator asks.
 * A persistent context is used because playwright's `launch()` runs incognito contexts on a profile
 * it creates itself, whose preferences cannot be set beforehand.
 */
export async function launchHeadlessChromium(executablePath: string): Promise<HeadlessChromium> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), "studyhall-chromium-"));
  await mkdir(path.join(userDataDir, "Default"));
  await writeFile(
    path.join(userDataDir, "Default", "Preferences"),
    JSON.stringify({ profile: { cookie_controls_mode: COOKIE_CONTROLS_BLOCK_THIRD_PARTY } }),
  );
  try {
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1200, height: 1000 },
    });
    // Fail a step in seconds rather than at the test's own timeout, which hides which step hung.
    context.setDefaultTimeout(15_000);
    const page = context.pages()[0] ?? (await context.newPage());
    return {
      context,
      page,
      async close() {
        await context.close();
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
