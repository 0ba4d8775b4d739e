import type { StudyGuide } from "../db/generated/client.ts";
import { guidePdf } from "./guide-pdf.ts";
import type {
  GuideContent,
  StudyGuideRequest,
  StudyGuideSummary,
  StudyGuideView,
} from "./study-guide-types.ts";

/** A stored guide as callers see it; a READY guide comes with its PDF, built from its content. */
export async function toStudyGuideView(row: StudyGuide, reused = false): Promise<StudyGuideView> {
  const content = readContent(row.content);
  const base = { title: row.title, method: row.method, model: row.model, content };
  return {
    id: row.id,
    courseId: row.courseId,
    title: row.title,
    scope: (row.scope ?? {}) as StudyGuideRequest,
    status: row.status,
    method: row.method,
    model: row.model,
    content,
    markdown: row.markdown,
    pdf: row.status === "READY" ? await guidePdf(base) : null,
    passagesDone: row.passagesDone,
    passagesTotal: row.passagesTotal,
    error: row.error,
    reused,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

export function toStudyGuideSummary(row: StudyGuide): StudyGuideSummary {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    method: row.method,
    sections: readContent(row.content).sections.length,
    createdAt: row.createdAt,
  };
}

function readContent(value: unknown): GuideContent {
  const content = (value ?? {}) as Partial<GuideContent>;
  return { sections: content.sections ?? [], sources: content.sources ?? [] };
}
