import { runReplyContract } from "../../../test/support/reply-contract.ts";
import { renderReplyText } from "./render-reply-text.ts";

// The terminal has no buttons, no length limit and no one else watching: every reply is private.
runReplyContract({
  name: "terminal text",
  capabilities: { buttons: false, privacy: false },
  render: (reply) => renderReplyText(reply),
  visibleText: (out) => out,
  actionIds: () => [],
  decodeAction: () => null,
  assertWithinLimits: () => {},
  isPrivate: () => true,
});
