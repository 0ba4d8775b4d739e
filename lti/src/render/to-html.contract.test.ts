import { runReplyContract } from "../../../test/support/reply-contract.ts";
import { trusted } from "../pages/html.ts";
import { decodeAction } from "./action-codec.ts";
import { toHtml } from "./to-html.ts";

const form = {
  url: "https://studyhall.example/lti/course/action",
  hidden: trusted('<input type="hidden" name="csrf" value="c">'),
};

function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

// A page is seen only by the person who opened it; buttons are POST forms carrying the action id.
runReplyContract({
  name: "LTI HTML",
  capabilities: { buttons: true, privacy: false },
  render: (reply) => toHtml(reply, form).value,
  visibleText,
  actionIds: (html) =>
    [...html.matchAll(/name="action" value="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&")),
  decodeAction,
  assertWithinLimits: (html) => {
    if (html.length > 1_000_000) throw new Error("page fragment over 1 MB");
  },
  isPrivate: () => true,
});
