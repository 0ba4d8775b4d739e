import type { Reply, ReplyBlock, ReplyFile } from "../reply/reply.ts";
import { methodNote } from "./guide-markdown.ts";
import type { StudyGuideView } from "./study-guide-types.ts";

/**
 * A short reply for a guide: its title and how it was made, its sections with what each holds, and
 * its sources; a guide still being written shows its progress, a failed one why. The guide itself
 * goes as files ({@link studyGuideFiles}).
 */
export function studyGuideReply(guide: StudyGuideView): Reply {
  const blocks: ReplyBlock[] = [{ type: "text", text: `**${guide.title}**` }];
  if (guide.status === "FAILED") {
    blocks.push({
      type: "notice",
      tone: "error",
      text: guide.error ?? "This study guide could not be written.",
    });
    return { visibility: "private", blocks };
  }
  if (guide.status === "WRITING") {
    const value = guide.passagesTotal > 0 ? guide.passagesDone / guide.passagesTotal : 0;
    blocks.push(
      {
        type: "progress",
        label: `Being written: ${guide.passagesDone} of ${guide.passagesTotal} passages`,
        value,
      },
      { type: "text", text: "Ask again in a minute, or see it in `guides` once it is ready." },
    );
    return { visibility: "private", blocks };
  }
  blocks.push({ type: "notice", tone: "info", text: methodNote(guide.method, guide.model) });
  if (guide.reused)
    blocks.push({
      type: "text",
      text: `_Written ${guide.createdAt.toISOString().slice(0, 10)} and kept for the course._`,
    });
  const sections = guide.content.sections.map(
    (s) =>
      `- **${s.heading}** (${s.material}): ${count(s.terms.length, "key term")}, ${count(s.questions.length, "practice question")}`,
  );
  blocks.push({
    type: "text",
    text:
      sections.length > 0 ? sections.join("\n") : "The materials gave nothing to put in a guide for this.",
  });
  if (guide.content.sources.length > 0) blocks.push({ type: "citations", citations: guide.content.sources });
  return { visibility: "private", blocks, files: studyGuideFiles(guide) };
}

/** The guide as Markdown and PDF files; none until it is READY. */
export function studyGuideFiles(guide: StudyGuideView): ReplyFile[] {
  if (guide.status !== "READY") return [];
  const base = fileBase(guide.title);
  const files: ReplyFile[] = [
    {
      name: `${base}.md`,
      mimeType: "text/markdown",
      title: `${guide.title} (Markdown)`,
      content: new TextEncoder().encode(guide.markdown),
    },
  ];
  if (guide.pdf)
    files.push({
      name: `${base}.pdf`,
      mimeType: "application/pdf",
      title: `${guide.title} (PDF)`,
      content: guide.pdf,
    });
  return files;
}

/** "study-guide-photosynthesis": a file name safe on every platform. */
function fileBase(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "study-guide";
}

function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
