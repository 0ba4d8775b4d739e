// Minimal data to the AI provider, through the real Discord adapter (discord.js against the fake Discord
// gateway and REST) and the real `openai` SDK against the fake OpenAI server: a student whose username,
// snowflake id and guild are known to the bot asks with a classmate's and a role's mention and an email
// address; then every byte the provider received is read for them. The Slack side, with preferences,
// thread memory and quiz generation, is ai-minimal-data.int.test.ts.
import { addMaterial, bindSpace, createAi } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DiscordHarness,
  makeGuild,
  makeUser,
  startDiscordHarness,
} from "../support/fake-discord-harness.ts";
import { OPTION } from "../support/fake-discord-interactions.ts";
import { type FakeOpenAi, startFakeOpenAi } from "../support/fake-openai-server.ts";

const teacher = makeUser("rosa.rivera");
const student = makeUser("jane.doe.discord");
const classmate = makeUser("maria.garcia.discord");
const guild = makeGuild("Lincoln High biology", teacher);
const EMAIL = "jane.doe@lincoln-high.example";
const COURSE_NAME = "Biology 101";

let fake: FakeOpenAi;
let h: DiscordHarness;

beforeAll(async () => {
  fake = await startFakeOpenAi();
  // Every text embeds to the same vector, so every question reaches the chat model.
  fake.setEmbedder((_text, dimensions) => Array.from({ length: dimensions }, (_, i) => (i === 0 ? 1 : 0)));
  fake.setChatResponder(() => "Mitochondria produce ATP [1].");
  const ai = createAi({
    provider: "openai",
    apiKey: fake.apiKey,
    baseURL: fake.url,
    chatModel: "gpt-test",
    embeddingModel: "text-embedding-3-small",
    timeoutMs: 10_000,
    maxRetries: 0,
  });
  h = await startDiscordHarness({ guilds: [guild], ai });
  const actor = {
    platform: "DISCORD" as const,
    tenant: "",
    externalId: teacher.id,
    displayName: "Rosa Rivera",
  };
  const { course } = await bindSpace(h.database.prisma, {
    actor,
    space: { platform: "DISCORD", tenant: guild.id, channelId: guild.channelId },
    platformStaff: true,
    course: { create: COURSE_NAME },
  });
  const notes = `# ${COURSE_NAME}\n\n${COURSE_NAME} studies the cell. Mitochondria produce ATP, the cell's energy currency.\n`;
  await addMaterial(
    { actor, courseId: course.id, data: Buffer.from(notes), fileName: "welcome.md" },
    h.deps.ingest,
  );
});
afterAll(async () => {
  await h?.close();
  await fake?.close();
});

describe("minimal data to the AI provider, through Discord", () => {
  it("attack: /ask naming a classmate and a role by mention, with the student's email; no name, email, snowflake or internal id reaches the provider", async () => {
    const question = `Did <@${classmate.id}> or <@&${guild.staffRoleId}> say what mitochondria produce? Mail ${EMAIL}`;
    const ask = h.fake.slashCommand(
      { guildId: guild.id, channelId: guild.channelId, user: student },
      { name: "ask", options: [{ name: "question", type: OPTION.string, value: question }] },
    );
    await h.waitForEdit(
      ask,
      (_content, call) => Array.isArray(call.body.components) && call.body.components.length > 0,
    );
    const [chat] = fake.chatRequests();
    const messages = (chat!.body.messages as Array<{ content: string }>).map((m) => m.content);
    expect(messages.at(-1)).toContain(
      "Did @someone or @group say what mitochondria produce? Mail an email address",
    );
    // The course's name is expected: it is in the tutor's rules and in the material.
    expect(messages[0]).toContain(COURSE_NAME);

    const people = await h.database.prisma.user.findMany({ select: { id: true } });
    expect(people.length).toBeGreaterThanOrEqual(2);
    const forbidden = [
      student.id,
      student.username,
      classmate.id,
      classmate.username,
      "maria",
      teacher.id,
      teacher.username,
      "Rosa Rivera",
      EMAIL,
      "lincoln",
      guild.id,
      guild.channelId,
      guild.staffRoleId,
      h.fake.bot.id,
      ask.id,
      ask.token,
      ...people.map((p) => p.id),
    ];
    expect(fake.requests.length).toBeGreaterThan(1);
    for (const request of fake.requests) {
      const seen = `${request.raw}\n${JSON.stringify(request.headers)}`.toLowerCase();
      for (const value of forbidden)
        expect(seen, `${request.path} sent ${value}`).not.toContain(String(value).toLowerCase());
      for (const field of ["user", "safety_identifier", "metadata"])
        expect(request.body, `${request.path} sent ${field}`).not.toHaveProperty(field);
    }
  });
});
