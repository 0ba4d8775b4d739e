import { citationAnchor } from "../tutor/citation-anchor.ts";
import type { GuideContent, StudyGuideMethod } from "./study-guide-types.ts";

/** The sentence at the top of every guide that says how it was made. */
export function methodNote(method: StudyGuideMethod, model: string | null): string {
  return method === "EXTRACTIVE"
    ? "Assembled extractively from the course materials (no AI model was used): every line is a sentence taken from the materials, with its source."
    : `Written by an AI model (${model ?? "unknown"}) from the course materials only; every statement cites the passage it comes from.`;
}

/** "[1]" or "[1, 3]". */
export function citeMark(cites: number[]): string {
  return cites.length > 0 ? ` [${cites.join(", ")}]` : "";
}

/** "Cell Biology Basics, Mitochondria": a source as a person reads it. */
export function sourceLabel(source: { title: string; anchor: string | null }): string {
  const anchor = citationAnchor(source.title, source.anchor);
  return anchor ? `${source.title}, ${anchor}` : source.title;
}

/**
 * The guide as Markdown: its method note, a heading per section with the summary, the key terms as a
 * definition list (`Term` then `: definition`), the practice questions with answers, and the Sources
 * list every [n] refers to.
 */
export function guideMarkdown(input: {
  title: string;
  method: StudyGuideMethod;
  model: string | null;
  content: GuideContent;
}): string {
  const lines: string[] = [`# ${input.title}`, "", `> ${methodNote(input.method, input.model)}`, ""];
  for (const section of input.content.sections) {
    lines.push(`## ${section.heading}`, "", `_From ${section.material}_`, "");
    if (section.summary.length > 0) {
      lines.push("### Summary", "");
      for (const s of section.summary) lines.push(`- ${s.text}${citeMark(s.cites)}`);
      lines.push("");
    }
    if (section.terms.length > 0) {
      lines.push("### Key terms", "");
      for (const t of section.terms) lines.push(t.term, `: ${t.definition}${citeMark(t.cites)}`, "");
    }
    if (section.questions.length > 0) {
      lines.push("### Practice questions", "");
      section.questions.forEach((q, i) => {
        lines.push(`${i + 1}. ${q.question}`, `   - Answer: ${q.answer}${citeMark(q.cites)}`);
      });
      lines.push("");
    }
  }
  if (input.content.sources.length > 0) {
    lines.push("## Sources", "");
    for (const source of input.content.sources) lines.push(`[${source.n}] ${sourceLabel(source)}`, "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
