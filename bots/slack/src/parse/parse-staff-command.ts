/** `/studyhall staff …`: list the course's staff, or add or remove one person. */
export type StaffCommand = { action: "list" } | { action: "add" | "remove"; userId: string };

export const STAFF_USAGE =
  "`/studyhall staff`: who teaches this channel's course · `staff add @person` · `staff remove @person` (course staff)";
export const CODE_USAGE =
  "`/studyhall code [course]`: a one-time code that links another channel to this channel's course (or the course you name), no admin needed (course staff)";

// With escaping on (manifest.yml) Slack sends a picked person as <@U123ABC|name>; a bare id also works.
const MENTION = /^<@([UW][A-Z0-9]{2,20})(?:\|[^>]*)?>$|^([UW][A-Z0-9]{2,20})$/;

/** Parses the words after `staff`. A string is the refusal to show, with the usage line. */
export function parseStaffCommand(words: string[]): StaffCommand | string {
  const [action = "list", target, ...extra] = words;
  const lower = action.toLowerCase();
  if (lower === "list" && !target) return { action: "list" };
  if (lower !== "add" && lower !== "remove") return `I don't know \`staff ${action.slice(0, 40)}\`.`;
  if (!target) return `Mention the person to ${lower} after \`staff ${lower}\`.`;
  const match = MENTION.exec(target);
  if (!match || extra.length > 0) {
    return `Mention one person with @ (Slack then sends who they are), e.g. \`/studyhall staff ${lower} @ada\`.`;
  }
  return { action: lower, userId: (match[1] ?? match[2])! };
}
