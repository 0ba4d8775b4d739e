import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BOT_SCOPES } from "./slack-scopes.ts";

// manifest.yml is what people paste into Slack; it must ask for what the code uses (and OAuth asks for).
const manifest = await readFile(path.join(import.meta.dirname, "..", "manifest.yml"), "utf8");

function listUnder(key: string): string[] {
  const start = manifest.indexOf(`${key}:\n`);
  const lines = manifest.slice(start + key.length + 2).split("\n");
  const items: string[] = [];
  for (const line of lines) {
    const item = /^\s+- (\S+)$/.exec(line);
    if (!item) break;
    items.push(item[1]!);
  }
  return items;
}

describe("manifest.yml", () => {
  it("asks for exactly the bot scopes the OAuth install requests", () => {
    expect(listUnder("    bot")).toEqual([...BOT_SCOPES]);
  });

  it("subscribes to every event the app listens to, and routes everything to /slack/events", () => {
    expect(listUnder("    bot_events").sort()).toEqual(
      [
        "app_home_opened",
        "app_mention",
        "app_uninstalled",
        "message.channels",
        "message.groups",
        "message.im",
        "tokens_revoked",
      ].sort(),
    );
    expect(manifest.match(/url: https:\/\/studyhall\.example\.edu\/slack\/events/g)).toHaveLength(3);
    expect(manifest).toContain("command: /studyhall");
    expect(manifest).toContain("/slack/oauth_redirect");
  });
});
