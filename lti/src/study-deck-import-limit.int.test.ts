// A deck import holds its file in memory as a material upload does, so it counts against the same
// per-address upload budget: past it, the import is refused with 429 before any work (its own file,
// because ltijs is one per process and the budget here is tiny).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { formFields, getPage } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-limit", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-limit", name: "Sam Student", roles: [LEARNER] };
const context = { id: "ctx-limit", title: "Limits" };

let lti: TestLti;
let canvas: FakeLtiPlatform;
beforeAll(async () => {
  lti = await startTestLti({ rateLimits: { uploadsPerHour: 1 } });
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  await canvas.launch({ user: teacher, context });
});
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

function linkTo(body: string, pathEnd: string): string {
  const link = [...body.matchAll(/href="([^"]+)"/g)]
    .map((m) => m[1]!.replace(/&amp;/g, "&"))
    .find((href) => new URL(href).pathname.endsWith(pathEnd));
  if (!link) throw new Error(`no link to …${pathEnd}`);
  return link;
}

async function importFile(page: string, title: string, text: string): Promise<number> {
  const { action, fields } = formFields(page, "/study/cards/import");
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...fields, title })) form.append(name, value);
  form.append("file", new Blob([text], { type: "text/plain" }), "cards.txt");
  const response = await fetch(action, { method: "POST", body: form, redirect: "manual" });
  await response.arrayBuffer();
  return response.status;
}

describe("deck imports and the upload budget", () => {
  it("attack: one address repeats deck imports -> 429 past the hour's upload budget, nothing made", async () => {
    const home = (await canvas.launch({ user: student, context })).url;
    const study = await getPage(linkTo((await getPage(home)).body, "/study"));
    const page = await getPage(linkTo(study.body, "/study/cards"));
    expect(await importFile(page.body, "One", "a\tb\n")).toBe(303);
    expect(await importFile(page.body, "Two", "c\td\n")).toBe(429);
    expect(await lti.database.prisma.deck.count()).toBe(1);
  });
});
