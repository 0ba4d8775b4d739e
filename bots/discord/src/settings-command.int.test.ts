import { bindSpace } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DiscordHarness,
  makeGuild,
  makeUser,
  startDiscordHarness,
} from "../../../test/support/fake-discord-harness.ts";
import { OPTION } from "../../../test/support/fake-discord-interactions.ts";

// `/settings` through real discord.js against the fake gateway: shown and changed by staff only, bad
// values refused naming each, nothing half-saved.
const teacher = makeUser("teacher-settings");
const student = makeUser("student-settings");
const guild = makeGuild("Study group", teacher);
const asTeacher = { guildId: guild.id, channelId: guild.channelId, user: teacher };
const asStudent = { guildId: guild.id, channelId: guild.channelId, user: student };
const BOOLEAN = 5;

let h: DiscordHarness;
let courseId = "";

beforeAll(async () => {
  h = await startDiscordHarness({ guilds: [guild] });
  const { course } = await bindSpace(h.database.prisma, {
    actor: { platform: "DISCORD", tenant: "", externalId: teacher.id },
    space: { platform: "DISCORD", tenant: guild.id, channelId: guild.channelId },
    platformStaff: true,
    course: { create: "Study group course" },
  });
  courseId = course.id;
});
afterAll(() => h?.close());

const option = (name: string, value: string | boolean) => ({
  name,
  type: typeof value === "boolean" ? BOOLEAN : OPTION.string,
  value,
});

async function settings(who: typeof asTeacher, options: Array<ReturnType<typeof option>>, expected: RegExp) {
  const interaction = h.fake.slashCommand(who, { name: "settings", options });
  const edit = await h.waitForEdit(interaction, (content) => expected.test(content));
  return String(edit.body.content);
}

const stored = async () => ({
  course: await h.database.prisma.course.findUniqueOrThrow({
    where: { id: courseId },
    select: {
      hostPolicy: true,
      materialsPolicy: true,
      answerPolicy: true,
      leaderboardEnabled: true,
      quizDefaults: true,
    },
  }),
  budgets: await h.database.prisma.budget.findMany({ where: { courseId } }),
});

describe("/settings", () => {
  it("refuses a student, both to show and to change, and changes nothing", async () => {
    const before = await stored();
    await settings(asStudent, [], /Only course staff can do that/);
    await settings(asStudent, [option("hosts", "anyone")], /Only course staff can do that/);
    expect(await stored()).toEqual(before);
  });

  it("shows staff the settings in force when given no options", async () => {
    const text = await settings(asTeacher, [], /The settings of \*\*Study group course\*\*/);
    expect(text).toMatch(/Start live quizzes:\*\* course staff only/);
    expect(text).toMatch(/Tutor answers:\*\* Full answers/);
  });

  it("refuses out-of-range values naming each, and saves none of the options beside them", async () => {
    const before = await stored();
    const text = await settings(
      asTeacher,
      [option("hosts", "anyone"), option("seconds", "2"), option("questions_per_hour", "-1")],
      /must be a whole number/,
    );
    expect(text).toMatch(/Seconds per question must be a whole number from 5 to 300\./);
    expect(text).toMatch(/Questions per student per hour must be a whole number from 0 to 10000\./);
    expect(await stored()).toEqual(before);
  });

  it("changes only the options given and shows the result", async () => {
    const text = await settings(
      asTeacher,
      [
        option("hosts", "anyone"),
        option("materials", "anyone"),
        option("streaks", false),
        option("leaderboard", false),
        option("tokens_per_course", "0"),
      ],
      /Saved\./,
    );
    expect(text).toMatch(/Start live quizzes:\*\* anyone in the course/);
    expect(text).toMatch(/AI tokens for the course per day:\*\* no limit/);
    expect(text).toMatch(/Course leaderboard:\*\* off/);
    const { course, budgets } = await stored();
    expect(course).toMatchObject({
      hostPolicy: "ENROLLED",
      materialsPolicy: "ENROLLED",
      answerPolicy: "FULL",
      leaderboardEnabled: false,
      quizDefaults: { streaks: false },
    });
    expect(budgets).toEqual([
      expect.objectContaining({ scope: "COURSE", maxTokens: null, maxRequests: null }),
    ]);
  });
});
