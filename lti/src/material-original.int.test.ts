// A material's original file and citations that open the material at the cited place, through the real
// ltijs: a teacher uploads a PDF and a Markdown file on the course page; a student opens the originals
// (same bytes, the detected type, inline under a safe name, nosniff, sandboxed unless a PDF), follows a
// citation link to the cited section's id and a PDF page's link to `original#page=N`; a student of
// another course gets the same 404 as for an unknown material; deleting the material deletes its file.
import { citationAnchor, NO_ORIGINAL_MESSAGE } from "@studyhall/core";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { citationHref, originalFileHref } from "./pages/citation-link.ts";
import type { PageContext } from "./pages/page-context.ts";
import { formFields, getPage, ltikOf, postForm, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-orig", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-orig", name: "Sam Student", roles: [LEARNER] };
const outsider = { sub: "student-other", name: "Olga Outsider", roles: [LEARNER] };
const context = { id: "ctx-originals", title: "Hydrology" };
const otherContext = { id: "ctx-geology", title: "Geology" };

let lti: TestLti;
let canvas: FakeLtiPlatform;
let coursePage: string;
let studentCtx: PageContext;
let outsiderCtx: PageContext;
let pdfId: string;
let pdfBytes: Uint8Array;
let markdownId: string;
const markdown = [
  "# Hydrology notes",
  "",
  "## Rivers",
  "",
  "Rivers carry sediment downstream. ".repeat(12),
  "",
  "## The Kessel aquifer",
  "",
  "The Kessel aquifer lies beneath the northern ridge, where sandstone holds groundwater. ".repeat(6),
  "",
].join("\n");

const db = () => lti.database.prisma;

/** A PDF whose pages each carry enough text to be passages of their own. */
async function makePdf(pages: string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const text of pages) {
    const page = pdf.addPage([600, 800]);
    for (let line = 0; line < 8; line++) {
      page.drawText(`${text} line ${line + 1} of this page.`, { x: 40, y: 760 - line * 16, size: 11, font });
    }
  }
  return pdf.save();
}

