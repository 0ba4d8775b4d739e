import { once } from "node:events";
import {
  AppError,
  ErrorCode,
  type JobHandler,
  type Logger,
  moderationAlertHandlers,
  type StudyHallDeps,
  type StudyNudgeSender,
  type StudySessionPort,
} from "@studyhall/core";
import { type Client, Events } from "discord.js";
import type { BotContext } from "./bot-context.ts";
import { createBotRest, createDiscordClient, createInteractionRest } from "./client/create-discord-client.ts";
import { createDiscordStaffNotifier } from "./client/discord-staff-notifier.ts";
import { createDiscordStudyNudgeSender } from "./client/discord-study-nudge-sender.ts";
import { createDiscordStudySessionPort } from "./client/discord-study-session-port.ts";
import { routeInteraction } from "./commands/route-interaction.ts";
import { DEFAULT_TUNING, type DiscordSettings, type DiscordTuning } from "./discord-settings.ts";
import { scheduledEventInterest } from "./events/scheduled-event-interest.ts";
import { handleMessage } from "./messages/handle-message.ts";
import { createDiscordQuizBoard } from "./quiz/discord-quiz-board.ts";
import { openQuizLobby } from "./quiz/open-quiz-lobby.ts";
import { createPlayerTokens } from "./quiz/player-tokens.ts";
import { createWorkSlots, type WorkSlots } from "./reply/work-slots.ts";

export interface DiscordFrontEnd {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once every interaction and message in progress has been handled. */
  idle(): Promise<void>;
  /** Durable jobs this front end runs, by queue: moderation alerts DMed to course staff. */
  jobHandlers: Record<string, JobHandler>;
  /** Sends the daily due-cards nudge as a DM (the app hands it to core's nudge job). */
  studyNudgeSender: StudyNudgeSender;
  /** Announces, opens and closes study sessions in Discord (the app hands it to core's session steps). */
  studySessionPort: StudySessionPort;
}

/** How long stop() waits for answers in progress before closing the connection anyway. */
const DRAIN_MS = 10_000;

/**
 * The Discord bot: one discord.js client (all configured shards in this process) routing slash
 * commands, buttons, modals, autocomplete and messages to core use cases. All state lives in the
 * database, so any shard or a restarted process continues where another left off. Creating it
 * registers Discord's live-quiz board with the quiz engine, so the app's job runner (built after the
 * front ends) runs Discord's quiz timers in this process.
 */
export function createDiscordFrontEnd(options: {
  deps: StudyHallDeps;
  settings: DiscordSettings;
  logger: Logger;
  tuning?: Partial<DiscordTuning>;
}): DiscordFrontEnd {
  const { deps, settings } = options;
  const logger = options.logger.child({ platform: "DISCORD" });
  const pending = new Set<Promise<void>>();
  let client: Client | null = null;
  let workSlots: WorkSlots | null = null;
  let quizSlots: WorkSlots | null = null;
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  const interactionRest = createInteractionRest(settings);
  const quizTokens = createPlayerTokens(tuning.interactionTokenMs);
  // Without credentials start() refuses to run, and a board that cannot post would only fail timers.
  if (settings.token && settings.applicationId)
    deps.quiz.engine.registerBoard(
      "DISCORD",
      createDiscordQuizBoard({
        rest: createBotRest(settings),
        interactionRest,
        applicationId: settings.applicationId,
        tokens: quizTokens,
        logger: logger.child({ component: "quiz-board" }),
      }),
    );

  const track = (work: Promise<void>) => {
    pending.add(work);
    void work.finally(() => pending.delete(work));
  };

  const jobHandlers =
    settings.token && settings.applicationId
      ? moderationAlertHandlers({
          db: deps.db,
          logger,
          notifier: createDiscordStaffNotifier(createBotRest(settings)),
        })
      : {};

  const studyNudgeSender = createDiscordStudyNudgeSender(createBotRest(settings));
  const studySessionPort = createDiscordStudySessionPort({
    rest: createBotRest(settings),
    deps,
    openQuizLobby,
    logger: logger.child({ component: "study-sessions" }),
  });

  return {
    jobHandlers,
    studyNudgeSender,
    studySessionPort,
    async start() {
      if (!settings.token || !settings.applicationId) {
        throw new AppError(ErrorCode.Config, "DISCORD_TOKEN and DISCORD_APPLICATION_ID are required", {
          userMessage: "Set DISCORD_TOKEN and DISCORD_APPLICATION_ID to start the Discord bot.",
        });
      }
      client = createDiscordClient(settings);
      workSlots = createWorkSlots(tuning.work);
      quizSlots = createWorkSlots(tuning.quizWork);
      const ctx: BotContext = {
        deps,
        settings,
        tuning,
        workSlots,
        quizSlots,
        logger,
        client,
        interactionRest,
        applicationId: settings.applicationId,
        quizTokens,
      };
      client.on(Events.InteractionCreate, (interaction) => track(routeInteraction(ctx, interaction)));
      client.on(Events.MessageCreate, (message) => track(handleMessage(ctx, message)));
      client.on(Events.GuildScheduledEventUserAdd, (event, user) =>
        track(
          scheduledEventInterest(ctx, { guildId: event.guildId, eventId: event.id, user, interested: true }),
        ),
      );
      client.on(Events.GuildScheduledEventUserRemove, (event, user) =>
        track(
          scheduledEventInterest(ctx, { guildId: event.guildId, eventId: event.id, user, interested: false }),
        ),
      );
      client.on(Events.Error, (error) => logger.error({ err: error }, "discord client error"));
      client.on(Events.ShardDisconnect, (event, shardId) =>
        logger.warn({ shardId, code: event.code }, "discord shard disconnected"),
      );
      const ready = once(client, Events.ClientReady);
      await client.login(settings.token);
      await ready;
      logger.info(
        {
          guilds: client.guilds.cache.size,
          shards: client.ws.shards.size,
          messageContent: settings.messageContent,
        },
        "discord bot ready",
      );
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
    async stop() {
      const closing = client;
      client = null;
      if (!closing) return;
      await Promise.race([Promise.allSettled(pending), new Promise((r) => setTimeout(r, DRAIN_MS).unref())]);
      await closing.destroy();
      workSlots?.close();
      quizSlots?.close();
    },
  };
}
