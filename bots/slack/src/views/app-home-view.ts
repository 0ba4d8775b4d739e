import type { types } from "@slack/bolt";
import { describeRecentResult, type MemberSummary, type RecentQuestion } from "@studyhall/core";
import { escapeMrkdwn, truncate } from "../render/slack-mrkdwn.ts";

const section = (text: string): types.SectionBlock => ({ type: "section", text: { type: "mrkdwn", text } });

/** The App Home tab: the person's courses, their recent questions and what they can do next. */
export function appHomeView(member: MemberSummary, recent: RecentQuestion[]): types.HomeView {
  const courses = member.courses.length
    ? member.courses
        .map(
          (c) => `• *${escapeMrkdwn(c.name)}* (${c.role === "STAFF" ? "staff" : "student"}) · \`${c.slug}\``,
        )
        .join("\n")
    : "_You're not in a course yet._";
  const questions = recent.length
    ? recent
        .map(
          (q) =>
            `• ${escapeMrkdwn(truncate(q.question, 150))} _(${escapeMrkdwn(q.courseName)}${q.answered ? "" : ", no source found"})_`,
        )
        .join("\n")
    : "_No questions yet._";
  const results = member.recentResults.length
    ? member.recentResults.map((r) => `• ${escapeMrkdwn(describeRecentResult(r))}`).join("\n")
    : "_No quizzes played yet._";
  return {
    type: "home",
    blocks: [
      { type: "header", text: { type: "plain_text", text: "StudyHall" } },
      section("*Your courses*"),
      section(truncate(courses, 3000)),
      { type: "divider" },
      section("*Recent questions*"),
      section(truncate(questions, 3000)),
      { type: "divider" },
      section("*Your quiz results*"),
      section(truncate(results, 3000)),
      { type: "divider" },
      section("*What next*"),
      section(nextSteps(member)),
    ],
  };
}

function nextSteps(member: MemberSummary): string {
  const steps: string[] = [];
  if (member.courses.length === 0) {
    steps.push(
      "• Ask a question in your class channel by mentioning `@StudyHall` (a teacher links the channel with `/studyhall setup`).",
    );
    steps.push(
      "• Already use StudyHall in your LMS, through Clever or on Discord? Join the accounts with `/studyhall link <code>`.",
    );
  } else {
    steps.push(
      "• Ask me anything about your course right here in *Messages*, or mention `@StudyHall` in class.",
    );
    steps.push("• Tune how I explain things with `/studyhall prefs`.");
    steps.push(
      "• See your level, streak and skills with `/studyhall me`, and the class's week with `/studyhall leaderboard`.",
    );
  }
  if (member.courses.some((c) => c.role === "STAFF")) {
    steps.push("• Share a PDF, Word, Markdown or text file with me to add it to your course.");
    steps.push("• Choose how I answer: `/studyhall policy full|hints|socratic`.");
  }
  return steps.join("\n");
}
