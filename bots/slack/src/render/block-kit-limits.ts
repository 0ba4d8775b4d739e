// Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks). Named so the renderer and its
// tests agree on them; Slack rejects a message that breaks any of them with `invalid_blocks`.

/** Blocks in one message. */
export const SLACK_MAX_BLOCKS = 50;
/** Characters in a section block's text. */
export const SLACK_MAX_SECTION_TEXT = 3000;
/** Fields in a section block. */
export const SLACK_MAX_SECTION_FIELDS = 10;
/** Characters in one section field. */
export const SLACK_MAX_FIELD_TEXT = 2000;
/** Elements in a context block. */
export const SLACK_MAX_CONTEXT_ELEMENTS = 10;
/** Characters in one context element's text. */
export const SLACK_MAX_CONTEXT_TEXT = 3000;
/** Elements in an actions block. */
export const SLACK_MAX_ACTIONS = 25;
/** Characters in a button's label. */
export const SLACK_MAX_BUTTON_TEXT = 75;
/** Characters in an action_id. */
export const SLACK_MAX_ACTION_ID = 255;
/** Characters in a button URL. */
export const SLACK_MAX_BUTTON_URL = 3000;
/**
 * Characters in a message's top-level `text`. Slack truncates at 40,000; it is the notification and
 * screen-reader fallback when blocks are present, so we keep it short.
 */
export const SLACK_MAX_FALLBACK_TEXT = 3000;
