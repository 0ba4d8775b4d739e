import type { types } from "@slack/bolt";
import { type LearnerPreferences, learnerPreferencesSchema } from "@studyhall/core";
import { z } from "zod";

/** callback_id of the preferences modal. */
export const PREFS_CALLBACK_ID = "sh:prefs";

type ChoiceKey = "detailLevel" | "technicalLanguage" | "pace" | "priorExperience";

const CHOICES: Record<ChoiceKey, { label: string; options: Array<[string, string]> }> = {
  detailLevel: {
    label: "How much detail",
    options: [
      ["BRIEF", "Brief"],
      ["STANDARD", "Standard"],
      ["DETAILED", "Detailed"],
    ],
  },
  technicalLanguage: {
    label: "Language",
    options: [
      ["PLAIN", "Plain words"],
      ["BALANCED", "Balanced"],
      ["TECHNICAL", "Technical terms"],
    ],
  },
  pace: {
    label: "Pace",
    options: [
      ["SLOW", "Slow, step by step"],
      ["STEADY", "Steady"],
      ["FAST", "Fast"],
    ],
  },
  priorExperience: {
    label: "What you know already",
    options: [
      ["NEW", "I'm new to this"],
      ["SOME", "Some"],
      ["EXPERIENCED", "Quite a lot"],
    ],
  },
};

const EXTRAS: Array<["examples" | "analogies", string]> = [
  ["examples", "Include examples"],
  ["analogies", "Use analogies"],
];

/** The learning-preferences modal, filled in with the person's current preferences. */
export function prefsModal(current: LearnerPreferences): types.ModalView {
  const selects = (Object.keys(CHOICES) as ChoiceKey[]).map((key): types.InputBlock => {
    const { label, options } = CHOICES[key];
    const toOption = ([value, text]: [string, string]) => ({
      text: { type: "plain_text" as const, text },
      value,
    });
    const initial = options.find(([value]) => value === current[key]);
    return {
      type: "input",
      block_id: key,
      label: { type: "plain_text", text: label },
      element: {
        type: "static_select",
        action_id: key,
        options: options.map(toOption),
        ...(initial ? { initial_option: toOption(initial) } : {}),
      },
    };
  });
  const extraOptions = EXTRAS.map(([value, text]) => ({
    text: { type: "plain_text" as const, text },
    value,
  }));
  const extras: types.InputBlock = {
    type: "input",
    block_id: "extras",
    optional: true,
    label: { type: "plain_text", text: "Extras" },
    element: {
      type: "checkboxes",
      action_id: "extras",
      options: extraOptions,
      ...(extraOptions.some((o) => current[o.value as "examples" | "analogies"])
        ? { initial_options: extraOptions.filter((o) => current[o.value as "examples" | "analogies"]) }
        : {}),
    },
  };
  return {
    type: "modal",
    callback_id: PREFS_CALLBACK_ID,
    title: { type: "plain_text", text: "Learning preferences" },
    submit: { type: "plain_text", text: "Save" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [...selects, extras],
  };
}

const selected = z.object({ selected_option: z.object({ value: z.string() }).nullable().optional() });
const checked = z.object({ selected_options: z.array(z.object({ value: z.string() })).default([]) });

/** The preferences in a submitted modal; invalid values fail with the schema's message. */
export function parsePrefsSubmission(values: Record<string, Record<string, unknown>>): LearnerPreferences {
  const pick = (key: ChoiceKey) => selected.parse(values[key]?.[key] ?? {}).selected_option?.value;
  const extras = new Set(checked.parse(values.extras?.extras ?? {}).selected_options.map((o) => o.value));
  return learnerPreferencesSchema.parse({
    detailLevel: pick("detailLevel"),
    technicalLanguage: pick("technicalLanguage"),
    pace: pick("pace"),
    priorExperience: pick("priorExperience"),
    examples: extras.has("examples"),
    analogies: extras.has("analogies"),
  });
}
