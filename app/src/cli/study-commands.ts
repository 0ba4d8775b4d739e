import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { AppError, ErrorCode, parseStudyCommandText, runStudyCommand, STUDY_USAGE } from "@studyhall/core";
import type { Command } from "commander";
import type { Services } from "../services.ts";
import { cliActor, operatorCourse, withServices } from "./cli-context.ts";
import { renderReplyText } from "./render-reply-text.ts";

type Out = { out: NodeJS.WritableStream; err: NodeJS.WritableStream };

/**
 * `studyhall study <words…>`: the study commands the chat front ends take (decks, import and export,
 * guides, writing prompts), run as the operator in one course. Files a command makes (an Anki package,
 * a guide's Markdown and PDF) are written to `--out`. Reviewing cards and practising need buttons, so
 * they live in chat and on the LMS page.
 */
export function registerStudyCommands(program: Command, options: { verbose: () => boolean; io: Out }) {
  const usage = Object.values(STUDY_USAGE)
    .map((u) => `  ${u.syntax}\n      ${u.what}`)
    .join("\n");
  program
    .command("study <words...>")
    .description(
      "study tools as course staff: decks (import, export, generate), study guides, writing prompts",
    )
    .requiredOption("-c, --course <course>", "course slug, name or id")
    .option("-f, --file <path>", "the cards for `deck import <title>` (Anki or Quizlet text export)")
    .option("-o, --out <dir>", "where to write the files a command makes", ".")
    .addHelpText("after", `\nCommands:\n${usage}`)
    .action((words: string[], opts: { course: string; file?: string; out: string }) =>
      withServices({ verbose: options.verbose() }, (s) => study(s, words.join(" "), opts, options.io)),
    );
}

/** Runs one study command and prints its reply; its files are written under `options.out`. */
export async function study(
  services: Services,
  words: string,
  options: { course: string; file?: string; out: string },
  io: Out,
): Promise<void> {
  const parsed = parseStudyCommandText(words);
  if (!parsed || "error" in parsed) {
    throw new AppError(ErrorCode.InvalidInput, "unreadable study command", {
      userMessage: parsed
        ? parsed.error
        : `\`${words.slice(0, 60)}\` is not a study command. See: studyhall study --help`,
    });
  }
  let command = parsed.command;
  if (command.name === "deck.import" && options.file) {
    command = { ...command, text: await readFile(options.file, "utf8") };
  }
  const { course } = await operatorCourse(services, options.course);
  const reply = await runStudyCommand(
    services,
    { actor: cliActor(), space: null, courseId: course.id, command },
    { onProgress: async (progress) => void io.err.write(`${renderReplyText(progress)}\n`) },
  );
  io.out.write(`${renderReplyText(reply)}\n`);
  for (const file of reply.files ?? []) {
    const target = path.join(options.out, path.basename(file.name));
    await writeFile(target, file.content);
    io.out.write(`Wrote ${target}\n`);
  }
}
