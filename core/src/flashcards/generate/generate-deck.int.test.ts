// Deck generation through the real `openai` SDK against the fake OpenAI-compatible server, and offline.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sampleMaterial, seedCourse, studentActor } from "../../../../test/support/course-fixtures.ts";
import {
  type ChatCompletionBody,
  type FakeOpenAi,
  startFakeOpenAi,
} from "../../../../test/support/fake-openai-server.ts";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import { type Ai, createAi } from "../../ai/create-ai.ts";
import { ensureEnrollment } from "../../courses/enrollments.ts";
import type { Database } from "../../db/open-database.ts";
import { createStudyHallDeps, type StudyHallDeps } from "../../deps.ts";
import { isAppError } from "../../errors/app-error.ts";
import { silentLogger } from "../../logger.ts";
import { ingestMaterial } from "../../materials/ingest-material.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import type { BudgetRule } from "../../tutor/tutor-limits.ts";
import { listDecks } from "../decks.ts";
import { generateDeck } from "./generate-deck.ts";

const staff = studentActor("T-DECK");
const student = studentActor("U-DECK");
let fake: FakeOpenAi;
let online: Ai;
let database: Database;
let courseId: string;
const db = () => database.prisma;

function deps(ai: Ai, limits: BudgetRule[] = []): StudyHallDeps {
  return createStudyHallDeps({ db: db(), ai, logger: silentLogger(), limits });
}

/** The number of the prompt's passage that contains `word`. */
function passageWith(body: ChatCompletionBody, word: string): number {
  const user = body.messages.at(-1)?.content;
  const text = typeof user === "string" ? user : "";
  for (const m of text.matchAll(/<passage n="(\d+)"[^>]*>\n([\s\S]*?)\n<\/passage>/g))
    if (m[2]?.includes(word)) return Number(m[1]);
  throw new Error(`no passage mentions ${word}`);
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return { code: error.code, message: error.userMessage };
}

beforeAll(async () => {
  fake = await startFakeOpenAi();
  online = createAi({
    provider: "openai",
    apiKey: fake.apiKey,
    baseURL: fake.url,
    chatModel: "gpt-test",
    embeddingModel: "text-embedding-3-small",
    timeoutMs: 5_000,
    maxRetries: 0,
  });
  database = await createTestDatabase();
  courseId = (await seedCourse(db(), "Biology decks", [staff], "STAFF")).id;
  const { userId } = await resolveUser(db(), student);
  await ensureEnrollment(db(), { courseId, userId, role: "STUDENT", source: "MANUAL" });
  // Offline and online embeddings differ; each provider's chunks are stored for the material.
  for (const ai of [online, createAi({ provider: "local" })])
    await ingestMaterial(
      { courseId, data: await sampleMaterial(), fileName: `cell-biology-${ai.embedder.model}.md` },
      { db: db(), embedder: ai.embedder, logger: silentLogger() },
    );
});
beforeEach(() => fake.reset());
afterAll(async () => {
  await database?.close();
  await fake?.close();
});

describe("generateDeck with a chat model", () => {
  it("keeps a DRAFT course deck whose cards cite their passages, logging the tokens", async () => {
    fake.setChatResponder((body) =>
      JSON.stringify({
        cards: [
          {
            front: "What do mitochondria produce?",
            back: "ATP",
            hint: "energy currency",
            passage: passageWith(body, "energy currency"),
          },
          {
            front: "What does the nucleolus assemble?",
            back: "Ribosomal subunits",
            hint: null,
            passage: passageWith(body, "nucleolus"),
          },
          { front: "Uncited", back: "dropped", hint: null, passage: 99 },
          { front: "Too long", back: "x".repeat(2000), hint: null, passage: 1 },
        ],
      }),
    );
    const result = await generateDeck(deps(online), { actor: staff, courseId, count: 5 });
    expect(result).toMatchObject({ cards: 2, offline: false });
    expect(result.deck).toMatchObject({ kind: "COURSE", status: "DRAFT", origin: "GENERATED", cardCount: 2 });
    const [request] = fake.chatRequests();
    expect(request?.body).toMatchObject({
      response_format: { type: "json_schema", json_schema: { name: "flashcards" } },
    });
    const cards = await db().card.findMany({
      where: { deckId: result.deck.id },
      orderBy: { position: "asc" },
      include: { sourceChunk: { select: { text: true, materialId: true } } },
    });
    expect(cards.map((c) => [c.front, c.back, c.hint])).toEqual([
      ["What do mitochondria produce?", "ATP", "energy currency"],
      ["What does the nucleolus assemble?", "Ribosomal subunits", null],
    ]);
    expect(cards[0]?.sourceChunk?.text).toContain("energy currency");
    expect(cards[0]?.sourceMaterialId).toBe(cards[0]?.sourceChunk?.materialId);
    expect(cards[1]?.sourceTitle).toBe("Cell Biology Basics");
    const usage = await db().usageLog.findMany({ where: { courseId, kind: "DECK_GENERATION" } });
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({ answered: true, model: "openai:gpt-test" });
    expect(usage[0]?.tokensIn).toBeGreaterThan(0);
    // Students do not see the draft.
    expect((await listDecks(db(), { actor: student, courseId })).map((d) => d.id)).not.toContain(
      result.deck.id,
    );
  });

  it("refuses a student, and a course whose token budget is spent before calling the model", async () => {
    expect((await refusal(generateDeck(deps(online), { actor: student, courseId }))).code).toBe("forbidden");
    const spent = await refusal(
      generateDeck(deps(online, [{ scope: "COURSE", windowSeconds: 86_400, maxTokens: 1 }]), {
        actor: staff,
        courseId,
      }),
    );
    expect(spent.code).toBe("rate_limited");
    expect(spent.message).toContain("no deck can be generated");
    expect(fake.chatRequests()).toHaveLength(0);
  });

  it("logs the tokens of a reply with no usable card and creates no deck", async () => {
    const before = await db().deck.count();
    fake.setChatResponder(() => JSON.stringify({ cards: [{ front: "", back: "", hint: null, passage: 1 }] }));
    expect(
      (await refusal(generateDeck(deps(online), { actor: staff, courseId, topic: "mitochondria" }))).code,
    ).toBe("ai_unavailable");
    expect(await db().deck.count()).toBe(before);
    expect(
      await db().usageLog.count({ where: { kind: "DECK_GENERATION", refusedReason: "no_valid_card" } }),
    ).toBe(1);
  });
});

describe("generateDeck offline", () => {
  it("extracts definition and fill-in-the-blank cards from the materials and says it is offline", async () => {
    const result = await generateDeck(deps(createAi({ provider: "local" })), {
      actor: staff,
      courseId,
      count: 6,
    });
    expect(result.offline).toBe(true);
    expect(result.cards).toBeGreaterThan(0);
    const cards = await db().card.findMany({ where: { deckId: result.deck.id } });
    for (const card of cards) {
      expect(card.sourceChunkId).not.toBeNull();
      const chunk = await db().materialChunk.findUniqueOrThrow({ where: { id: card.sourceChunkId ?? "" } });
      // Every card's answer is in its passage: nothing is invented offline.
      expect(chunk.text.toLowerCase()).toContain(card.back.replace(/\.$/, "").toLowerCase().slice(0, 30));
    }
  });
});
