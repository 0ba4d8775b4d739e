// Live quiz helpers for Discord integration tests: a course with approved quizzes, the game message as
// the fake Discord saw it, and clicks on its buttons.
import { bindSpace, ingestMaterial, type Prisma, saveQuiz } from "@studyhall/core";
import { sampleMaterial } from "./course-fixtures.ts";
import type { DiscordHarness } from "./fake-discord-harness.ts";
import type { FakeUser } from "./fake-discord-payloads.ts";
import type { DiscordCall, DispatchedInteraction, FakeDiscord } from "./fake-discord-server.ts";

/** What the channel shows: the game message after one create or edit. */
export interface BoardState {
  call: DiscordCall;
  messageId: string;
  content: string;
  components: Array<{ components: Array<{ label?: string; custom_id?: string }> }>;
  /** The stored message, to click its buttons with. */
  message: Record<string, unknown>;
}

/**
 * Links the whole guild to a new course as `teacher`, ingests the sample reader and saves two approved
 * quizzes: "Organelles" (single choice with a cited source, multiple select, a number, short text) and
 * "Quick check" (one single-choice question).
 */
export async function seedQuizCourse(
  h: DiscordHarness,
  teacher: FakeUser,
  guild: { id: string; channelId: string },
): Promise<{ courseId: string; organelles: string; quick: string }> {
  const db = h.database.prisma;
  const actor = {
    platform: "DISCORD" as const,
    tenant: "",
    externalId: teacher.id,
    displayName: teacher.username,
  };
  const { course } = await bindSpace(db, {
    actor,
    space: { platform: "DISCORD", tenant: guild.id, channelId: guild.channelId },
    scope: "tenant",
    platformStaff: true,
    course: { create: "Biology 101" },
  });
  await ingestMaterial(
    { courseId: course.id, data: await sampleMaterial(), fileName: "cell-biology.md" },
    h.deps.ingest,
  );
  const chunk = await atpChunk(db, course.id);
  const organelles = await saveQuiz(db, {
    courseId: course.id,
    title: "Organelles",
    origin: "AUTHORED",
    approved: true,
    questions: [
      {
        kind: "SINGLE_CHOICE",
        prompt: "What makes ATP?",
        choices: ["Nucleus", "Mitochondria", "Ribosome"],
        correctChoices: [1],
        explanation: "Cellular respiration happens in the mitochondria.",
        sourceChunkId: chunk,
      },
      {
        kind: "MULTIPLE_SELECT",
        prompt: "Which have membranes?",
        choices: ["Nucleus", "Ribosome", "Mitochondria"],
        correctChoices: [0, 2],
      },
      { kind: "NUMERIC", prompt: "How many chromosomes in a human cell?", numericAnswer: 46, tolerance: 0 },
      { kind: "SHORT_TEXT", prompt: "Name the cell's energy currency.", acceptedAnswers: ["ATP"] },
    ],
  });
  const quick = await saveQuiz(db, {
    courseId: course.id,
    title: "Quick check",
    origin: "AUTHORED",
    approved: true,
    questions: [
      {
        kind: "SINGLE_CHOICE",
        prompt: "Where is DNA kept?",
        choices: ["Nucleus", "Cell wall", "Vacuole", "Ribosome"],
        correctChoices: [0],
      },
    ],
  });
  return { courseId: course.id, organelles: organelles.quizId, quick: quick.quizId };
}

async function atpChunk(db: Prisma, courseId: string): Promise<string> {
  const chunks = await db.materialChunk.findMany({ where: { courseId }, select: { id: true, text: true } });
  const found = chunks.find((c) => /ATP/.test(c.text)) ?? chunks[0];
  if (!found) throw new Error("the sample reader made no chunks");
  return found.id;
}

/** Bot-token creates and edits of messages in a channel (the game message; never interaction webhooks). */
export function boardCalls(fake: FakeDiscord, channelId: string): DiscordCall[] {
  return fake.calls.filter((c) => isBoardCall(c, channelId));
}

function isBoardCall(c: DiscordCall, channelId: string): boolean {
  return (
    c.status < 300 &&
    ((c.method === "POST" && c.path === `/channels/${channelId}/messages`) ||
      (c.method === "PATCH" && c.path.startsWith(`/channels/${channelId}/messages/`)))
  );
}

/** The first create or edit of the channel's game message (made already, or to come) whose content matches. */
export async function waitForBoard(
  fake: FakeDiscord,
  channelId: string,
  predicate: (content: string) => boolean,
  timeoutMs = 10_000,
): Promise<BoardState> {
  const call = await fake.waitFor(
    (c) => isBoardCall(c, channelId) && predicate(String(c.body.content ?? "")),
    timeoutMs,
  );
  const content = String(call.body.content ?? "");
  const messageId =
    call.method === "PATCH"
      ? call.path.split("/").at(-1)!
      : String(
          [...fake.messages.values()]
            .filter((m) => m.channel_id === channelId && m.content === content)
            .at(-1)?.id,
        );
  const message = fake.messages.get(messageId);
  if (!message) throw new Error(`no stored message ${messageId}`);
  return {
    call,
    messageId,
    content,
    components: (call.body.components ?? []) as BoardState["components"],
    message: { ...message, content, components: call.body.components },
  };
}

