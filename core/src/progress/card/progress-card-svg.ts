// The /me progress card as SVG, drawn from the neutral ProgressView: name and course, the level bar,
// the streak, XP over 30 days and up to six skills. One picture for every platform: Slack and Discord
// get it as a PNG (render-progress-card.ts), the LMS page inline.

import type { DailyXp, ProgressView, SkillView, WeakTopic } from "../progress-view.ts";
import { clip, escapeXml, formatNumber, formatPercent, levelShare, shortDate } from "./card-text.ts";
import { progressAltText } from "./progress-alt-text.ts";

export const CARD_WIDTH = 800;
export const CARD_HEIGHT = 420;
/** The one font the PNG renderer loads (render-progress-card.ts); the inline SVG falls back to the viewer's sans-serif. */
export const CARD_FONT_FAMILY = "Liberation Sans";

/** How many skills fit as bars, and how many characters of a topic beside one. */
const MAX_SKILLS = 6;
const TOPIC_CHARS = 24;

// Colours against the white card, all above WCAG AA: text 4.5:1 or more, bars 3:1 or more.
const COLOURS = {
  background: "#ffffff",
  border: "#d1d5db",
  ink: "#111827", // 17.7:1
  body: "#374151", // 10.3:1
  muted: "#4b5563", // 7.6:1
  track: "#e5e7eb",
  accent: "#1d4ed8", // 6.7:1
  weak: "#b45309", // 5.0:1
  today: "#047857", // 5.5:1
  axis: "#6b7280", // 4.8:1
} as const;

const LEFT = 32;
const RIGHT = CARD_WIDTH - 32;
const COLUMN = 412;

/**
 * An accessible SVG of the card: role="img" with a <title> and a <desc> (the alt text). Every piece
 * of text is escaped, since names and topics are people's own words.
 */
export function progressCardSvg(view: ProgressView): string {
  const title = `Progress of ${clip(view.displayName, 80)}${view.course ? ` in ${clip(view.course.name, 80)}` : ""}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}" role="img" aria-labelledby="progress-card-title progress-card-desc">`,
    `<title id="progress-card-title">${escapeXml(title)}</title>`,
    `<desc id="progress-card-desc">${escapeXml(progressAltText(view))}</desc>`,
    `<rect x="0.5" y="0.5" width="${CARD_WIDTH - 1}" height="${CARD_HEIGHT - 1}" rx="16" fill="${COLOURS.background}" stroke="${COLOURS.border}"/>`,
    `<g font-family="${CARD_FONT_FAMILY}, sans-serif" aria-hidden="true">`,
    ...header(view),
    ...levelBar(view),
    `<line x1="${LEFT}" y1="146" x2="${RIGHT}" y2="146" stroke="${COLOURS.track}" stroke-width="2"/>`,
    ...streak(view),
    ...chart(view.last30Days),
    ...skills(view.skills),
    ...weakest(view.weakest),
    "</g>",
    "</svg>",
  ].join("\n");
}

function text(
  x: number,
  y: number,
  content: string,
  style: { size: number; fill?: string; bold?: boolean; anchor?: "start" | "end" },
): string {
  const weight = style.bold ? ` font-weight="bold"` : "";
  const anchor = style.anchor === "end" ? ` text-anchor="end"` : "";
  return `<text x="${x}" y="${y}" font-size="${style.size}" fill="${style.fill ?? COLOURS.ink}"${weight}${anchor}>${escapeXml(content)}</text>`;
}

function bar(x: number, y: number, width: number, height: number, share: number, fill: string): string[] {
  const filled = Math.round(width * Math.min(1, Math.max(0, share)) * 10) / 10;
  const radius = height / 2;
  return [
    `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="${radius}" fill="${COLOURS.track}"/>`,
    ...(filled > 0
      ? [`<rect x="${x}" y="${y}" width="${filled}" height="${height}" rx="${radius}" fill="${fill}"/>`]
      : []),
  ];
}

function header(view: ProgressView): string[] {
  return [
    text(LEFT, 50, clip(view.displayName, 30), { size: 24, bold: true }),
    text(LEFT, 76, view.course ? clip(view.course.name, 56) : "All courses", {
      size: 15,
      fill: COLOURS.muted,
    }),
    text(RIGHT, 52, `Level ${view.level.level}`, {
      size: 28,
      bold: true,
      anchor: "end",
      fill: COLOURS.accent,
    }),
  ];
}

function levelBar(view: ProgressView): string[] {
  const { level, overall } = view;
  const into = level.xp - level.levelStartXp;
  const needed = level.nextLevelXp - level.levelStartXp;
  const toNext = Math.max(0, level.nextLevelXp - level.xp);
  const total = view.course
    ? `All courses: level ${overall.level}, ${formatNumber(overall.xp)} XP`
    : `${formatNumber(level.xp)} XP in total`;
  return [
    ...bar(LEFT, 94, RIGHT - LEFT, 14, levelShare(level), COLOURS.accent),
    text(
      LEFT,
      130,
      `${formatNumber(into)} / ${formatNumber(needed)} XP · ${formatNumber(toNext)} to level ${level.level + 1}`,
      {
        size: 14,
        fill: COLOURS.body,
      },
    ),
    text(RIGHT, 130, total, { size: 14, fill: COLOURS.body, anchor: "end" }),
  ];
}

