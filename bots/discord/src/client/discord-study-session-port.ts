import {
  AppError,
  type Logger,
  type Reply,
  type StudyHallDeps,
  type StudySessionPort,
  type StudySessionView,
  sessionDescription,
} from "@studyhall/core";
import { ChannelType, DiscordAPIError, type REST, Routes } from "discord.js";
import type { QuizLobbyRequest } from "../quiz/open-quiz-lobby.ts";
import { DISCORD_MAX_CONTENT, DISCORD_MAX_THREAD_NAME } from "../render/discord-limits.ts";
import { type DiscordMessage, toDiscordMessages } from "../render/to-discord-messages.ts";

/** Discord's Guild Scheduled Event statuses. */
const EVENT_STATUS = { SCHEDULED: 1, ACTIVE: 2, COMPLETED: 3, CANCELED: 4 } as const;
/** GUILD_ONLY, the only privacy level Discord takes; EXTERNAL, an event held somewhere Discord names. */
const GUILD_ONLY = 2;
const EXTERNAL = 3;
/** Discord's limits for an event: name, description, and an EXTERNAL event's location. */
const MAX_EVENT_NAME = 100;
const MAX_EVENT_DESCRIPTION = 1_000;
const MAX_EVENT_LOCATION = 100;
/** A thread with no message for a day is archived (it stays readable and reopens when someone posts). */
const THREAD_ARCHIVE_MINUTES = 1_440;
/** Discord error: the event was deleted (by someone in the server). */
const UNKNOWN_EVENT = 10070;

type Status = (typeof EVENT_STATUS)[keyof typeof EVENT_STATUS];

const STATUS_OF: Record<StudySessionView["status"], Status> = {
  SCHEDULED: EVENT_STATUS.SCHEDULED,
  OPEN: EVENT_STATUS.ACTIVE,
  ENDED: EVENT_STATUS.COMPLETED,
  CANCELLED: EVENT_STATUS.CANCELED,
};

export interface DiscordStudySessionPortOptions {
  /** Bot-token REST: the job runner may run the steps in a process without a gateway connection. */
  rest: REST;
  deps: StudyHallDeps;
  /** The same lobby opening `/quiz start` uses (see openQuizLobby). */
  openQuizLobby: (deps: StudyHallDeps, request: QuizLobbyRequest) => Promise<{ sessionId: string }>;
  logger: Logger;
}

/**
 * A study session on Discord: announced as a Guild Scheduled Event (EXTERNAL, held in the session's
 * channel; people click Interested to say they are going) and a message in the channel with Going /
 * Maybe / Can't go and the event's link (each click edits that message). The event is kept in step with
 * the session's status; the session is held in a public thread of the channel opened at the start. Core
 * decides when each step happens and what it says; a Discord failure is thrown so the step's job
 * retries it.
 */
export function createDiscordStudySessionPort(options: DiscordStudySessionPortOptions): StudySessionPort {
  const { rest, deps, logger } = options;

  async function post(channelId: string, reply: Reply): Promise<void> {
    for (const message of channelMessages(reply))
      await rest.post(Routes.channelMessages(channelId), { body: message });
  }

  /** The announcement as channel messages, the event's link on the last (Discord shows its card there). */
  function announcementMessages(reply: Reply, link: string): DiscordMessage[] {
    const messages = channelMessages(reply);
    const last = messages.at(-1);
    if (last && last.content.length + link.length + 1 <= DISCORD_MAX_CONTENT)
      last.content = `${last.content}\n${link}`;
    return messages;
  }

  /** The announcement with Going / Maybe / Can't go in the channel; returns the id of the message with the buttons. */
  async function postAnnouncement(
    channelId: string,
    reply: Reply,
    link: string,
  ): Promise<string | undefined> {
    let lastId: string | undefined;
    for (const message of announcementMessages(reply, link)) {
      const posted = (await rest.post(Routes.channelMessages(channelId), { body: message })) as {
        id: string;
      };
      lastId = posted.id;
    }
    return lastId;
  }

  return {
    platform: "DISCORD",

    async announce(session, reply) {
      const { guildId, channelId } = placeOf(session);
      const location = await locationOf(rest, channelId);
      const event = (await rest.post(Routes.guildScheduledEvents(guildId), {
        body: {
          ...eventFields(session),
          privacy_level: GUILD_ONLY,
          entity_type: EXTERNAL,
          entity_metadata: { location },
        },
      })) as { id: string };
      logger.info({ sessionId: session.id, eventId: event.id }, "study session announced as an event");
      const messageRef = await postAnnouncement(channelId, reply, eventLink(guildId, event.id)).catch(
        (error: unknown) => {
          // The event is the announcement of record (its id is the ref): failing here would make the
          // step's retry create a second event, so a message that did not go up is only logged.
          logger.warn({ err: error, sessionId: session.id }, "the session's message could not be posted");
          return undefined;
        },
      );
      return { ref: event.id, ...(messageRef ? { messageRef } : {}) };
    },

    async update(session, reply) {
      const { guildId, channelId } = placeOf(session);
      if (!session.announcementRef) return;
      if (session.messageRef) {
        // The channel message shows the same state as the event: counts, started, cancelled or over.
        const last = announcementMessages(reply, eventLink(guildId, session.announcementRef)).at(-1);
        if (last) {
          await rest
            .patch(Routes.channelMessage(channelId, session.messageRef), { body: last })
            .catch((error: unknown) => {
              logger.warn({ err: error, sessionId: session.id }, "the session's message could not be edited");
            });
        }
      }
      const route = Routes.guildScheduledEvent(guildId, session.announcementRef);
      let current: { status: Status };
      try {
        current = (await rest.get(route)) as { status: Status };
      } catch (error) {
        if (error instanceof DiscordAPIError && error.code === UNKNOWN_EVENT) {
          logger.warn({ sessionId: session.id }, "the session's event was deleted in Discord; not updated");
          return;
        }
        throw error;
      }
      for (const body of eventChanges(current.status, session)) await rest.patch(route, { body });
    },

    async open(session, reply) {
      const { channelId } = placeOf(session);
      const thread = (await rest.post(Routes.threads(channelId), {
        body: {
          name: session.title.slice(0, DISCORD_MAX_THREAD_NAME),
          type: ChannelType.PublicThread,
          auto_archive_duration: THREAD_ARCHIVE_MINUTES,
        },
      })) as { id: string };
      await post(thread.id, reply);
      return { threadRef: thread.id };
    },

    async startQuiz(session, quizId) {
      const { guildId, channelId } = placeOf(session);
      if (!session.host) return null;
      const { platform, tenant, externalId, displayName } = session.host;
      try {
        const started = await options.openQuizLobby(deps, {
          actor: { platform, tenant, externalId, ...(displayName ? { displayName } : {}) },
          space: { platform: "DISCORD", tenant: guildId, channelId },
          platformStaff: false,
          quiz: quizId,
        });
        return { quizSessionId: started.sessionId };
      } catch (error) {
        // A refusal (the quiz was unapproved since, a game is already running here) is an answer, not
        // a failure to retry.
        if (!(error instanceof AppError)) throw error;
        logger.warn({ err: error, sessionId: session.id }, "the session's quiz could not start");
        return null;
      }
    },

    async postInThread(session, reply) {
      const { channelId } = placeOf(session);
      await post(session.threadRef ?? channelId, reply);
    },
  };
}

