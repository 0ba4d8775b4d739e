/** `/studyhall course …`: upkeep of the channel's course (course staff). */
export type CourseCommand =
  | { action: "rename"; name: string }
  | { action: "archive" }
  | { action: "unarchive" }
  /** `confirmName` is the course's name typed after `delete`, or null when none was typed. */
  | { action: "delete"; confirmName: string | null };

export const COURSE_USAGE =
  "`/studyhall course rename <new name>` · `course archive` (read-only, hidden from pickers) · `course unarchive` · `course delete <course name>` (course staff)";

/** Parses the words after `course`; a string is what to tell the person. */
export function parseCourseCommand(rest: string): CourseCommand | string {
  const [word = "", ...others] = rest.trim().split(/\s+/);
  const args = rest.trim().slice(word.length).trim();
  switch (word.toLowerCase()) {
    case "rename":
      return args ? { action: "rename", name: args } : "Type the new name after `course rename`.";
    case "archive":
    case "unarchive":
    case "reopen":
      if (others.some(Boolean))
        return `\`course ${word}\` takes nothing after it: it acts on this channel's course.`;
      return { action: word.toLowerCase() === "archive" ? "archive" : "unarchive" };
    case "delete":
      return { action: "delete", confirmName: args || null };
    case "":
      return "Say what to do with the course.";
    default:
      return `I don't know \`course ${word.slice(0, 40)}\`.`;
  }
}
