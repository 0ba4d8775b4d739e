import type { StudyGuide } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import type { Citation } from "../reply/reply.ts";
import { guideMarkdown } from "./guide-markdown.ts";
import type { SectionWriter } from "./section-writer.ts";
import type { GuideContent, GuidePassage, GuideSection, PassageGroup } from "./study-guide-types.ts";

export interface GuideWriting {
  guide: StudyGuide;
  groups: PassageGroup[];
  passages: GuidePassage[];
  writer: SectionWriter;
  topic: string | undefined;
  onProgress?: ((done: number, total: number) => Promise<void> | void) | undefined;
  finishedAt: () => Date;
}

/**
 * Writes the guide section by section, saving the passages done after each (a page polls
 * passagesDone/passagesTotal) and telling `onProgress`, then stores the content, its Markdown and
 * READY. Sections left with nothing cited are left out; the sources are the passages still cited.
 */
export async function writeGuideSections(
  db: Prisma,
  input: GuideWriting,
): Promise<{ row: StudyGuide; sections: number; tokensIn: number; tokensOut: number }> {
  const { guide, writer } = input;
  const total = input.passages.length;
  const sections: GuideSection[] = [];
  let done = 0;
  let tokensIn = 0;
  let tokensOut = 0;
  for (const group of input.groups) {
    const written = await writer.write(group, { topic: input.topic });
    tokensIn += written.tokensIn;
    tokensOut += written.tokensOut;
    const { summary, terms, questions } = written.section;
    if (summary.length + terms.length + questions.length > 0) sections.push(written.section);
    done += group.passages.length;
    await db.studyGuide.update({ where: { id: guide.id }, data: { passagesDone: done } });
    await input.onProgress?.(done, total);
  }
  const content: GuideContent = { sections, sources: citedSources(sections, input.passages) };
  const markdown = guideMarkdown({ title: guide.title, method: guide.method, model: guide.model, content });
  const row = await db.studyGuide.update({
    where: { id: guide.id },
    data: {
      status: "READY",
      content: content as object,
      markdown,
      passagesDone: total,
      finishedAt: input.finishedAt(),
    },
  });
  return { row, sections: sections.length, tokensIn, tokensOut };
}

function citedSources(sections: GuideSection[], passages: GuidePassage[]): Citation[] {
  const cited = new Set<number>();
  for (const s of sections)
    for (const item of [...s.summary, ...s.terms, ...s.questions]) for (const n of item.cites) cited.add(n);
  return passages
    .filter((p) => cited.has(p.n))
    .map(({ n, chunkId, materialId, title, anchor }) => ({ n, chunkId, materialId, title, anchor }));
}
