// Generating a quiz from chosen materials on the LMS course page, through the real ltijs launch: the
// form offers the ready materials, and a topic that another material covers far better still gives
// questions from the ticked one only (the search runs inside it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { formFields, getPage, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-gen", name: "Tess Teacher", roles: [INSTRUCTOR] };
const context = { id: "ctx-gen", title: "Plant biology" };

const READER = Array.from(
  { length: 12 },
  (_, i) =>
    `## Photosynthesis ${i + 1}\n\nPhotosynthesis is the process by which chloroplasts turn light into sugar. Photosynthesis needs light, water and carbon dioxide, and photosynthesis releases oxygen.\n`,
).join("\n");
const FIELD_NOTES = `# Field notes

## Transpiration

Transpiration is the loss of water vapour through the stomata of leaves. On hot afternoons the stomata close, and photosynthesis slows while they stay shut.

## Shade

A shade leaf is a broad, thin leaf grown in low light. Under the canopy, photosynthesis in shade leaves runs at a fraction of the rate in sun leaves.
`;

let lti: TestLti;
let canvas: FakeLtiPlatform;
let coursePage: string;
const db = () => lti.database.prisma;

async function upload(name: string, content: string): Promise<string> {
  const { action, fields } = formFields((await getPage(coursePage)).body, "/course/materials");
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  form.set("file", new Blob([content], { type: "text/markdown" }), name);
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

let readerId: string;
let notesId: string;

beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  coursePage = (await canvas.launch({ user: teacher, context })).url;
  readerId = await upload("photosynthesis-reader.md", READER);
  notesId = await upload("field-notes.md", FIELD_NOTES);
}, 300_000);
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

describe("generate from chosen materials on the LMS course page", { timeout: 300_000 }, () => {
  it("offers the ready materials and writes only from the ticked one", async () => {
    const page = (await getPage(coursePage)).body;
    expect(page).toContain(`name="material" id="gen-material-${readerId}"`);
    expect(page).toContain(`name="material" id="gen-material-${notesId}"`);
    const { action, fields } = formFields(page, "/course/quizzes/generate");
    const response = await fetch(action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...fields, topic: "photosynthesis", count: "2", material: notesId }),
      redirect: "manual",
    });
    expect(response.status).toBe(303);
    const quizId = /\/course\/quizzes\/([0-9a-f-]{36})\/edit/.exec(
      response.headers.get("location") ?? "",
    )?.[1];
    const questions = await db().question.findMany({ where: { quizId: quizId! } });
    expect(questions.length).toBeGreaterThan(0);
    expect(questions.every((q) => q.sourceMaterialId === notesId)).toBe(true);
  });

  it("refuses a material that is not one of the list, generating nothing", async () => {
    const before = await db().quiz.count();
    const { action, fields } = formFields((await getPage(coursePage)).body, "/course/quizzes/generate");
    const response = await fetch(action, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ ...fields, count: "2", material: "not-a-material" }),
      redirect: "manual",
    });
    expect(response.status).toBe(400);
    expect(textOf(await response.text())).toContain("Choose materials from the list.");
    expect(await db().quiz.count()).toBe(before);
  });
});
