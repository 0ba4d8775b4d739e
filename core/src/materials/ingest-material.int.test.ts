import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedCourse } from "../../../test/support/course-fixtures.ts";
import { startFakeOpenAi } from "../../../test/support/fake-openai-server.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { createAi } from "../ai/create-ai.ts";
import type { Embedder } from "../ai/embedder.ts";
import { createHashedEmbedder } from "../ai/local/hashed-embedder.ts";
import type { Database } from "../db/open-database.ts";
import { silentLogger } from "../logger.ts";
import { fetchMaterialUrl } from "./fetch-material-url.ts";
import { type IngestProgress, ingestMaterial } from "./ingest-material.ts";
import { MAX_MATERIAL_BYTES } from "./material-limits.ts";

let database: Database;
let courseId: string;
const embedder = createHashedEmbedder();
const deps = () => ({ db: database.prisma, embedder, logger: silentLogger() });

async function makePdf(pages: string[][]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle("Genetics Handbook");
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([600, 800]);
    for (const [i, line] of lines.entries()) page.drawText(line, { x: 40, y: 760 - i * 16, size: 11, font });
  }
  return pdf.save();
}

async function counts() {
  const where = { courseId };
  return {
    materials: await database.prisma.material.count({ where }),
    chunks: await database.prisma.materialChunk.count({ where }),
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  courseId = (await seedCourse(database.prisma, "Genetics", [])).id;
});
afterAll(() => database?.close());

