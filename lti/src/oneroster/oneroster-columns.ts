import { z } from "zod";

/** How the manifest says a file is given: the whole truth, only changes, or not at all. */
export type FileMode = "bulk" | "delta" | "absent";

/** The most characters of a value quoted back in a problem. */
const QUOTED_CHARS = 40;

/** A value quoted in a problem, cut short so one broken cell does not fill the screen. */
export function quote(value: string): string {
  return value.length > QUOTED_CHARS ? `'${value.slice(0, QUOTED_CHARS)}…'` : `'${value}'`;
}

function cell(test: (value: string) => boolean, message: (value: string) => string) {
  return z.string().superRefine((value, ctx) => {
    if (!test(value)) ctx.addIssue({ code: "custom", message: message(value) });
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// OneRoster writes dateLastModified as ISO 8601 (e.g. 2026-09-01T08:00:00.000Z); the seconds, the
// fraction and the offset are left out by some exports, which is still a time, so they are optional.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

const validDate = (value: string) => !Number.isNaN(Date.parse(value.slice(0, 10)));

/** A sourcedId or a reference to one: required, and as long as the ids StudyHall stores. */
export const sourcedId = cell(
  (v) => v.trim() !== "" && v.length <= 255,
  (v) =>
    v.trim() === "" ? "is empty; it must name a sourcedId" : `${quote(v)} is longer than 255 characters`,
);
export const requiredText = cell(
  (v) => v.trim() !== "",
  () => "is empty; this column must have a value",
);
export const optionalEmail = cell(
  (v) => v === "" || EMAIL.test(v.trim()),
  (v) => `${quote(v)} is not an email address`,
);
export const date = (required: boolean) =>
  cell(
    (v) => (v === "" ? !required : ISO_DATE.test(v) && validDate(v)),
    (v) => (v === "" ? "is empty; it must be a date (YYYY-MM-DD)" : `${quote(v)} is not a date (YYYY-MM-DD)`),
  );
export const boolean = (required: boolean) =>
  cell(
    (v) => (v === "" ? !required : /^(true|false)$/i.test(v)),
    (v) => (v === "" ? "is empty; it must be true or false" : `${quote(v)} is not true or false`),
  );
export const schoolYear = cell(
  (v) => /^\d{4}$/.test(v),
  (v) => `${quote(v)} is not a school year (four digits, e.g. 2027)`,
);
/** A list in one cell: values separated by commas (the cell itself is quoted). */
export const sourcedIdList = cell(
  (v) => v.split(",").every((part) => part.trim() !== "" && part.length <= 255),
  (v) =>
    v.trim() === ""
      ? "is empty; it must list at least one sourcedId"
      : `${quote(v)} is not a list of sourcedIds`,
);
export const classType = cell(
  (v) => v === "homeroom" || v === "scheduled" || /^ext:.+/.test(v),
  (v) => `${quote(v)} is not a class type (homeroom, scheduled or ext:…)`,
);

/**
 * A row's status: in a bulk file every row is current, so it may be left blank; in a delta file each
 * row says whether it is new or changed (active) or gone (tobedeleted).
 */
export const status = (mode: FileMode) =>
  cell(
    (v) => v === "active" || v === "tobedeleted" || (v === "" && mode !== "delta"),
    (v) =>
      v === ""
        ? "is empty; a delta file must say active or tobedeleted on every row"
        : `${quote(v)} is not a status (active or tobedeleted)`,
  );
export const dateLastModified = (mode: FileMode) =>
  cell(
    (v) => (v === "" ? mode !== "delta" : ISO_DATE_TIME.test(v) && validDate(v)),
    (v) =>
      v === ""
        ? "is empty; a delta file must say when each row changed"
        : `${quote(v)} is not a date and time (ISO 8601, e.g. 2027-01-31T08:00:00Z)`,
  );

/** Columns every file has; a delta file must have status and dateLastModified too. */
export function commonColumns(mode: FileMode) {
  return {
    required: mode === "delta" ? ["sourcedId", "status", "dateLastModified"] : ["sourcedId"],
    schema: { sourcedId, status: status(mode), dateLastModified: dateLastModified(mode) },
  };
}

/** A split list cell: "t1, t2" -> ["t1", "t2"]. */
export function splitList(value: string): string[] {
  return value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}
