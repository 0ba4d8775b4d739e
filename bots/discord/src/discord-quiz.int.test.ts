import { createAi } from "@studyhall/core";
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
  privateFollowUps,
  seedQuizCourse,
  waitForBoard,
  waitForQuestion,
} from "../../../test/support/fake-discord-quiz.ts";
import type { DispatchedInteraction } from "../../../test/support/fake-discord-server.ts";
import { type FakeOpenAi, startFakeOpenAi } from "../../../test/support/fake-openai-server.ts";

// Live quizzes through the real discord.js client against the fake Discord: whole games, the answer
// forms, options (teams from roles, hidden rankings), results and CSV export, and generation with a
// model that returns broken JSON. Host buttons move the games on; durability is in the next file.
const teacher = makeUser("teacher");
const [ana, ben, cleo] = [makeUser("ana"), makeUser("ben"), makeUser("cleo")];
const guild = makeGuild("Biology server", teacher);
const red = { id: snowflake(), name: "Team Red", permissions: "0" };
const blue = { id: snowflake(), name: "Team Blue", permissions: "0" };
guild.roles.push(red, blue);
const channels = Array.from({ length: 6 }, (_, i) => ({ id: snowflake(), name: `quiz-${i}` }));
guild.channels.push(...channels);
const [gameCh, teamCh, hiddenCh, chA, chB] = channels.map((c) => c.id) as [
  string,
  string,
  string,
  string,
  string,
];

const at = (channelId: string, user: FakeUser, roles?: string[]) => ({
  guildId: guild.id,
  channelId,
  user,
  ...(roles ? { roles } : {}),
  ...(user === teacher ? { permissions: PERMISSIONS.manageGuild } : {}),
});
let h: DiscordHarness;
let openai: FakeOpenAi;
let quizzes: Awaited<ReturnType<typeof seedQuizCourse>>;

const quiz = (channelId: string, user: FakeUser, sub: string, options: CommandOption[] = []) =>
  h.fake.slashCommand(at(channelId, user), {
    name: "quiz",
    options: [{ name: sub, type: OPTION.subcommand, options }],
  });
const str = (name: string, value: string | boolean | number): CommandOption => ({
  name,
  type: typeof value === "boolean" ? 5 : typeof value === "number" ? 4 : OPTION.string,
  value,
});
const edited = (i: DispatchedInteraction, text: string) => h.waitForEdit(i, (c) => c.includes(text));
const callback = (i: DispatchedInteraction) => h.fake.callsFor(i).find((c) => c.path.endsWith("/callback"))!;

/** Starts `quizId` in `channelId` as the teacher and returns the lobby message. */
async function openLobby(channelId: string, quizId: string, options: CommandOption[] = []) {
  const start = quiz(channelId, teacher, "start", [str("quiz", quizId), ...options]);
  await edited(start, "lobby is open");
  return waitForBoard(h.fake, channelId, (c) => c.includes("Live quiz"));
}

beforeAll(async () => {
  openai = await startFakeOpenAi();
  const ai = createAi({
    provider: "openai",
    apiKey: openai.apiKey,
    baseURL: openai.url,
    chatModel: "gpt-test",
    embeddingModel: "text-embedding-3-small",
    timeoutMs: 5_000,
    maxRetries: 0,
  });
  h = await startDiscordHarness({ guilds: [guild], ai });
  quizzes = await seedQuizCourse(h, teacher, guild);
});
afterAll(async () => {
  await h?.close();
  await openai?.close();
});

