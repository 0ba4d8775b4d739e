// Discord's documented limits, named once. Renderers and the streaming editor keep under them.

/** Characters in a message's `content`. */
export const DISCORD_MAX_CONTENT = 2_000;
/** Buttons in one action row, and action rows in one message. */
export const DISCORD_MAX_BUTTONS_PER_ROW = 5;
export const DISCORD_MAX_ACTION_ROWS = 5;
/** Characters in a button label and a component custom id. */
export const DISCORD_MAX_BUTTON_LABEL = 80;
export const DISCORD_MAX_CUSTOM_ID = 100;
/** Choices an autocomplete answer may offer, and the length of a choice's name and value. */
export const DISCORD_MAX_CHOICES = 25;
export const DISCORD_MAX_CHOICE_NAME = 100;
/** Characters in a thread name. */
export const DISCORD_MAX_THREAD_NAME = 100;
/** An interaction token may be used for 15 minutes after the interaction arrived. */
export const DISCORD_INTERACTION_TOKEN_MS = 15 * 60_000;
/** Files attached to one message, and characters in an attachment's description (its alt text). */
export const DISCORD_MAX_ATTACHMENTS = 10;
export const DISCORD_MAX_ATTACHMENT_DESCRIPTION = 1_024;
/** Characters in a modal's title, a text input's value and a text display's content. */
export const DISCORD_MAX_MODAL_TITLE = 45;
export const DISCORD_MAX_TEXT_INPUT = 4_000;
export const DISCORD_MAX_TEXT_DISPLAY = 4_000;
/** Options in a select menu, and characters in an option's label. */
export const DISCORD_MAX_SELECT_OPTIONS = 25;
export const DISCORD_MAX_SELECT_LABEL = 100;
