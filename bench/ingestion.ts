// Ingestion of a generated 300-page PDF with the local provider: total time beside raw text extraction
// of the same file in the same run, and the number of embedding requests against a fake OpenAI server.
import { PDFDocument, StandardFonts } from "pdf-lib";
import { createAi } from "../core/src/ai/create-ai.ts";
import { silentLogger } from "../core/src/logger.ts";
import { extractText } from "../core/src/materials/extract/extract-text.ts";
import { ingestMaterial } from "../core/src/materials/ingest-material.ts";
import { startFakeOpenAi } from "../test/support/fake-openai-server.ts";
import type { BenchTarget } from "./bench-database.ts";
import { passages } from "./corpus.ts";

export interface IngestionResult {
  target: string;
  pages: number;
  chunks: number;
  extractSeconds: number;
  ingestSeconds: number;
  ratio: number;
  embeddingRequests: number;
  chunksPerRequest: number;
}

/** A text-heavy PDF: `pages` pages of about 45 lines each. */
export async function makeBookPdf(pages: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const text = passages(pages * 3, 150, 11);
  for (let p = 0; p < pages; p++) {
    const page = pdf.addPage([612, 792]);
    const words = text
      .slice(p * 3, p * 3 + 3)
      .join(" ")
      .split(" ");
    let line = "";
    let y = 750;
    for (const word of words) {
      if ((line + word).length > 95) {
        page.drawText(line, { x: 40, y, size: 10, font });
        y -= 15;
        line = "";
      }
      line += `${word} `;
    }
    page.drawText(line, { x: 40, y, size: 10, font });
  }
  return pdf.save();
}

export async function benchIngestion(
  target: BenchTarget,
  pdf: Uint8Array,
  pages: number,
): Promise<IngestionResult> {
  // Warm pdf.js once so neither measurement pays its module load.
  await extractText("PDF", pdf.slice());
  const extractStarted = performance.now();
  await extractText("PDF", pdf.slice());
  const extractSeconds = (performance.now() - extractStarted) / 1000;

  const db = await target.open("ingest");
  const fake = await startFakeOpenAi();
  try {
    const course = await db.prisma.course.create({ data: { slug: "book", name: "Book" } });
    const local = createAi({ provider: "local" });
    const started = performance.now();
    const { material } = await ingestMaterial(
      { courseId: course.id, data: pdf.slice(), fileName: "book.pdf" },
      { db: db.prisma, embedder: local.embedder, logger: silentLogger() },
    );
    const ingestSeconds = (performance.now() - started) / 1000;

    const openai = createAi({
      provider: "openai",
      apiKey: fake.apiKey,
      baseURL: fake.url,
      chatModel: "gpt-test",
      embeddingModel: "text-embedding-3-small",
      timeoutMs: 30_000,
      maxRetries: 1,
    });
    const other = await db.prisma.course.create({ data: { slug: "book-openai", name: "Book (OpenAI)" } });
    await ingestMaterial(
      { courseId: other.id, data: pdf.slice(), fileName: "book.pdf" },
      { db: db.prisma, embedder: openai.embedder, logger: silentLogger() },
    );
    const requests = fake.embeddingRequests().length;
    return {
      target: target.label,
      pages,
      chunks: material.chunkCount,
      extractSeconds: round(extractSeconds),
      ingestSeconds: round(ingestSeconds),
      ratio: round(ingestSeconds / extractSeconds),
      embeddingRequests: requests,
      chunksPerRequest: round(material.chunkCount / requests),
    };
  } finally {
    await fake.close();
    await db.close();
  }
}

function round(value: number): number {
  return Number(value.toFixed(2));
}