function streak(view: ProgressView): string[] {
  const { current, longest, activeToday, freezeAvailable } = view.streak;
  const freeze = freezeAvailable ? "Freeze available this week" : "Freeze used this week";
  const today = activeToday
    ? "Studied today"
    : current > 0
      ? "Study today to keep it"
      : "Study today to start one";
  return [
    text(LEFT, 174, "STREAK", { size: 13, bold: true, fill: COLOURS.muted }),
    `<text x="${LEFT}" y="218" fill="${COLOURS.ink}"><tspan font-size="44" font-weight="bold">${current}</tspan><tspan font-size="16" dx="10">day streak</tspan></text>`,
    text(
      LEFT,
      242,
      longest > 0 ? `${today} · longest ${formatNumber(longest)} ${longest === 1 ? "day" : "days"}` : today,
      {
        size: 13,
        fill: COLOURS.body,
      },
    ),
    text(LEFT, 260, freeze, { size: 13, fill: COLOURS.body }),
  ];
}

/** The 30-day bar chart: one bar a day, today's in green, scaled to the busiest day. */
function chart(days: readonly DailyXp[]): string[] {
  const top = 300;
  const height = 66;
  const width = COLUMN - 40 - LEFT;
  const baseline = top + height;
  const max = Math.max(0, ...days.map((d) => d.xp));
  const slot = days.length > 0 ? width / days.length : width;
  const barWidth = Math.max(2, Math.round(slot * 0.7 * 10) / 10);
  const bars = days.flatMap((day, i) => {
    if (day.xp <= 0 || max === 0) return [];
    const h = Math.max(2, Math.round((day.xp / max) * height * 10) / 10);
    const fill = i === days.length - 1 ? COLOURS.today : COLOURS.accent;
    const x = Math.round((LEFT + i * slot) * 10) / 10;
    return [
      `<rect x="${x}" y="${Math.round((baseline - h) * 10) / 10}" width="${barWidth}" height="${h}" fill="${fill}"/>`,
    ];
  });
  const first = days[0];
  return [
    text(LEFT, 290, "XP, LAST 30 DAYS", { size: 13, bold: true, fill: COLOURS.muted }),
    text(LEFT + width, 290, max > 0 ? `busiest day ${formatNumber(max)} XP` : "no XP yet", {
      size: 12,
      fill: COLOURS.muted,
      anchor: "end",
    }),
    ...bars,
    `<line x1="${LEFT}" y1="${baseline + 0.5}" x2="${LEFT + width}" y2="${baseline + 0.5}" stroke="${COLOURS.axis}"/>`,
    ...(first ? [text(LEFT, baseline + 20, shortDate(first.date), { size: 12, fill: COLOURS.muted })] : []),
    text(LEFT + width, baseline + 20, "today", { size: 12, fill: COLOURS.muted, anchor: "end" }),
  ];
}

/** Up to six skills, strongest first: topic, bar and percentage; below half in amber. */
function skills(list: readonly SkillView[]): string[] {
  const lines = [text(COLUMN, 174, "SKILLS", { size: 13, bold: true, fill: COLOURS.muted })];
  if (list.length === 0)
    return [
      ...lines,
      text(COLUMN, 204, "No skills yet: answer quiz questions", { size: 14, fill: COLOURS.body }),
      text(COLUMN, 224, "or review cards to see them here.", { size: 14, fill: COLOURS.body }),
    ];
  return [
    ...lines,
    ...list.slice(0, MAX_SKILLS).flatMap((skill, i) => {
      const y = 184 + i * 30;
      const colour = skill.mastery < 0.5 ? COLOURS.weak : COLOURS.accent;
      return [
        text(COLUMN, y + 15, clip(skill.topic, TOPIC_CHARS), { size: 14 }),
        ...bar(600, y + 5, 110, 10, skill.mastery, colour),
        text(RIGHT, y + 15, formatPercent(skill.mastery), { size: 14, bold: true, anchor: "end" }),
      ];
    }),
  ];
}

/** The weakest topic and what to study for it, under the skills. */
function weakest(list: readonly WeakTopic[]): string[] {
  const weak = list[0];
  if (!weak) return [];
  const suggestion = weak.suggestion;
  const next = !suggestion
    ? "Answer more questions on it to improve"
    : suggestion.kind === "practice"
      ? `Try: practice ${suggestion.title}`
      : `Try: review ${suggestion.name}`;
  return [
    text(COLUMN, 384, `Weakest: ${clip(weak.topic, 26)} (${formatPercent(weak.mastery)})`, {
      size: 13,
      bold: true,
      fill: COLOURS.weak,
    }),
    text(COLUMN, 404, clip(next, 44), { size: 13, fill: COLOURS.body }),
  ];
}
