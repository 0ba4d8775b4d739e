import { describe, expect, it } from "vitest";
import { decodeAction } from "../render/action-codec.ts";
import type { PageContext } from "./page-context.ts";
import { studyCardsPage } from "./study-cards-page.ts";
import { studyGuidePage } from "./study-guide-page.ts";
import { practiceAnswerPage } from "./study-practice-page.ts";
import { runOfReply, studyReplyPage } from "./study-reply-page.ts";

const ctx: PageContext = { toolUrl: "https://studyhall.example/lti", ltik: "LTIK", csrf: "CSRF" };
const head = { courseName: "Biology <101>", heading: "Practice", area: "practice" as const, staff: false };
const RUN = "7d3f6a2e-3c1b-4d5e-9f8a-1b2c3d4e5f60";
const MATERIAL = "0b6f7a52-9a43-4d4e-a1f1-3c2d1e0f9a8b";

describe("the Study pages", () => {
  it("mark the current part in their nav and escape the course's name", () => {
    const { body } = practiceAnswerPage(
      {
        ...head,
        runId: RUN,
        position: 1,
        form: {
          title: "Q · question 2 of 3",
          prompt: "Which <hold> DNA?",
          kind: "MULTIPLE_SELECT",
          choices: ["A. Nucleus", "B. Vacuole"],
        },
      },
      ctx,
    );
    expect(body.value).toContain('aria-current="page">Practice</a>');
    expect(body.value).toContain("Biology &lt;101&gt;");
    expect(body.value).toContain("Which &lt;hold&gt; DNA?");
    expect(body.value).toContain(`action="https://studyhall.example/lti/study/practice/runs/${RUN}/1"`);
    expect(body.value).toContain('<input type="hidden" name="kind" value="MULTIPLE_SELECT">');
    expect(body.value).toContain(
      '<input type="checkbox" name="choice" id="answer-1" value="1"> <label for="answer-1">B. Vacuole</label>',
    );
  });

  it("carry a practice reply's run in every button, and offer to carry on after a side note", () => {
    const reply = {
      visibility: "private" as const,
      blocks: [
        {
          type: "buttons" as const,
          buttons: [{ label: "Next", action: { kind: "practice.next" as const, runId: RUN } }],
        },
      ],
    };
    expect(runOfReply(reply)).toBe(RUN);
    const note = {
      visibility: "private" as const,
      blocks: [{ type: "notice" as const, tone: "info" as const, text: "Saved as a card." }],
    };
    const { body } = studyReplyPage({ ...head, reply: note, runId: RUN, aside: true }, ctx);
    const value = /value="([^"]+)" class="">Continue practising/.exec(body.value)?.[1];
    expect(decodeAction(value!)).toEqual({ kind: "practice.next", runId: RUN });
    const { body: withButtons } = studyReplyPage({ ...head, reply, runId: RUN }, ctx);
    expect(withButtons.value).toContain(`<input type="hidden" name="run" value="${RUN}">`);
  });

  it("show the study settings as they are, and approve buttons on drafts for staff only", () => {
    const data = {
      ...head,
      heading: "Flashcards",
      area: "cards" as const,
      courseId: RUN,
      counts: { dueNow: 0, dueToday: 3 },
      decks: [
        {
          id: MATERIAL,
          courseId: RUN,
          kind: "COURSE" as const,
          title: "Generated",
          topic: null,
          status: "DRAFT" as const,
          origin: "GENERATED" as const,
          cardCount: 4,
          mine: false,
        },
      ],
      settings: {
        cardsFromMisses: false,
        newCardsPerDay: 20,
        desiredRetention: 0.9,
        nudge: { hour: 18 },
        quietHours: { start: 22, end: 7 },
        timeZone: "Europe/Paris",
        optimizedFromReviews: 0,
        optimizedAt: null,
        fsrsParameters: [],
      },
    };
    const student = studyCardsPage(data, ctx).body.value;
    expect(student).toContain("0 cards due now, 3 due today.");
    expect(student).toContain('<select id="nudge-hour" name="nudgeHour"><option value="off">Off</option>');
    expect(student).toContain('<option value="18" selected>18:00</option>');
    expect(student).toMatch(/id="quiet-start"[\s\S]*<option value="22" selected>22:00/);
    expect(student).not.toMatch(/id="cards-from-misses"[^>]*checked/);
    expect(student).not.toContain("Approve Generated");
    const staff = studyCardsPage({ ...data, staff: true }, ctx).body.value;
    expect(staff).toContain(">Approve Generated</button>");
    expect(staff).toContain("Generate a course deck");
  });

  it("render a guide with each citation linking to its passage on the material page", () => {
    const { body } = studyGuidePage(
      {
        ...head,
        guide: {
          id: RUN,
          courseId: RUN,
          title: "Mitochondria",
          scope: { topic: "mitochondria" },
          status: "READY",
          method: "EXTRACTIVE",
          model: null,
          content: {
            sections: [
              {
                heading: "Mitochondria",
                material: "cells.md",
                summary: [{ text: "Mitochondria produce ATP.", cites: [1] }],
                terms: [{ term: "ATP", definition: "The cell's energy currency.", cites: [1] }],
                questions: [{ question: "What makes ATP?", answer: "Mitochondria.", cites: [1] }],
              },
            ],
            sources: [
              { n: 1, materialId: MATERIAL, chunkId: "c", title: "Cells", anchor: "Cells › Mitochondria" },
            ],
          },
          markdown: "# Mitochondria\n\n> Assembled extractively from the course materials.\n",
          pdf: null,
          passagesDone: 1,
          passagesTotal: 1,
          error: null,
          reused: false,
          createdAt: new Date(0),
          finishedAt: new Date(0),
        },
      },
      ctx,
    );
    expect(body.value).toContain("Assembled extractively from the course materials.");
    expect(body.value).toContain(
      `<a class="citation" href="https://studyhall.example/lti/learn/materials/${MATERIAL}?ltik=LTIK#section-cells-mitochondria">[1]</a>`,
    );
    expect(body.value).toContain("<dt>ATP</dt><dd>The cell&#39;s energy currency.");
    expect(body.value).toContain("/study/guides/" + RUN + "/download/pdf");
  });
});
