import { runReplyContract } from "../../../../test/support/reply-contract.ts";
import { assertBlockKitLimits } from "../testing/assert-block-kit-limits.ts";
import { decodeAction } from "./action-codec.ts";
import { blockKitActionIds, blockKitText } from "./block-kit-text.ts";
import { toBlockKit } from "./to-block-kit.ts";

runReplyContract({
  name: "Slack Block Kit",
  capabilities: { buttons: true, privacy: true },
  render: toBlockKit,
  visibleText: (out) => blockKitText(out.blocks),
  actionIds: (out) => blockKitActionIds(out.blocks),
  decodeAction,
  assertWithinLimits: (out) => assertBlockKitLimits(out.blocks),
  isPrivate: (out) => out.ephemeral,
});
