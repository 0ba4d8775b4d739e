import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

// Runs the real script over a small fixture tree: a schema, core, both bots, lti and the app.
const SCRIPT = path.resolve(import.meta.dirname, "../../scripts/check-boundaries.mjs");

const SCHEMA = `
model Course {
  id String @id
}
model Quiz {
  id String @id
}
model LtiScore {
  id String @id
}
model SlackInstallation {
  id String @id
}
`;

const CLEAN: Record<string, string> = {
  "prisma/schema.prisma": SCHEMA,
  "core/src/index.ts": 'import { z } from "zod";\nexport const x = z.string();\n',
  "lti/src/scores.ts": [
    'import { listQuizTitles } from "@studyhall/core";',
    "export const scores = (db: any) => db.ltiScore.findMany({ where: {} });",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the fixture's source holds a template hole
    'export const erase = (tx: any) => tx.$executeRaw`DELETE FROM "LtiScore" WHERE "id" = ${1}`;',
    "export const ping = (db: any) => db.$queryRaw`SELECT 1`;",
    "export { listQuizTitles };",
  ].join("\n"),
  "bots/slack/src/install.ts": "export const get = (db: any) => db.slackInstallation.findFirst({});\n",
  "bots/slack/src/a.ts": "export const a = 1;\n",
  "bots/discord/src/reply.ts": "export const messageText = (m: any) => m.message.edit({});\n",
  "app/src/main.ts": 'import { a } from "../../bots/slack/src/a.ts";\nexport { a };\n',
  // Tests and test kits seed and inspect the database.
  "lti/src/scores.int.test.ts": "export const seed = (db: any) => db.course.create({ data: {} });\n",
  "bots/slack/src/testing/kit.ts": "export const seed = (db: any) => db.quiz.deleteMany({});\n",
};

let dirs: string[] = [];

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "boundaries-"));
  dirs.push(dir);
  for (const [file, text] of Object.entries({ ...CLEAN, ...files })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function check(files: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [SCRIPT, tree(files)], { encoding: "utf8" });
  return { status: run.status, stderr: run.stderr };
}

afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

describe("scripts/check-boundaries.mjs", () => {
  it("passes a tree that keeps the rules, its own tables and test code included", () => {
    expect(check()).toEqual({ status: 0, stderr: "" });
  });

  it("fails a front end that queries a domain model, naming the file and line", () => {
    const result = check({
      "lti/src/page.ts": "// the page\nexport const c = (ctx: any) => ctx.db.course.findMany({});\n",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("lti/src/page.ts:2 queries course.findMany");
  });

  it("fails raw SQL on a domain table in a front end, and SQL it cannot read", () => {
    const named = check({
      "app/src/report.ts": 'export const q = (db: any) => db.$queryRaw<any[]>`SELECT * FROM "Quiz"`;\n',
    });
    expect(named.status).toBe(1);
    expect(named.stderr).toContain("app/src/report.ts:1 runs SQL on Quiz");
    const unsafe = check({
      "bots/slack/src/raw.ts": "export const q = (db: any, s: string) => db.$executeRawUnsafe(s);\n",
    });
    expect(unsafe.status).toBe(1);
    expect(unsafe.stderr).toContain("runs SQL that cannot be checked");
  });

  it("covers a model the day it is added to the schema", () => {
    const result = check({
      "prisma/schema.prisma": `${SCHEMA}\nmodel StudyGroup {\n  id String @id\n}\n`,
      "bots/discord/src/groups.ts": "export const g = (db: any) => db.studyGroup.create({ data: {} });\n",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("bots/discord/src/groups.ts:1 queries studyGroup.create");
  });

  it("fails a bot that imports the other bot or the app, by package or by path", () => {
    for (const [file, text] of [
      ["bots/slack/src/x.ts", 'import { y } from "@studyhall/discord";\n'],
      ["bots/discord/src/x.ts", 'import { a } from "../../slack/src/a.ts";\n'],
      ["bots/discord/src/x.ts", 'import { main } from "../../../app/src/main.ts";\n'],
      ["bots/slack/src/x.ts", 'import { Client } from "discord.js";\n'],
    ] as const) {
      const result = check({ [file]: text });
      expect(result.status, text).toBe(1);
      expect(result.stderr).toContain(`${file}:1 imports`);
    }
  });

  it("still fails core importing a front end or its libraries", () => {
    expect(check({ "core/src/x.ts": 'import express from "express";\n' }).status).toBe(1);
    expect(check({ "core/src/x.ts": 'import { a } from "../../bots/slack/src/a.ts";\n' }).status).toBe(1);
  });
});