/** The custom id of the button whose label starts with `label`. */
export function buttonId(board: Pick<BoardState, "components">, label: string): string {
  for (const row of board.components)
    for (const c of row.components) if (c.label?.startsWith(label) && c.custom_id) return c.custom_id;
  throw new Error(`no button "${label}" in ${JSON.stringify(board.components)}`);
}

/** Clicks the game message's button labelled `label` as `user`. */
export function clickButton(
  fake: FakeDiscord,
  place: { guildId: string; channelId: string; user: FakeUser; roles?: string[]; permissions?: string },
  board: BoardState,
  label: string,
): DispatchedInteraction {
  return fake.button(place, buttonId(board, label), board.message);
}

/** Ephemeral follow-ups (POST to an interaction webhook with flags 64) sent to any of `tokens`. */
export function privateFollowUps(fake: FakeDiscord, tokens: string[]): DiscordCall[] {
  return fake.calls.filter(
    (c) =>
      c.method === "POST" &&
      c.status < 300 &&
      c.path.startsWith("/webhooks/") &&
      tokens.some((t) => c.path.endsWith(`/${t}`)) &&
      (Number(c.body.flags) & 64) === 64,
  );
}

/** Each interaction's callback (its acknowledgement), found by scanning the calls once. */
function callbacksByPath(fake: FakeDiscord): Map<string, DiscordCall> {
  const found = new Map<string, DiscordCall>();
  for (const c of fake.calls) if (c.path.endsWith("/callback")) found.set(c.path, c);
  return found;
}

/**
 * Sends `count` interactions spread evenly over `spreadMs` (a burst of clicks), then waits until each is
 * acknowledged and returns the acknowledgement latencies: INTERACTION_CREATE sent -> callback received,
 * what Discord holds against its 3 seconds. A refused or missing acknowledgement fails the burst.
 */
export async function sendBurst(
  fake: FakeDiscord,
  count: number,
  spreadMs: number,
  send: (i: number) => DispatchedInteraction,
  timeoutMs = 120_000,
): Promise<{ interactions: DispatchedInteraction[]; ackMs: number[] }> {
  const interactions: DispatchedInteraction[] = [];
  const step = spreadMs / count;
  const started = performance.now();
  while (interactions.length < count) {
    const now = performance.now();
    while (interactions.length < count && started + interactions.length * step <= now)
      interactions.push(send(interactions.length));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const deadline = Date.now() + timeoutMs;
  const path = (i: DispatchedInteraction) => `/interactions/${i.id}/${i.token}/callback`;
  for (;;) {
    const callbacks = callbacksByPath(fake);
    const missing = interactions.filter((i) => !callbacks.has(path(i)));
    if (missing.length === 0) {
      const refused = interactions.filter((i) => callbacks.get(path(i))!.status >= 300);
      if (refused.length) throw new Error(`${refused.length} acknowledgements were refused (too late?)`);
      return { interactions, ackMs: interactions.map((i) => callbacks.get(path(i))!.at - i.sentAt) };
    }
    if (Date.now() > deadline)
      throw new Error(`${missing.length} of ${count} interactions never acknowledged`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until every interaction's reply was edited to content matching `predicate`; returns when the last was. */
export async function waitForReplies(
  fake: FakeDiscord,
  interactions: DispatchedInteraction[],
  predicate: (content: string) => boolean,
  timeoutMs = 300_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const wanted = new Map(interactions.map((i) => [i.token, i]));
  const done = new Map<string, number>();
  let scanned = 0;
  while (done.size < wanted.size) {
    for (; scanned < fake.calls.length; scanned++) {
      const c = fake.calls[scanned]!;
      if (c.method !== "PATCH" || c.status >= 300 || !c.path.startsWith("/webhooks/")) continue;
      const token = c.path.split("/")[3]!;
      if (wanted.has(token) && predicate(String(c.body.content ?? ""))) done.set(token, c.at);
    }
    if (done.size === wanted.size) break;
    if (Date.now() > deadline) throw new Error(`only ${done.size} of ${wanted.size} replies arrived`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Math.max(...done.values());
}

/**
 * The game message showing a question, once the question's clock has started. The clock starts when
 * the bot has Discord's answer to that edit (core's `open` step); the fake records the edit before it
 * answers, so a click sent the moment the edit is seen could arrive before the clock starts and be
 * refused as "not opened yet" — faster than any person, but not than a test.
 */
export async function waitForQuestion(
  h: Pick<DiscordHarness, "fake" | "database">,
  channelId: string,
  predicate: (content: string) => boolean,
  timeoutMs = 10_000,
): Promise<BoardState> {
  const board = await waitForBoard(h.fake, channelId, predicate, timeoutMs);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const session = await h.database.prisma.quizSession.findFirst({
      where: { spaceId: channelId, state: "QUESTION" },
      orderBy: { createdAt: "desc" },
      select: { questionStartedAt: true },
    });
    if (session?.questionStartedAt) return board;
    if (Date.now() > deadline) throw new Error(`the question in ${channelId} never opened`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
