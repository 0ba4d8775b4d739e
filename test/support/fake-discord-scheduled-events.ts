// Guild Scheduled Events and channel threads of the fake Discord (API v10), validated as Discord does
// for what the bot sends: an EXTERNAL event needs a location and an end time, starts in the future, and
// moves SCHEDULED -> ACTIVE -> COMPLETED or SCHEDULED -> CANCELED only.
import { GUILD_SCHEDULED_EVENTS_INTENT } from "./fake-discord-gateway.ts";
import { snowflake, threadObject } from "./fake-discord-payloads.ts";
import { error, type RestAnswer, type RestRequest, type RestState } from "./fake-discord-rest-state.ts";

/** Discord's scheduled event statuses. */
export const EVENT_STATUS = { scheduled: 1, active: 2, completed: 3, canceled: 4 } as const;
/** The only privacy level Discord accepts: GUILD_ONLY. */
const GUILD_ONLY = 2;
const ENTITY = { stageInstance: 1, voice: 2, external: 3 } as const;
const ALLOWED_STATUS_CHANGES: Record<number, number[]> = {
  [EVENT_STATUS.scheduled]: [EVENT_STATUS.active, EVENT_STATUS.canceled],
  [EVENT_STATUS.active]: [EVENT_STATUS.completed],
};
const MAX_NAME = 100;
const MAX_DESCRIPTION = 1_000;
const MAX_LOCATION = 100;

type Event = Record<string, unknown> & { id: string; guild_id: string; status: number };

/** Invalid Form Body with Discord's per-field errors. */
function invalid(field: string, message: string): RestAnswer {
  return {
    status: 400,
    body: {
      message: "Invalid Form Body",
      code: 50035,
      errors: { [field]: { _errors: [{ code: "BASE_TYPE_INVALID", message }] } },
    },
  };
}

function knownGuild(state: RestState, guildId: string): boolean {
  return state.guilds.some((g) => g.id === guildId);
}

/** POST /guilds/:guild/scheduled-events */
export function createScheduledEvent(state: RestState, m: RegExpExecArray, req: RestRequest): RestAnswer {
  const guildId = m[1]!;
  if (!knownGuild(state, guildId)) return error(404, 10004, "Unknown Guild");
  const problem = checkEventFields(state, req.body, null);
  if (problem) return problem;
  const { body } = req;
  const event: Event = {
    id: snowflake(),
    guild_id: guildId,
    channel_id: null,
    creator_id: state.bot.id,
    name: body.name,
    description: body.description ?? null,
    scheduled_start_time: new Date(String(body.scheduled_start_time)).toISOString(),
    scheduled_end_time: new Date(String(body.scheduled_end_time)).toISOString(),
    privacy_level: GUILD_ONLY,
    status: EVENT_STATUS.scheduled,
    entity_type: ENTITY.external,
    entity_id: null,
    entity_metadata: { location: (body.entity_metadata as { location: string }).location },
    creator: { id: state.bot.id, username: state.bot.username, discriminator: "0", avatar: null, bot: true },
    user_count: 0,
    image: null,
  };
  state.scheduledEvents.set(event.id, event);
  return {
    status: 200,
    body: event,
    dispatch: {
      t: "GUILD_SCHEDULED_EVENT_CREATE",
      d: event,
      guildId,
      intent: GUILD_SCHEDULED_EVENTS_INTENT,
    },
  };
}

/** GET /guilds/:guild/scheduled-events[/:id] */
export function getScheduledEvents(state: RestState, m: RegExpExecArray): RestAnswer {
  const guildId = m[1]!;
  if (!knownGuild(state, guildId)) return error(404, 10004, "Unknown Guild");
  if (m[2]) {
    const event = state.scheduledEvents.get(m[2]);
    return event && event.guild_id === guildId
      ? { status: 200, body: event }
      : error(404, 10070, "Unknown Guild Scheduled Event");
  }
  return { status: 200, body: [...state.scheduledEvents.values()].filter((e) => e.guild_id === guildId) };
}

/** PATCH /guilds/:guild/scheduled-events/:id: fields of a SCHEDULED event, or a status change. */
export function patchScheduledEvent(state: RestState, m: RegExpExecArray, req: RestRequest): RestAnswer {
  const event = state.scheduledEvents.get(m[2]!);
  if (!event || event.guild_id !== m[1]) return error(404, 10070, "Unknown Guild Scheduled Event");
  const { body } = req;
  if (body.status !== undefined && Number(body.status) !== event.status) {
    const to = Number(body.status);
    if (!(ALLOWED_STATUS_CHANGES[event.status] ?? []).includes(to))
      return error(400, 180000, `Cannot change a scheduled event's status from ${event.status} to ${to}`);
  }
  const changesFields = Object.keys(body).some((k) => k !== "status");
  if (changesFields && event.status !== EVENT_STATUS.scheduled && event.status !== EVENT_STATUS.active)
    return error(400, 180000, "Cannot edit a finished scheduled event");
  const problem = checkEventFields(state, { ...event, ...body }, body);
  if (problem) return problem;
  const updated: Event = {
    ...event,
    ...pickEventFields(body),
    ...(body.scheduled_start_time
      ? { scheduled_start_time: new Date(String(body.scheduled_start_time)).toISOString() }
      : {}),
    ...(body.scheduled_end_time
      ? { scheduled_end_time: new Date(String(body.scheduled_end_time)).toISOString() }
      : {}),
    ...(body.status !== undefined ? { status: Number(body.status) } : {}),
  };
  state.scheduledEvents.set(updated.id, updated);
  return {
    status: 200,
    body: updated,
    dispatch: {
      t: "GUILD_SCHEDULED_EVENT_UPDATE",
      d: updated,
      guildId: updated.guild_id,
      intent: GUILD_SCHEDULED_EVENTS_INTENT,
    },
  };
}

