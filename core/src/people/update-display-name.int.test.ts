import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createCourse } from "../courses/create-course.ts";
import type { Database } from "../db/open-database.ts";
import { saveQuiz } from "../quiz/save-quiz.ts";
import type { Actor } from "./actor.ts";
import { resolveUser } from "./resolve-user.ts";
import { updateDisplayName } from "./update-display-name.ts";

let database: Database;
const db = () => database.prisma;
let courseId: string;
let quizId: string;
let spaces = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  courseId = (await createCourse(db(), { name: "Cell biology" })).id;
  ({ quizId } = await saveQuiz(db(), {
    courseId,
    title: "Organelles",
    origin: "AUTHORED",
    approved: true,
    questions: [
      {
        kind: "SINGLE_CHOICE",
        prompt: "What makes ATP?",
        choices: ["Nucleus", "Mitochondria"],
        correctChoices: [1],
        timeLimitSec: 10,
      },
    ],
  }));
});
afterAll(() => database.close());

const slack = (id: string, displayName?: string): Actor => ({
  platform: "SLACK",
  tenant: "T1",
  externalId: id,
  ...(displayName ? { displayName } : {}),
});

async function gameWith(
  userId: string,
  state: "LOBBY" | "QUESTION" | "FINISHED",
  where: { platform: "SLACK" | "DISCORD"; tenant: string } = { platform: "SLACK", tenant: "T1" },
) {
  const session = await db().quizSession.create({
    data: { courseId, quizId, ...where, spaceId: `C${++spaces}`, hostUserId: userId, options: {}, state },
  });
  await db().quizPlayer.create({ data: { sessionId: session.id, userId, displayName: "Player" } });
  return session.id;
}

const named = (id: string, displayName: string) => ({ ...slack(id), displayName });

const playerName = async (sessionId: string, userId: string) =>
  (await db().quizPlayer.findUniqueOrThrow({ where: { sessionId_userId: { sessionId, userId } } }))
    .displayName;

describe("updateDisplayName", () => {
  it("renames the identity, a nameless user and the person's players in this platform's games that are not over", async () => {
    const { userId } = await resolveUser(db(), slack("U0ADA"));
    const lobby = await gameWith(userId, "LOBBY");
    const running = await gameWith(userId, "QUESTION");
    const finished = await gameWith(userId, "FINISHED");
    const elsewhere = await gameWith(userId, "QUESTION", { platform: "DISCORD", tenant: "" });

    expect(await updateDisplayName(db(), { actor: named("U0ADA", "Ada") })).toEqual({
      changed: true,
      players: 2,
    });
    const identity = await db().identity.findFirstOrThrow({ where: { externalId: "U0ADA" } });
    expect(identity.displayName).toBe("Ada");
    expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).displayName).toBe("Ada");
    expect(await playerName(lobby, userId)).toBe("Ada");
    expect(await playerName(running, userId)).toBe("Ada");
    expect(await playerName(finished, userId)).toBe("Player");
    expect(await playerName(elsewhere, userId)).toBe("Player");

    // The same name again changes nothing.
    expect(await updateDisplayName(db(), { actor: named("U0ADA", "Ada") })).toEqual({
      changed: false,
      players: 0,
    });
  });

  it("keeps a user's name given elsewhere (an LMS roster) while renaming the identity", async () => {
    const { userId } = await resolveUser(db(), slack("U0GRACE", "grace.h"));
    await db().user.update({ where: { id: userId }, data: { displayName: "Grace Hopper" } });
    await updateDisplayName(db(), { actor: named("U0GRACE", "Grace") });
    expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).displayName).toBe("Grace Hopper");
    expect((await db().identity.findFirstOrThrow({ where: { externalId: "U0GRACE" } })).displayName).toBe(
      "Grace",
    );
  });

  it("creates nobody for a person never seen, and refuses a blank name", async () => {
    expect(await updateDisplayName(db(), { actor: named("U0NEW", "New") })).toEqual({
      changed: false,
      players: 0,
    });
    expect(await db().identity.count({ where: { externalId: "U0NEW" } })).toBe(0);
    await expect(updateDisplayName(db(), { actor: named("U0ADA", "  ") })).rejects.toThrow();
  });
});
