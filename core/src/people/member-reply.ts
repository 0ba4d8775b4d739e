import { describeRecentResult } from "../quiz/results/recent-results.ts";
import type { Reply } from "../reply/reply.ts";
import type { MemberSummary } from "./describe-member.ts";

/** How the front end names its commands in the reply's closing hint. */
export interface MemberReplyCommands {
  /** The command that changes learner preferences, e.g. "/studyhall prefs" or "/prefs". */
  prefs: string;
}

/**
 * What StudyHall knows about a person (`/me`), as a private reply: courses, linked accounts, questions
 * asked, what remains of the tutor's limits, recent quiz results and preferences. One wording for every
 * chat platform.
 */
export function memberReply(member: MemberSummary, commands: MemberReplyCommands): Reply {
  const role = (c: MemberSummary["courses"][number]) => (c.role === "STAFF" ? "staff" : "student");
  const courses =
    [
      ...member.courses.map((c) => `${c.name} (${role(c)})`),
      ...member.archivedCourses.map((c) => `${c.name} (${role(c)}, archived)`),
    ].join("\n") || "None yet";
  const p = member.preferences;
  const preferences = [
    `detail: ${p.detailLevel.toLowerCase()}`,
    `language: ${p.technicalLanguage.toLowerCase()}`,
    `pace: ${p.pace.toLowerCase()}`,
    `examples: ${p.examples ? "yes" : "no"}`,
    `analogies: ${p.analogies ? "yes" : "no"}`,
  ].join(", ");
  return {
    visibility: "private",
    blocks: [
      {
        type: "fields",
        fields: [
          { label: "Courses", value: courses },
          { label: "Linked accounts", value: member.platforms.map((x) => x.toLowerCase()).join(", ") },
          { label: "Questions asked", value: String(member.questionsAsked) },
          ...(member.tutorAllowance ? [{ label: "Tutor allowance", value: member.tutorAllowance }] : []),
          {
            label: "Recent quiz results",
            value: member.recentResults.map(describeRecentResult).join("\n") || "No quizzes played yet",
          },
          { label: "Preferences", value: preferences },
        ],
      },
      { type: "text", text: `Change your preferences with \`${commands.prefs}\`.` },
    ],
  };
}
