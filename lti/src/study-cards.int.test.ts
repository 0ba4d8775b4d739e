// Flashcards in the LMS page, through the real ltijs against the fake platform: a deck imported from a
// text file (a malformed line refused by its number, nothing made), a review (front, hint, Show, the
// ratings with their intervals, a double click counted once, "N due today" at the end), the deck as an
// Anki package, the study settings form, and a staff draft deck approved before students see it.

import { ingestMaterial } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { formFields, getPage, type PageResponse, postForm, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";
import { clickButton, pageButtons } from "./testing/study-buttons.ts";

const teacher = { sub: "teacher-cards", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-cards", name: "Sam Student", roles: [LEARNER] };
const context = { id: "ctx-cards", title: "Cell biology" };

let lti: TestLti;
let canvas: FakeLtiPlatform;
let courseId: string;
let teacherHome: string;
let studentHome: string;
const now = new Date("2026-03-02T09:00:00Z");

beforeAll(async () => {
  lti = await startTestLti({ studyClock: () => now });
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  teacherHome = (await canvas.launch({ user: teacher, context })).url;
  courseId = (await db().courseSpace.findFirstOrThrow({ where: { externalId: context.id } })).courseId;
  await ingestMaterial(
    {
      courseId,
      data: new TextEncoder().encode(
        "# Cells\n\n## Mitochondria\n\nMitochondria produce ATP for the cell. The mitochondrion has two membranes.\n\n## Nucleus\n\nThe nucleus holds the cell's DNA and controls the cell.",
      ),
      fileName: "cells.md",
    },
    lti.deps.ingest,
  );
  studentHome = (await canvas.launch({ user: student, context })).url;
});
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

function db() {
  return lti.database.prisma;
}

function linkTo(body: string, pathEnd: string | RegExp): string {
  const link = [...body.matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1]!.replace(/&amp;/g, "&"))
    .find((href) => {
      const path = new URL(href).pathname;
      return typeof pathEnd === "string" ? path.endsWith(pathEnd) : pathEnd.test(path);
    });
  if (!link) throw new Error(`no link to …${String(pathEnd)}`);
  return link;
}

function rateShown(back: PageResponse, rating: RegExp): Promise<PageResponse> {
  return clickButton(back.body, rating);
}

async function cardsPage(home: string): Promise<PageResponse> {
  const study = await getPage(linkTo((await getPage(home)).body, "/study"));
  return getPage(linkTo(study.body, "/study/cards"));
}

/** Posts the import form with a text file, as a browser sends a multipart form. */
async function importFile(page: string, title: string, text: string, extra: Record<string, string> = {}) {
  const { action, fields } = formFields(page, "/study/cards/import");
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...fields, title, ...extra })) form.append(name, value);
  form.append("file", new Blob([text], { type: "text/plain" }), "cards.txt");
  const response = await fetch(action, { method: "POST", body: form, redirect: "manual" });
  return { status: response.status, location: response.headers.get("location"), body: await response.text() };
}

