// The /me progress card as a reply: the picture as a file with its alt text, and the same facts as
// blocks, so where images are off (or fail to render) the person still reads their progress. The
// weakest topics' suggestions become the study tools' own buttons.

import type { Reply, ReplyBlock, ReplyButton } from "../reply/reply.ts";
import { clip, formatNumber, formatPercent, levelShare } from "./card/card-text.ts";
import { progressAltText, weekTotals } from "./card/progress-alt-text.ts";
import type { ProgressView, SkillView, StreakView, WeakTopic } from "./progress-view.ts";

/** Skills listed in the text fallback, as on the card. */
const FALLBACK_SKILLS = 6;
/** Slack cuts button labels at 75 characters and Discord at 80; stay under both. */
const BUTTON_LABEL_CHARS = 60;

/**
 * A private reply with the progress card: a progress block for the level, fields for the streak, XP
 * of the last 30 days, skills and the weakest topics with what to study, buttons for those
 * suggestions (`practice.start`, `card.review`), and the PNG as `progress.png` with its alt text when
 * `png` is not null.
 */
export function progressCardReply(view: ProgressView, png: Uint8Array | null): Reply {
  const { level } = view;
  const blocks: ReplyBlock[] = [
    {
      type: "progress",
      label: `Level ${level.level} · ${formatNumber(level.xp)} XP · ${formatNumber(Math.max(0, level.nextLevelXp - level.xp))} XP to level ${level.level + 1}`,
      value: levelShare(level),
    },
    {
      type: "fields",
      fields: [
        ...(view.course
          ? [
              {
                label: "All courses",
                value: `Level ${view.overall.level} · ${formatNumber(view.overall.xp)} XP`,
              },
            ]
          : []),
        { label: "Streak", value: streakLine(view.streak) },
        { label: "XP, last 30 days", value: xpLine(view) },
        { label: "Skills", value: skillLines(view.skills) },
        ...(view.weakest.length > 0
          ? [{ label: "Weakest", value: view.weakest.map(weakLine).join("\n") }]
          : []),
      ],
    },
  ];
  const buttons = suggestionButtons(view.weakest);
  if (buttons.length > 0) blocks.push({ type: "buttons", buttons });
  const title = `Progress${view.course ? ` in ${view.course.name}` : ""}`;
  return {
    visibility: "private",
    blocks: [{ type: "text", text: `**${title}** · ${view.displayName}` }, ...blocks],
    ...(png
      ? {
          files: [
            {
              name: "progress.png",
              mimeType: "image/png",
              title,
              content: png,
              altText: progressAltText(view),
            },
          ],
        }
      : {}),
  };
}

function streakLine(streak: StreakView): string {
  const days = (n: number) => `${formatNumber(n)} ${n === 1 ? "day" : "days"}`;
  const freeze = streak.freezeAvailable ? "freeze available this week" : "freeze used this week";
  const today = streak.activeToday ? "studied today" : streak.current > 0 ? "study today to keep it" : "";
  return [days(streak.current), streak.longest > 0 ? `longest ${days(streak.longest)}` : "", today, freeze]
    .filter(Boolean)
    .join(" · ");
}

function xpLine(view: ProgressView): string {
  const total = view.last30Days.reduce((sum, d) => sum + d.xp, 0);
  const { last7, previous7 } = weekTotals(view.last30Days);
  return `${formatNumber(total)} (${formatNumber(last7)} in the last 7 days, ${formatNumber(previous7)} the 7 before)`;
}

function skillLines(skills: readonly SkillView[]): string {
  if (skills.length === 0) return "None yet: answer quiz questions or review cards";
  const shown = skills
    .slice(0, FALLBACK_SKILLS)
    .map((s) => `${clip(s.topic, 60)} ${formatPercent(s.mastery)}`);
  const more = skills.length - shown.length;
  return [...shown, ...(more > 0 ? [`and ${more} more`] : [])].join("\n");
}

function weakLine(weak: WeakTopic): string {
  const topic = `${clip(weak.topic, 60)} ${formatPercent(weak.mastery)}`;
  const suggestion = weak.suggestion;
  if (!suggestion) return topic;
  return suggestion.kind === "practice"
    ? `${topic} · practise the quiz “${clip(suggestion.title, 60)}”`
    : `${topic} · review the deck “${clip(suggestion.name, 60)}”`;
}

/** One button per suggestion; decks of one course share one review button, since review is per course. */
function suggestionButtons(weakest: readonly WeakTopic[]): ReplyButton[] {
  const buttons: ReplyButton[] = [];
  const seen = new Set<string>();
  for (const { suggestion } of weakest) {
    if (!suggestion) continue;
    const key = suggestion.kind === "practice" ? `quiz:${suggestion.quizId}` : `deck:${suggestion.courseId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    buttons.push(
      suggestion.kind === "practice"
        ? {
            label: clip(`Practise ${suggestion.title}`, BUTTON_LABEL_CHARS),
            action: { kind: "practice.start", quizId: suggestion.quizId },
          }
        : {
            label: clip(`Review ${suggestion.name}`, BUTTON_LABEL_CHARS),
            action: { kind: "card.review", courseId: suggestion.courseId },
          },
    );
  }
  if (buttons[0]) buttons[0].style = "primary";
  return buttons;
}
