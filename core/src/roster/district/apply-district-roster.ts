import { z } from "zod";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import type { Tx } from "../roster-sql.ts";
import {
  type ApplyContext,
  classMembers,
  openApplyContext,
  removeSections,
  resolveDistrictPeople,
  type SectionRoster,
  syncSectionRosters,
  upsertSections,
} from "./district-apply-steps.ts";
import {
  type DistrictRosterChanges,
  type DistrictSyncReport,
  emptyDistrictReport,
  type FullDistrictRoster,
} from "./district-roster.ts";
import { coursesOfPeople } from "./district-section-sql.ts";
import { finishRunInTransaction, requireRunning } from "./sync-runs.ts";
import { validChanges, validFullRoster } from "./validate-district-records.ts";

export interface ApplyDistrictOptions {
  now?: Date;
  /** Work out the report and change nothing. */
  dryRun?: boolean;
  /**
   * Apply as this sync run: only while it is RUNNING, and finish it (SUCCEEDED, with the report plus
   * `errors`, what reading found) in the same transaction. Two processes working one run (a crash's
   * retry beside a process still alive) then apply it once: the second finds it finished and changes
   * nothing, instead of applying a roster it read only in part.
   */
  run?: { id: string; errors?: DistrictSyncReport["errors"] };
}

/** Thrown to roll a dry run's transaction back, carrying the report out. */
class DryRunRollback extends Error {
  constructor(readonly report: DistrictSyncReport) {
    super("dry run rolled back");
  }
}

/**
 * Applies a district's whole roster as the truth: every person found or created once (set-based), each
 * class its own course (keyed on the district's id for it, never its name), each class's roster through
 * syncRoster as a complete roster (teachers staff, students enrolled), and classes no longer listed
 * removed with their people's access (history stays). A roster with no classes while the district has
 * live ones removes nothing and reports an error: a broken export must not empty a district. Records
 * that fail validation are reported with their id and skipped (a class that fails is neither applied
 * nor removed). All of it is one transaction; a dry run rolls it back, so its report is the real one's.
 */
export function applyDistrictRoster(
  db: Prisma,
  input: { districtId: string; roster: FullDistrictRoster },
  options: ApplyDistrictOptions = {},
): Promise<DistrictSyncReport> {
  return inDistrictTransaction(db, input.districtId, options, async (ctx) => {
    const roster = validFullRoster(input.roster, ctx.report);
    const memberIds = roster.sections.flatMap((s) => s.members.map((m) => ({ externalId: m.externalId })));
    await resolveDistrictPeople(ctx, [...roster.people, ...memberIds]);
    const live = [...ctx.sections.values()].filter((s) => !s.removed);
    if (roster.sections.length === 0 && roster.invalidSections.size === 0 && live.length > 0) {
      ctx.report.errors.push({
        resource: "sections",
        recordId: ctx.district.tenant,
        message: `The roster lists no classes while the district has ${live.length}: nothing was removed.`,
      });
    }
    await upsertSections(ctx, roster.sections);
    await syncSectionRosters(
      ctx,
      roster.sections.flatMap((section) => {
        const courseId = ctx.sections.get(section.externalId)?.courseId;
        return courseId
          ? [{ courseId, members: classMembers(section.members), complete: section.complete }]
          : [];
      }),
    );
    if (roster.sections.length === 0) return;
    const listed = new Set([...roster.sections.map((s) => s.externalId), ...roster.invalidSections]);
    await removeSections(
      ctx,
      live.filter((s) => !listed.has(s.externalId)).map((s) => s.externalId),
    );
  });
}

/**
 * Applies some changes to a district's roster (Clever events, a OneRoster delta): people created or
 * renamed, classes created or updated (a class given with members gets that whole roster; without,
 * its roster stays), single memberships added or ended, people gone from the district (their
 * enrolments in its classes end) and classes removed. Applying the same changes twice changes nothing
 * the second time. One transaction; a dry run rolls it back.
 */
export function applyDistrictChanges(
  db: Prisma,
  input: { districtId: string; changes: DistrictRosterChanges },
  options: ApplyDistrictOptions = {},
): Promise<DistrictSyncReport> {
  return inDistrictTransaction(db, input.districtId, options, async (ctx) => {
    const changes = validChanges(input.changes, ctx.report);
    const joining = [
      ...changes.people,
      ...changes.sections.flatMap((s) => (s.members ?? []).map((m) => ({ externalId: m.externalId }))),
      ...changes.memberships.filter((m) => m.active).map((m) => ({ externalId: m.externalId })),
    ];
    const leaving = changes.memberships.filter((m) => !m.active).map((m) => m.externalId);
    await resolveDistrictPeople(ctx, joining, [...leaving, ...changes.removedPeople]);
    await upsertSections(ctx, changes.sections);
    await syncSectionRosters(
      ctx,
      changes.sections.flatMap((section) => {
        const courseId = ctx.sections.get(section.externalId)?.courseId;
        return courseId && section.members
          ? [{ courseId, members: classMembers(section.members), complete: section.complete }]
          : [];
      }),
    );
    await applyMemberships(ctx, changes.memberships);
    await removePeople(ctx, changes.removedPeople);
    await removeSections(ctx, changes.removedSections);
  });
}

