import type { ClassProgressView, DailyXp, ProgressView, Reply } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import type { PageContext } from "./page-context.ts";
import { pageUrl } from "./page-context.ts";
import { type ProgressPageHead, progressCard, progressHeader, xpText } from "./progress-parts.ts";
import { scoreText } from "./study-parts.ts";

type Head = Omit<ProgressPageHead, "current">;

/** The class's progress for staff: one row per student, the class's skills and its XP per day. */
export function classProgressPage(
  data: Head & { view: ClassProgressView },
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const body = html`${progressHeader({ ...data, current: "class" }, ctx)}
${studentsSection(data.view, ctx)}
${skillsSection(data.view)}
${activitySection(data.view.last30Days)}`;
  return { title: "Class progress", body };
}

/** One student's progress, as staff see it: the same card, its words without the student's buttons. */
export function studentProgressPage(
  data: Head & { view: ProgressView; fallback: Reply },
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const body = html`${progressHeader({ ...data, current: "student" }, ctx)}
${progressCard(data.view, data.fallback, ctx, { buttons: false })}`;
  return { title: data.heading, body };
}

function studentsSection(view: ClassProgressView, ctx: PageContext): SafeHtml {
  const rows = view.students.map(
    (s) =>
      html`<tr><td><a href="${pageUrl(ctx, `/progress/students/${s.userId}`)}">${s.displayName}</a></td><td>${s.level}</td><td>${xpText(s.xp)}</td><td>${xpText(s.xpLast7Days)}</td><td>${s.streak}</td><td>${s.weakestTopic ?? "—"}</td></tr>`,
  );
  const table = rows.length
    ? html`<table id="class-students"><thead><tr><th scope="col">Student</th><th scope="col">Level</th><th scope="col">XP</th><th scope="col">Last 7 days</th><th scope="col">Streak (days)</th><th scope="col">Weakest topic</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : html`<p>No students in the course yet.</p>`;
  return html`<section aria-labelledby="class-students-h"><h2 id="class-students-h">Students</h2>
${table}</section>`;
}

function skillsSection(view: ClassProgressView): SafeHtml {
  const rows = view.skills.map(
    (s) => html`<tr><td>${s.topic}</td><td>${scoreText(s.mastery)}</td><td>${s.students}</td></tr>`,
  );
  const table = rows.length
    ? html`<table id="class-skills"><thead><tr><th scope="col">Topic</th><th scope="col">Mastery</th><th scope="col">Students</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : html`<p>No quiz, practice or flashcard results yet.</p>`;
  return html`<section aria-labelledby="class-skills-h"><h2 id="class-skills-h">Skills</h2>
${table}</section>`;
}

const CHART_WIDTH = 600;
const CHART_HEIGHT = 120;

/** The class's XP per day over 30 days: a bar chart, named and summed up for screen readers. */
function activitySection(days: DailyXp[]): SafeHtml {
  const total = days.reduce((sum, d) => sum + d.xp, 0);
  const busiest = days.reduce<DailyXp | null>((best, d) => (!best || d.xp > best.xp ? d : best), null);
  const max = Math.max(1, ...days.map((d) => d.xp));
  const step = CHART_WIDTH / Math.max(1, days.length);
  const bars = days.map((d, i) => {
    const h = Math.round(((CHART_HEIGHT - 4) * d.xp) / max);
    return html`<rect class="bar" x="${(i * step + 1).toFixed(1)}" y="${CHART_HEIGHT - h}" width="${(step - 2).toFixed(1)}" height="${h}"><title>${d.date}: ${xpText(d.xp)}</title></rect>`;
  });
  const summary =
    busiest && busiest.xp > 0
      ? `${xpText(total)} in the last ${days.length} days; the busiest day was ${busiest.date} with ${xpText(busiest.xp)}.`
      : `No XP earned in the last ${days.length} days.`;
  return html`<section aria-labelledby="class-activity-h"><h2 id="class-activity-h">XP per day</h2>
<svg role="img" aria-labelledby="class-activity-title class-activity-desc" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" class="chart" preserveAspectRatio="xMinYMin meet"><title id="class-activity-title">The class's XP per day, last ${days.length} days</title><desc id="class-activity-desc">${summary}</desc>${bars}</svg>
<p>${summary}</p></section>`;
}
