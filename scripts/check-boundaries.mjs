#!/usr/bin/env node
// Enforces the dependency rules from ARCHITECTURE.md: core knows no front end, and a front end knows no
// other front end. core/ may not import discord.js, Bolt, ltijs or express, nor anything from app/,
// bots/ or lti/. lti/ (like the bots) may import core, never a bot or the app.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");

/** Each checked folder and the imports it may not make (as written, or resolved relative to the folder). */
const RULES = [
  {
    dir: "core",
    why: "core/ must stay platform-neutral",
    forbidden: [
      /^discord\.js$/,
      /^@discordjs\//,
      /^@slack\//,
      /^ltijs/,
      /^express$/,
      /^@studyhall\/(app|slack|discord|lti)/,
      /^(\.\.\/)+(app|bots|lti)\//,
    ],
  },
  {
    dir: "lti",
    why: "lti/ is a front end: it may import core, never a bot or the app",
    forbidden: [
      /^discord\.js$/,
      /^@discordjs\//,
      /^@slack\//,
      /^@studyhall\/(app|slack|discord)/,
      /^(\.\.\/)+(app|bots)\//,
    ],
  },
];

async function* sourceFiles(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && entry.name !== "generated") yield* sourceFiles(full);
    } else if (/\.(ts|mts|js|mjs)$/.test(entry.name)) {
      yield full;
    }
  }
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
const failures = [];
for (const rule of RULES) {
  const base = path.join(root, rule.dir);
  const violations = [];
  for await (const file of sourceFiles(base)) {
    const text = await readFile(file, "utf8");
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2];
      const resolved = specifier.startsWith(".")
        ? path.relative(base, path.resolve(path.dirname(file), specifier))
        : specifier;
      if (rule.forbidden.some((re) => re.test(specifier) || re.test(resolved))) {
        violations.push(`${path.relative(root, file)} imports ${specifier}`);
      }
    }
  }
  if (violations.length > 0)
    failures.push(`${rule.why} (see ARCHITECTURE.md):\n  ${violations.join("\n  ")}`);
}
if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log("boundaries: core imports no front-end library; lti imports no bot");
