import { runSessionsCommand, type SessionsCommand } from "@studyhall/core";
import { type Command, InvalidArgumentError } from "commander";
import type { Services } from "../services.ts";
import { cliActor, operatorCourse, withServices } from "./cli-context.ts";
import { renderReplyText } from "./render-reply-text.ts";

type Out = { out: NodeJS.WritableStream; err: NodeJS.WritableStream };

interface ScheduleOptions {
  weekly?: boolean;
  minutes?: number;
  quiz?: string;
  deck?: string;
}

/**
 * `studyhall session schedule|list|cancel <course> …`: a course's study sessions from the terminal, as
 * the operator (course staff everywhere). Core decides everything (the time read in the operator's
 * time zone, who may schedule, the announcement in the course's linked channel); this only builds the
 * command and prints core's reply.
 */
export function registerSessionCommands(program: Command, options: { verbose: () => boolean; io: Out }) {
  const run = (ref: string, command: SessionsCommand) =>
    withServices({ verbose: options.verbose() }, (s) => sessionCommand(s, ref, command, options.io));
  const session = program
    .command("session")
    .description("schedule, list and cancel a course's study sessions (announced in its chat channel)");
  session
    .command("schedule <course> <title> <when>")
    .description('schedule a study session, e.g. "Week 3 review" "thu 18:00" or "2026-12-10 18:00"')
    .option("-w, --weekly", "repeat every week at the same time")
    .option("-m, --minutes <n>", "how long it lasts", minutesOption)
    .option("-q, --quiz <words>", "the live quiz to start at the session's start (its title)")
    .option("-d, --deck <words>", "the flashcard deck it suggests (its name)")
    .action((ref: string, title: string, when: string, opts: ScheduleOptions) =>
      run(ref, scheduleCommand(title, when, opts)),
    );
  session
    .command("list <course>")
    .description("the course's upcoming study sessions, numbered for cancel")
    .action((ref: string) => run(ref, { name: "list" }));
  session
    .command("cancel <course> <session>")
    .description("cancel a session: its number in `session list`, or its id")
    .action((ref: string, which: string) => run(ref, { name: "cancel", session: which }));
}

/** The schedule command with only the options given (core's defaults for the rest). */
export function scheduleCommand(title: string, when: string, opts: ScheduleOptions): SessionsCommand {
  return {
    name: "schedule",
    title,
    when,
    ...(opts.minutes !== undefined ? { minutes: opts.minutes } : {}),
    ...(opts.weekly ? { weekly: true } : {}),
    ...(opts.quiz ? { quiz: opts.quiz } : {}),
    ...(opts.deck ? { deck: opts.deck } : {}),
  };
}

/** Runs one sessions command in a course as the operator and prints core's reply. */
export async function sessionCommand(
  services: Services,
  courseRef: string,
  command: SessionsCommand,
  io: Out,
): Promise<void> {
  const { course } = await operatorCourse(services, courseRef);
  const reply = await runSessionsCommand(services, {
    actor: cliActor(),
    space: null,
    courseId: course.id,
    command,
  });
  io.out.write(`${renderReplyText(reply)}\n`);
}

function minutesOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("a whole number of minutes");
  return n;
}