/** Single memberships, per class as a partial roster (adds, role changes, leaves; nobody else touched). */
async function applyMemberships(
  ctx: ApplyContext,
  memberships: Array<{ sectionId: string; externalId: string; role: "STAFF" | "STUDENT"; active: boolean }>,
) {
  const bySection = new Map<string, typeof memberships>();
  for (const m of memberships) {
    const list = bySection.get(m.sectionId);
    if (list) list.push(m);
    else bySection.set(m.sectionId, [m]);
  }
  const rosters: SectionRoster[] = [];
  for (const [sectionId, members] of bySection) {
    const section = ctx.sections.get(sectionId);
    if (!section || section.removed) {
      for (const m of members) {
        ctx.report.errors.push({
          resource: "memberships",
          recordId: `${sectionId}/${m.externalId}`,
          message: "The class is not one the district lists: the membership was not applied.",
        });
      }
      continue;
    }
    rosters.push({
      courseId: section.courseId,
      members: members.map(({ externalId, role, active }) => ({ externalId, role, active })),
      complete: false,
    });
  }
  await syncSectionRosters(ctx, rosters);
}

/** People gone from the district: their enrolments in its live classes end (as if each class dropped them). */
async function removePeople(ctx: ApplyContext, externalIds: string[]) {
  if (externalIds.length === 0) return;
  const userIds = await resolveDistrictPeople(ctx, [], externalIds);
  const externalIdOf = new Map([...userIds].map(([externalId, userId]) => [userId, externalId]));
  const byCourse = new Map<string, string[]>();
  for (const row of await coursesOfPeople(ctx.tx, ctx.district.id, [...externalIdOf.keys()])) {
    const externalId = externalIdOf.get(row.userId);
    if (!externalId) continue;
    const list = byCourse.get(row.courseId);
    if (list) list.push(externalId);
    else byCourse.set(row.courseId, [externalId]);
  }
  await syncSectionRosters(
    ctx,
    [...byCourse].map(([courseId, gone]) => ({
      courseId,
      members: gone.map((externalId) => ({ externalId, role: "STUDENT" as const, active: false })),
      complete: false,
    })),
  );
}

/** Runs `apply` in one transaction under the district's lock; a dry run is rolled back at the end. */
async function inDistrictTransaction(
  db: Prisma,
  districtId: string,
  options: ApplyDistrictOptions,
  apply: (ctx: ApplyContext) => Promise<void>,
): Promise<DistrictSyncReport> {
  const now = options.now ?? new Date();
  try {
    return await db.$transaction(
      async (tx) => {
        const district = await lockDistrict(tx, districtId);
        if (options.run && !options.dryRun) await requireRunning(tx, options.run.id);
        const ctx = await openApplyContext(tx, district, now, emptyDistrictReport());
        await apply(ctx);
        if (options.dryRun) throw new DryRunRollback(ctx.report);
        if (options.run) {
          ctx.report.errors.push(...(options.run.errors ?? []));
          await finishRunInTransaction(tx, options.run.id, { report: ctx.report }, now);
        }
        return ctx.report;
      },
      // A large district is one long transaction by design: all of it applies, or none.
      { maxWait: 60_000, timeout: 15 * 60_000 },
    );
  } catch (error) {
    if (error instanceof DryRunRollback) return error.report;
    throw error;
  }
}

/**
 * The district; two applies to one district take turns (an advisory lock, so the district's row stays
 * free for its page and its runs meanwhile).
 */
async function lockDistrict(tx: Tx, districtId: string) {
  if (z.uuid().safeParse(districtId).success) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`district:${districtId}`}, 0))`;
  }
  const [district] = z.uuid().safeParse(districtId).success
    ? await tx.$queryRaw<Array<{ id: string; provider: "CLEVER" | "ONEROSTER"; externalId: string }>>`
        SELECT id::text, provider::text AS provider, "externalId" FROM "RosterDistrict" WHERE id = ${districtId}::uuid`
    : [];
  if (!district) {
    throw new AppError(ErrorCode.NotFound, `district ${districtId} not found`, {
      userMessage: "That district is not connected to StudyHall.",
    });
  }
  return district;
}
