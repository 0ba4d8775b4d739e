// The `studyhall` command for operators and newcomers: courses, materials and questions from a terminal.
import { randomUUID } from "node:crypto";
import { isAppError } from "@studyhall/core";
import { Command } from "commander";
import { ConfigError, loadConfig } from "../config.ts";
import { registerCleverCommands } from "./clever-commands.ts";
import { rootDir, withServices } from "./cli-context.ts";
import * as commands from "./commands.ts";
import { courseLinkCode } from "./course-link-code.ts";
import { courseArchive, courseRename } from "./course-upkeep-commands.ts";
import { registerDiscordCommands } from "./discord-register.ts";
import * as ltiCommands from "./lti-commands.ts";
import * as privacyCommands from "./privacy-commands.ts";
import * as quizCommands from "./quiz-commands.ts";
import { quizExport, quizImport } from "./quiz-transfer-commands.ts";
import { registerRosterCommands } from "./roster-commands.ts";
import * as secretsCommands from "./secrets-commands.ts";
import { registerSessionCommands } from "./session-commands.ts";
import { registerStudyCommands } from "./study-commands.ts";

const io = { out: process.stdout, err: process.stderr };
const program = new Command()
  .name("studyhall")
  .description("Course materials, an AI tutor and quizzes, from the terminal.")
  .option("-v, --verbose", "show debug logs on stderr")
  .showHelpAfterError();
const verbose = () => Boolean(program.opts().verbose);

const course = program.command("course").description("create, list, rename, archive and delete courses");
course
  .command("create <name>")
  .description("create a course (you become its staff)")
  .option("-d, --description <text>", "a short description")
  .action((name: string, opts: { description?: string }) =>
    withServices({ verbose: verbose() }, (s) => commands.courseCreate(s, name, opts.description, io)),
  );
course
  .command("list")
  .description("list courses")
  .option("-a, --all", "archived courses too")
  .action((opts: { all?: boolean }) =>
    withServices({ verbose: verbose() }, (s) => commands.courseList(s, io, { all: Boolean(opts.all) })),
  );
course
  .command("link-code <course>")
  .alias("code")
  .description("a one-time code that links a Slack channel or Discord server to this course")
  .action((ref: string) => withServices({ verbose: verbose() }, (s) => courseLinkCode(s, ref, io)));
course
  .command("rename <course> <name...>")
  .description("rename a course (its slug stays, so scripts and links keep working)")
  .action((ref: string, words: string[]) =>
    withServices({ verbose: verbose() }, (s) => courseRename(s, ref, words.join(" "), io)),
  );
course
  .command("archive <course>")
  .description("make a course read-only and hide it from lists and pickers (the tutor still answers)")
  .action((ref: string) => withServices({ verbose: verbose() }, (s) => courseArchive(s, ref, true, io)));
course
  .command("unarchive <course>")
  .description("reopen an archived course")
  .action((ref: string) => withServices({ verbose: verbose() }, (s) => courseArchive(s, ref, false, io)));
course
  .command("delete <course>")
  .description("delete a course and everything in it (materials, quizzes, results, conversations)")
  .option("--yes", "really delete (it cannot be undone)")
  .action((ref: string, opts: { yes?: boolean }) =>
    withServices({ verbose: verbose() }, (s) => privacyCommands.courseDelete(s, ref, Boolean(opts.yes), io)),
  );

program
  .command("ingest <sources...>")
  .description("add files (PDF, DOCX, Markdown, HTML, text) or URLs to a course")
  .requiredOption("-c, --course <course>", "course slug, name or id")
  .option("-t, --title <title>", "title to cite (default: the document's own title or file name)")
  .action(async (sources: string[], opts: { course: string; title?: string }) => {
    const failed = await withServices({ verbose: verbose() }, (s) =>
      commands.ingest(s, opts.course, sources, opts.title, io),
    );
    if (failed > 0) process.exitCode = 1;
  });

program
  .command("materials")
  .description("list a course's materials and their status")
  .requiredOption("-c, --course <course>", "course slug, name or id")
  .action((opts: { course: string }) =>
    withServices({ verbose: verbose() }, (s) => commands.materials(s, opts.course, io)),
  );

program
  .command("ask <question...>")
  .description("ask the tutor a question about a course's materials")
  .requiredOption("-c, --course <course>", "course slug, name or id")
  .option("--thread <name>", "conversation to continue (follow-up questions share memory)", "default")
  .action((words: string[], opts: { course: string; thread: string }) =>
    withServices({ verbose: verbose() }, (s) =>
      commands.ask(s, opts.course, words.join(" "), opts.thread, io),
    ),
  );

