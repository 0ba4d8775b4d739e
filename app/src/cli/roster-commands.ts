import { importOneRosterSet, type OneRosterImport } from "@studyhall/lti";
import type { Command } from "commander";
import type { Services } from "../services.ts";
import { withServices } from "./cli-context.ts";

type Out = { out: NodeJS.WritableStream; err: NodeJS.WritableStream };

/** Most record errors printed; the run's report keeps them all. */
const MAX_ERRORS_PRINTED = 20;

/** `studyhall roster …`: district rosters from files (OneRoster 1.2 CSV). */
export function registerRosterCommands(program: Command, options: { verbose: () => boolean; io: Out }) {
  const roster = program
    .command("roster")
    .description("district rosters from OneRoster files (for districts without Clever)");
  roster
    .command("import <folder-or-zip>")
    .description(
      "import a OneRoster 1.2 CSV set (bulk: the district's whole roster; delta: only its changes); each class becomes a course",
    )
    .requiredOption("-d, --district <name>", "the district's name (the first import connects it)")
    .option("--dry-run", "only say what would change; change and record nothing")
    .action((source: string, opts: { district: string; dryRun?: boolean }) =>
      withServices({ verbose: options.verbose() }, (s) =>
        rosterImport(s, source, { district: opts.district, dryRun: Boolean(opts.dryRun) }, options.io),
      ),
    );
}

/** Imports the set and prints what changed (or would); a malformed set throws its refusal (exit 1). */
export async function rosterImport(
  services: Services,
  source: string,
  options: { district: string; dryRun: boolean },
  io: Out,
): Promise<void> {
  const result = await importOneRosterSet(
    { db: services.db, secrets: services.secrets, log: services.logger },
    { source, districtName: options.district, dryRun: options.dryRun, trigger: "cli" },
  );
  io.out.write(describeImport(result));
}

/** The import's outcome for a terminal: where it went, the counts, then what was skipped or failed. */
export function describeImport(result: OneRosterImport): string {
  const { district, report } = result;
  const where = `${district.name} (${district.externalId})${district.isNew ? ", a new district" : ""}`;
  const lines = [
    result.dryRun
      ? `Dry run, nothing was changed. Importing this ${result.mode} set into ${where} would change:`
      : `Imported the ${result.mode} set into ${where} (run ${result.runId}):`,
    `  Classes: ${report.sections.added} added, ${report.sections.updated} updated, ${report.sections.removed} removed, ${report.sections.restored} restored, ${report.sections.unchanged} unchanged`,
    `  Enrolments: ${report.enrollments.added} added, ${report.enrollments.removed} removed, ${report.enrollments.restored} restored, ${report.enrollments.roleChanged} role changes`,
    `  People: ${report.people.added} added, ${report.people.updated} updated`,
  ];
  const skipped = report.errors.length;
  if (skipped > 0) {
    lines.push(`${skipped} record${skipped === 1 ? " was" : "s were"} reported and left out:`);
    for (const e of report.errors.slice(0, MAX_ERRORS_PRINTED))
      lines.push(
        `  ${e.message.startsWith(e.resource) ? e.message : `${e.resource} ${e.recordId}: ${e.message}`}`,
      );
    if (skipped > MAX_ERRORS_PRINTED) lines.push(`  …and ${skipped - MAX_ERRORS_PRINTED} more.`);
  }
  return `${lines.join("\n")}\n`;
}
