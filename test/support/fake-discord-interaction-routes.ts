// The fake Discord's routes that take an interaction's token: the callback and its webhook.
import {
  botMessage,
  error,
  pickMessageFields,
  type RestAnswer,
  type RestRequest,
  type RestState,
  store,
  withAttachments,
} from "./fake-discord-rest-state.ts";

const ACK_DEADLINE_MS = 3_000;
const EPHEMERAL = 1 << 6;

/**
 * An interaction's callback: refused after Discord's 3 s acknowledgement deadline or when already
 * acknowledged; a reply (types 4, 5) becomes the interaction's original message, an update (6, 7)
 * makes the component's message the original.
 */
export function interactionCallback(
  state: RestState,
  id: string,
  token: string,
  req: RestRequest,
): RestAnswer {
  const interaction = state.interactions.get(id);
  if (!interaction || interaction.token !== token) return error(404, 10062, "Unknown interaction");
  if (interaction.acknowledged) return error(400, 40060, "Interaction has already been acknowledged.");
  if (performance.now() - interaction.sentAt > ACK_DEADLINE_MS)
    return error(404, 10062, "Unknown interaction");
  interaction.acknowledged = true;
  const type = Number(req.body.type);
  const data = (req.body.data ?? {}) as Record<string, unknown>;
  let message: Record<string, unknown> | undefined;
  if ((type === 6 || type === 7) && interaction.messageId) {
    // An update of the component's message: later webhook edits of @original edit that message.
    interaction.originalId = interaction.messageId;
    const current = state.messages.get(interaction.messageId);
    if (type === 7 && current) store(state, { ...current, ...pickMessageFields(data) });
  }
  if (type === 4 || type === 5) {
    interaction.ephemeral = ((Number(data.flags) || 0) & EPHEMERAL) !== 0;
    message = store(
      state,
      botMessage(
        state,
        interaction.channelId,
        interaction.guildId,
        type === 4 ? data : { flags: data.flags, content: "" },
      ),
    );
    interaction.originalId = String(message.id);
  }
  if (req.query.get("with_response") !== "true") return { status: 204 };
  return {
    status: 200,
    body: {
      interaction: {
        id,
        type: 2,
        ...(message
          ? {
              response_message_id: message.id,
              response_message_loading: type === 5,
              response_message_ephemeral: interaction.ephemeral,
            }
          : {}),
      },
      resource: { type, ...(message && type === 4 ? { message } : {}) },
    },
  };
}

/** An interaction's webhook (follow-ups and @original), refused once the token's lifetime is over. */
export function webhook(
  state: RestState,
  token: string,
  messageId: string | undefined,
  req: RestRequest,
): RestAnswer {
  const interaction = state.tokens.get(token);
  if (!interaction) return error(404, 10015, "Unknown Webhook");
  if (performance.now() - interaction.sentAt > state.tokenLifetimeMs)
    return error(401, 50027, "Invalid Webhook Token");
  if (messageId === undefined) {
    if (req.method !== "POST") return error(405, 0, "405: Method Not Allowed");
    return {
      status: 200,
      body: store(state, botMessage(state, interaction.channelId, interaction.guildId, withAttachments(req))),
    };
  }
  const id = messageId === "@original" ? interaction.originalId : messageId;
  const existing = id ? state.messages.get(id) : undefined;
  if (!existing) return error(404, 10008, "Unknown Message");
  if (req.method === "GET") return { status: 200, body: existing };
  if (req.method === "DELETE") {
    state.messages.delete(String(existing.id));
    return { status: 204 };
  }
  if (req.method === "PATCH") {
    return {
      status: 200,
      body: store(state, {
        ...existing,
        ...pickMessageFields(withAttachments(req)),
        edited_timestamp: new Date().toISOString(),
      }),
    };
  }
  return error(405, 0, "405: Method Not Allowed");
}
