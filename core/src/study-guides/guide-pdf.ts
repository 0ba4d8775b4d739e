import { PDFDocument, type PDFFont, type PDFPage, StandardFonts } from "pdf-lib";
import { citeMark, methodNote, sourceLabel } from "./guide-markdown.ts";
import type { GuideContent, StudyGuideMethod } from "./study-guide-types.ts";

const PAGE = { width: 595.28, height: 841.89 }; // A4 in points
const MARGIN = 56;
const REPLACEMENT = "?";

interface Line {
  text: string;
  size: number;
  bold?: boolean;
  indent?: number;
  /** Space before the line, in points. */
  gap?: number;
}

/**
 * The guide as a PDF with the standard Helvetica fonts, wrapped to the page. Standard fonts draw only
 * WinAnsi characters: any other character (Greek, CJK, emoji) is drawn as its unaccented letter when
 * it has one and as "?" otherwise, rather than failing the whole guide.
 */
export async function guidePdf(input: {
  title: string;
  method: StudyGuideMethod;
  model: string | null;
  content: GuideContent;
}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(drawable(input.title, null));
  doc.setProducer("StudyHall");
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const charset = new Set(regular.getCharacterSet());
  const writer = pageWriter(doc, { regular, bold }, charset);
  for (const line of guideLines(input)) writer.write(line);
  return doc.save();
}

function guideLines(input: {
  title: string;
  method: StudyGuideMethod;
  model: string | null;
  content: GuideContent;
}): Line[] {
  const lines: Line[] = [
    { text: input.title, size: 18, bold: true },
    { text: methodNote(input.method, input.model), size: 9, gap: 6 },
  ];
  for (const section of input.content.sections) {
    lines.push(
      { text: section.heading, size: 14, bold: true, gap: 16 },
      { text: `From ${section.material}`, size: 9 },
    );
    if (section.summary.length > 0) lines.push({ text: "Summary", size: 11, bold: true, gap: 8 });
    for (const s of section.summary)
      lines.push({ text: `• ${s.text}${citeMark(s.cites)}`, size: 10, indent: 8 });
    if (section.terms.length > 0) lines.push({ text: "Key terms", size: 11, bold: true, gap: 8 });
    for (const t of section.terms)
      lines.push(
        { text: t.term, size: 10, bold: true, indent: 8, gap: 2 },
        { text: `${t.definition}${citeMark(t.cites)}`, size: 10, indent: 20 },
      );
    if (section.questions.length > 0)
      lines.push({ text: "Practice questions", size: 11, bold: true, gap: 8 });
    section.questions.forEach((q, i) => {
      lines.push(
        { text: `${i + 1}. ${q.question}`, size: 10, indent: 8, gap: 2 },
        { text: `Answer: ${q.answer}${citeMark(q.cites)}`, size: 10, indent: 20 },
      );
    });
  }
  if (input.content.sources.length > 0) lines.push({ text: "Sources", size: 14, bold: true, gap: 16 });
  for (const source of input.content.sources)
    lines.push({ text: `[${source.n}] ${sourceLabel(source)}`, size: 9 });
  return lines;
}

function pageWriter(doc: PDFDocument, fonts: { regular: PDFFont; bold: PDFFont }, charset: Set<number>) {
  let page: PDFPage = doc.addPage([PAGE.width, PAGE.height]);
  let y = PAGE.height - MARGIN;
  return {
    write(line: Line) {
      const font = line.bold ? fonts.bold : fonts.regular;
      const indent = line.indent ?? 0;
      const width = PAGE.width - 2 * MARGIN - indent;
      y -= line.gap ?? 0;
      for (const piece of wrap(drawable(line.text, charset), font, line.size, width)) {
        const height = line.size * 1.35;
        if (y - height < MARGIN) {
          page = doc.addPage([PAGE.width, PAGE.height]);
          y = PAGE.height - MARGIN;
        }
        y -= height;
        page.drawText(piece, { x: MARGIN + indent, y, size: line.size, font });
      }
    },
  };
}

/** Words onto lines no wider than `width`; a word longer than a line is cut. */
export function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      current = candidate;
      continue;
    }
    if (current) lines.push(current);
    current = word;
    while (font.widthOfTextAtSize(current, size) > width && current.length > 1) {
      let cut = current.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(current.slice(0, cut), size) > width) cut--;
      lines.push(current.slice(0, cut));
      current = current.slice(cut);
    }
  }
  if (current) lines.push(current);
  return lines.length > 0 ? lines : [""];
}

/**
 * `text` with only characters the standard fonts can draw: whitespace made plain spaces, an accented
 * letter outside WinAnsi reduced to its base letter, anything else replaced by "?". Without a
 * charset (document metadata) only control characters are removed.
 */
export function drawable(text: string, charset: Set<number> | null): string {
  const plain = text.replace(/[\t\n\r\f\v\u00a0\u2028\u2029]/g, " ").replace(/\p{Cc}/gu, "");
  if (!charset) return plain;
  let out = "";
  for (const char of plain) {
    const code = char.codePointAt(0)!;
    if (charset.has(code)) {
      out += char;
      continue;
    }
    const base = char.normalize("NFKD").replace(/\p{M}/gu, "");
    out += base.length > 0 && [...base].every((c) => charset.has(c.codePointAt(0)!)) ? base : REPLACEMENT;
  }
  return out;
}
