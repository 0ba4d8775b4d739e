// The study tools' buttons and forms carry ids a person can forge (a Slack action value, a Discord
// custom id, an LMS form field). Every such id from someone else — a classmate's card, run or deck, or
// anything in another course — is refused as "not found" through the front door every front end
// calls, and changes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAi } from "../../core/src/ai/create-ai.ts";
import { ensureEnrollment } from "../../core/src/courses/enrollments.ts";
import type { Database } from "../../core/src/db/open-database.ts";
import { createStudyHallDeps, type StudyHallDeps } from "../../core/src/deps.ts";
import { isAppError } from "../../core/src/errors/app-error.ts";
import { addCard } from "../../core/src/flashcards/add-cards.ts";
import { silentLogger } from "../../core/src/logger.ts";
import { resolveUser } from "../../core/src/people/resolve-user.ts";
import { saveQuiz } from "../../core/src/quiz/save-quiz.ts";
import type { Reply, StudyAction } from "../../core/src/reply/reply.ts";
import { handleStudyAction } from "../../core/src/study/handle-study-action.ts";
import { runStudyCommand } from "../../core/src/study/run-study-command.ts";
import { answerPracticeForm, submitWritingForm, writingForm } from "../../core/src/study/study-forms.ts";
import { seedCourse, studentActor } from "../support/course-fixtures.ts";
import { createTestDatabase } from "../support/test-database.ts";

const teacher = studentActor("T-ISO");
const ana = studentActor("U-ISO-ANA");
const ben = studentActor("U-ISO-BEN");
const chemStudent = studentActor("U-ISO-CHEM");
const chemTeacher = studentActor("T-ISO-CHEM");
let database: Database;
let deps: StudyHallDeps;
let bio: string;
let chem: string;
let anaCard: string;
let chemCard: string;
let anaRun: string;
let chemPrompt: string;
let chemDeck: string;

const actionsOf = (reply: Reply) =>
  reply.blocks.flatMap((b) => (b.type === "buttons" ? b.buttons.map((x) => x.action) : []));

async function refusedAsNotFound(promise: Promise<unknown>): Promise<void> {
  expect(isAppError(await refusalOf(promise), "not_found")).toBe(true);
}

function refusalOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (e: unknown) => e,
  );
}

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.prisma;
  deps = createStudyHallDeps({ db, ai: createAi({ provider: "local" }), logger: silentLogger() });
  bio = (await seedCourse(db, "Biology isolation", [teacher], "STAFF")).id;
  chem = (await seedCourse(db, "Chemistry isolation", [chemTeacher], "STAFF")).id;
  for (const [courseId, actor] of [
    [bio, ana],
    [bio, ben],
    [chem, chemStudent],
  ] as const) {
    const { userId } = await resolveUser(db, actor);
    await ensureEnrollment(db, { courseId, userId, role: "STUDENT", source: "MANUAL" });
  }
  anaCard = (await addCard(db, { actor: ana, courseId: bio, card: { front: "Ana's own", back: "private" } }))
    .cardId;
  chemCard = (
    await addCard(db, { actor: chemStudent, courseId: chem, card: { front: "Chem", back: "card" } })
  ).cardId;
  const { quizId } = await saveQuiz(db, {
    courseId: bio,
    title: "Cells",
    origin: "AUTHORED",
    approved: true,
    questions: [{ kind: "SHORT_TEXT", prompt: "Powerhouse of the cell?", acceptedAnswers: ["mitochondria"] }],
  });
  const started = await handleStudyAction(deps, {
    actor: ana,
    space: null,
    action: { kind: "practice.start", quizId },
  });
  const respond = actionsOf(started.reply).find((a) => a.kind === "practice.respond");
  if (respond?.kind !== "practice.respond") throw new Error("no practice form button");
  anaRun = respond.runId;
  await runStudyCommand(deps, {
    actor: chemTeacher,
    space: null,
    command: { name: "writing.set", title: "Acids", prompt: "Explain pH.", criteria: ["A", "B", "C"] },
  });
  chemPrompt = (await db.writingPrompt.findFirstOrThrow({ where: { courseId: chem } })).id;
  await runStudyCommand(deps, {
    actor: chemTeacher,
    space: null,
    command: { name: "deck.create", title: "Chem deck" },
  });
  chemDeck = (await db.deck.findFirstOrThrow({ where: { courseId: chem, kind: "COURSE" } })).id;
});
afterAll(async () => {
  await database?.close();
});

