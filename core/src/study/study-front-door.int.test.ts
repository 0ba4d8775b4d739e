// The study tools through the front door every front end calls (runStudyCommand, handleStudyAction and
// the forms), offline, with the clock moved: a teacher sets up, a student studies, as in the README.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleMaterial, seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createAi } from "../ai/create-ai.ts";
import type { Database } from "../db/open-database.ts";
import { createStudyHallDeps, type StudyHallDeps } from "../deps.ts";
import { isAppError } from "../errors/app-error.ts";
import { silentLogger } from "../logger.ts";
import { ingestMaterial } from "../materials/ingest-material.ts";
import { saveQuiz } from "../quiz/save-quiz.ts";
import type { Reply, ReplyAction, StudyAction } from "../reply/reply.ts";
import type { StudyPlace } from "./choose-study-course.ts";
import { handleStudyAction } from "./handle-study-action.ts";
import { parseStudyCommandText } from "./parse-study-command-text.ts";
import { runStudyCommand } from "./run-study-command.ts";
import { submitWritingForm, writingForm } from "./study-forms.ts";

const teacher = studentActor("T-FD");
const ana = studentActor("U-FD-ANA");
const outsider = studentActor("U-FD-OUT");
let now = new Date("2026-12-01T15:00:00Z");
let database: Database;
let deps: StudyHallDeps;
let courseId: string;

const text = (reply: Reply) =>
  reply.blocks
    .map((b) =>
      b.type === "text" || b.type === "notice"
        ? b.text
        : b.type === "fields"
          ? b.fields.map((f) => `${f.label}: ${f.value}`).join("\n")
          : b.type === "buttons"
            ? b.buttons.map((x) => x.label).join(" | ")
            : "",
    )
    .join("\n");
const actions = (reply: Reply): ReplyAction[] =>
  reply.blocks.flatMap((b) => (b.type === "buttons" ? b.buttons.map((x) => x.action) : []));
const action = <K extends StudyAction["kind"]>(reply: Reply, kind: K) => {
  const found = actions(reply).find((a) => a.kind === kind);
  if (!found) throw new Error(`no ${kind} button in:\n${text(reply)}`);
  return found as Extract<StudyAction, { kind: K }>;
};
const dm = (actor = ana): StudyPlace => ({ actor, space: null });

/** Runs the words a person types after the command, as Slack and the CLI hand them over. */
async function type(words: string, place: StudyPlace = dm()): Promise<Reply> {
  const parsed = parseStudyCommandText(words);
  if (!parsed || "error" in parsed) throw new Error(`"${words}" did not parse: ${JSON.stringify(parsed)}`);
  return runStudyCommand(deps, {
    ...place,
    ...(parsed.course ? { course: parsed.course } : {}),
    command: parsed.command,
  });
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error.userMessage;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const ai = createAi({ provider: "local" });
  deps = createStudyHallDeps({ db: database.prisma, ai, logger: silentLogger(), clock: () => now });
  courseId = (await seedCourse(database.prisma, "Biology front door", [teacher], "STAFF")).id;
  await seedCourse(database.prisma, "Chemistry front door", [outsider]);
  const { ensureEnrollment } = await import("../courses/enrollments.ts");
  const { resolveUser } = await import("../people/resolve-user.ts");
  const { userId } = await resolveUser(database.prisma, ana);
  await ensureEnrollment(database.prisma, { courseId, userId, role: "STUDENT", source: "MANUAL" });
  await ingestMaterial(
    { courseId, data: await sampleMaterial(), fileName: "cell-biology.md" },
    { db: database.prisma, embedder: ai.embedder, logger: silentLogger() },
  );
  await saveQuiz(database.prisma, {
    courseId,
    title: "Organelles",
    topic: "Cells",
    origin: "AUTHORED",
    approved: true,
    questions: [
      {
        kind: "SINGLE_CHOICE",
        prompt: "Which organelle makes ATP?",
        choices: ["Nucleus", "Mitochondria"],
        correctChoices: [1],
        explanation: "Mitochondria run cellular respiration.",
      },
      { kind: "TRUE_FALSE", prompt: "Animal cells have a cell wall.", answer: false },
    ],
  });
});
afterAll(async () => {
  await database?.close();
});

