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
   * Acknowledges a click on a component of an ephemeral message by promising to update that message
   * (a quiz's answer menu), then waits for a quiz work slot. The reply edits that message.
   */
  async deferUpdate(): Promise<InteractionReply> {
    if (!this.interaction.isMessageComponent()) throw new Error("deferUpdate needs a component interaction");
    await this.interaction.deferUpdate();
    this.reply = new InteractionReply(
      this.ctx.interactionRest,
      this.ctx.applicationId,
      this.interaction.token,
      true,
      this.interaction.createdTimestamp,
      this.ctx.tuning.interactionTokenMs,
    );
    this.releaseWork = await this.ctx.quizSlots.acquire();
    return this.reply;
  }
}

export type CommandScope = InteractionScope<ChatInputCommandInteraction>;

/** One slash command's behaviour. */
export type CommandHandler = (scope: CommandScope) => Promise<void>;
