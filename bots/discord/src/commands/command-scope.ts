import type { Logger } from "@studyhall/core";
import type { ChatInputCommandInteraction, RepliableInteraction } from "discord.js";
import type { BotContext } from "../bot-context.ts";
import { InteractionReply } from "../client/interaction-reply.ts";
import { type DiscordPlace, placeOfInteraction } from "../context/discord-member.ts";

/** One interaction being handled: its context, logger, place, and its reply once acknowledged. */
export class InteractionScope<I extends RepliableInteraction = RepliableInteraction> {
  reply: InteractionReply | null = null;
  /** Gives back the work slot taken after the defer; the router calls it when the handler ends. */
  releaseWork: () => void = () => {};
  /** Set by deferWithMessageId: the id of the reply message (for a thread started from it). */
  replyMessageId: string | null = null;
  readonly place: DiscordPlace;

  constructor(
    readonly ctx: BotContext,
    readonly interaction: I,
    readonly log: Logger,
  ) {
    this.place = placeOfInteraction(interaction, ctx.settings.staffRole);
  }

  /**
   * Acknowledges the interaction (Discord's 3-second rule) before any slow work starts, then waits for
   * a work slot so a busy process keeps acknowledging new interactions on time. `work: "none"` takes no
   * slot: for a host's game controls, which wait on Discord showing the next question and must not hold
   * up the players' clicks meanwhile.
   */
  async defer(options: { ephemeral: boolean; work?: "quiz" | "none" }): Promise<InteractionReply> {
    const response = await this.interaction.deferReply({
      ...(options.ephemeral ? { flags: 64 } : {}),
      withResponse: true,
    });
    this.replyMessageId = response.interaction.responseMessageId ?? null;
    this.reply = new InteractionReply(
      this.ctx.interactionRest,
      this.ctx.applicationId,
      this.interaction.token,
      options.ephemeral,
      this.interaction.createdTimestamp,
      this.ctx.tuning.interactionTokenMs,
    );
    if (options.work !== "none")
      this.releaseWork = await (options.work === "quiz" ? this.ctx.quizSlots : this.ctx.workSlots).acquire();
    return this.reply;
  }

  /**
   * Set by a handler whose reply edits a message in place (a flashcard in a DM): an error is then shown
   * as a private follow-up, so the message and its buttons stay.
   */
  errorsAsFollowUp = false;

  /**
   * Acknowledges a click on a component (or a form opened from one) by promising to update its message
   * (a quiz's answer menu, a flashcard), then waits for a work slot (a quiz's by default). The reply
   * edits that message.
   */
  async deferUpdate(options: { work?: "quiz" | "study" } = {}): Promise<InteractionReply> {
    const { interaction } = this;
    if (interaction.isMessageComponent()) await interaction.deferUpdate();
    else if (interaction.isModalSubmit() && interaction.isFromMessage()) await interaction.deferUpdate();
    else throw new Error("deferUpdate needs a component interaction or a form opened from one");
    this.reply = new InteractionReply(
      this.ctx.interactionRest,
      this.ctx.applicationId,
      this.interaction.token,
      true,
      this.interaction.createdTimestamp,
      this.ctx.tuning.interactionTokenMs,
    );
    this.releaseWork = await (options.work === "study" ? this.ctx.workSlots : this.ctx.quizSlots).acquire();
    return this.reply;
  }
}

export type CommandScope = InteractionScope<ChatInputCommandInteraction>;

/** One slash command's behaviour. */
export type CommandHandler = (scope: CommandScope) => Promise<void>;
