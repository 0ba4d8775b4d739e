#!/usr/bin/env node
// Makes sure the browser test (lti/src/browser.int.test.ts) has a Chromium to drive, before `npm test`
// runs vitest: Debian's /usr/bin/chromium (or CHROMIUM_PATH). On a fresh Debian machine or CI image
// where we are root (or have passwordless sudo) it installs Debian's `chromium` package; playwright's
// own browser downloads are not used. Otherwise it says what to install, and under CI=true it fails,
// because the browser test must run in CI rather than be skipped.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const DEBIAN_PATH = "/usr/bin/chromium";
const custom = process.env.CHROMIUM_PATH;
const target = custom || DEBIAN_PATH;
const inCi = process.env.CI === "true";

if (existsSync(target)) process.exit(0);

const installed = custom ? false : installDebianChromium();
if (installed && existsSync(DEBIAN_PATH)) {
  console.log(`ensure-chromium: installed Debian's chromium (${DEBIAN_PATH})`);
  process.exit(0);
}

const advice = custom
  ? `CHROMIUM_PATH=${custom} does not exist: point it at a Chromium or Chrome binary.`
  : "Install Debian's Chromium (`sudo apt-get install chromium`), or set CHROMIUM_PATH to a Chromium or Chrome binary.";
const consequence = inCi
  ? "CI=true: the browser test must run, so this is an error."
  : "Without it the browser test (lti/src/browser.int.test.ts) is skipped.";
console.error(`ensure-chromium: no Chromium at ${target}. ${advice}\n${consequence}`);
process.exit(inCi ? 1 : 0);

/**
 * Installs Debian's `chromium` with apt-get when this process may (root, or sudo without a password).
 * The package lists are refreshed only when the install fails without them, since `apt-get update`
 * is the slow part and a CI image often has fresh lists already. Returns whether apt-get succeeded.
 */
function installDebianChromium() {
  if (!commandWorks("apt-get", ["--version"])) return false;
  const asRoot = process.getuid?.() === 0;
  if (!asRoot && !commandWorks("sudo", ["-n", "true"])) return false;
  const aptGet = (args) => {
    const command = asRoot ? "apt-get" : "sudo";
    const prefix = asRoot ? [] : ["-n", "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"];
    return spawnSync(command, [...prefix, ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      encoding: "utf8",
    });
  };
  const install = ["install", "-y", "-qq", "--no-install-recommends", "chromium"];
  console.log("ensure-chromium: installing Debian's chromium for the browser test…");
  let result = aptGet(install);
  if (result.status !== 0) {
    const update = aptGet(["update", "-qq"]);
    if (update.status === 0) result = aptGet(install);
  }
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-10).join("\n");
    console.error(`ensure-chromium: apt-get install chromium failed:\n${output}`);
    return false;
  }
  return true;
}

function commandWorks(command, args) {
  const result = spawnSync(command, args, { stdio: "ignore" });
  return result.error === undefined && result.status === 0;
}
