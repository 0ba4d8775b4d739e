// The README's copy-paste LMS settings must say what the tool really serves and asks for: the Canvas
// developer key JSON and the Moodle table are checked against the URLs the routes are built from and
// the scopes and placements dynamic registration sends.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TOOL_SCOPES, toolRegistration, toolUrls } from "./tool-configuration.ts";

const TOOL_URL = "https://studyhall.example.edu/lti";
const urls = toolUrls(TOOL_URL);

async function lmsSection(): Promise<string> {
  const readme = await readFile(path.resolve(import.meta.dirname, "../../../README.md"), "utf8");
  const start = readme.indexOf("## Add StudyHall to Canvas or Moodle");
  expect(start).toBeGreaterThan(-1);
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

interface CanvasPlacement {
  placement: string;
  message_type: string;
  target_link_uri: string;
}

describe("README: Add StudyHall to Canvas or Moodle", () => {
  it("gives Canvas a developer key with the tool's URLs, scopes and placements", async () => {
    const json = /```json\n([\s\S]*?)```/.exec(await lmsSection())?.[1];
    const key = JSON.parse(json ?? "null") as {
      target_link_uri: string;
      oidc_initiation_url: string;
      public_jwk_url: string;
      scopes: string[];
      extensions: Array<{ privacy_level: string; settings: { placements: CanvasPlacement[] } }>;
    };
    expect(key.target_link_uri).toBe(urls.launch);
    expect(key.oidc_initiation_url).toBe(urls.login);
    expect(key.public_jwk_url).toBe(urls.keys);
    expect(key.scopes).toEqual(TOOL_SCOPES);
    const placements = key.extensions[0]!.settings.placements;
    const registered = toolRegistration(TOOL_URL)["https://purl.imsglobal.org/spec/lti-tool-configuration"];
    const expected = registered.messages.flatMap((m) =>
      m.placements.map((placement) => ({
        placement,
        message_type: m.type,
        target_link_uri: m.target_link_uri,
      })),
    );
    expect(
      placements.map(({ placement, message_type, target_link_uri }) => ({
        placement,
        message_type,
        target_link_uri,
      })),
    ).toEqual(expected);
    expect(["public", "name_only"]).toContain(key.extensions[0]!.privacy_level);
  });

  it("names the tool's real URLs everywhere, and every setting the tool reads", async () => {
    const section = await lmsSection();
    // The registration URL is shown once with its key (`?key=…`), as the CLI prints it.
    const mentioned = new Set(
      section.match(/https:\/\/studyhall\.example\.edu\/[^\s`"|)]*/g)?.map((u) => u.replace(/\?key=…$/, "")),
    );
    expect(section).toContain(`${urls.register}?key=…`);
    expect([...mentioned].sort()).toEqual([urls.launch, urls.keys, urls.login, urls.register].sort());
    for (const setting of ["LTI_ENCRYPTION_KEY", "PUBLIC_URL", "LTI_SESSION_MINUTES"])
      expect(section).toContain(setting);
    // Canvas and Moodle each get an add-platform command with every required option.
    const commands = section.split("npx studyhall lti add-platform").slice(1);
    expect(commands).toHaveLength(2);
    for (const command of commands) {
      const block = command.slice(0, command.indexOf("```"));
      for (const option of [
        "--issuer",
        "--client-id",
        "--auth-url",
        "--token-url",
        "--jwks-url",
        "--deployment",
      ])
        expect(block).toContain(`${option} `);
    }
  });
});