program
  .command("migrate")
  .description("apply database migrations (start does this too)")
  .action(() => withServices({ verbose: verbose() }, (s) => commands.migrate(s, io)));

program
  .command("reindex")
  .description("re-embed passages after changing the AI provider or embedding model")
  .option("-c, --course <course>", "only this course")
  .action((opts: { course?: string }) =>
    withServices({ verbose: verbose() }, (s) => commands.reindex(s, opts.course, io)),
  );

const quiz = program
  .command("quiz")
  .description("write, review and report on quizzes (play them live in Slack or Discord)");
quiz
  .command("generate")
  .description("write a draft quiz from a course's materials")
  .requiredOption("-c, --course <course>", "course slug, name or id")
  .option("-t, --topic <topic>", "only passages about this topic")
  .option(
    "-m, --material <title...>",
    "only these materials (titles as `studyhall materials` lists them, or ids)",
  )
  .option("-n, --count <n>", "number of questions (1-20)", (v) => Number.parseInt(v, 10))
  .action((opts: { course: string; topic?: string; material?: string[]; count?: number }) =>
    withServices({ verbose: verbose() }, (s) =>
      quizCommands.quizGenerate(
        s,
        opts.course,
        {
          ...(opts.topic ? { topic: opts.topic } : {}),
          ...(opts.material ? { materials: opts.material } : {}),
          ...(opts.count ? { count: opts.count } : {}),
        },
        io,
      ),
    ),
  );
quiz
  .command("list")
  .description("list a course's quizzes")
  .requiredOption("-c, --course <course>", "course slug, name or id")
  .option("--drafts", "only drafts waiting for review")
  .action((opts: { course: string; drafts?: boolean }) =>
    withServices({ verbose: verbose() }, (s) =>
      quizCommands.quizList(s, opts.course, Boolean(opts.drafts), io),
    ),
  );
quiz
  .command("show <quizId>")
  .description("show a quiz with its answers and sources")
  .requiredOption("-c, --course <course>", "course slug, name or id")
  .action((quizId: string, opts: { course: string }) =>
    withServices({ verbose: verbose() }, (s) => quizCommands.quizShow(s, opts.course, quizId, io)),
  );
quiz
  .command("approve <quizId>")
  .description("approve a draft so it can be played live")
  .requiredOption("-c, --course <course>", "course slug, name or id")
  .action((quizId: string, opts: { course: string }) =>
    withServices({ verbose: verbose() }, (s) => quizCommands.quizApprove(s, opts.course, quizId, io)),
  );
quiz
  .command("results")
  .description("the last finished live quiz's report")
  .requiredOption("-c, --course <course>", "course slug, name or id")
  .option("--csv <file>", "also write every player's results to a CSV file")
  .action((opts: { course: string; csv?: string }) =>
    withServices({ verbose: verbose() }, (s) => quizCommands.quizResults(s, opts.course, opts.csv, io)),
  );
quiz
  .command("import <file>")
  .description(
    "import a quiz CSV (docs/quiz-csv.md) or Kahoot's template (.xlsx, or saved as CSV), as a draft",
  )
  .requiredOption("-c, --course <course>", "course slug, name or id")
  .option("-t, --title <title>", "the quiz's title (default: the file's name)")
  .action((file: string, opts: { course: string; title?: string }) =>
    withServices({ verbose: verbose() }, (s) => quizImport(s, opts.course, file, opts.title, io)),
  );
quiz
  .command("export <quizId>")
  .description("write a quiz as CSV (the format quiz import reads)")
  .requiredOption("-c, --course <course>", "course slug, name or id")
  .option("-o, --out <file>", "write to this file (default: standard output)")
  .action((quizId: string, opts: { course: string; out?: string }) =>
    withServices({ verbose: verbose() }, (s) => quizExport(s, opts.course, quizId, opts.out, io)),
  );

const discord = program.command("discord").description("set up the Discord bot");
discord
  .command("register")
  .description("register the slash commands with Discord (global, or one server for instant updates)")
  .option("-g, --guild <id>", "register in this server only (changes show at once)")
  .action(async (opts: { guild?: string }) => {
    const config = loadConfig(process.env, { isTty: process.stderr.isTTY, rootDir });
    const result = await registerDiscordCommands(config.discord, opts.guild);
    const where =
      result.scope === "guild" ? `server ${opts.guild}` : "every server (may take up to an hour to show)";
    io.out.write(`Registered ${result.count} commands for ${where}.\n`);
  });

