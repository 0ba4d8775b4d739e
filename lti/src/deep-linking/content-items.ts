import { STUDYHALL_LINE_ITEM_TAG } from "../grades/ensure-line-item.ts";
import { GRADEBOOK_SCORE_MAXIMUM } from "../grades/gradebook-score.ts";

/** Custom parameters the LMS sends back on every launch of a link we made. */
export const CUSTOM_QUIZ = "studyhall_quiz";
export const CUSTOM_MATERIAL = "studyhall_material";

/** An LTI Deep Linking content item of type ltiResourceLink. */
export interface ResourceLinkItem {
  type: "ltiResourceLink";
  title: string;
  text?: string;
  /** The launch URL: every StudyHall link launches the tool, the custom parameter says what. */
  url: string;
  custom: Record<string, string>;
  lineItem?: { scoreMaximum: number; label: string; resourceId: string; tag: string };
}

/** A gradable link to a quiz: the LMS makes a gradebook column for it, out of 100. */
export function quizItem(
  launchUrl: string,
  quiz: { id: string; title: string; questions: number },
): ResourceLinkItem {
  return {
    type: "ltiResourceLink",
    title: quiz.title,
    text: `A StudyHall quiz with ${quiz.questions} questions.`,
    url: launchUrl,
    custom: { [CUSTOM_QUIZ]: quiz.id },
    lineItem: {
      scoreMaximum: GRADEBOOK_SCORE_MAXIMUM,
      label: quiz.title.slice(0, 255),
      resourceId: quiz.id,
      tag: STUDYHALL_LINE_ITEM_TAG,
    },
  };
}

/** A link to a material's page (not graded). */
export function materialItem(launchUrl: string, material: { id: string; title: string }): ResourceLinkItem {
  return {
    type: "ltiResourceLink",
    title: material.title,
    url: launchUrl,
    custom: { [CUSTOM_MATERIAL]: material.id },
  };
}