async function upload(name: string, content: Uint8Array | string, type: string): Promise<string> {
  const { action, fields } = formFields((await getPage(coursePage)).body, "/course/materials");
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  form.set("file", new Blob([content], { type }), name);
  const response = await fetch(action, {
    method: "POST",
    headers: { accept: "application/json", "x-csrf-token": fields.csrf! },
    body: form,
  });
  const body = (await response.json()) as { material: { id: string } };
  for (let i = 0; i < 400; i++) {
    const material = await db().material.findUniqueOrThrow({ where: { id: body.material.id } });
    if (material.status === "READY") return material.id;
    if (material.status === "FAILED") throw new Error(`ingestion failed: ${material.error}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("material never became ready");
}

function pageContextOf(url: string): PageContext {
  return { toolUrl: lti.toolUrl, ltik: ltikOf(url), csrf: "" };
}

function hrefs(body: string): string[] {
  return [...body.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
}

beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  coursePage = (await canvas.launch({ user: teacher, context })).url;
  studentCtx = pageContextOf((await canvas.launch({ user: student, context })).url);
  // The other course exists once its teacher has opened it; then its student has a page.
  await canvas.launch({ user: { ...teacher, sub: "teacher-geo" }, context: otherContext });
  outsiderCtx = pageContextOf((await canvas.launch({ user: outsider, context: otherContext })).url);
  pdfBytes = await makePdf([
    "Groundwater fills the pores of rock.",
    "Aquifers are layers of rock that hold and pass water.",
    "Wells draw water from confined aquifers.",
  ]);
  pdfId = await upload("Aquifers (week 3).pdf", pdfBytes, "application/pdf");
  markdownId = await upload("hydrology.md", markdown, "text/markdown");
}, 300_000);
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

describe("a material's original file", { timeout: 300_000 }, () => {
  it("is served to a student of the course: same bytes, PDF type, inline with a safe name, nosniff", async () => {
    const response = await fetch(originalFileHref(studentCtx, pdfId));
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(pdfBytes))).toBe(true);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toBe(
      `inline; filename="Aquifers (week 3).pdf"; filename*=UTF-8''Aquifers%20%28week%203%29.pdf`,
    );
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toContain("no-store");
    // A sandboxed PDF does not render in Chrome's viewer; a PDF runs nothing of ours.
    expect(response.headers.get("content-security-policy") ?? "").not.toContain("sandbox");
  });

  it("is sandboxed when it is not a PDF or an image", async () => {
    const response = await fetch(originalFileHref(studentCtx, markdownId));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(markdown);
    expect(response.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(response.headers.get("content-security-policy")).toMatch(/^sandbox; default-src 'none'/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("is the same 404 for a student of another course as for a material that does not exist", async () => {
    const other = await fetch(originalFileHref(outsiderCtx, pdfId));
    const unknown = await fetch(originalFileHref(outsiderCtx, crypto.randomUUID()));
    const malformed = await fetch(originalFileHref(outsiderCtx, "not-a-material"));
    expect([other.status, unknown.status, malformed.status]).toEqual([404, 404, 404]);
    const [otherText, unknownText, malformedText] = await Promise.all(
      [other, unknown, malformed].map(async (r) => textOf(await r.text())),
    );
    expect(otherText).toContain("That material is not in this course.");
    expect(otherText).toBe(unknownText);
    expect(otherText).toBe(malformedText);
    expect(otherText).not.toContain("%PDF");
    // The material page itself answers the same.
    expect((await getPage(citationHref(outsiderCtx, { materialId: pdfId }))).status).toBe(404);
  });
});

describe("citation links", { timeout: 300_000 }, () => {
  it("land on the cited section's id, which the page highlights", async () => {
    const material = await db().material.findUniqueOrThrow({ where: { id: markdownId } });
    const chunk = await db().materialChunk.findFirstOrThrow({
      where: { materialId: markdownId, text: { contains: "Kessel aquifer lies" } },
    });
    // The anchor exactly as the tutor's citation carries it (the title is not repeated).
    const anchor = citationAnchor(material.title, chunk.anchor);
    expect(anchor).toBe("The Kessel aquifer");
    const href = citationHref(studentCtx, { materialId: markdownId, anchor });
    const fragment = decodeURIComponent(new URL(href).hash.slice(1));
    expect(fragment).toBe("section-the-kessel-aquifer");

    const page = await getPage(href);
    expect(page.status).toBe(200);
    const target = new RegExp(
      `<section class="passage" id="${fragment}" tabindex="-1">([\\s\\S]*?)</section>`,
    ).exec(page.body);
    expect(target).not.toBeNull();
    expect(textOf(target![1]!)).toContain("The Kessel aquifer lies beneath the northern ridge");
    // Each id once, and the :target highlight is in the page's stylesheet.
    expect(page.body.split(`id="${fragment}"`).length).toBe(2);
    expect(page.body).toContain(".passage:target{");
    expect(textOf(page.body)).toContain("Open the original file");
  });

  it("of a PDF land on the cited page, which links to the original at that page", async () => {
    const chunks = await db().materialChunk.findMany({
      where: { materialId: pdfId },
      orderBy: { ordinal: "asc" },
    });
    const cited = chunks.find((c) => c.page !== null && c.page > 1)!;
    expect(cited.anchor).toMatch(/^pp?\. \d/);
    const href = citationHref(studentCtx, { materialId: pdfId, anchor: cited.anchor });
    expect(new URL(href).hash).toBe(`#page-${cited.page}`);

    const page = await getPage(href);
    const target = new RegExp(
      `<section class="passage" id="page-${cited.page}" tabindex="-1">([\\s\\S]*?)</section>`,
    ).exec(page.body);
    expect(target).not.toBeNull();
    const openAtPage = hrefs(target![1]!).find((h) => new URL(h).pathname.endsWith("/original"))!;
    expect(new URL(openAtPage).hash).toBe(`#page=${cited.page}`);
    expect(textOf(target![1]!)).toContain(`Open the original at page ${cited.page}`);
    // The link works as it is: the fragment stays in the browser, the file comes back.
    const original = await fetch(openAtPage);
    expect(original.status).toBe(200);
    expect(original.headers.get("content-type")).toBe("application/pdf");
  });
});

describe("materials without their original", { timeout: 300_000 }, () => {
  it("say so plainly on the page and in the file's place", async () => {
    // A material ingested before originals were kept has no file row.
    await db().materialFile.delete({ where: { materialId: markdownId } });
    const page = await getPage(citationHref(studentCtx, { materialId: markdownId }));
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain(NO_ORIGINAL_MESSAGE);
    expect(hrefs(page.body).some((h) => h.includes("/original"))).toBe(false);
    const file = await fetch(originalFileHref(studentCtx, markdownId));
    expect(file.status).toBe(404);
    expect(textOf(await file.text())).toContain(NO_ORIGINAL_MESSAGE);
  });
});

describe("deleting a material", { timeout: 300_000 }, () => {
  it("deletes its original file with it", async () => {
    expect(await db().materialFile.count({ where: { materialId: pdfId } })).toBe(1);
    const link = hrefs((await getPage(coursePage)).body).find((h) =>
      h.includes(`/course/materials/${pdfId}/delete`),
    )!;
    const { action, fields } = formFields((await getPage(link)).body, `/course/materials/${pdfId}/delete`);
    expect((await postForm(action, fields)).status).toBe(303);
    expect(await db().material.count({ where: { id: pdfId } })).toBe(0);
    expect(await db().materialFile.count({ where: { materialId: pdfId } })).toBe(0);
    expect((await fetch(originalFileHref(studentCtx, pdfId))).status).toBe(404);
  });
});
