// Uploading materials on the instructor's course page, through the real ltijs: the page's upload form
// (the contract the browser test relies on), the script's XHR path (JSON answers, the list it refreshes),
// the plain form post without scripts, the size limit, type checks, CSRF and delete.
import { MAX_MATERIAL_BYTES } from "@studyhall/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { formFields, getPage, postForm, textOf } from "./testing/page-client.ts";
import { startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-up", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-up", name: "Sam Student", roles: [LEARNER] };
const context = { id: "ctx-upload", title: "Cell biology" };

let lti: TestLti;
let canvas: FakeLtiPlatform;
let coursePage: string;
let courseId: string;
beforeAll(async () => {
  lti = await startTestLti();
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  coursePage = (await canvas.launch({ user: teacher, context })).url;
  courseId = (await lti.database.prisma.courseSpace.findFirstOrThrow({ where: { externalId: context.id } }))
    .courseId;
});
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

const db = () => lti.database.prisma;

/** The upload form's action and hidden fields, as the page renders them. */
async function uploadForm(): Promise<{ action: string; fields: Record<string, string> }> {
  return formFields((await getPage(coursePage)).body, "/course/materials");
}

interface UploadAnswer {
  ok: boolean;
  message: string;
  material?: { id: string; status: string };
}

/** Posts a file the way the page's script does (XHR with FormData, JSON wanted, CSRF header). */
async function uploadAsScript(
  name: string,
  content: string | Uint8Array,
  options: { csrf?: string; type?: string } = {},
): Promise<{
  status: number;
  body: { ok: boolean; message: string; material?: { id: string; status: string } };
}> {
  const { action, fields } = await uploadForm();
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  form.set("file", new Blob([content], { type: options.type ?? "text/markdown" }), name);
  const response = await fetch(action, {
    method: "POST",
    headers: { accept: "application/json", "x-csrf-token": options.csrf ?? fields.csrf! },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as UploadAnswer };
}

async function waitForStatus(
  materialId: string,
  wanted: string[],
): Promise<{ html: string; status: string }> {
  const { action } = await uploadForm();
  for (let i = 0; i < 200; i++) {
    const response = await fetch(action, { headers: { accept: "application/json" } });
    const body = (await response.json()) as {
      html: string;
      materials: Array<{ id: string; status: string }>;
    };
    const material = body.materials.find((m) => m.id === materialId);
    if (material && wanted.includes(material.status)) return { html: body.html, status: material.status };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`material ${materialId} never reached ${wanted.join("/")}`);
}

describe("the upload form on the course page", () => {
  it("has the ids, labels, CSRF field and live region the browser test and screen readers rely on", async () => {
    const page = await getPage(coursePage);
    const form =
      /<form id="upload-material" method="post" enctype="multipart\/form-data" action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(
        page.body,
      );
    expect(form).not.toBeNull();
    const action = new URL(form![1]!.replace(/&amp;/g, "&"));
    expect(action.pathname).toBe("/lti/course/materials");
    expect(action.searchParams.get("ltik")).toBe(new URL(coursePage).searchParams.get("ltik"));
    expect(form![2]).toMatch(/name="csrf" value="[\w-]{20,}"/);
    expect(form![2]).toMatch(/<input type="file" name="file" id="material-file"/);
    expect(form![2]).toContain('<label for="material-file">');
    expect(form![2]).toContain('<progress id="upload-progress" max="100" value="0"');
    expect(form![2]).toContain('<p id="upload-status" aria-live="polite">');
    expect(form![2]).toMatch(/<button type="submit">Upload<\/button>/);
    // The script runs under the page's CSP (by nonce) and may talk to the tool only.
    const csp = page.headers.get("content-security-policy")!;
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1]!;
    expect(page.body).toContain(`<script nonce="${nonce}">`);
    expect(page.body).toContain("XMLHttpRequest");
    expect(csp).toContain("connect-src 'self'");
  });
});

describe("uploading from the page's script", () => {
  it("answers with JSON as soon as the material exists, and the list it refreshes shows it ready", async () => {
    const uploaded = await uploadAsScript(
      "Cell biology.md",
      "# Cells\n\nMitochondria produce ATP for the cell.",
    );
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.ok).toBe(true);
    expect(uploaded.body.message).toMatch(/^Added “Cell biology\.md” — (processing|ready)$/);
    const id = uploaded.body.material!.id;
    const listed = await waitForStatus(id, ["READY"]);
    expect(textOf(listed.html)).toMatch(/Cells Markdown Ready \(\d+ parts? the tutor can cite\)/);
    const material = await db().material.findUniqueOrThrow({ where: { id } });
    expect(material).toMatchObject({ courseId, fileName: "Cell biology.md", status: "READY" });
    expect(material.uploadedById).not.toBeNull();

    const again = await uploadAsScript("copy.md", "# Cells\n\nMitochondria produce ATP for the cell.");
    expect(again).toMatchObject({
      status: 200,
      body: { ok: true, message: "“copy.md” is already in this course; nothing changed." },
    });
  });

  it("keeps a file name with a slash whole, folders and all", async () => {
    const uploaded = await uploadAsScript("Week 3/4 notes.md", "Aquifers hold groundwater in porous rock.");
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.message).toMatch(/^Added “Week 3\/4 notes\.md” — /);
    const material = await db().material.findUniqueOrThrow({ where: { id: uploaded.body.material!.id } });
    expect(material.fileName).toBe("Week 3/4 notes.md");
    const listed = await waitForStatus(material.id, ["READY"]);
    expect(textOf(listed.html)).toContain("Week 3/4 notes");
  });

  it("refuses a file of a type StudyHall cannot read with 415 and says what to upload instead", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const refused = await uploadAsScript("diagram.png", png, { type: "image/png" });
    expect(refused.status).toBe(415);
    expect(refused.body).toEqual({
      ok: false,
      message: expect.stringContaining("Images are not supported yet"),
    });
    expect(await db().material.count({ where: { courseId, fileName: "diagram.png" } })).toBe(0);
  });

  it("refuses an upload without this session's CSRF token before reading the file", async () => {
    const refused = await uploadAsScript("sneaky.md", "# Sneaky", { csrf: "not-the-token-not-the-token-xx" });
    expect(refused.status).toBe(403);
    expect(refused.body.ok).toBe(false);
    expect(await db().material.count({ where: { courseId, fileName: "sneaky.md" } })).toBe(0);
  });
});

