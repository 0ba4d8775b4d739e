import { describeMember, startIdentityLink } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleMaterial } from "../../../test/support/course-fixtures.ts";
import {
  type DiscordHarness,
  makeGuild,
  makeUser,
  startDiscordHarness,
} from "../../../test/support/fake-discord-harness.ts";
import { OPTION } from "../../../test/support/fake-discord-interactions.ts";
import { PERMISSIONS } from "../../../test/support/fake-discord-payloads.ts";

const teacher = makeUser("teacher");
const student = makeUser("student");
const guild = makeGuild("Biology study group", teacher);
const inGuild = { guildId: guild.id, channelId: guild.channelId };
const asTeacher = { ...inGuild, user: teacher, permissions: PERMISSIONS.manageGuild };
const asStudent = { ...inGuild, user: student };
let h: DiscordHarness;

beforeAll(async () => {
  h = await startDiscordHarness({ guilds: [guild], settings: { staffRole: "course staff" } });
});
afterAll(() => h?.close());

describe("the Discord bot, through discord.js against a fake Discord", () => {
  it("logs in with minimal intents (no Message Content unless configured)", () => {
    const identify = h.fake.identifies[0]!;
    expect(identify.intents & (1 << 15)).toBe(0);
    expect(identify.intents & 1).toBe(1); // Guilds
  });

  it("lets a server manager link the channel to a new course", async () => {
    const setup = h.fake.slashCommand(asTeacher, {
      name: "setup",
      options: [{ name: "course", type: OPTION.string, value: "Biology 101" }],
    });
    const edit = await h.waitForEdit(setup, (content) => content.includes("Biology 101"));
    expect(edit.body.content).toContain("now linked to **Biology 101**");
    const callback = h.fake.callsFor(setup).find((c) => c.path.endsWith("/callback"))!;
    expect(callback.body).toMatchObject({ type: 5, data: { flags: 64 } });
  });

  it("ingests an attached file for staff, showing progress by editing the reply", async () => {
    const file = h.fake.serveFile("cell-biology.md", await sampleMaterial(), "text/markdown");
    const add = h.fake.slashCommand(asTeacher, {
      name: "materials",
      options: [
        {
          name: "add",
          type: OPTION.subcommand,
          options: [{ name: "file", type: OPTION.attachment, value: file.id }],
        },
      ],
      attachments: [file],
    });
    const done = await h.waitForEdit(
      add,
      (content) => content.includes("passages the tutor can now cite"),
      20_000,
    );
    expect(done.body.content).toMatch(/Added \*\*Cell Biology Basics\*\*/);
    const edits = h.fake.callsFor(add).filter((c) => c.method === "PATCH");
    expect(edits.some((c) => /▰|▱/.test(String(c.body.content)))).toBe(true);
    const materials = await h.database.prisma.material.findMany();
    expect(materials).toHaveLength(1);
    expect(materials[0]!.status).toBe("READY");
  });

  it("refuses a student's upload before downloading anything", async () => {
    const file = h.fake.serveFile("notes.md", Buffer.from("# Notes\n\nStudent notes."), "text/markdown");
    const add = h.fake.slashCommand(asStudent, {
      name: "materials",
      options: [
        {
          name: "add",
          type: OPTION.subcommand,
          options: [{ name: "file", type: OPTION.attachment, value: file.id }],
        },
      ],
      attachments: [file],
    });
    const refusal = await h.waitForEdit(add, (content) => content.includes("Only course staff"));
    expect(refusal.body.content).toContain("❌");
    expect(h.fake.calls.some((c) => c.path.includes(file.id))).toBe(false);
    expect(await h.database.prisma.material.count()).toBe(1);
  });

  it("asks for exactly one of file: and url:", async () => {
    const add = h.fake.slashCommand(asTeacher, {
      name: "materials",
      options: [{ name: "add", type: OPTION.subcommand, options: [] }],
    });
    const refusal = await h.waitForEdit(add, (content) => content.includes("❌"));
    expect(refusal.body.content).toContain(
      "Attach a file with the file option, or give a link with the url option",
    );
    expect(await h.database.prisma.material.count()).toBe(1);
  });

  it("answers /ask with citations and vote buttons, then starts a thread from the answer", async () => {
    const ask = h.fake.slashCommand(asStudent, {
      name: "ask",
      options: [{ name: "question", type: OPTION.string, value: "What do mitochondria produce?" }],
    });
    const final = await h.waitForEdit(
      ask,
      (_c, call) => Array.isArray(call.body.components) && call.body.components.length > 0,
    );
    expect(final.body.content).toMatch(/ATP/);
    expect(final.body.content).toContain("**Sources**");
    expect(final.body.content).toContain("Cell Biology Basics");
    const callback = h.fake.callsFor(ask).find((c) => c.path.endsWith("/callback"))!;
    expect(callback.body).toMatchObject({ type: 5 });
    expect(callback.at - ask.sentAt).toBeLessThan(3_000);
    const original = h.fake.interactions.get(ask.id)!.originalId!;
    const thread = await h.fake.waitFor(
      (c) => c.method === "POST" && c.path === `/channels/${guild.channelId}/messages/${original}/threads`,
    );
    expect(thread.body.name).toBe("What do mitochondria produce?");
  });

  it("continues the conversation in the answer's thread, with memory", async () => {
    const ask = h.fake.slashCommand(asStudent, {
      name: "ask",
      options: [{ name: "question", type: OPTION.string, value: "Tell me about the nucleus" }],
    });
    await h.waitForEdit(
      ask,
      (_c, call) => Array.isArray(call.body.components) && call.body.components.length > 0,
    );
    const threadId = h.fake.interactions.get(ask.id)!.originalId!;
    await h.fake.waitFor((c) => c.path === `/channels/${guild.channelId}/messages/${threadId}/threads`);
    // Without the Message Content intent Discord shows the bot only messages that mention it.
    h.fake.message(
      { ...inGuild, channelId: threadId, parentId: guild.channelId },
      student,
      `<@${h.fake.bot.id}> What controls what enters it?`,
      [h.fake.bot],
    );
    const answer = await h.fake.waitFor(
      (c) =>
        c.path.startsWith(`/channels/${threadId}/messages`) &&
        Array.isArray(c.body.components) &&
        c.body.components.length > 0,
    );
    expect(answer.body.content).toMatch(/nuclear pores/);
    const conversation = await h.database.prisma.conversation.findFirstOrThrow({
      where: { threadKey: `discord:thread:${threadId}` },
      include: { _count: { select: { messages: true } } },
    });
    expect(conversation._count.messages).toBe(4);
  });

  it("stores a 👍 from the asker and refuses a vote from someone else", async () => {
    const ask = h.fake.slashCommand(asStudent, {
      name: "ask",
      options: [{ name: "question", type: OPTION.string, value: "What is photosynthesis?" }],
    });
    const final = await h.waitForEdit(
      ask,
      (_c, call) => Array.isArray(call.body.components) && call.body.components.length > 0,
    );
    const rows = final.body.components as Array<{ components: Array<{ custom_id: string; label: string }> }>;
    const up = rows[0]!.components.find((b) => b.label.includes("👍"))!;
    const message = h.fake.messages.get(h.fake.interactions.get(ask.id)!.originalId!);
    const vote = h.fake.button(asStudent, up.custom_id, message);
    await h.waitForEdit(vote, (content) => content.includes("Thanks"));
    const messageId = up.custom_id.split(":")[2]!;
    expect((await h.database.prisma.message.findUniqueOrThrow({ where: { id: messageId } })).feedback).toBe(
      1,
    );

    const other = h.fake.button(asTeacher, up.custom_id.replace(":up", ":down"), message);
    await h.waitForEdit(other, (content) => content.includes("Only the person who asked"));
    expect((await h.database.prisma.message.findUniqueOrThrow({ where: { id: messageId } })).feedback).toBe(
      1,
    );
  });

  it("lists materials, suggests them by name, and removes one for staff only", async () => {
    const list = h.fake.slashCommand(asStudent, {
      name: "materials",
      options: [{ name: "list", type: OPTION.subcommand }],
    });
    const listed = await h.waitForEdit(list, (content) => content.includes("Cell Biology Basics"));
    expect(listed.body.content).toMatch(/1 material\b/);

    const suggest = h.fake.autocomplete(asTeacher, {
      name: "materials",
      options: [
        {
          name: "remove",
          type: OPTION.subcommand,
          options: [{ name: "material", type: OPTION.string, value: "cell", focused: true }],
        },
      ],
    });
    const choices = await h.fake.waitFor(
      (c) => c.path === `/interactions/${suggest.id}/${suggest.token}/callback`,
    );
    expect(choices.body).toMatchObject({ type: 8, data: { choices: [{ name: "Cell Biology Basics" }] } });
    const materialId = (choices.body.data as { choices: Array<{ value: string }> }).choices[0]!.value;

    const removeAs = (user: typeof asStudent) =>
      h.fake.slashCommand(user, {
        name: "materials",
        options: [
          {
            name: "remove",
            type: OPTION.subcommand,
            options: [{ name: "material", type: OPTION.string, value: materialId }],
          },
        ],
      });
    const refused = removeAs(asStudent);
    await h.waitForEdit(refused, (content) => content.includes("Only course staff"));
    expect(await h.database.prisma.material.count()).toBe(1);
    const removed = removeAs(asTeacher);
    await h.waitForEdit(removed, (content) => content.includes("Removed **Cell Biology Basics**"));
    expect(await h.database.prisma.material.count()).toBe(0);
  });

  it("shows and changes the answer policy (staff only)", async () => {
    const show = h.fake.slashCommand(asStudent, { name: "policy" });
    await h.waitForEdit(show, (content) => content.includes("full answers"));
    const change = (user: typeof asStudent) =>
      h.fake.slashCommand(user, {
        name: "policy",
        options: [{ name: "mode", type: OPTION.string, value: "HINTS" }],
      });
    await h.waitForEdit(change(asStudent), (content) => content.includes("Only course staff"));
    await h.waitForEdit(change(asTeacher), (content) => content.includes("hints"));
    const course = await h.database.prisma.course.findFirstOrThrow({ where: { name: "Biology 101" } });
    expect(course.answerPolicy).toBe("HINTS");
  });

  it("treats a member with the configured staff role as course staff", async () => {
    const ta = makeUser("assistant");
    const change = h.fake.slashCommand(
      { ...inGuild, user: ta, roles: [guild.staffRoleId] },
      { name: "policy", options: [{ name: "mode", type: OPTION.string, value: "FULL" }] },
    );
    await h.waitForEdit(change, (content) => content.includes("full answers"));
  });

  it("opens the preferences modal and saves what is submitted", async () => {
    const prefs = h.fake.slashCommand(asStudent, { name: "prefs" });
    const modal = await h.fake.waitFor((c) => c.path === `/interactions/${prefs.id}/${prefs.token}/callback`);
    expect(modal.body).toMatchObject({ type: 9, data: { custom_id: "sh:prefs" } });
    const select = (id: string, values: string[]) => ({
      type: 18,
      component: { type: 3, custom_id: id, values },
    });
    const submit = h.fake.modalSubmit(asStudent, "sh:prefs", [
      select("detailLevel", ["DETAILED"]),
      select("technicalLanguage", ["PLAIN"]),
      select("pace", ["SLOW"]),
      select("priorExperience", ["NEW"]),
      select("extras", ["analogies"]),
    ]);
    await h.waitForEdit(submit, (content) => content.includes("Saved"));
    const saved = await h.database.prisma.learnerPreference.findFirstOrThrow();
    expect(saved).toMatchObject({
      detailLevel: "DETAILED",
      technicalLanguage: "PLAIN",
      pace: "SLOW",
      examples: false,
      analogies: true,
    });
  });

  it("shows /me and /help privately", async () => {
    const me = h.fake.slashCommand(asStudent, { name: "me" });
    const shown = await h.waitForEdit(me, (content) => content.includes("Courses"));
    expect(shown.body.content).toContain("Biology 101 (student)");
    const help = h.fake.slashCommand(asStudent, { name: "help" });
    const helped = await h.waitForEdit(help, (content) => content.includes("/ask"));
    expect(helped.body.content).toContain("This channel belongs to **Biology 101**");
    // The whole list fits the one message, down to its last line.
    expect(helped.body.content).toContain("**Quizzes:**");
    for (const i of [me, help]) {
      expect(h.fake.interactions.get(i.id)!.ephemeral).toBe(true);
    }
  });

  it("links this Discord account to an LMS account with a code", async () => {
    const lti = { platform: "LTI" as const, tenant: "https://lms.example.edu", externalId: "lti-42" };
    const { code } = await startIdentityLink(h.database.prisma, { actor: lti });
    const link = h.fake.slashCommand(asStudent, {
      name: "link",
      options: [{ name: "code", type: OPTION.string, value: code }],
    });
    await h.waitForEdit(link, (content) => content.includes("Linked!"));
    const me = await describeMember(h.database.prisma, {
      platform: "DISCORD",
      tenant: "",
      externalId: student.id,
    });
    expect(me.platforms.sort()).toEqual(["DISCORD", "LTI"]);
  });

  it("explains a missing option privately", async () => {
    const ask = h.fake.slashCommand(asStudent, { name: "link", options: [] });
    const edit = await h.waitForEdit(ask, (content) => content.includes("Type the code"));
    expect(edit.body.content).toContain("❌");
  });
});
