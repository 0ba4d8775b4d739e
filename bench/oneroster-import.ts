// OneRoster 1.2 import of the district the Clever benchmark syncs: 20,000 students, 1,000 teachers and
// 800 classes of 150 students, written as a bulk CSV set by the test fixtures' generator
// (test/support/oneroster-fixtures.ts, writeBigDistrict) and imported by the real use case
// (lti/src/oneroster/import-oneroster-set.ts -> core's applyDistrictRoster), as `studyhall roster import`
// does. In one run, per database: reading and checking the set only (the floor: files, UTF-8, CSV,
// columns, references, the district roster made from it), the first import (everyone new), and the same
// set imported again (nothing changes); with the process's peak RSS growth during each.
// Run alone: `npx tsx bench/oneroster-import.ts [--students 20000 --teachers 1000 --classes 800 --per-class 150]`.
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { ephemeralSecretBox } from "../core/src/index.ts";
import { silentLogger } from "../core/src/logger.ts";
import { importOneRosterSet, type OneRosterImport } from "../lti/src/oneroster/import-oneroster-set.ts";
import { parseOneRosterSet } from "../lti/src/oneroster/parse-oneroster-set.ts";
import { readOneRosterSource } from "../lti/src/oneroster/read-oneroster-source.ts";
import { toFullDistrictRoster } from "../lti/src/oneroster/to-district-roster.ts";
import { writeBigDistrict } from "../test/support/oneroster-fixtures.ts";
import { type BenchTarget, benchTargets } from "./bench-database.ts";
import { counts, ms, ratio } from "./district-report-format.ts";
import { measured } from "./peak-rss.ts";

export interface OneRosterShape {
  students: number;
  teachers: number;
  classes: number;
  studentsPerClass: number;
}

/** The Clever benchmark's district (bench/clever-sync.ts), as OneRoster classes. */
export const DEFAULT_ONEROSTER_SHAPE: OneRosterShape = {
  students: 20_000,
  teachers: 1_000,
  classes: 800,
  studentsPerClass: 150,
};

type Report = OneRosterImport["report"];
type Counts = Pick<Report, "sections" | "enrollments" | "people">;

export interface OneRosterImportResult extends OneRosterShape {
  target: BenchTarget["label"];
  /** The set's rows: users, classes, enrollments; and its size on disk. */
  rows: { users: number; classes: number; enrollments: number };
  setMiB: number;
  /** Reading the folder and checking the whole set, then making the district roster from it. */
  parseOnlyMs: number;
  /** The first import: every class, person and enrolment new. */
  firstImportMs: number;
  firstImport: Counts & { errors: number };
  /** The same set again: nothing to change. */
  unchangedImportMs: number;
  unchangedImport: Counts & { errors: number };
  ratios: { firstImport: number; unchangedImport: number };
  peakRssGrowthMiB: { parseOnly: number; firstImport: number; unchangedImport: number };
}

export async function benchOneRosterImport(
  target: BenchTarget,
  options: { shape?: OneRosterShape; log?: (line: string) => void } = {},
): Promise<OneRosterImportResult> {
  const shape = options.shape ?? DEFAULT_ONEROSTER_SHAPE;
  const log = options.log ?? (() => {});
  const folder = await mkdtemp(path.join(os.tmpdir(), "studyhall-bench-oneroster-"));
  const database = await target.open("oneroster_import");
  try {
    const written = await writeBigDistrict(folder, {
      students: shape.students,
      teachers: shape.teachers,
      classes: shape.classes,
      studentsPerClass: shape.studentsPerClass,
    });
    const setMiB = await folderMiB(folder);
    const deps = { db: database.prisma, secrets: ephemeralSecretBox(), log: silentLogger() };
    const importSet = async () =>
      importOneRosterSet(deps, { source: folder, districtName: "Generated District", trigger: "bench" });

    const parsed = await measured(async () => {
      const set = parseOneRosterSet(await readOneRosterSource(folder));
      const roster = toFullDistrictRoster(set);
      return { users: set.rows.users.length, classes: roster.sections.length, set };
    });
    const rows = {
      users: parsed.value.users,
      classes: parsed.value.classes,
      enrollments: parsed.value.set.rows.enrollments.length,
    };
    if (rows.enrollments !== written.enrollments)
      throw new Error(`parsed ${rows.enrollments} enrollments, wrote ${written.enrollments}`);
    log(
      `oneroster: ${target.label}, parsed ${rows.users} users, ${rows.classes} classes, ${rows.enrollments} enrollments (${setMiB} MiB) in ${ms(parsed.ms)}`,
    );
    const first = await measured(importSet);
    log(
      `oneroster: ${target.label}, first import in ${ms(first.ms)}: ${JSON.stringify(counts(first.value.report))}`,
    );
    const again = await measured(importSet);
    log(`oneroster: ${target.label}, unchanged import in ${ms(again.ms)}`);
    if (again.value.report.enrollments.added !== 0 || again.value.report.people.added !== 0)
      throw new Error(
        `the unchanged import changed something: ${JSON.stringify(counts(again.value.report))}`,
      );

    return {
      target: target.label,
      ...shape,
      rows,
      setMiB,
      parseOnlyMs: Math.round(parsed.ms),
      firstImportMs: Math.round(first.ms),
      firstImport: { ...counts(first.value.report), errors: first.value.report.errors.length },
      unchangedImportMs: Math.round(again.ms),
      unchangedImport: { ...counts(again.value.report), errors: again.value.report.errors.length },
      ratios: { firstImport: ratio(first.ms, parsed.ms), unchangedImport: ratio(again.ms, parsed.ms) },
      peakRssGrowthMiB: {
        parseOnly: parsed.rssGrowthMiB,
        firstImport: first.rssGrowthMiB,
        unchangedImport: again.rssGrowthMiB,
      },
    };
  } finally {
    await database.close();
    await rm(folder, { recursive: true, force: true });
  }
}

async function folderMiB(folder: string): Promise<number> {
  let bytes = 0;
  for (const name of await readdir(folder)) bytes += (await stat(path.join(folder, name))).size;
  return Math.round((bytes / 2 ** 20) * 10) / 10;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: {
      students: { type: "string", default: String(DEFAULT_ONEROSTER_SHAPE.students) },
      teachers: { type: "string", default: String(DEFAULT_ONEROSTER_SHAPE.teachers) },
      classes: { type: "string", default: String(DEFAULT_ONEROSTER_SHAPE.classes) },
      "per-class": { type: "string", default: String(DEFAULT_ONEROSTER_SHAPE.studentsPerClass) },
      targets: { type: "string", default: "pglite,postgres" },
    },
  });
  const shape: OneRosterShape = {
    students: Number(values.students),
    teachers: Number(values.teachers),
    classes: Number(values.classes),
    studentsPerClass: Number(values["per-class"]),
  };
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const targets = benchTargets(values.targets, log);
  for (const target of targets)
    console.log(JSON.stringify(await benchOneRosterImport(target, { shape, log })));
}
