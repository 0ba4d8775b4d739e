// The progress commands through the front door every front end calls (runProgressCommand), from the
// words a person types, offline, with the clock fixed: the card with the account, the leaderboard and
// hiding from it, history, and the refusals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCourse, studentActor } from "../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createAi } from "../ai/create-ai.ts";
import { updateCourseSettings } from "../courses/course-settings.ts";
import { ensureEnrollment } from "../courses/enrollments.ts";
import type { Database } from "../db/open-database.ts";
import { createStudyHallDeps, type StudyHallDeps } from "../deps.ts";
import { isAppError } from "../errors/app-error.ts";
import { silentLogger } from "../logger.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import type { Reply } from "../reply/reply.ts";
import type { StudyPlace } from "../study/choose-study-course.ts";
import { parseProgressCommandText } from "./parse-progress-command-text.ts";
import { runProgressCommand } from "./run-progress-command.ts";

const teacher = studentActor("T-PG");
const ana = studentActor("U-PG-ANA");
const ben = studentActor("U-PG-BEN");
const newcomer = studentActor("U-PG-NEW");
const now = new Date("2026-12-10T15:00:00Z");
let database: Database;
let deps: StudyHallDeps;
let bio: { id: string; slug: string };
let chem: { id: string; slug: string };
let seq = 0;

const text = (reply: Reply) =>
  reply.blocks
    .map((b) =>
      b.type === "text" || b.type === "notice"
        ? b.text
        : b.type === "fields"
          ? b.fields.map((f) => `${f.label}: ${f.value}`).join("\n")
          : b.type === "progress"
            ? b.label
            : "",
    )
    .join("\n");

async function type(words: string, place: StudyPlace): Promise<Reply> {
  const parsed = parseProgressCommandText(words);
  if (!parsed || "error" in parsed) throw new Error(`"${words}" did not parse: ${JSON.stringify(parsed)}`);
  return runProgressCommand(
    deps,
    { ...place, ...(parsed.course ? { course: parsed.course } : {}), command: parsed.command },
    {
      commands: {
        prefs: "/studyhall prefs",
        show: "/studyhall leaderboard show",
        hide: "/studyhall leaderboard hide",
      },
    },
  );
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error.userMessage;
}

const level = (reply: Reply) => {
  const block = reply.blocks.find((b) => b.type === "progress");
  return block?.type === "progress" ? block.label : "no progress block";
};
const dm = (actor: Actor): StudyPlace => ({ actor, space: null });

async function award(actor: Actor, courseId: string, points: number, at = "2026-12-09T12:00:00Z") {
  seq += 1;
  await database.prisma.xpEvent.create({
    data: {
      userId: (await resolveUser(database.prisma, actor)).userId,
      courseId,
      kind: "CARD_REVIEW",
      sourceKey: `front-door-${seq}`,
      points,
      occurredAt: new Date(at),
      localDate: new Date(at.slice(0, 10)),
    },
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  deps = createStudyHallDeps({
    db: database.prisma,
    ai: createAi({ provider: "local" }),
    logger: silentLogger(),
    clock: () => now,
  });
  bio = await seedCourse(database.prisma, "Biology progress", [ana, ben]);
  chem = await seedCourse(database.prisma, "Chemistry progress", [ana]);
  const { userId } = await resolveUser(database.prisma, teacher);
  await ensureEnrollment(database.prisma, { courseId: bio.id, userId, role: "STAFF", source: "MANUAL" });
  await resolveUser(database.prisma, newcomer);
  await award(ana, bio.id, 40);
  await award(ana, chem.id, 15);
  await award(ben, bio.id, 25);
  await award(ben, bio.id, 100, "2026-11-20T12:00:00Z");
});
afterAll(async () => {
  await database?.close();
});

describe("runProgressCommand", () => {
  it("me: the card as a PNG with its alt text and the same facts in text, then the account", async () => {
    const reply = await type("me", dm(ana));
    expect(reply.visibility).toBe("private");
    const [file] = reply.files ?? [];
    expect(file?.mimeType).toBe("image/png");
    expect([...(file?.content.slice(0, 4) ?? [])]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(file?.altText).toBeTruthy();
    const divider = reply.blocks.findIndex((b) => b.type === "divider");
    expect(divider).toBeGreaterThan(0);
    expect(level(reply)).toContain("55 XP");
    expect(text(reply)).toContain("Courses: Biology progress (student)\nChemistry progress (student)");
    expect(text(reply)).toContain("`/studyhall prefs`");
    // In one course's channel (or with in:), the card is about that course.
    expect(level(await type(`me in:${chem.slug}`, dm(ana)))).toContain("15 XP");
  });

  it("me: someone in no course yet still gets their (empty) card and account", async () => {
    const reply = await type("me", dm(newcomer));
    expect(level(reply)).toContain("Level 1 · 0 XP");
    expect(text(reply)).toContain("Courses: None yet");
  });

  it("leaderboard: needs a course, ranks the week or all time, and hides and shows the person", async () => {
    expect(await refusal(type("leaderboard", dm(ana)))).toContain("Which course?");
    const week = await type(`leaderboard in:${bio.slug}`, dm(ana));
    expect(text(week)).toContain("**Leaderboard of Biology progress**, this week (since Monday, Dec 7)");
    expect(text(week)).toContain("**1. Student U-PG-ANA: 40 XP (you)**\n2. Student U-PG-BEN: 25 XP");
    const all = await type(`leaderboard all in:${bio.slug}`, dm(ana));
    expect(text(all)).toContain("1. Student U-PG-BEN: 125 XP\n**2. Student U-PG-ANA: 40 XP (you)**");

    const hidden = await type("leaderboard hide", dm(ana));
    expect(text(hidden)).toContain("your name is off every course leaderboard");
    expect(text(await type(`leaderboard in:${bio.slug}`, dm(ben)))).not.toContain("U-PG-ANA");
    const own = await type(`leaderboard in:${bio.slug}`, dm(ana));
    expect(text(own)).toContain("You are hidden from leaderboards");
    expect(text(own)).toContain("`/studyhall leaderboard show` puts you back");
    await type("leaderboard show", dm(ana));
    expect(text(await type(`leaderboard in:${bio.slug}`, dm(ben)))).toContain("U-PG-ANA");
  });

  it("leaderboard: a course whose staff turned it off refuses in a sentence, and staff can turn it back on", async () => {
    await updateCourseSettings(
      database.prisma,
      { actor: teacher, courseId: bio.id, changes: { leaderboard: "off" } },
      [],
    );
    expect(await refusal(type(`leaderboard in:${bio.slug}`, dm(ana)))).toBe(
      "The staff of Biology progress have turned the leaderboard off for this course. They can turn it back on in the course settings.",
    );
    await updateCourseSettings(
      database.prisma,
      { actor: teacher, courseId: bio.id, changes: { leaderboard: "on" } },
      [],
    );
    expect(text(await type(`leaderboard in:${bio.slug}`, dm(ana)))).toContain("(you)");
  });

  it("history: nothing yet, said plainly; a course the person is not in is refused", async () => {
    expect(text(await type("history", dm(ana)))).toContain("Nothing here yet");
    expect(await refusal(type("history in:nope", dm(ana)))).toContain(
      "You are not in a course called `nope`",
    );
  });
});