const lti = program.command("lti").description("register LMSs (Canvas, Moodle, ...) with the LTI 1.3 tool");
lti
  .command("add-platform")
  .description("register an LMS by hand (run again to update its URLs or add deployments)")
  .requiredOption("--issuer <url>", "the LMS's issuer (iss), e.g. https://canvas.instructure.com")
  .requiredOption("--client-id <id>", "the client id the LMS gave StudyHall")
  .requiredOption("--auth-url <url>", "the LMS's OIDC authorization endpoint")
  .requiredOption("--token-url <url>", "the LMS's OAuth2 token endpoint")
  .requiredOption("--jwks-url <url>", "the LMS's public key set (JWKS) URL")
  .requiredOption("--deployment <id...>", "deployment id(s) of the tool in the LMS")
  .option("--name <name>", "a name to show (default: the issuer's host)")
  .action((opts: ltiCommands.AddPlatformOptions) =>
    withServices({ verbose: verbose() }, (s) => ltiCommands.ltiAddPlatform(s, opts, io)),
  );
lti
  .command("list")
  .description("list the registered LMSs and their deployments")
  .action(() => withServices({ verbose: verbose() }, (s) => ltiCommands.ltiList(s, io)));
lti
  .command("registration-url")
  .description('the URL an LMS administrator pastes into "add by URL" (LTI Dynamic Registration)')
  .action(() =>
    ltiCommands.ltiRegistrationUrl(loadConfig(process.env, { isTty: process.stderr.isTTY, rootDir }), io),
  );

const privacy = program
  .command("privacy")
  .description("one person's data: export it, or delete it everywhere (people are named platform:id)");
const userOption = [
  "-u, --user <platform:id>",
  "discord:<id>, slack:<team>:<user>, lti:<issuer>:<subject>, clever:<district>:<id>, oneroster:<district>:<sourcedId> or cli:<name>",
] as const;
privacy
  .command("export")
  .description("everything StudyHall holds about one person, as JSON")
  .requiredOption(...userOption)
  .option("-o, --out <file>", "write to this file (readable by you only) instead of stdout")
  .action((opts: { user: string; out?: string }) =>
    withServices({ verbose: verbose() }, (s) => privacyCommands.privacyExport(s, opts.user, opts.out, io)),
  );
privacy
  .command("delete")
  .description("delete one person from every table (finished quizzes keep their points, anonymously)")
  .requiredOption(...userOption)
  .option("--yes", "really delete (it cannot be undone)")
  .action((opts: { user: string; yes?: boolean }) =>
    withServices({ verbose: verbose() }, (s) =>
      privacyCommands.privacyDelete(s, opts.user, Boolean(opts.yes), io),
    ),
  );

program
  .command("audit")
  .description("what staff and operators did: materials, quizzes, policies, chat links, exports, deletions")
  .option("-c, --course <course>", "only this course")
  .option("-n, --limit <n>", "entries to show, newest first (1-500)", (v) => Number.parseInt(v, 10), 50)
  .action((opts: { course?: string; limit: number }) =>
    withServices({ verbose: verbose() }, (s) => privacyCommands.auditList(s, opts, io)),
  );

registerRosterCommands(program, { verbose, io });
registerStudyCommands(program, { verbose, io });
registerSessionCommands(program, { verbose, io });

registerCleverCommands(program, { verbose, io });

const secrets = program
  .command("secrets")
  .description("the key that seals stored credentials (Slack installations, LTI tool keys)");
secrets
  .command("status")
  .description("how many stored secrets are sealed under which key")
  .action(() => withServices({ verbose: verbose() }, (s) => secretsCommands.secretsStatus(s, io)));
secrets
  .command("rotate")
  .description(
    "re-seal every stored secret under STUDYHALL_SECRET_KEY (old key in STUDYHALL_SECRET_KEY_PREVIOUS)",
  )
  .action(async () => {
    const done = await withServices({ verbose: verbose() }, (s) => secretsCommands.secretsRotate(s, io));
    if (!done) process.exitCode = 1;
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError) {
    io.err.write(`${error.message}\n`);
  } else if (isAppError(error)) {
    io.err.write(`${error.userMessage}\n`);
  } else if (error instanceof Error && error.name === "ZodError") {
    io.err.write(
      `Invalid input: ${(error as Error & { issues: Array<{ message: string }> }).issues.map((i) => i.message).join("; ")}\n`,
    );
  } else {
    const ref = randomUUID().slice(0, 8);
    io.err.write(`Unexpected error (reference ${ref}). Run again with --verbose for details.\n`);
    if (verbose()) console.error(ref, error);
  }
  process.exitCode = 1;
}
