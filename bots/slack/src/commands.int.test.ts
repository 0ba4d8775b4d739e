import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { describeMember, startIdentityLink } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleMaterial } from "../../../test/support/course-fixtures.ts";
import { interactive, viewSubmissionPayload } from "../../../test/support/fake-slack-payloads.ts";
import { blockKitText } from "./render/block-kit-text.ts";
import type { SlackBlock } from "./render/to-block-kit.ts";
import { slackActor } from "./slack/slack-identity.ts";
import { startTestSlackApp, TEAM_A, type TestSlackApp } from "./testing/start-test-slack-app.ts";

// Every `/studyhall` subcommand through real Bolt: what the person sees and what changed.
let t: TestSlackApp;
let files: Server;
let filesUrl = "";
const ADMIN = "U0ADMINA";
const STUDENT = "U0STU1";

/** Runs a command that answers later and returns what was posted to its response_url. */
async function run(user: string, channel: string, text: string) {
  const result = await t.command(user, channel, text);
  expect(result.status).toBe(200);
  await t.frontEnd.idle();
  const path = new URL(result.responseUrl).pathname;
  const response = await t.api.waitForResponse((r) => r.path === path);
  return {
    ack: result.text,
    body: response.body,
    text: blockKitText((response.body.blocks ?? []) as SlackBlock[]),
  };
}

/** The text of an immediate answer carried by the ack itself. */
function ackText(raw: string): string {
  return blockKitText((JSON.parse(raw) as { blocks: SlackBlock[] }).blocks);
}

