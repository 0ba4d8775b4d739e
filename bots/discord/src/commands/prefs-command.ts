import {
  AppError,
  ErrorCode,
  getLearnerPreferences,
  type LearnerPreferences,
  resolveUser,
  updateLearnerPreferences,
} from "@studyhall/core";
import {
  LabelBuilder,
  ModalBuilder,
  type ModalSubmitInteraction,
  StringSelectMenuBuilder,
  StringSelectMenuOptionBuilder,
} from "discord.js";
import { z } from "zod";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import type { CommandHandler, InteractionScope } from "./command-scope.ts";

export const PREFS_MODAL_ID = "sh:prefs";

type Choice = { value: string; label: string };
const CHOICES = {
  detailLevel: [
    { value: "BRIEF", label: "Brief" },
    { value: "STANDARD", label: "Standard" },
    { value: "DETAILED", label: "Detailed" },
  ],
  technicalLanguage: [
    { value: "PLAIN", label: "Plain words" },
    { value: "BALANCED", label: "Balanced" },
    { value: "TECHNICAL", label: "Technical terms" },
  ],
  pace: [
    { value: "SLOW", label: "Slow, step by step" },
    { value: "STEADY", label: "Steady" },
    { value: "FAST", label: "Fast" },
  ],
  priorExperience: [
    { value: "NEW", label: "New to the subject" },
    { value: "SOME", label: "Some experience" },
    { value: "EXPERIENCED", label: "Experienced" },
  ],
} satisfies Record<string, Choice[]>;

const LABELS: Record<keyof typeof CHOICES | "extras", string> = {
  detailLevel: "How much detail?",
  technicalLanguage: "What kind of language?",
  pace: "What pace?",
  priorExperience: "How much do you know already?",
  extras: "Include (choose any)",
};

function select(id: string, choices: Choice[], chosen: string[], multi = false): StringSelectMenuBuilder {
  const menu = new StringSelectMenuBuilder()
    .setCustomId(id)
    .addOptions(
      choices.map((c) =>
        new StringSelectMenuOptionBuilder()
          .setValue(c.value)
          .setLabel(c.label)
          .setDefault(chosen.includes(c.value)),
      ),
    );
  return multi
    ? menu.setMinValues(0).setMaxValues(choices.length).setRequired(false)
    : menu.setMinValues(1).setMaxValues(1);
}

/** `/prefs`: a modal with the person's current preferences preselected. */
export const prefsCommand: CommandHandler = async (scope) => {
  // A modal must be the first answer to the interaction, so it cannot be deferred; these are two small reads.
  const { userId } = await resolveUser(scope.ctx.deps.db, scope.place.actor);
  const current = await getLearnerPreferences(scope.ctx.deps.db, userId);
  const modal = new ModalBuilder().setCustomId(PREFS_MODAL_ID).setTitle("How you like to be taught");
  for (const key of Object.keys(CHOICES) as Array<keyof typeof CHOICES>) {
    modal.addLabelComponents(
      new LabelBuilder()
        .setLabel(LABELS[key])
        .setStringSelectMenuComponent(select(key, CHOICES[key], [current[key]])),
    );
  }
  const extras = [
    { value: "examples", label: "Examples" },
    { value: "analogies", label: "Analogies" },
  ];
  const chosenExtras = extras.filter((e) => current[e.value as "examples" | "analogies"]).map((e) => e.value);
  modal.addLabelComponents(
    new LabelBuilder()
      .setLabel(LABELS.extras)
      .setStringSelectMenuComponent(select("extras", extras, chosenExtras, true)),
  );
  await scope.interaction.showModal(modal);
};

const submitted = z.object({
  detailLevel: z.enum(["BRIEF", "STANDARD", "DETAILED"]),
  technicalLanguage: z.enum(["PLAIN", "BALANCED", "TECHNICAL"]),
  pace: z.enum(["SLOW", "STEADY", "FAST"]),
  priorExperience: z.enum(["NEW", "SOME", "EXPERIENCED"]),
  extras: z.array(z.enum(["examples", "analogies"])),
});

/** The submitted `/prefs` modal: saved, and confirmed privately. */
export async function prefsModalSubmit(scope: InteractionScope<ModalSubmitInteraction>): Promise<void> {
  if (scope.interaction.customId !== PREFS_MODAL_ID) {
    throw new AppError(ErrorCode.NotFound, `unknown modal ${scope.interaction.customId}`, {
      userMessage: "That form is no longer in use. Run the command again.",
    });
  }
  const reply = await scope.defer({ ephemeral: true });
  const { fields } = scope.interaction;
  const values = (id: string) => {
    try {
      return fields.getStringSelectValues(id);
    } catch {
      return [];
    }
  };
  const form = submitted.parse({
    detailLevel: values("detailLevel")[0],
    technicalLanguage: values("technicalLanguage")[0],
    pace: values("pace")[0],
    priorExperience: values("priorExperience")[0],
    extras: values("extras"),
  });
  const { extras, ...levels } = form;
  const update: LearnerPreferences = {
    ...levels,
    examples: extras.includes("examples"),
    analogies: extras.includes("analogies"),
  };
  const { userId } = await resolveUser(scope.ctx.deps.db, scope.place.actor);
  const saved = await updateLearnerPreferences(scope.ctx.deps.db, userId, update);
  const label = (key: keyof typeof CHOICES) =>
    CHOICES[key].find((c) => c.value === saved[key])?.label ?? saved[key];
  await reply.show(
    toDiscordMessages({
      visibility: "private",
      blocks: [
        { type: "notice", tone: "info", text: "Saved. The tutor will teach you this way in every course." },
        {
          type: "fields",
          fields: [
            ...(Object.keys(CHOICES) as Array<keyof typeof CHOICES>).map((key) => ({
              label: LABELS[key],
              value: label(key),
            })),
            { label: "Examples", value: saved.examples ? "yes" : "no" },
            { label: "Analogies", value: saved.analogies ? "yes" : "no" },
          ],
        },
      ],
    }),
  );
}