describe("ingestMaterial", () => {
  it("ingests a PDF with page anchors, reporting progress up to done", async () => {
    const pdf = await makePdf([
      ["Chapter 1. Genes are segments of DNA that code for proteins."],
      [
        "Chapter 2. Alleles are different versions of the same gene.",
        "Dominant alleles mask recessive ones.",
      ],
      ["Chapter 3. Meiosis halves the chromosome number to make gametes."],
    ]);
    const events: IngestProgress[] = [];
    const { material, duplicate } = await ingestMaterial(
      { courseId, data: pdf, fileName: "genetics.pdf" },
      deps(),
      { onProgress: (p) => events.push(p) },
    );
    expect(duplicate).toBe(false);
    expect(material).toMatchObject({
      status: "READY",
      type: "PDF",
      pageCount: 3,
      title: "Genetics Handbook",
      progress: 1,
    });
    const chunks = await database.prisma.materialChunk.findMany({
      where: { materialId: material.id },
      orderBy: { ordinal: "asc" },
    });
    expect(chunks.length).toBe(material.chunkCount);
    const alleles = chunks.find((c) => c.text.includes("Alleles are different versions"));
    expect(alleles?.anchor).toMatch(/^pp?\. [12]/);
    expect(chunks.every((c) => c.embeddingModel === embedder.model)).toBe(true);
    const progress = events.map((e) => e.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(events.at(-1)).toMatchObject({ stage: "done", progress: 1, materialId: material.id });
  });

  it("stores the same file once per course", async () => {
    const data = Buffer.from("# Punnett squares\n\nA Punnett square predicts the genotypes of offspring.\n");
    const first = await ingestMaterial({ courseId, data, fileName: "punnett.md" }, deps());
    const before = await counts();
    const second = await ingestMaterial({ courseId, data, fileName: "copy-of-punnett.md" }, deps());
    expect(second).toMatchObject({ duplicate: true, material: { id: first.material.id } });
    expect(await counts()).toEqual(before);
  });

  it("refuses bad files with a clear reason and writes nothing", async () => {
    const before = await counts();
    const noText = await (async () => {
      const pdf = await PDFDocument.create();
      pdf.addPage().drawRectangle({ x: 10, y: 10, width: 100, height: 100 });
      return pdf.save();
    })();
    const cases: Array<[string, Uint8Array, string, RegExp]> = [
      ["empty.txt", new Uint8Array(), "invalid_input", /empty/],
      [
        "huge.txt",
        new Uint8Array(MAX_MATERIAL_BYTES + 1).fill(97),
        "material_too_large",
        /larger than 50\.0 MB/,
      ],
      [
        "photo.png",
        Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
        "unsupported_material",
        /Images are not supported/,
      ],
      ["broken.pdf", Buffer.from("%PDF-1.7\n this is not really a pdf"), "material_unreadable", /damaged/],
      ["scan.pdf", noText, "material_unreadable", /no text layer/],
      [
        "locked.pdf",
        await readFile(path.join(import.meta.dirname, "extract", "fixtures", "password-protected.pdf")),
        "material_unreadable",
        /password/,
      ],
    ];
    for (const [fileName, data, code, message] of cases) {
      const error = await ingestMaterial({ courseId, data, fileName }, deps()).catch((e: unknown) => e);
      expect(error, fileName).toMatchObject({ code, userMessage: expect.stringMatching(message) });
    }
    expect(await counts()).toEqual(before);
  });

  it("marks the material failed with no chunks when embedding fails midway, and retries in place", async () => {
    let calls = 0;
    const flaky: Embedder = {
      model: embedder.model,
      maxBatchSize: 2,
      async embed(texts) {
        calls++;
        if (calls === 2) throw new Error("provider went away");
        return embedder.embed(texts);
      },
    };
    const text = Array.from(
      { length: 12 },
      (_, i) => `## Topic ${i}\n\n${"Mutation rates vary between genes. ".repeat(12)}`,
    ).join("\n\n");
    const data = Buffer.from(`# Mutations\n\n${text}`);
    const failed = await ingestMaterial(
      { courseId, data, fileName: "mutations.md" },
      { ...deps(), embedder: flaky },
    ).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: "internal" });
    const row = await database.prisma.material.findFirstOrThrow({
      where: { courseId, fileName: "mutations.md" },
    });
    expect(row).toMatchObject({ status: "FAILED", error: expect.stringMatching(/internal error/) });
    expect(await database.prisma.materialChunk.count({ where: { materialId: row.id } })).toBe(0);

    const retried = await ingestMaterial({ courseId, data, fileName: "mutations.md" }, deps());
    expect(retried.material).toMatchObject({ id: row.id, status: "READY", error: null });
  });

  it("embeds through an OpenAI-compatible server in batches of at most 256 passages", async () => {
    const fake = await startFakeOpenAi();
    try {
      const ai = createAi({
        provider: "openai",
        apiKey: fake.apiKey,
        baseURL: fake.url,
        chatModel: "gpt-test",
        embeddingModel: "text-embedding-3-small",
        timeoutMs: 5_000,
        maxRetries: 1,
      });
      const sections = Array.from(
        { length: 300 },
        (_, i) => `## Gene ${i}\n\n${`Gene ${i} regulates trait ${i}. `.repeat(60)}`,
      );
      const { material } = await ingestMaterial(
        { courseId, data: Buffer.from(`# Gene atlas\n\n${sections.join("\n\n")}`), fileName: "atlas.md" },
        { db: database.prisma, embedder: ai.embedder, logger: silentLogger() },
      );
      const requests = fake.embeddingRequests();
      const sizes = requests.map((r) => (r.body.input as string[]).length);
      expect(material.chunkCount).toBeGreaterThan(512);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(material.chunkCount);
      expect(requests.length).toBe(Math.ceil(material.chunkCount / 256));
      expect(Math.max(...sizes)).toBeLessThanOrEqual(256);
    } finally {
      await fake.close();
    }
  });
});

describe("fetchMaterialUrl", () => {
  it("downloads from a URL for operators and refuses private hosts for everyone else", async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/markdown" });
      res.end("# Linkage\n\nGenes close together on a chromosome tend to be inherited together.\n");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notes/linkage.md`;
    try {
      const file = await fetchMaterialUrl(url, { allowPrivateHosts: true });
      expect(file).toMatchObject({ fileName: "linkage.md", contentType: "text/markdown", url });
      const { material } = await ingestMaterial(
        { courseId, data: file.data, fileName: file.fileName, sourceUrl: url },
        deps(),
      );
      expect(material).toMatchObject({ status: "READY", type: "MARKDOWN", title: "Linkage", sourceUrl: url });
      await expect(fetchMaterialUrl(url, { allowPrivateHosts: false })).rejects.toMatchObject({
        code: "invalid_input",
        userMessage: expect.stringMatching(/private or reserved network address \(127\.0\.0\.1\)/),
      });
    } finally {
      server.close();
    }
  });
});