describe("flashcards through the front door", () => {
  it("a teacher's course deck reaches a student, who reviews it in a DM; a double click counts once", async () => {
    const made = await type("deck new Organelles", dm(teacher));
    expect(text(made)).toContain("course deck");
    await type("deck import Organelles basics\nMitochondria\tMakes ATP\nNucleus\tHolds DNA", dm(teacher));
    expect(text(await type("decks"))).toContain("Organelles basics");

    const front = await type("review");
    const show = action(front, "card.show");
    const back = (await handleStudyAction(deps, { ...dm(), action: show })).reply;
    const good = actions(back).find((a) => a.kind === "card.rate" && a.rating === 3);
    expect(good).toBeDefined();
    expect(text(back)).toMatch(/Good · \d+(m|h|d)/);

    const first = await handleStudyAction(deps, { ...dm(), action: good as StudyAction });
    const second = await handleStudyAction(deps, { ...dm(), action: good as StudyAction });
    expect(first.placement).toBe("replace");
    expect(text(second.reply)).toContain("already reviewed");
    const reviews = await database.prisma.reviewLog.count({ where: { cardId: show.cardId } });
    expect(reviews).toBe(1);
  });

  it("says what is due today when the session ends, and the card comes back when the clock moves", async () => {
    let reply = await type("review");
    for (let i = 0; i < 20 && actions(reply).some((a) => a.kind === "card.show"); i++) {
      const back = (await handleStudyAction(deps, { ...dm(), action: action(reply, "card.show") })).reply;
      const easy = actions(back).find((a) => a.kind === "card.rate" && a.rating === 4) as StudyAction;
      reply = (await handleStudyAction(deps, { ...dm(), action: easy })).reply;
    }
    expect(text(reply)).toMatch(/due today/i);
    now = new Date(now.getTime() + 60 * 24 * 3600_000);
    expect(actions(await type("review")).some((a) => a.kind === "card.show")).toBe(true);
  });

  it("refuses an over-long card naming the limit, an empty deck's export, and another course's deck", async () => {
    expect(await refusal(type(`card add ${"x".repeat(1501)} | back`))).toContain("1,500");
    await type("deck new Empty one");
    const decks = text(await type("decks"));
    const number = decks.split("\n").findIndex((line) => line.includes("Empty one")) + 1;
    expect(number).toBeGreaterThan(0);
    expect(await refusal(type(`deck export ${number}`))).toMatch(/no cards|empty/i);
    expect(await refusal(type("deck export 1", dm(outsider)))).not.toContain("Organelles");
  });

  it("exports a deck as an Anki package", async () => {
    const reply = await type("deck export Organelles basics");
    expect(reply.files?.[0]?.name).toMatch(/\.apkg$/);
    expect(reply.files?.[0]?.content.byteLength).toBeGreaterThan(100);
  });

  it("refuses a malformed import line by its number and makes nothing", async () => {
    const before = await database.prisma.deck.count();
    // The cards start on the line after the title: "just one side" is their line 2.
    expect(await refusal(type("deck import Broken\nfront\tback\njust one side", dm(teacher)))).toContain(
      "Line 2",
    );
    expect(await database.prisma.deck.count()).toBe(before);
  });
});

describe("practice, guides and writing through the front door", () => {
  it("practises a quiz with instant feedback, retries the missed question, and keeps history", async () => {
    const list = await type("practice");
    const started = (await handleStudyAction(deps, { ...dm(), action: action(list, "practice.start") }))
      .reply;
    expect(text(started)).toContain("Which organelle makes ATP?");
    const wrong = actions(started).find((a) => a.kind === "practice.answer" && a.choice === 0) as StudyAction;
    const feedback = (await handleStudyAction(deps, { ...dm(), action: wrong })).reply;
    expect(text(feedback)).toContain("Mitochondria run cellular respiration.");
    let reply = (await handleStudyAction(deps, { ...dm(), action: action(feedback, "practice.next") })).reply;
    const falseChoice = actions(reply).find(
      (a) => a.kind === "practice.answer" && a.choice === 1,
    ) as StudyAction;
    reply = (await handleStudyAction(deps, { ...dm(), action: falseChoice })).reply;
    const retry = action(reply, "practice.retry");
    const again = (await handleStudyAction(deps, { ...dm(), action: retry })).reply;
    expect(text(again)).toContain("Which organelle makes ATP?");
    expect(text(await type("practice history"))).toContain("Organelles");
    expect(await database.prisma.quizResult.count()).toBe(0);
  });

  it("writes an extractive study guide offline, says so, and attaches Markdown and PDF", async () => {
    const progress: Reply[] = [];
    const parsed = parseStudyCommandText("guide mitochondria");
    if (!parsed || "error" in parsed) throw new Error("guide did not parse");
    const reply = await runStudyCommand(
      deps,
      { ...dm(), command: parsed.command },
      { onProgress: async (r) => void progress.push(r) },
    );
    expect(text(reply).toLowerCase()).toContain("extractive");
    expect(reply.files?.map((f) => f.name.split(".").pop()).sort()).toEqual(["md", "pdf"]);
    expect(progress.length).toBeGreaterThan(0);
    expect(text(await type("guides"))).toContain("itochondria");
  });

  it("takes writing for a prompt the teacher set, gives structural feedback offline, and refuses too much", async () => {
    await type(
      "writing set Respiration | Explain how cells make ATP. | Accuracy; Use of terms; Clarity",
      dm(teacher),
    );
    const prompts = await type("writing");
    const open = action(prompts, "writing.open");
    const form = await writingForm(deps, { actor: ana, promptId: open.promptId });
    expect(form.criteria).toEqual(["Accuracy", "Use of terms", "Clarity"]);
    const result = await submitWritingForm(deps, {
      actor: ana,
      promptId: open.promptId,
      text: "Mitochondria make ATP through cellular respiration, using glucose and oxygen.",
    });
    expect(text(result).toLowerCase()).toContain("not judged");
    expect(
      await refusal(
        submitWritingForm(deps, { actor: ana, promptId: open.promptId, text: "x".repeat(form.maxChars + 1) }),
      ),
    ).toContain(form.maxChars.toLocaleString("en-US"));
    expect(await database.prisma.writingSubmission.count()).toBe(1);
  });

  it("asks which course when a person in several courses gives none", async () => {
    const { ensureEnrollment } = await import("../courses/enrollments.ts");
    const { resolveUser } = await import("../people/resolve-user.ts");
    const { userId } = await resolveUser(database.prisma, outsider);
    await ensureEnrollment(database.prisma, { courseId, userId, role: "STUDENT", source: "MANUAL" });
    expect(await refusal(type("decks", dm(outsider)))).toContain("Which course?");
    const slug = (await database.prisma.course.findUniqueOrThrow({ where: { id: courseId } })).slug;
    expect(text(await type(`decks in:${slug}`, dm(outsider)))).toContain("Organelles basics");
  });
});
