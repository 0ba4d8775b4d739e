import { z } from "zod";
import type { AnswerPolicy } from "../db/generated/enums.ts";

/**
 * How the tutor may answer in a course, in the order pickers show them. The one list every front end
 * and core use: the database enum (`AnswerPolicy` in prisma/schema.prisma) is the storage of these
 * values; the `satisfies` below fails the type check when the two drift apart.
 */
export const ANSWER_POLICIES = ["FULL", "HINTS", "SOCRATIC"] as const satisfies readonly AnswerPolicy[];

/** What a person sees of one answer policy. */
export interface AnswerPolicyInfo {
  value: AnswerPolicy;
  /** The name in pickers and settings: "Hints only". */
  label: string;
  /** The command word people type: `/studyhall policy hints`. */
  keyword: string;
  /** Completes "the tutor gives …": "hints that point the way without giving the answer". */
  gives: string;
  /** One sentence for a picker's help text. */
  description: string;
}

const INFO: Record<AnswerPolicy, AnswerPolicyInfo> = {
  FULL: {
    value: "FULL",
    label: "Full answers",
    keyword: "full",
    gives: "full answers from the materials",
    description: "The tutor answers questions fully, citing the materials.",
  },
  HINTS: {
    value: "HINTS",
    label: "Hints only",
    keyword: "hints",
    gives: "hints that point the way without giving the answer",
    description: "The tutor guides with hints and never gives the final answer.",
  },
  SOCRATIC: {
    value: "SOCRATIC",
    label: "Socratic",
    keyword: "socratic",
    gives: "guiding questions that lead students to the answer",
    description: "The tutor answers with questions that lead students to the answer.",
  },
};

/** The refusal for a policy that is not one of ours, the same on every front end. */
export const ANSWER_POLICY_CHOICE_MESSAGE = "Choose full, hints or socratic.";

/**
 * An answer policy as people type it ("hints", "Socratic") or as stored ("HINTS"). Use it for every
 * outside input naming a policy, so the accepted words and the refusal are the same everywhere.
 */
export const answerPolicySchema = z
  .string({ message: ANSWER_POLICY_CHOICE_MESSAGE })
  .trim()
  .transform((v) => v.toUpperCase())
  .pipe(z.enum(ANSWER_POLICIES, { message: ANSWER_POLICY_CHOICE_MESSAGE }));

/** The label, command word and descriptions of one policy. */
export function answerPolicyInfo(policy: AnswerPolicy): AnswerPolicyInfo {
  return INFO[policy];
}

/** Every policy with its label and description, in picker order (LMS radio buttons, chat choices). */
export function answerPolicyChoices(): AnswerPolicyInfo[] {
  return ANSWER_POLICIES.map((p) => INFO[p]);
}