/** The session's guild and channel; a session of another platform, or none, is a fault of the caller. */
function placeOf(session: StudySessionView): { guildId: string; channelId: string } {
  if (session.platform !== "DISCORD" || !session.tenant || !session.channelId)
    throw new Error(`study session ${session.id} is not held in a Discord channel`);
  return { guildId: session.tenant, channelId: session.channelId };
}

/** The event's address: posted in a message, Discord shows the event's card with its Interested button. */
function eventLink(guildId: string, eventId: string): string {
  return `https://discord.com/events/${guildId}/${eventId}`;
}

/** Where the event is: "#channel-name" as people see it, the channel's mention when it cannot be read. */
async function locationOf(rest: REST, channelId: string): Promise<string> {
  const channel = (await rest.get(Routes.channel(channelId)).catch(() => null)) as { name?: string } | null;
  const location = channel?.name ? `#${channel.name}` : `<#${channelId}>`;
  return location.slice(0, MAX_EVENT_LOCATION);
}

/**
 * The event's name, description and times. The description is core's text-only wording of the session
 * (an event shows no buttons; Discord shows the time in each reader's zone and who is interested).
 */
function eventFields(session: StudySessionView) {
  return {
    name: session.title.slice(0, MAX_EVENT_NAME),
    description: descriptionOf(session),
    scheduled_start_time: session.startsAt.toISOString(),
    scheduled_end_time: session.endsAt.toISOString(),
  };
}

/**
 * The PATCHes that bring the event from `current` to the session: its fields while it is to come or
 * running, then the status. Discord moves SCHEDULED -> ACTIVE -> COMPLETED or SCHEDULED -> CANCELED,
 * so a session that ended without ever being shown as started passes through ACTIVE. A finished event
 * takes no change.
 */
function eventChanges(current: Status, session: StudySessionView): Array<Record<string, unknown>> {
  if (current === EVENT_STATUS.COMPLETED || current === EVENT_STATUS.CANCELED) return [];
  const wanted = STATUS_OF[session.status];
  const changes: Array<Record<string, unknown>> = [];
  if (current === EVENT_STATUS.SCHEDULED && wanted === EVENT_STATUS.SCHEDULED) {
    // The start may be moved only while it is still to come.
    changes.push(eventFields(session));
  } else if (wanted !== EVENT_STATUS.CANCELED) {
    changes.push({ name: session.title.slice(0, MAX_EVENT_NAME), description: descriptionOf(session) });
  }
  if (wanted === EVENT_STATUS.COMPLETED && current === EVENT_STATUS.SCHEDULED)
    changes.push({ status: EVENT_STATUS.ACTIVE });
  if (wanted !== current && wanted !== EVENT_STATUS.SCHEDULED) changes.push({ status: wanted });
  return changes;
}

function descriptionOf(session: StudySessionView): string {
  const text = sessionDescription(session);
  return text.length > MAX_EVENT_DESCRIPTION ? `${text.slice(0, MAX_EVENT_DESCRIPTION - 1)}…` : text;
}

/** A reply as channel messages: public, and without the ephemeral flag a channel post cannot carry. */
function channelMessages(reply: Reply): DiscordMessage[] {
  return toDiscordMessages({ ...reply, visibility: "public" }).map(
    ({ flags: _flags, ...message }) => message,
  );
}