/** DELETE /guilds/:guild/scheduled-events/:id */
export function deleteScheduledEvent(state: RestState, m: RegExpExecArray): RestAnswer {
  const event = state.scheduledEvents.get(m[2]!);
  if (!event || event.guild_id !== m[1]) return error(404, 10070, "Unknown Guild Scheduled Event");
  state.scheduledEvents.delete(event.id);
  return { status: 204 };
}

/**
 * Checks an event's fields as they would stand: `merged` is the whole event, `changed` the request
 * (null when creating). A start time is checked only when it is set or changed.
 */
function checkEventFields(
  state: RestState,
  merged: Record<string, unknown>,
  changed: Record<string, unknown> | null,
): RestAnswer | null {
  const name = merged.name;
  if (typeof name !== "string" || name.length < 1 || name.length > MAX_NAME)
    return invalid("name", `Must be between 1 and ${MAX_NAME} in length.`);
  if (merged.description != null && String(merged.description).length > MAX_DESCRIPTION)
    return invalid("description", `Must be ${MAX_DESCRIPTION} or fewer in length.`);
  if (Number(merged.privacy_level) !== GUILD_ONLY)
    return invalid("privacy_level", "Value must be one of {2}.");
  if (Number(merged.entity_type) !== ENTITY.external)
    return invalid("entity_type", "The fake Discord accepts EXTERNAL (3) events only.");
  if (merged.channel_id != null) return invalid("channel_id", "An EXTERNAL event has no channel.");
  const location = (merged.entity_metadata as { location?: unknown } | null | undefined)?.location;
  if (typeof location !== "string" || location.length < 1 || location.length > MAX_LOCATION)
    return invalid("entity_metadata.location", "An EXTERNAL event needs a location.");
  const start = Date.parse(String(merged.scheduled_start_time));
  const end = Date.parse(String(merged.scheduled_end_time));
  if (Number.isNaN(start)) return invalid("scheduled_start_time", "Not a valid ISO8601 timestamp.");
  if (Number.isNaN(end)) return invalid("scheduled_end_time", "An EXTERNAL event needs an end time.");
  if (end <= start) return invalid("scheduled_end_time", "Must be after the start time.");
  const startChanged = changed === null || changed.scheduled_start_time !== undefined;
  if (startChanged && start <= state.now())
    return invalid("scheduled_start_time", "Cannot schedule an event to start in the past.");
  return null;
}

function pickEventFields(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ["name", "description", "entity_metadata", "privacy_level"] as const) {
    if (body[key] !== undefined) out[key] = body[key];
  }
  return out;
}

/**
 * POST /channels/:id/threads without a message: a new thread in a guild's text channel. The type is
 * required in v10 (11 public, 12 private); its messages use the usual channel message routes.
 */
export function startThreadWithoutMessage(
  state: RestState,
  m: RegExpExecArray,
  req: RestRequest,
): RestAnswer {
  const parentId = m[1]!;
  const guild = state.guilds.find((g) => g.channels.some((c) => c.id === parentId));
  if (!guild) return error(404, 10003, "Unknown Channel");
  const type = Number(req.body.type);
  if (type !== 11 && type !== 12) return invalid("type", "Value must be one of {11, 12}.");
  const name = req.body.name;
  if (typeof name !== "string" || name.length < 1 || name.length > MAX_NAME)
    return invalid("name", `Must be between 1 and ${MAX_NAME} in length.`);
  const thread = {
    ...threadObject({ id: snowflake(), guildId: guild.id, parentId, ownerId: state.bot.id, name }),
    type,
  };
  state.threads.set(thread.id, thread);
  return {
    status: 201,
    body: thread,
    dispatch: { t: "THREAD_CREATE", d: { ...thread, newly_created: true }, guildId: guild.id },
  };
}

/** GET /channels/:id: a guild's text channel or a thread the bot made. */
export function getChannel(state: RestState, m: RegExpExecArray): RestAnswer {
  const id = m[1]!;
  const thread = state.threads.get(id);
  if (thread) return { status: 200, body: thread };
  for (const guild of state.guilds) {
    const channel = guild.channels.find((c) => c.id === id);
    if (channel) {
      return {
        status: 200,
        body: {
          id,
          type: 0,
          guild_id: guild.id,
          name: channel.name,
          position: 0,
          nsfw: false,
          parent_id: null,
        },
      };
    }
  }
  return error(404, 10003, "Unknown Channel");
}
