// Limits of Slack modals (https://docs.slack.dev/reference/block-kit/block-elements). Slack refuses a
// view that breaks them, and its clients stop typing at an input's max_length.

/** Characters a plain_text_input accepts. */
export const SLACK_MAX_PLAIN_TEXT_INPUT = 3000;
/** Characters of a modal's title. */
export const SLACK_MAX_MODAL_TITLE = 24;
/** Characters of an option's text (checkboxes). */
export const SLACK_MAX_OPTION_TEXT = 75;
/** Options in a checkboxes element. */
export const SLACK_MAX_CHECKBOX_OPTIONS = 10;
/** Characters of a modal's private_metadata. */
export const SLACK_MAX_PRIVATE_METADATA = 3000;
/** Characters of one input's error message (response_action "errors"): kept short, as Slack shows it under the input. */
export const SLACK_MAX_VIEW_ERROR = 1000;