describe("flashcards on the LMS page", () => {
  let card: PageResponse;

  it("refuses an import with a malformed line, naming the line, and makes nothing", async () => {
    const page = await cardsPage(studentHome);
    expect(page.status).toBe(200);
    const refused = await importFile(page.body, "Broken", "mitosis\tcell division\nno separator here\n");
    expect(refused.status).toBe(400);
    expect(textOf(refused.body)).toMatch(/Nothing was imported: one line is not a card\. Line 2: /);
    expect(await db().deck.count({ where: { courseId } })).toBe(0);
  });

  it("imports a deck from an Anki or Quizlet text file", async () => {
    const page = await cardsPage(studentHome);
    const imported = await importFile(
      page.body,
      "Organelles",
      "mitochondrion\tmakes ATP\tpowerhouse\nnucleus\tholds the DNA\n",
    );
    expect(imported.status).toBe(303);
    const after = await getPage(imported.location!);
    expect(textOf(after.body)).toContain("Deck imported.");
    expect(textOf(after.body)).toMatch(/Organelles Yours 2 Export for Anki/);
  });

  it("reviews: the front, a hint on request, Show, ratings with their intervals", async () => {
    const page = await cardsPage(studentHome);
    card = await clickButton(page.body, /^(Review|Check for cards)$/);
    expect(card.status).toBe(200);
    // The card with a hint is reviewed first here; which new card comes first is core's choice.
    if (!textOf(card.body).includes("mitochondrion")) {
      expect(textOf(card.body)).toContain("nucleus");
      card = await rateShown(await clickButton(card.body, /Show/), /^Easy/);
    }
    expect(textOf(card.body)).toContain("mitochondrion");
    expect(textOf(card.body)).not.toContain("makes ATP");
    const hint = await clickButton(card.body, /Hint/);
    expect(textOf(hint.body)).toContain("powerhouse");
    const back = await clickButton(hint.body, /Show/);
    expect(textOf(back.body)).toContain("makes ATP");
    const labels = pageButtons(back.body).map((b) => b.label);
    for (const rating of ["Again", "Hard", "Good", "Easy"]) {
      expect(labels.some((l) => new RegExp(`^${rating} · \\d+(m|h|d|mo|y)$`).test(l))).toBe(true);
    }
    card = back;
  });

  it("counts a double click once", async () => {
    const reviewed = await db().reviewLog.count();
    const good = pageButtons(card.body).find((b) => b.label.startsWith("Good"))!;
    const first = await postForm(good.url, good.fields);
    expect(first.status).toBe(200);
    expect(textOf(first.body)).not.toContain("already reviewed");
    const second = await postForm(good.url, good.fields);
    expect(second.status).toBe(200);
    expect(textOf(second.body)).toContain("already reviewed");
    expect(await db().reviewLog.count()).toBe(reviewed + 1);
    card = second;
  });

  it("ends with what is still due today", async () => {
    // Whatever is left due now (the other card, if it was not reviewed first) is rated Easy.
    while (pageButtons(card.body).some((b) => /^Show/.test(b.label))) {
      card = await rateShown(await clickButton(card.body, /Show/), /^Easy/);
    }
    expect(textOf(card.body)).toMatch(/All done\. \d+ due today\./);
    expect(await db().reviewLog.count()).toBe(2);
  });

  it("exports the deck as an Anki package download", async () => {
    const page = await cardsPage(studentHome);
    const response = await fetch(linkTo(page.body, /\/study\/cards\/decks\/[^/]+\/export$/));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.apkg"/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(String.fromCharCode(bytes[0]!, bytes[1]!)).toBe("PK");
  });

  it("saves the study settings, and refuses an unknown time zone in core's words", async () => {
    const page = await cardsPage(studentHome);
    const { action, fields } = formFields(page.body, "/study/cards/settings");
    const settings = {
      ...fields,
      newCardsPerDay: "15",
      nudgeHour: "18",
      quietStart: "22",
      quietEnd: "7",
      timeZone: "Europe/Paris",
    };
    const saved = await postForm(action, settings);
    expect(saved.status).toBe(303);
    const after = await getPage(saved.location!);
    expect(textOf(after.body)).toContain("Study settings saved.");
    expect(after.body).toContain('<option value="18" selected>18:00</option>');
    expect(after.body).toContain('value="Europe/Paris"');
    expect(after.body).not.toMatch(/id="cards-from-misses" name="cardsFromMisses" value="1" checked/);
    const stored = await db().studySettings.findFirstOrThrow({});
    expect(stored).toMatchObject({
      cardsFromMisses: false,
      nudgeEnabled: true,
      nudgeHour: 18,
      newCardsPerDay: 15,
    });

    const refused = await postForm(action, { ...settings, timeZone: "Mars/Olympus_Mons" });
    expect(refused.status).toBe(400);
    expect(textOf(refused.body)).toContain("That is not a time zone name");
    expect((await db().studySettings.findFirstOrThrow({})).timeZone).toBe("Europe/Paris");
  });

  it("lets staff generate a draft course deck that students see only once approved", async () => {
    const page = await cardsPage(teacherHome);
    const { action, fields } = formFields(page.body, "/study/cards/generate");
    const generated = await postForm(action, { ...fields, topic: "mitochondria", count: "3" });
    expect(generated.status).toBe(303);
    const drafts = await getPage(generated.location!);
    expect(textOf(drafts.body)).toMatch(/Draft/);
    const draft = await db().deck.findFirstOrThrow({ where: { courseId, status: "DRAFT" } });
    expect(textOf((await cardsPage(studentHome)).body)).not.toContain(draft.title);

    const approved = await clickButton(drafts.body, `Approve ${draft.title}`);
    expect(textOf(approved.body)).toMatch(/Approved/);
    expect(textOf((await cardsPage(studentHome)).body)).toContain(draft.title);
  });

  it("refuses a student's post to the staff generate route", async () => {
    const page = await cardsPage(studentHome);
    const { fields } = formFields(page.body, "/study/cards/settings");
    const refused = await postForm(`${lti.toolUrl}/study/cards/generate`, { ...fields, topic: "x" });
    expect(refused.status).toBe(403);
  });
});
