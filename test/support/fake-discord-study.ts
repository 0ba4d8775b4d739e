// Study-tool helpers for Discord integration tests: the message a study interaction showed (or edited
// in place), its buttons, and clicks on them that wait for the in-place edit.
import type { DiscordHarness } from "./fake-discord-harness.ts";
import type { InteractionPlace } from "./fake-discord-interactions.ts";
import { dmChannelId } from "./fake-discord-rest.ts";
import type { DispatchedInteraction } from "./fake-discord-types.ts";

type Row = { components?: Array<{ label?: string; custom_id?: string; type?: number }> };
export type StoredMessage = Record<string, unknown> & { id: string; content: string; components?: Row[] };

/** The message an interaction's reply is (its original), as last edited. */
export function originalOf(h: DiscordHarness, interaction: DispatchedInteraction): StoredMessage {
  const id = h.fake.interactions.get(interaction.id)?.originalId;
  const message = id ? h.fake.messages.get(id) : undefined;
  if (!message) throw new Error(`interaction ${interaction.id} has no original message`);
  return message as StoredMessage;
}

/** The labels of a message's buttons, row by row flattened. */
export function buttonLabels(message: StoredMessage): string[] {
  return (message.components ?? []).flatMap((r) => (r.components ?? []).map((c) => c.label ?? ""));
}

/** The custom id of the first button whose label starts with `label`, else contains it. */
export function buttonId(message: StoredMessage, label: string): string {
  const buttons = (message.components ?? []).flatMap((r) => r.components ?? []);
  const found =
    buttons.find((c) => c.label?.startsWith(label)) ?? buttons.find((c) => c.label?.includes(label));
  if (!found?.custom_id) throw new Error(`no "${label}" button in: ${buttonLabels(message).join(", ")}`);
  return found.custom_id;
}

/** The bot's messages in the person's DM channel, oldest first. */
export function dmMessages(h: DiscordHarness, userId: string): StoredMessage[] {
  const channel = dmChannelId(userId);
  return [...h.fake.messages.values()].filter((m) => m.channel_id === channel) as StoredMessage[];
}

/** A DM with the bot, as the place of an interaction. */
export function inDm(user: InteractionPlace["user"]): InteractionPlace {
  return { user, channelId: dmChannelId(user.id) };
}

/**
 * Clicks the button labelled `label` on `message` and waits for the edit of that message whose content
 * matches; returns the click and the message as edited.
 */
export async function clickAndWait(
  h: DiscordHarness,
  place: InteractionPlace,
  message: StoredMessage,
  label: string,
  predicate: (content: string) => boolean,
): Promise<{ click: DispatchedInteraction; message: StoredMessage }> {
  const click = h.fake.button(place, buttonId(message, label), message);
  await h.waitForEdit(click, predicate);
  return { click, message: h.fake.messages.get(message.id) as StoredMessage };
}

/** A text box's value in a submitted form, as Discord sends it (wrapped in its label). */
export function textInput(customId: string, value: string) {
  return { type: 18, component: { type: 4, custom_id: customId, value } };
}

/** A select menu's choice in a submitted form. */
export function selectInput(customId: string, values: string[]) {
  return { type: 18, component: { type: 3, custom_id: customId, values } };
}

/** The interaction callback the bot answered `interaction` with (a reply, an update or a form). */
export function callbackOf(h: DiscordHarness, interaction: DispatchedInteraction) {
  return h.fake.waitFor((c) => c.path === `/interactions/${interaction.id}/${interaction.token}/callback`);
}