describe("forged study ids", () => {
  it("a classmate cannot see, hint or rate a student's own card", async () => {
    for (const action of [
      { kind: "card.show", cardId: anaCard, reps: 0 },
      { kind: "card.hint", cardId: anaCard, reps: 0 },
      { kind: "card.rate", cardId: anaCard, reps: 0, rating: 3 },
    ] satisfies StudyAction[]) {
      await refusedAsNotFound(handleStudyAction(deps, { actor: ben, space: null, action }));
    }
    expect(await database.prisma.reviewLog.count()).toBe(0);
  });

  it("nobody reaches another course's card, deck, prompt or writing form", async () => {
    await refusedAsNotFound(
      handleStudyAction(deps, {
        actor: ana,
        space: null,
        action: { kind: "card.rate", cardId: chemCard, reps: 0, rating: 4 },
      }),
    );
    await refusedAsNotFound(
      handleStudyAction(deps, {
        actor: teacher,
        space: null,
        action: { kind: "deck.approve", deckId: chemDeck },
      }),
    );
    await refusedAsNotFound(
      handleStudyAction(deps, {
        actor: teacher,
        space: null,
        action: { kind: "writing.discard", promptId: chemPrompt },
      }),
    );
    await refusedAsNotFound(writingForm(deps, { actor: ana, promptId: chemPrompt }));
    await refusedAsNotFound(submitWritingForm(deps, { actor: ana, promptId: chemPrompt, text: "pH is..." }));
    // A course id a person is not in (a page's course cannot be forged, but a direct call can): refused
    // as not theirs, whichever of the two codes the use case picks.
    const outside = await refusalOf(
      runStudyCommand(deps, {
        actor: ana,
        space: null,
        courseId: chem,
        command: { name: "deck.export", deck: chemDeck },
      }),
    );
    expect(isAppError(outside, "not_found", "forbidden")).toBe(true);
    expect(await database.prisma.writingSubmission.count()).toBe(0);
    expect(await database.prisma.writingPrompt.count({ where: { courseId: chem } })).toBe(1);
  });

  it("a classmate cannot answer, advance or retry a student's practice run", async () => {
    const before = await database.prisma.practiceAnswer.count();
    // Each attempt starts only when the one before has been refused: started together, a later
    // refusal could arrive before anyone awaits it and be reported as unhandled.
    const attempts: Array<() => Promise<unknown>> = [
      () =>
        answerPracticeForm(deps, {
          actor: ben,
          runId: anaRun,
          position: 0,
          response: { text: "mitochondria" },
        }),
      () =>
        handleStudyAction(deps, {
          actor: ben,
          space: null,
          action: { kind: "practice.next", runId: anaRun },
        }),
      () =>
        handleStudyAction(deps, {
          actor: ben,
          space: null,
          action: { kind: "practice.retry", runId: anaRun },
        }),
    ];
    for (const attempt of attempts) {
      const error = await attempt().then(
        () => null,
        (e: unknown) => e,
      );
      expect(isAppError(error)).toBe(true);
    }
    expect(await database.prisma.practiceAnswer.count()).toBe(before);
  });

  it("a malformed id names nothing", async () => {
    await refusedAsNotFound(
      handleStudyAction(deps, {
        actor: ana,
        space: null,
        action: { kind: "card.show", cardId: "not-a-uuid", reps: 0 },
      }),
    );
  });
});
