#!/usr/bin/env node
// Enforces the dependency rule from ARCHITECTURE.md: core knows no front end. core/ may not import
// discord.js, Bolt, ltijs or express, nor anything from app/, bots/ or lti/.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

const FORBIDDEN = [
  /^discord\.js$/,
  /^@discordjs\//,
  /^@slack\//,
  /^ltijs/,
  /^express$/,
  /^@studyhall\/(app|slack|discord|lti)/,
  /^(\.\.\/)+(app|bots|lti)\//,
];
const root = path.resolve(import.meta.dirname, "..");

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
const violations = [];
for await (const file of sourceFiles(path.join(root, "core"))) {
  const text = await readFile(file, "utf8");
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2];
    const resolved = specifier.startsWith(".")
      ? path.relative(path.join(root, "core"), path.resolve(path.dirname(file), specifier))
      : specifier;
    if (FORBIDDEN.some((rule) => rule.test(specifier) || rule.test(resolved))) {
      violations.push(`${path.relative(root, file)} imports ${specifier}`);
    }
  }
}
if (violations.length > 0) {
  console.error(`core/ must stay platform-neutral (see ARCHITECTURE.md):\n  ${violations.join("\n  ")}`);
  process.exit(1);
}
console.log("boundaries: core imports no front-end library");
