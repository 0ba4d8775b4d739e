#!/usr/bin/env node
// Enforces the dependency rules from ARCHITECTURE.md:
// - core knows no front end: it may not import discord.js, Bolt, ltijs or express, nor app/, bots/, lti/;
// - a front end knows no other front end: lti/ imports no bot and not the app; a bot imports neither
//   the other bot, nor lti/, nor the app;
// - front ends (bots/, lti/, app/) read and change domain data only through core's use cases: no
//   `.<model>.<query>(` on a Prisma domain model, and raw SQL only on their own tables. The domain
//   models are read from prisma/schema.prisma, so a new model is covered the day it is added; a
//   front end's own models are those named Lti…, Slack… or Discord…. Tests (*.test.ts, testing/ and
//   test/ folders) are exempt: they seed and inspect the database.
//
// Usage: node scripts/check-boundaries.mjs [root]   (root: the repository, by default this script's)
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, ".."));

const CHAT_LIBRARIES = [/^discord\.js$/, /^@discordjs\//, /^@slack\//];

/**
 * Each checked folder and the imports it may not make: `forbidden` matches the specifier as written,
 * `forbiddenPaths` the file a relative import resolves to (relative to the repository).
 */
const IMPORT_RULES = [
  {
    dir: "core",
    why: "core/ must stay platform-neutral",
    forbidden: [...CHAT_LIBRARIES, /^ltijs/, /^express$/, /^@studyhall\/(app|slack|discord|lti)/],
    forbiddenPaths: ["app", "bots", "lti"],
  },
  {
    dir: "lti",
    why: "lti/ is a front end: it may import core, never a bot or the app",
    forbidden: [...CHAT_LIBRARIES, /^@studyhall\/(app|slack|discord)/],
    forbiddenPaths: ["app", "bots"],
  },
  {
    dir: "bots/slack",
    why: "bots/slack is a front end: it may import core, never the Discord bot, lti or the app",
    forbidden: [/^discord\.js$/, /^@discordjs\//, /^ltijs/, /^@studyhall\/(app|discord|lti)/],
    forbiddenPaths: ["app", "bots/discord", "lti"],
  },
  {
    dir: "bots/discord",
    why: "bots/discord is a front end: it may import core, never the Slack bot, lti or the app",
    forbidden: [/^@slack\//, /^ltijs/, /^@studyhall\/(app|slack|lti)/],
    forbiddenPaths: ["app", "bots/slack", "lti"],
  },
];

/** The folders whose code must go through core for domain data. */
const FRONT_ENDS = ["app", "bots", "lti"];
/**
 * A front end's own tables: every model whose name starts with one of these (lti owns Lti* and Clever*,
 * the state of its sign-in with Clever; the bots own Slack* and Discord*).
 */
const FRONT_END_MODEL = /^(Lti|Clever|Slack|Discord)/;
/** Prisma's model delegate methods: a call of one of these on a domain model is a query. */
const QUERY_METHODS = [
  "findUnique",
  "findUniqueOrThrow",
  "findFirst",
  "findFirstOrThrow",
  "findMany",
  "create",
  "createMany",
  "createManyAndReturn",
  "update",
  "updateMany",
  "updateManyAndReturn",
  "upsert",
  "delete",
  "deleteMany",
  "count",
  "aggregate",
  "groupBy",
];

async function* sourceFiles(dir) {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (error.code === "ENOENT") return;
    throw error;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && entry.name !== "generated") yield* sourceFiles(full);
    } else if (/\.(ts|mts|js|mjs)$/.test(entry.name)) {
      yield full;
    }
  }
}

/** Test code may touch the database directly: test files, test kits (testing/) and test/ folders. */
function isTestCode(file) {
  const parts = path.relative(root, file).split(path.sep);
  return /\.test\.(ts|mts|js|mjs)$/.test(file) || parts.includes("testing") || parts.includes("test");
}

const lineOf = (text, index) => text.slice(0, index).split("\n").length;
const where = (file, text, index) => `${path.relative(root, file)}:${lineOf(text, index)}`;

const IMPORT = /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

