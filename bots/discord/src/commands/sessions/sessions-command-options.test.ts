import { describe, expect, it } from "vitest";
import { type SessionsOptionReader, sessionsCommandOf } from "./sessions-command-options.ts";

/** Options as discord.js's resolver answers them: null for anything not given. */
function options(
  sub: string | null,
  values: Record<string, string | number | boolean> = {},
): SessionsOptionReader {
  const get = <T>(name: string) => (name in values ? (values[name] as T) : null);
  return {
    getSubcommand: () => sub,
    getString: (name) => get<string>(name),
    getInteger: (name) => get<number>(name),
    getBoolean: (name) => get<boolean>(name),
  };
}

describe("sessionsCommandOf", () => {
  it("builds a schedule from every option given, and only those", () => {
    expect(
      sessionsCommandOf(
        "session",
        options("schedule", {
          title: " Week 3 review ",
          when: "thu 18:00",
          minutes: 90,
          weekly: true,
          quiz: "q1",
        }),
      ),
    ).toEqual({
      name: "schedule",
      title: "Week 3 review",
      when: "thu 18:00",
      minutes: 90,
      weekly: true,
      quiz: "q1",
    });
    expect(sessionsCommandOf("session", options("schedule", { title: "Review", when: "thu 18:00" }))).toEqual(
      {
        name: "schedule",
        title: "Review",
        when: "thu 18:00",
      },
    );
  });

  it("asks for the form when the title or the time is missing, keeping a title typed", () => {
    expect(sessionsCommandOf("session", options("schedule"))).toEqual({ form: true, title: null });
    expect(sessionsCommandOf("session", options("schedule", { title: "Review" }))).toEqual({
      form: true,
      title: "Review",
    });
  });

  it("lists, cancels and shows the calendar (me and show by default)", () => {
    expect(sessionsCommandOf("session", options("list"))).toEqual({ name: "list" });
    expect(sessionsCommandOf("session", options("cancel", { session: " 2 " }))).toEqual({
      name: "cancel",
      session: "2",
    });
    expect(sessionsCommandOf("calendar", options(null))).toEqual({
      name: "calendar",
      scope: "me",
      action: "show",
    });
    expect(sessionsCommandOf("calendar", options(null, { scope: "course", action: "renew" }))).toEqual({
      name: "calendar",
      scope: "course",
      action: "renew",
    });
  });

  it("refuses a subcommand it does not know", () => {
    expect(() => sessionsCommandOf("session", options("move"))).toThrow(/unknown session subcommand/);
  });
});