describe("uploading without scripts", () => {
  it("posts the form and lands back on the page with a notice", async () => {
    const { action, fields } = await uploadForm();
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.set(key, value);
    form.set(
      "file",
      new Blob(["Ribosomes build proteins from amino acids."], { type: "text/plain" }),
      "ribosomes.txt",
    );
    const response = await fetch(action, { method: "POST", body: form, redirect: "manual" });
    expect(response.status).toBe(303);
    const back = await getPage(response.headers.get("location")!);
    expect(textOf(back.body)).toMatch(/Added “ribosomes\.txt” — (processing|ready)/);
  });

  it("refuses a form without the CSRF field", async () => {
    const { action, fields } = await uploadForm();
    const form = new FormData();
    form.set("ltik", fields.ltik!);
    form.set("file", new Blob(["text"], { type: "text/plain" }), "no-csrf.txt");
    const response = await fetch(action, { method: "POST", body: form, redirect: "manual" });
    expect(response.status).toBe(403);
    expect(await db().material.count({ where: { courseId, fileName: "no-csrf.txt" } })).toBe(0);
  });
});

describe("the size limit", () => {
  it("refuses a body that declares more than the limit with 413 before reading it", async () => {
    const refused = await uploadAsScript("huge.txt", new Uint8Array(MAX_MATERIAL_BYTES + 1).fill(97), {
      type: "text/plain",
    });
    expect(refused.status).toBe(413);
    expect(refused.body.message).toMatch(/larger than 50\.0 MB/);
    expect(await db().material.count({ where: { courseId, fileName: "huge.txt" } })).toBe(0);
  });

  it("refuses a streamed body that turns out larger than the limit, storing nothing", async () => {
    const { action, fields } = await uploadForm();
    const boundary = "----studyhall-test-boundary";
    const head = Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join("");
    const fileHead = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="stream.txt"\r\nContent-Type: text/plain\r\n\r\n`;
    const chunk = new Uint8Array(1024 * 1024).fill(98);
    let sent = 0;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(encoder.encode(head + fileHead));
        if (sent <= MAX_MATERIAL_BYTES) {
          controller.enqueue(chunk);
          sent += chunk.byteLength;
          return;
        }
        controller.enqueue(encoder.encode(`\r\n--${boundary}--\r\n`));
        controller.close();
      },
    });
    const response = await fetch(action, {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, accept: "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { message: string }).message).toMatch(/larger than 50\.0 MB/);
    expect(await db().material.count({ where: { courseId, fileName: "stream.txt" } })).toBe(0);
  });
});

describe("deleting a material", () => {
  it("asks first, then deletes on the CSRF-checked post", async () => {
    const material = await db().material.findFirstOrThrow({ where: { courseId, fileName: "ribosomes.txt" } });
    const page = await getPage(coursePage);
    const link = [...page.body.matchAll(/href="([^"]+)"/g)]
      .map((m) => m[1]!.replace(/&amp;/g, "&"))
      .find((href) => href.includes(`/course/materials/${material.id}/delete`))!;
    const confirm = await getPage(link);
    expect(confirm.status).toBe(200);
    expect(textOf(confirm.body)).toContain("This cannot be undone");
    const { action, fields } = formFields(confirm.body, `/course/materials/${material.id}/delete`);

    expect((await postForm(action, { ...fields, csrf: "forged" })).status).toBe(403);
    expect(await db().material.count({ where: { id: material.id } })).toBe(1);

    const deleted = await postForm(action, fields);
    expect(deleted.status).toBe(303);
    expect(await db().material.count({ where: { id: material.id } })).toBe(0);
    expect(await db().materialChunk.count({ where: { materialId: material.id } })).toBe(0);
    expect(textOf((await getPage(deleted.location!)).body)).toContain("Material deleted.");
  });

  it("is not open to a student's launch", async () => {
    const launched = await canvas.launch({ user: student, context });
    const studentUpload = new URL(launched.url);
    studentUpload.pathname = "/lti/course/materials";
    const form = new FormData();
    form.set("file", new Blob(["x"], { type: "text/plain" }), "student.txt");
    const response = await fetch(studentUpload, {
      method: "POST",
      body: form,
      headers: { accept: "application/json" },
    });
    expect(response.status).toBe(403);
    expect(await db().material.count({ where: { courseId, fileName: "student.txt" } })).toBe(0);
  });
});