async function importViolations(rule) {
  const violations = [];
  for await (const file of sourceFiles(path.join(root, rule.dir))) {
    const text = await readFile(file, "utf8");
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2];
      const target = specifier.startsWith(".")
        ? path
            .relative(root, path.resolve(path.dirname(file), specifier))
            .split(path.sep)
            .join("/")
        : null;
      const forbidden =
        rule.forbidden.some((re) => re.test(specifier)) ||
        (target !== null && rule.forbiddenPaths.some((p) => target === p || target.startsWith(`${p}/`)));
      if (forbidden) violations.push(`${where(file, text, match.index)} imports ${specifier}`);
    }
  }
  return violations;
}

/** The schema's model names, split into the domain's and the front ends' own. */
async function schemaModels() {
  const schema = await readFile(path.join(root, "prisma", "schema.prisma"), "utf8");
  const models = [...schema.matchAll(/^\s*model\s+(\w+)\s*\{/gm)].map((m) => m[1]);
  // A model's table is its name unless @@map renames it; raw SQL names the table.
  const tables = new Map(models.map((m) => [m, m]));
  for (const block of schema.matchAll(/^\s*model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const mapped = block[2].match(/@@map\(\s*"([^"]+)"\s*\)/);
    if (mapped) tables.set(block[1], mapped[1]);
  }
  const domain = models.filter((m) => !FRONT_END_MODEL.test(m));
  return { domain, domainTables: new Set(domain.map((m) => tables.get(m))) };
}

/** The SQL of a tagged template starting at `start` (the backtick), with `${…}` holes left out. */
function templateText(text, start) {
  let sql = "";
  let depth = 0;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (depth === 0 && c === "`") return sql;
    if (depth === 0 && c === "$" && text[i + 1] === "{") {
      depth = 1;
      i++;
    } else if (depth > 0 && c === "{") depth++;
    else if (depth > 0 && c === "}") depth--;
    else if (depth === 0) sql += c;
  }
  return sql;
}

async function dataViolations() {
  const { domain, domainTables } = await schemaModels();
  const delegates = domain.map((m) => m[0].toLowerCase() + m.slice(1));
  const QUERY = new RegExp(`\\.(${delegates.join("|")})\\s*\\.\\s*(${QUERY_METHODS.join("|")})\\s*\\(`, "g");
  const RAW = /\$(queryRaw|executeRaw)(Unsafe)?\b\s*(<[^`(]*>)?\s*(`|\()/g;
  const violations = [];
  for (const dir of FRONT_ENDS) {
    for await (const file of sourceFiles(path.join(root, dir))) {
      if (isTestCode(file)) continue;
      const text = await readFile(file, "utf8");
      for (const match of text.matchAll(QUERY))
        violations.push(`${where(file, text, match.index)} queries ${match[1]}.${match[2]}`);
      for (const match of text.matchAll(RAW)) {
        const at = where(file, text, match.index);
        // SQL put together at run time cannot be checked here: front ends write tagged templates.
        if (match[2] || match[4] === "(") {
          violations.push(`${at} runs SQL that cannot be checked ($${match[1]}${match[2] ?? ""}())`);
          continue;
        }
        const sql = templateText(text, match.index + match[0].length - 1);
        const named = [...sql.matchAll(/"(\w+)"/g)].map((m) => m[1]).filter((t) => domainTables.has(t));
        if (named.length > 0) violations.push(`${at} runs SQL on ${[...new Set(named)].join(", ")}`);
      }
    }
  }
  return violations;
}

const failures = [];
for (const rule of IMPORT_RULES) {
  const violations = await importViolations(rule);
  if (violations.length > 0)
    failures.push(`${rule.why} (see ARCHITECTURE.md):\n  ${violations.join("\n  ")}`);
}
const data = await dataViolations();
if (data.length > 0)
  failures.push(
    "front ends read and change domain data through core's use cases only; a front end keeps only its own " +
      `Lti*/Slack*/Discord* tables (see ARCHITECTURE.md):\n  ${data.join("\n  ")}`,
  );
if (failures.length > 0) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log(
  "boundaries: core imports no front-end library; no front end imports another; front ends touch domain data only through core",
);
