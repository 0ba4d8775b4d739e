import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DiscordHarness,
  makeGuild,
  makeUser,
  startDiscordHarness,
} from "../../../test/support/fake-discord-harness.ts";
import { OPTION } from "../../../test/support/fake-discord-interactions.ts";
import { PERMISSIONS, snowflake } from "../../../test/support/fake-discord-payloads.ts";
import { clickButton, seedQuizCourse, waitForBoard } from "../../../test/support/fake-discord-quiz.ts";

// A question's clock starts when Discord has accepted the message edit that shows it, not when the game
// moved on: the edit-rate wait and the edit itself do not count against the players.
const teacher = makeUser("teacher");
const ana = makeUser("ana");
const guild = makeGuild("Biology server", teacher);
const channelId = snowflake();
guild.channels.push({ id: channelId, name: "quiz-clock" });
let h: DiscordHarness;
let quick: string;

const at = (user: typeof teacher) => ({
  guildId: guild.id,
  channelId,
  user,
  ...(user === teacher ? { permissions: PERMISSIONS.manageGuild } : {}),
});

beforeAll(async () => {
  h = await startDiscordHarness({ guilds: [guild] });
  ({ quick } = await seedQuizCourse(h, teacher, guild));
}, 120_000);
afterAll(() => h?.close());

async function databaseNow(): Promise<number> {
  const [row] = await h.database.prisma.$queryRaw<Array<{ now: Date }>>`SELECT clock_timestamp() AS now`;
  return row!.now.getTime();
}

describe("a live question's clock in Discord", () => {
  it("runs from the moment Discord accepted the edit showing the question: deadline = acceptance + the question's seconds", async () => {
    const start = h.fake.slashCommand(at(teacher), {
      name: "quiz",
      options: [
        {
          name: "start",
          type: OPTION.subcommand,
          options: [
            { name: "quiz", type: OPTION.string, value: quick },
            { name: "seconds", type: 4, value: 5 },
          ],
        },
      ],
    });
    await h.waitForEdit(start, (c) => c.includes("lobby is open"));
    const lobby = await waitForBoard(h.fake, channelId, (c) => c.includes("Live quiz"));
    await h.waitForEdit(clickButton(h.fake, at(ana), lobby, "Join"), (c) => c.includes("You're in!"));
    await waitForBoard(h.fake, channelId, (c) => c.includes("**Players:** 1"));

    // Discord holds the edit that shows the question until the test lets it through.
    const held = h.fake.holdNext(
      (call) => call.method === "PATCH" && String(call.body.content ?? "").includes("Where is DNA kept?"),
    );
    clickButton(h.fake, at(teacher), lobby, "Start");
    const shown = await waitForBoard(h.fake, channelId, (c) => c.includes("Where is DNA kept?"));

    const session = () => h.database.prisma.quizSession.findFirstOrThrow({ where: { spaceId: channelId } });
    expect(await session()).toMatchObject({ state: "QUESTION", questionStartedAt: null });
    // A click that arrives before Discord has shown the question is refused and not counted.
    const early = clickButton(h.fake, at(ana), shown, "A.");
    expect((await h.waitForEdit(early, (c) => c.includes("not opened yet"))).body.content).toMatch(
      /has not opened yet/,
    );
    expect(await h.database.prisma.answer.count()).toBe(0);

    const beforeAcceptance = await databaseNow();
    held.release();
    let opened = await session();
    while (!opened.questionStartedAt) {
      await new Promise((resolve) => setImmediate(resolve));
      opened = await session();
    }
    const afterAcceptance = await databaseNow();
    const startedAt = opened.questionStartedAt.getTime();
    expect(startedAt).toBeGreaterThanOrEqual(beforeAcceptance);
    expect(startedAt).toBeLessThanOrEqual(afterAcceptance);
    expect(opened.questionEndsAt!.getTime()).toBe(startedAt + 5000);

    const locked = clickButton(h.fake, at(ana), shown, "A.");
    expect((await h.waitForEdit(locked, (c) => c.includes("Locked in"))).body.content).toContain(
      "Locked in: A. Nucleus",
    );
    expect(await h.database.prisma.answer.count()).toBe(1);
  }, 120_000);
});
