import type { QuestionCorrectRate } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";

const BAR_HEIGHT = 22;
const GAP = 10;
const LABEL_WIDTH = 48;
const BAR_WIDTH = 400;

/**
 * Percentage correct per question as a horizontal bar chart: an SVG with a title and a description
 * (role="img"), every bar labelled with its question number and its percentage in text, so nothing is
 * told by colour or length alone. The table beside it carries the same numbers for screen readers.
 */
export function correctRateChart(questions: QuestionCorrectRate[], titleId: string): SafeHtml {
  const height = questions.length * (BAR_HEIGHT + GAP) + GAP;
  const width = LABEL_WIDTH + BAR_WIDTH + 60;
  const summary = questions
    .map(
      (q) =>
        `Question ${q.position + 1}: ${q.rate === null ? "not asked yet" : `${percent(q.rate)}% correct`}`,
    )
    .join("; ");
  const bars = questions.map((q, i) => {
    const y = GAP + i * (BAR_HEIGHT + GAP);
    const w = q.rate === null ? 0 : Math.round(q.rate * BAR_WIDTH);
    const label = q.rate === null ? "—" : `${percent(q.rate)}%`;
    return html`<g><text x="0" y="${y + 16}">Q${q.position + 1}</text><rect class="bar-track" x="${LABEL_WIDTH}" y="${y}" width="${BAR_WIDTH}" height="${BAR_HEIGHT}" rx="3"></rect><rect class="bar" x="${LABEL_WIDTH}" y="${y}" width="${w}" height="${BAR_HEIGHT}" rx="3"></rect><text x="${LABEL_WIDTH + BAR_WIDTH + 8}" y="${y + 16}">${label}</text></g>`;
  });
  return html`<svg role="img" aria-labelledby="${titleId}-title ${titleId}-desc" viewBox="0 0 ${width} ${height}" class="chart" preserveAspectRatio="xMinYMin meet"><title id="${titleId}-title">Percentage correct per question</title><desc id="${titleId}-desc">${summary}</desc>${bars}</svg>`;
}

export function percent(rate: number): number {
  return Math.round(rate * 100);
}
