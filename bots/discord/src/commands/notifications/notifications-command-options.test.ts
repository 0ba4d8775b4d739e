import { describe, expect, it } from "vitest";
import { type NotificationsOptionReader, notificationsCommandOf } from "./notifications-command-options.ts";

function options(
  sub: string | null,
  values: Record<string, string | number | boolean> = {},
): NotificationsOptionReader {
  return {
    getSubcommand: () => sub,
    getString: (name) => (typeof values[name] === "string" ? (values[name] as string) : null),
    getInteger: (name) => (typeof values[name] === "number" ? (values[name] as number) : null),
    getBoolean: (name) => (typeof values[name] === "boolean" ? (values[name] as boolean) : null),
  };
}

describe("notificationsCommandOf", () => {
  it("builds each subcommand as core's notifications command", () => {
    expect(notificationsCommandOf(options("show"))).toEqual({ name: "list" });
    expect(notificationsCommandOf(options(null))).toEqual({ name: "list" });
    expect(notificationsCommandOf(options("read"))).toEqual({ name: "read" });
    expect(notificationsCommandOf(options("kind", { kind: "grades", on: false }))).toEqual({
      name: "kind",
      kind: "GRADE_SENT",
      on: false,
    });
    expect(notificationsCommandOf(options("kind", { kind: "cards", on: true }))).toEqual({
      name: "kind",
      kind: "CARDS_DUE",
      on: true,
    });
    expect(notificationsCommandOf(options("digest", { on: true, hour: 7 }))).toMatchObject({
      name: "digest",
      on: true,
      hour: 7,
    });
    expect(notificationsCommandOf(options("digest", { on: false }))).toMatchObject({
      name: "digest",
      on: false,
    });
  });

  it("refuses a subcommand it does not know", () => {
    expect(() => notificationsCommandOf(options("loudly"))).toThrow(
      expect.objectContaining({ userMessage: expect.stringMatching(/does not know that command/) }),
    );
  });
});
