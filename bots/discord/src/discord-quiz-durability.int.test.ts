import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DiscordHarness,
  makeGuild,
  makeUser,
  startDiscordHarness,
} from "../../../test/support/fake-discord-harness.ts";
import { type CommandOption, OPTION } from "../../../test/support/fake-discord-interactions.ts";
import { type FakeUser, PERMISSIONS, snowflake } from "../../../test/support/fake-discord-payloads.ts";
import {
  boardCalls,
  clickButton,
  seedQuizCourse,
  waitForBoard,
  waitForQuestion,
} from "../../../test/support/fake-discord-quiz.ts";
import type { DispatchedInteraction } from "../../../test/support/fake-discord-server.ts";

// A click counts exactly once (double clicks, a replayed gateway event, two bot processes that both
// receive it), late clicks are refused, one answer change is allowed only when the quiz says so, and a
// question's timer survives a restart of the bot in the middle of the question.
const teacher = makeUser("teacher");
const [ana, ben, cleo] = [makeUser("ana"), makeUser("ben"), makeUser("cleo")];
const guild = makeGuild("Biology server", teacher);
const channels = Array.from({ length: 3 }, (_, i) => ({ id: snowflake(), name: `durable-${i}` }));
guild.channels.push(...channels);
const [onceCh, changeCh, restartCh] = channels.map((c) => c.id) as [string, string, string];
const at = (channelId: string, user: FakeUser) => ({
  guildId: guild.id,
  channelId,
  user,
  ...(user === teacher ? { permissions: PERMISSIONS.manageGuild } : {}),
});
let h: DiscordHarness;

const edited = (i: DispatchedInteraction, text: string) => h.waitForEdit(i, (c) => c.includes(text));
const callbacks = (i: DispatchedInteraction) =>
  h.fake.callsFor(i).filter((c) => c.path.endsWith("/callback"));
const answersIn = (channelId: string) =>
  h.database.prisma.answer.findMany({ where: { session: { spaceId: channelId } }, include: { user: true } });

/** Opens the one-question quiz in `channelId` with `options`, starts it, and returns the question. */
async function openQuestion(channelId: string, options: CommandOption[] = []) {
  const start = h.fake.slashCommand(at(channelId, teacher), {
    name: "quiz",
    options: [
      {
        name: "start",
        type: OPTION.subcommand,
        options: [{ name: "quiz", type: OPTION.string, value: "Quick check" }, ...options],
      },
    ],
  });
  await edited(start, "lobby is open");
  const lobby = await waitForBoard(h.fake, channelId, (c) => c.includes("Live quiz"));
  clickButton(h.fake, at(channelId, teacher), lobby, "Start");
  return waitForQuestion(h, channelId, (c) => c.includes("Question 1 of 1"));
}

beforeAll(async () => {
  h = await startDiscordHarness({ guilds: [guild] });
  await seedQuizCourse(h, teacher, guild);
});
afterAll(() => h?.close());

describe("live quiz clicks and timers on Discord", () => {
  it("counts a click once: double clicks, a replayed event, two processes; refuses changes and late clicks", async () => {
    const question = await openQuestion(onceCh);
    const first = clickButton(h.fake, at(onceCh, ana), question, "A.");
    const second = clickButton(h.fake, at(onceCh, ana), question, "A.");
    const outcomes = await Promise.all([first, second].map((i) => edited(i, "ocked in")));
    expect(outcomes.map((o) => String(o.body.content).replace(/^ℹ️ /, "").slice(0, 18)).sort()).toEqual([
      "🔒 Already locked ",
      "🔒 Locked in: A. N",
    ]);

    // The gateway replays the first click: Discord refuses a second acknowledgement, nothing changes.
    h.fake.redeliver(first);
    await h.fake.waitFor(() => callbacks(first).length === 2);
    expect(callbacks(first).map((c) => c.status)).toEqual([200, 400]);

    // A second bot process receives every click too (two sessions on one shard): one answers it.
    const other = await h.startSecondBot();
    h.fake.setInteractionDelivery("all");
    try {
      const both = clickButton(h.fake, at(onceCh, ben), question, "B.");
      await edited(both, "Locked in: B. Cell wall");
      await h.fake.waitFor(() => callbacks(both).length === 2);
      expect(
        callbacks(both)
          .map((c) => c.status)
          .sort(),
      ).toEqual([200, 400]);
    } finally {
      h.fake.setInteractionDelivery("first");
      await other.stop();
    }

    const change = clickButton(h.fake, at(onceCh, ana), question, "C.");
    expect((await edited(change, "cannot be changed")).body.content).toContain(
      "already locked in: A. Nucleus",
    );
    clickButton(h.fake, at(onceCh, teacher), question, "Skip");
    await waitForBoard(h.fake, onceCh, (c) => c.includes("time is up"));
    await edited(clickButton(h.fake, at(onceCh, cleo), question, "A."), "Too late");

    const answers = await answersIn(onceCh);
    expect(answers.map((a) => [a.user.displayName, a.choices]).sort()).toEqual([
      ["ana", [0]],
      ["ben", [1]],
    ]);
    const edits = h.fake.calls.filter((c) => c.method === "PATCH" && c.path.includes(second.token));
    expect(edits).toHaveLength(1);
  });

  it("allows one answer change when the host says so", async () => {
    const question = await openQuestion(changeCh, [{ name: "allow_change", type: 5, value: true }]);
    const say = (label: string, text: string) =>
      edited(clickButton(h.fake, at(changeCh, ana), question, label), text);
    await say("C.", "You can change your answer once");
    await say("A.", "Changed to: A. Nucleus");
    await say("B.", "cannot be changed");
    const [answer] = await answersIn(changeCh);
    expect(answer).toMatchObject({ choices: [0], changes: 1, credit: 1 });
  });

  it("finishes a question on its timer after the bot restarts mid-question, editing the same message", async () => {
    const question = await openQuestion(restartCh, [{ name: "seconds", type: 4, value: 5 }]);
    await edited(clickButton(h.fake, at(restartCh, ana), question, "A."), "Locked in");
    await h.restart();
    // The new process knows the game from the database alone: clicks and the timer go on.
    await edited(clickButton(h.fake, at(restartCh, ben), question, "B."), "Locked in");
    const reveal = await waitForBoard(h.fake, restartCh, (c) => c.includes("time is up"), 12_000);
    // Revealed by the timer when the question's time ran out (the countdown's deadline, in whole
    // seconds), not before; nobody pressed anything after the restart but Ben's answer. How soon after
    // the deadline depends on the machine, and is left to the wait above.
    const endsAt = Number(/<t:(\d+):R>/.exec(question.content)![1]) * 1_000;
    const revealedAt = performance.timeOrigin + reveal.call.at;
    expect(revealedAt).toBeGreaterThan(endsAt - 1_000);
    expect(reveal.messageId).toBe(question.messageId);
    expect(reveal.content).toContain("✅ A. Nucleus — 1");
    expect(reveal.content).toContain("B. Cell wall — 1");
    expect(boardCalls(h.fake, restartCh).filter((c) => c.method === "POST")).toHaveLength(1);
    expect(h.fake.peakChannelEdits(restartCh)).toBeLessThanOrEqual(5);
  }, 30_000);
});
