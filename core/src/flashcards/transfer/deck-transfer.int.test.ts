import JSZip from "jszip";
import initSqlJs from "sql.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCourse, studentActor } from "../../../../test/support/course-fixtures.ts";
import { createTestDatabase } from "../../../../test/support/test-database.ts";
import { ensureEnrollment } from "../../courses/enrollments.ts";
import type { Database } from "../../db/open-database.ts";
import { isAppError } from "../../errors/app-error.ts";
import { resolveUser } from "../../people/resolve-user.ts";
import { createDeck } from "../decks.ts";
import { fieldChecksum, STUDYHALL_MODEL_ID } from "./anki-collection.ts";
import { exportDeckApkg } from "./export-apkg.ts";
import { importDeck } from "./import-deck.ts";

const teacher = studentActor("T1");
const student = studentActor("U1");
const outsider = studentActor("U9");
let database: Database;
let courseId: string;
const db = () => database.prisma;

beforeAll(async () => {
  database = await createTestDatabase();
  courseId = (await seedCourse(db(), "Biology", [teacher], "STAFF")).id;
  const { userId } = await resolveUser(db(), student);
  await ensureEnrollment(db(), { courseId, userId, role: "STUDENT", source: "MANUAL" });
  await seedCourse(db(), "Other", [outsider]);
});
afterAll(() => database?.close());

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error.userMessage;
}

describe("importDeck", () => {
  it("imports a Quizlet export as the student's personal deck", async () => {
    const { deck, imported } = await importDeck(db(), {
      actor: student,
      courseId,
      title: "Cells from Quizlet",
      text: "cell\tsmallest unit of life\nosmosis\twater across a membrane\tthink water\n",
    });
    expect(imported).toBe(2);
    expect(deck).toMatchObject({ kind: "PERSONAL", origin: "IMPORTED", mine: true, cardCount: 2 });
    const cards = await db().card.findMany({ where: { deckId: deck.id }, orderBy: { position: "asc" } });
    expect(cards.map((c) => [c.position, c.front, c.back, c.hint])).toEqual([
      [0, "cell", "smallest unit of life", null],
      [1, "osmosis", "water across a membrane", "think water"],
    ]);
  });

  it("refuses the whole file when a line is malformed, naming the first ten lines and the rest", async () => {
    const before = await db().deck.count();
    const lines = ["good\tcard", ...Array.from({ length: 12 }, (_, i) => `bad line ${i}`)];
    const message = await refusal(
      importDeck(db(), { actor: student, courseId, title: "Broken", text: lines.join("\n") }),
    );
    expect(message).toContain("12 lines are not a card");
    expect(message).toContain("Line 2: no tab between the front and the back.");
    expect(message).toContain("Line 11:");
    expect(message).not.toContain("Line 12:");
    expect(message).toContain("…and 2 more.");
    expect(await db().deck.count()).toBe(before);
  });

  it("refuses an empty file and a course deck from a student", async () => {
    expect(
      await refusal(importDeck(db(), { actor: student, courseId, title: "Empty", text: "\n\n" })),
    ).toMatch(/^That file has no cards/);
    expect(
      await refusal(
        importDeck(db(), { actor: student, courseId, title: "Mine", text: "a\tb", kind: "COURSE" }),
      ),
    ).toBe("Only course staff can import a course deck.");
  });

  it("lets staff import a course deck, audited", async () => {
    const { deck } = await importDeck(db(), {
      actor: teacher,
      courseId,
      title: "Course terms",
      text: "#separator:comma\nATP,energy currency",
      kind: "COURSE",
    });
    expect(deck).toMatchObject({ kind: "COURSE", status: "APPROVED", origin: "IMPORTED" });
    expect(await db().auditEntry.count({ where: { action: "deck.imported", targetId: deck.id } })).toBe(1);
  });
});

describe("exportDeckApkg", () => {
  it("builds a package whose collection holds the notes, the note type and the deck", async () => {
    const { deck } = await importDeck(db(), {
      actor: student,
      courseId,
      title: "Export me",
      text: '#tags column:4\nMitochondria\t"makes ATP\nin cells"\tpower\tbio cells\nR&D <x>\tback\t\t\n',
    });
    const file = await exportDeckApkg(
      db(),
      { actor: student, courseId, deckId: deck.id },
      { now: new Date("2027-01-05T10:00:00Z") },
    );
    expect(file).toMatchObject({ name: "Export-me.apkg", mimeType: "application/apkg" });
    const zip = await JSZip.loadAsync(file.content);
    expect(await zip.file("media")?.async("string")).toBe("{}");
    const bytes = await zip.file("collection.anki2")?.async("uint8array");
    const SQL = await initSqlJs();
    const sqlite = new SQL.Database(bytes);
    try {
      const [col] = sqlite.exec("SELECT ver, models, decks, dconf FROM col");
      const [ver, models, decks, dconf] = col?.values[0] ?? [];
      expect(ver).toBe(11);
      const model = JSON.parse(String(models))[String(STUDYHALL_MODEL_ID)];
      expect(model.flds.map((f: { name: string }) => f.name)).toEqual(["Front", "Back", "Hint"]);
      expect(model.tmpls).toHaveLength(1);
      const deckJson = Object.values(JSON.parse(String(decks))) as Array<{
        name: string;
        id: number;
        conf: number;
      }>;
      const ours = deckJson.find((d) => d.name === "Export me");
      expect(ours).toBeDefined();
      expect(JSON.parse(String(dconf))[String(ours?.conf)]).toBeDefined();
      const [notes] = sqlite.exec("SELECT id, guid, mid, tags, flds, sfld, csum FROM notes ORDER BY id");
      expect(notes?.values).toHaveLength(2);
      const [first, second] = notes?.values ?? [];
      expect(first?.[2]).toBe(STUDYHALL_MODEL_ID);
      expect(first?.[3]).toBe(" bio cells ");
      expect(first?.[4]).toBe("Mitochondria\x1fmakes ATP<br>in cells\x1fpower");
      expect(first?.[5]).toBe("Mitochondria");
      expect(first?.[6]).toBe(fieldChecksum("Mitochondria"));
      expect(second?.[4]).toBe("R&amp;D &lt;x&gt;\x1fback\x1f");
      expect(new Set([first?.[1], second?.[1]]).size).toBe(2);
      const [cards] = sqlite.exec("SELECT nid, did, ord, type, queue, due FROM cards ORDER BY due");
      expect(cards?.values).toEqual([
        [first?.[0], ours?.id, 0, 0, 0, 1],
        [second?.[0], ours?.id, 0, 0, 0, 2],
      ]);
      expect(
        sqlite.exec("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")[0]?.values.flat(),
      ).toEqual(["cards", "col", "graves", "notes", "revlog"]);
    } finally {
      sqlite.close();
    }
  });

  it("refuses an empty deck, and a deck of another course's person", async () => {
    const empty = await createDeck(db(), {
      actor: student,
      courseId,
      title: "Nothing yet",
      kind: "PERSONAL",
    });
    expect(await refusal(exportDeckApkg(db(), { actor: student, courseId, deckId: empty.id }))).toBe(
      '"Nothing yet" has no cards yet, so there is nothing to export. Add cards first.',
    );
    expect(
      await refusal(exportDeckApkg(db(), { actor: outsider, courseId, deckId: empty.id })),
    ).not.toContain("Nothing yet");
  });
});