beforeAll(async () => {
  t = await startTestSlackApp();
  const material = await sampleMaterial();
  files = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/markdown" });
    res.end(material);
  });
  await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}/cell-biology.md`;
});
afterAll(async () => {
  await t?.close();
  files?.close();
});

describe("/studyhall help and bad input", () => {
  it("answers help in the ack itself, privately", async () => {
    const result = await t.command(STUDENT, "C0BIO", "help");
    expect(JSON.parse(result.text)).toMatchObject({ response_type: "ephemeral" });
    // Slack mrkdwn escapes < and > as entities; Slack shows them as typed.
    expect(ackText(result.text)).toMatch(/\/studyhall ask &lt;question&gt;[\s\S]*\/studyhall policy/);
    expect(result.ms).toBeLessThan(3000);
  });

  it("explains unknown subcommands and missing arguments", async () => {
    expect(ackText((await t.command(STUDENT, "C0BIO", "dance")).text)).toMatch(/I don't know `dance`/);
    expect(ackText((await t.command(STUDENT, "C0BIO", "ask")).text)).toMatch(
      /Type your question after `ask`/,
    );
    expect(ackText((await t.command(STUDENT, "C0BIO", "policy loud")).text)).toMatch(
      /full`, `hints` or `socratic/,
    );
  });
});

describe("/studyhall setup", () => {
  it("refuses someone who does not administer the workspace", async () => {
    const { text } = await run(STUDENT, "C0BIO", "setup Biology 101");
    expect(text).toMatch(/Only people who manage this server or workspace/);
    expect(await t.deps.db.courseSpace.count()).toBe(0);
  });

  it("links the channel to a new course for an admin, publicly", async () => {
    const { body, text } = await run(ADMIN, "C0BIO", "setup Biology 101");
    expect(body.response_type).toBe("in_channel");
    expect(text).toMatch(/now linked to \*Biology 101\* \(a new course\)/);
    const space = await t.deps.db.courseSpace.findFirstOrThrow({ include: { course: true } });
    expect(space).toMatchObject({ platform: "SLACK", tenant: TEAM_A.teamId, externalId: "C0BIO" });
    expect(space.course.name).toBe("Biology 101");
  });

  it("gives staff a code that links a second channel to the same course", async () => {
    const { text } = await run(ADMIN, "C0BIO", "setup");
    const code = /setup code ([A-Z0-9-]+)/.exec(text)?.[1];
    expect(code).toBeDefined();
    const second = await run(ADMIN, "C0BIO2", `setup code ${code}`);
    expect(second.text).toMatch(/now linked to \*Biology 101\*\./);
    const spaces = await t.deps.db.courseSpace.findMany();
    expect(new Set(spaces.map((s) => s.courseId)).size).toBe(1);
    expect(spaces.map((s) => s.externalId).sort()).toEqual(["C0BIO", "C0BIO2"]);
  });
});

describe("/studyhall materials", () => {
  it("says when there are none yet", async () => {
    expect((await run(STUDENT, "C0BIO", "materials")).text).toMatch(/no materials yet/);
  });

  it("refuses a student who tries to add a link, before downloading anything", async () => {
    const { text } = await run(STUDENT, "C0BIO", `materials add ${filesUrl}`);
    expect(text).toMatch(/Only course staff/);
    expect(await t.deps.db.material.count()).toBe(0);
  });

  it("adds a link for staff, with progress in the channel, then lists it", async () => {
    t.api.reset();
    const result = await t.command(ADMIN, "C0BIO", `materials add <${filesUrl}>`);
    expect(result.status).toBe(200);
    await t.frontEnd.idle();
    const [progress] = t.api.callsTo("chat.postMessage");
    expect(blockKitText(progress!.args.blocks as SlackBlock[])).toMatch(/Downloading/);
    const final = t.api.callsTo("chat.update").at(-1);
    expect(blockKitText(final!.args.blocks as SlackBlock[])).toMatch(
      /Added \*Cell Biology Basics\* to Biology 101: \d+ passages/,
    );
    const list = await run(STUDENT, "C0BIO", "materials");
    expect(list.text).toMatch(/1\. \*Cell Biology Basics\* \(markdown\) · \d+ passages/);
  });

  it("removes a material by its number, for staff only", async () => {
    expect((await run(STUDENT, "C0BIO", "materials remove 1")).text).toMatch(/Only course staff/);
    expect((await run(ADMIN, "C0BIO", "materials remove 7")).text).toMatch(/no material number 7/);
    expect((await run(ADMIN, "C0BIO", "materials remove 1")).text).toMatch(/Removed \*Cell Biology Basics\*/);
    expect(await t.deps.db.material.count()).toBe(0);
  });

  it("refuses links to private network addresses when not allowed", async () => {
    // The harness allows 127.0.0.1 so the happy path can be tested; production does not (see tuning,
    // and test/security/ssrf-slack.int.test.ts for the adapter with production's policy).
    const { fetchMaterialUrl } = await import("@studyhall/core");
    await expect(fetchMaterialUrl(filesUrl, { allowPrivateHosts: false })).rejects.toMatchObject({
      userMessage: expect.stringMatching(/private or reserved network address \(127\.0\.0\.1\)/),
    });
  });
});

describe("/studyhall ask", () => {
  it("tells the asker how to fix it when the app is not in the channel", async () => {
    t.api.failNext("chat.postMessage", "not_in_channel");
    const { text, body } = await run(STUDENT, "C0BIO", "ask What do mitochondria produce?");
    expect(body.response_type).toBe("ephemeral");
    expect(text).toMatch(/not in this channel yet.*\/invite @StudyHall/);
  });
});

describe("/studyhall policy", () => {
  it("is for course staff only and changes how the tutor answers", async () => {
    expect((await run(STUDENT, "C0BIO", "policy hints")).text).toMatch(/Only course staff can do that/);
    const { body, text } = await run(ADMIN, "C0BIO", "policy hints");
    expect(body.response_type).toBe("in_channel");
    expect(text).toMatch(/now gives hints/);
    const course = await t.deps.db.course.findFirstOrThrow({ where: { name: "Biology 101" } });
    expect(course.answerPolicy).toBe("HINTS");
  });

  it("says the channel is not linked when it is not", async () => {
    expect((await run(ADMIN, "C0ELSEWHERE", "policy full")).text).toMatch(/not linked to a course yet/);
  });
});

describe("/studyhall prefs", () => {
  it("opens the preferences modal with the trigger id, and saves what is submitted", async () => {
    t.api.reset();
    const result = await t.command(STUDENT, "C0BIO", "prefs");
    expect(result.status).toBe(200);
    const [open] = await t.api.waitFor("views.open");
    expect(open!.args.trigger_id).toBeTruthy();
    expect(open!.args.view).toMatchObject({ type: "modal", callback_id: "sh:prefs" });
    const option = (value: string) => ({ type: "static_select", selected_option: { value } });
    const submitted = viewSubmissionPayload({
      teamId: TEAM_A.teamId,
      userId: STUDENT,
      callbackId: "sh:prefs",
      values: {
        detailLevel: { detailLevel: option("DETAILED") },
        technicalLanguage: { technicalLanguage: option("PLAIN") },
        pace: { pace: option("SLOW") },
        priorExperience: { priorExperience: option("NEW") },
        extras: { extras: { type: "checkboxes", selected_options: [{ value: "analogies" }] } },
      },
    });
    const ack = await t.send(interactive(submitted));
    expect(ack.status).toBe(200);
    await t.frontEnd.idle();
    const me = await describeMember(t.deps.db, slackActor(TEAM_A.teamId, STUDENT));
    expect(me.preferences).toEqual({
      detailLevel: "DETAILED",
      technicalLanguage: "PLAIN",
      pace: "SLOW",
      priorExperience: "NEW",
      examples: false,
      analogies: true,
    });
  });

  it("shows an error on the form for an invalid submission and saves nothing", async () => {
    const submitted = viewSubmissionPayload({
      teamId: TEAM_A.teamId,
      userId: STUDENT,
      callbackId: "sh:prefs",
      values: { detailLevel: { detailLevel: { selected_option: { value: "ENORMOUS" } } } },
    });
    const ack = await t.send(interactive(submitted));
    expect(JSON.parse(ack.text)).toMatchObject({ response_action: "errors" });
    const me = await describeMember(t.deps.db, slackActor(TEAM_A.teamId, STUDENT));
    expect(me.preferences.detailLevel).toBe("DETAILED");
  });
});

describe("/studyhall link and me", () => {
  it("joins this Slack account to a Discord account with a code", async () => {
    const discord = { platform: "DISCORD" as const, tenant: "", externalId: "987654321" };
    const { code } = await startIdentityLink(t.deps.db, { actor: discord });
    const { text } = await run(STUDENT, "C0BIO", `link ${code}`);
    expect(text).toMatch(/Linked\./);
    const me = await describeMember(t.deps.db, slackActor(TEAM_A.teamId, STUDENT));
    expect(me.platforms.sort()).toEqual(["DISCORD", "SLACK"]);
    expect(me.courses.map((c) => c.name)).toEqual(["Biology 101"]);
  });

  it("refuses a code that is not valid", async () => {
    expect((await run(STUDENT, "C0BIO", "link ZZZZ-ZZZZ")).text).toMatch(/That code is not valid/);
  });

  it("shows the person's courses, accounts and preferences privately", async () => {
    const { body, text } = await run(STUDENT, "C0BIO", "me");
    expect(body.response_type).toBe("ephemeral");
    expect(text).toMatch(/Biology 101 \(student\)/);
    expect(text).toMatch(/Linked accounts\*\n(.*, )?discord, slack/);
    expect(text).toMatch(/detail: detailed/);
  });
});

describe("unexpected failures", () => {
  it("show a short message with a reference id that is also in the log", async () => {
    t.api.failNext("views.open", "internal_error");
    const { responseUrl } = await t.command(STUDENT, "C0BIO", "prefs");
    await t.frontEnd.idle();
    const response = await t.api.waitForResponse((r) => r.path === new URL(responseUrl).pathname);
    const ref = /reference to your admin: ([0-9A-F]{8})/.exec(JSON.stringify(response.body))?.[1];
    expect(ref).toBeDefined();
    const logged = t.logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.ref === ref);
    expect(logged).toMatchObject({
      level: 50,
      msg: "unexpected error",
      platform: "slack",
      tenant: TEAM_A.teamId,
    });
    expect(JSON.stringify(logged)).not.toContain(TEAM_A.botToken);
  });
});