describe("live quizzes on Discord", () => {
  it("plays a whole game: lobby, buttons, forms, reveals, podium, private results, report and CSV", async () => {
    let board = await openLobby(gameCh, quizzes.organelles);
    expect(board.call.method).toBe("POST");
    const tokens = new Map<FakeUser, string[]>([
      [ana, []],
      [ben, []],
      [cleo, []],
    ]);
    const as = (user: FakeUser, i: DispatchedInteraction) => {
      tokens.get(user)?.push(i.token);
      return i;
    };
    for (const p of [ana, ben, cleo])
      await edited(as(p, clickButton(h.fake, at(gameCh, p), board, "Join")), "You're in!");
    await waitForBoard(h.fake, gameCh, (c) => c.includes("**Players:** 3"));
    clickButton(h.fake, at(gameCh, teacher), board, "Start");
    board = await waitForQuestion(h, gameCh, (c) => c.includes("Question 1 of 4"));
    expect(board.content).toMatch(/Time left:\*\* ends <t:\d+:R>/);
    expect(board.components.map((r) => r.components.map((c) => c.label))).toEqual([
      ["A. Nucleus", "B. Mitochondria", "C. Ribosome"],
      ["Pause", "Skip", "End quiz"],
    ]);

    const a1 = as(ana, clickButton(h.fake, at(gameCh, ana), board, "B."));
    expect((await edited(a1, "Locked in")).body.content).toContain("Locked in: B. Mitochondria");
    expect(callback(a1).body).toMatchObject({ type: 5, data: { flags: 64 } });
    await edited(as(ben, clickButton(h.fake, at(gameCh, ben), board, "B.")), "Locked in");
    await edited(as(cleo, clickButton(h.fake, at(gameCh, cleo), board, "A.")), "Locked in");
    clickButton(h.fake, at(gameCh, teacher), board, "Skip");
    board = await waitForBoard(h.fake, gameCh, (c) => c.includes("time is up"));
    expect(board.content).toContain("✅ B. Mitochondria — 2");
    expect(board.content).toContain("A. Nucleus — 1");
    expect(board.content).toContain("Cellular respiration happens in the mitochondria.");
    expect(board.content).toContain("[1] Cell Biology Basics");
    expect(board.content).toMatch(
      /\*\*Leaderboard\*\*\n1\. (ana|ben) — \d+\n\d\. (ana|ben) — \d+\n3\. cleo — 0/,
    );

    // Multiple select: an ephemeral menu; the selection replaces it with the outcome.
    clickButton(h.fake, at(gameCh, teacher), board, "Next question");
    board = await waitForQuestion(h, gameCh, (c) => c.includes("Question 2 of 4"));
    const open = as(ana, clickButton(h.fake, at(gameCh, ana), board, "Answer"));
    const menu = await h.waitForEdit(open, (_c, call) =>
      JSON.stringify(call.body.components).includes('"type":3'),
    );
    const select = (menu.body.components as Array<{ components: Array<Record<string, unknown>> }>)[0]!
      .components[0]!;
    expect(select).toMatchObject({ min_values: 1, max_values: 3 });
    const menuMessage = h.fake.messages.get(h.fake.interactions.get(open.id)!.originalId!)!;
    const chosen = as(
      ana,
      h.fake.selectMenu(at(gameCh, ana), String(select.custom_id), ["0", "2"], menuMessage),
    );
    const locked = await edited(chosen, "Locked in");
    expect(locked.body.content).toContain("Locked in: A. Nucleus, C. Mitochondria");
    expect(locked.body.components).toEqual([]);
    expect(callback(chosen).body).toMatchObject({ type: 6 });
    expect(locked.path).toContain(`/messages/@original`);
    expect(h.fake.messages.get(String(menuMessage.id))!.content).toContain("Locked in");

    // A number: a modal; a word is refused with a clear message, a number is locked in.
    clickButton(h.fake, at(gameCh, teacher), board, "Skip");
    board = await waitForBoard(
      h.fake,
      gameCh,
      (c) => c.includes("Question 2 of 4") && c.includes("time is up"),
    );
    clickButton(h.fake, at(gameCh, teacher), board, "Next question");
    board = await waitForQuestion(h, gameCh, (c) => c.includes("Question 3 of 4"));
    const typed = (user: FakeUser, value: string) => {
      const button = clickButton(h.fake, at(gameCh, user), board, "Answer");
      return h.fake
        .waitFor((c) => c.path === `/interactions/${button.id}/${button.token}/callback`)
        .then((modal) => {
          expect(modal.body).toMatchObject({ type: 9 });
          const data = modal.body.data as { custom_id: string; components: unknown[] };
          expect(JSON.stringify(data.components)).toContain("How many chromosomes");
          return as(
            user,
            h.fake.modalSubmit(at(gameCh, user), data.custom_id, [
              { type: 10, id: 1 },
              { type: 18, id: 2, component: { type: 4, id: 3, custom_id: "answer", value } },
            ]),
          );
        });
    };
    await edited(await typed(ben, "forty-six"), "is not a number");
    expect((await edited(await typed(ben, "46"), "Locked in")).body.content).toContain("Locked in: 46");
    clickButton(h.fake, at(gameCh, teacher), board, "Skip");
    board = await waitForBoard(
      h.fake,
      gameCh,
      (c) => c.includes("Question 3 of 4") && c.includes("Correct:** 1 of 1"),
    );
    clickButton(h.fake, at(gameCh, teacher), board, "Next question");
    board = await waitForQuestion(h, gameCh, (c) => c.includes("Question 4 of 4"));
    clickButton(h.fake, at(gameCh, teacher), board, "Skip");
    board = await waitForBoard(
      h.fake,
      gameCh,
      (c) => c.includes("Question 4 of 4") && c.includes("time is up"),
    );
    clickButton(h.fake, at(gameCh, teacher), board, "Show results");
    board = await waitForBoard(h.fake, gameCh, (c) => c.includes("final results"));
    expect(board.content).toMatch(/🥇 \*\*ana\*\* — \d+ pts/);
    expect(board.components[0]!.components.map((c) => c.label)).toEqual(["My result"]);

    // Each player's result arrives privately through their latest interaction token.
    await h.fake.waitFor(() =>
      [ana, ben, cleo].every((p) => privateFollowUps(h.fake, tokens.get(p)!).length > 0),
    );
    const result = (p: FakeUser) => String(privateFollowUps(h.fake, tokens.get(p)!)[0]!.body.content);
    expect(result(ana)).toContain("**Your result: Organelles**");
    expect(result(ana)).toContain("**Place:** 1 of 3");
    expect(result(cleo)).toMatch(/❌ Q1: A\. Nucleus \(answer: B\. Mitochondria\)/);
    // An ephemeral is lost on reload: the result says where to find it again, and /me shows it.
    expect(result(ana)).toContain("again any time with `/me`");
    const me = h.fake.slashCommand(at(gameCh, ana), { name: "me" });
    expect((await edited(me, "Recent quiz results")).body.content).toMatch(
      /Recent quiz results:\*\* Organelles \(Biology 101\): [\d,]+ pts, \d of 4 right, place 1 of 3/,
    );

    // One game message, edited within Discord's limit; every click acknowledged in time.
    expect(boardCalls(h.fake, gameCh).filter((c) => c.method === "POST")).toHaveLength(1);
    expect(h.fake.peakChannelEdits(gameCh)).toBeLessThanOrEqual(5);
    for (const i of [...tokens.values()].flat()) {
      const sent = [...h.fake.interactions.values()].find((x) => x.token === i)!;
      const cb = h.fake.calls.find((c) => c.path === `/interactions/${sent.id}/${sent.token}/callback`)!;
      expect(cb.at - sent.sentAt).toBeLessThan(3_000);
    }

    const report = quiz(gameCh, ana, "results");
    expect((await edited(report, "Organelles")).body.content).toMatch(/\*\*You:\*\* \d+ pts · place 1/);
    const exported = quiz(gameCh, teacher, "export");
    const csv = await edited(exported, "Results of the last quiz");
    expect(csv.files).toHaveLength(1);
    expect(csv.files[0]!.filename).toMatch(/^organelles-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.files[0]!.data.toString("utf8").trim().split("\r\n");
    expect(lines[0]).toMatch(/^person,team,rank,score,.*,q1_points,q2_points,q3_points,q4_points$/);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["ana", "ben", "cleo"]);
    expect(h.fake.messages.get(h.fake.interactions.get(exported.id)!.originalId!)!.attachments).toHaveLength(
      1,
    );
    await edited(quiz(gameCh, ben, "export"), "Only course staff");
  });

  it("plays in teams taken from roles named “Team …”", async () => {
    let board = await openLobby(teamCh, quizzes.quick, [str("teams", "roles")]);
    expect(board.content).toContain("from team roles");
    for (const [p, role] of [
      [ana, red],
      [ben, blue],
      [cleo, red],
    ] as const)
      await edited(clickButton(h.fake, at(teamCh, p, [role.id]), board, "Join"), `You play for ${role.name}`);
    clickButton(h.fake, at(teamCh, teacher), board, "Start");
    board = await waitForQuestion(h, teamCh, (c) => c.includes("Question 1 of 1"));
    await edited(clickButton(h.fake, at(teamCh, ana, [red.id]), board, "A."), "Locked in");
    await edited(clickButton(h.fake, at(teamCh, ben, [blue.id]), board, "B."), "Locked in");
    clickButton(h.fake, at(teamCh, teacher), board, "Skip");
    board = await waitForBoard(h.fake, teamCh, (c) => c.includes("time is up"));
    // Team score = the average of its players: Red (ana right, cleo silent) beats Blue (ben wrong).
    expect(board.content).toMatch(/\*\*Teams:\*\* 1\. Team Red \d+ · 2\. Team Blue 0/);
    const players = await h.database.prisma.quizPlayer.findMany({ where: { team: { not: null } } });
    expect(new Map(players.map((p) => [p.displayName, p.team]))).toEqual(
      new Map([
        ["ana", "Team Red"],
        ["ben", "Team Blue"],
        ["cleo", "Team Red"],
      ]),
    );
  });

  it("hides rankings when asked: no leaderboard or podium, only personal results", async () => {
    let board = await openLobby(hiddenCh, quizzes.quick, [str("hide_rankings", true)]);
    clickButton(h.fake, at(hiddenCh, teacher), board, "Start");
    board = await waitForQuestion(h, hiddenCh, (c) => c.includes("Question 1 of 1"));
    const clicks = [
      clickButton(h.fake, at(hiddenCh, ana), board, "A."),
      clickButton(h.fake, at(hiddenCh, ben), board, "C."),
    ];
    for (const c of clicks) await edited(c, "Locked in");
    clickButton(h.fake, at(hiddenCh, teacher), board, "Skip");
    board = await waitForBoard(h.fake, hiddenCh, (c) => c.includes("time is up"));
    expect(board.content).not.toMatch(/Leaderboard|ana|ben/);
    clickButton(h.fake, at(hiddenCh, teacher), board, "Show results");
    board = await waitForBoard(h.fake, hiddenCh, (c) => c.includes("final results"));
    expect(board.content).toContain("Rankings are hidden");
    expect(board.content).not.toMatch(/ana|ben|🥇/);
    await h.fake.waitFor(
      () =>
        privateFollowUps(
          h.fake,
          clicks.map((c) => c.token),
        ).length === 2,
    );
    for (const r of privateFollowUps(
      h.fake,
      clicks.map((c) => c.token),
    )) {
      expect(String(r.body.content)).toContain("Your result");
      expect(String(r.body.content)).not.toContain("Place");
    }
  });

  it("runs two games in two channels at once without mixing them, one per channel", async () => {
    const [lobbyA, lobbyB] = await Promise.all([
      openLobby(chA, quizzes.quick),
      openLobby(chB, quizzes.quick),
    ]);
    expect(lobbyA.messageId).not.toBe(lobbyB.messageId);
    await edited(quiz(chA, teacher, "start"), "already running in this channel");
    clickButton(h.fake, at(chA, teacher), lobbyA, "Start");
    clickButton(h.fake, at(chB, teacher), lobbyB, "Start");
    const [qA, qB] = await Promise.all([
      waitForQuestion(h, chA, (c) => c.includes("Question 1 of 1")),
      waitForQuestion(h, chB, (c) => c.includes("Question 1 of 1")),
    ]);
    await Promise.all([
      edited(clickButton(h.fake, at(chA, ana), qA, "A."), "Locked in"),
      edited(clickButton(h.fake, at(chB, ana), qB, "C."), "Locked in"),
      edited(clickButton(h.fake, at(chB, ben), qB, "C."), "Locked in"),
    ]);
    clickButton(h.fake, at(chA, teacher), qA, "Skip");
    clickButton(h.fake, at(chB, teacher), qB, "Skip");
    const [rA, rB] = await Promise.all([
      waitForBoard(h.fake, chA, (c) => c.includes("time is up")),
      waitForBoard(h.fake, chB, (c) => c.includes("time is up")),
    ]);
    expect(rA.content).toContain("✅ A. Nucleus — 1");
    expect(rA.content).toContain("C. Vacuole — 0");
    expect(rB.content).toContain("✅ A. Nucleus — 0");
    expect(rB.content).toContain("C. Vacuole — 2");
    expect(rA.messageId).toBe(lobbyA.messageId);
    expect(rB.messageId).toBe(lobbyB.messageId);
    await edited(quiz(chA, teacher, "stop"), "The quiz has ended");
    await edited(quiz(chB, ana, "stop"), "Only the host or course staff");
  });

  it("explains a channel it may not post in, and leaves the channel free for the next try", async () => {
    h.fake.failNext({
      method: "POST",
      path: new RegExp(`/channels/${chA}/messages$`),
      status: 403,
      code: 50013,
      message: "Missing Permissions",
    });
    await edited(quiz(chA, teacher, "start", [str("quiz", quizzes.quick)]), "can't post in this channel");
    await openLobby(chA, quizzes.quick);
    await edited(quiz(chA, teacher, "stop"), "The quiz has ended");
  });

  it("writes a draft despite a model that first returns broken JSON, showing only valid questions", async () => {
    let replies = 0;
    openai.setChatResponder(() => {
      if (++replies === 1) return '{"questions": [{"prompt": "What do mitochondria make?", "choices": ["ATP"';
      const q = (prompt: string, choices: string[], correct: number[]) => ({
        kind: "SINGLE_CHOICE",
        prompt,
        choices,
        correct,
        passage: 1,
        accepted_answers: [],
        numeric_answer: null,
        tolerance: null,
        explanation: "From the reader.",
        difficulty: "EASY",
      });
      return JSON.stringify({
        questions: [
          q("Which organelle is the powerhouse of the cell?", ["Mitochondria", "Nucleus", "Ribosome"], [0]),
          q("BROKEN: which answer is right?", ["ATP", "DNA"], [7]),
        ],
      });
    });
    const before = await h.database.prisma.quiz.count();
    const generate = quiz(gameCh, teacher, "generate", [str("topic", "mitochondria"), str("count", 2)]);
    const shown = await edited(generate, "Draft saved with 1 question (1 unusable ones were dropped)");
    expect(shown.body.content).toContain("powerhouse of the cell");
    expect(shown.body.content).not.toContain("BROKEN");
    expect(replies).toBe(2);
    const draft = await h.database.prisma.quiz.findFirstOrThrow({
      where: { status: "DRAFT" },
      include: { questions: true },
    });
    expect(draft.questions.map((q) => q.prompt)).toEqual(["Which organelle is the powerhouse of the cell?"]);

    // Staff review it from /quiz drafts and approve it; it can then be played.
    const drafts = quiz(gameCh, teacher, "drafts");
    const review = await h.waitForEdit(drafts, (_c, call) =>
      JSON.stringify(call.body.components).includes("Approve"),
    );
    const approveId = (
      review.body.components as Array<{ components: Array<{ label: string; custom_id: string }> }>
    )
      .flatMap((r) => r.components)
      .find((c) => c.label === "Approve")!.custom_id;
    const reviewMessage = h.fake.messages.get(h.fake.interactions.get(drafts.id)!.originalId!)!;
    await edited(h.fake.button(at(gameCh, ben), approveId, reviewMessage), "Only course staff");
    await edited(
      h.fake.button(at(gameCh, teacher), approveId, reviewMessage),
      "Approved **Quiz: mitochondria**",
    );
    expect((await h.database.prisma.quiz.findUniqueOrThrow({ where: { id: draft.id } })).status).toBe(
      "APPROVED",
    );

    // Broken twice: a clear message, and nothing stored.
    openai.setChatResponder(() => "Sorry, [not json");
    await edited(quiz(gameCh, teacher, "generate", [str("count", 2)]), "did not return usable questions");
    expect(await h.database.prisma.quiz.count()).toBe(before + 1);
    openai.reset();
  });
});
