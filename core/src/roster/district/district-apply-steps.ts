// The steps both district applies (a full roster, a change set) are made of. Each runs inside the
// apply's one transaction and adds what it changed to the report.
import { resolveRosterPeople } from "../resolve-roster-people.ts";
import type { Tx } from "../roster-sql.ts";
import { type RosterSyncResult, syncRostersInTransaction } from "../sync-roster.ts";
import type { DistrictProvider, DistrictSyncReport } from "./district-roster.ts";
import {
  createSections,
  loadSections,
  markSectionsRemoved,
  renameCourses,
  type SectionFields,
  type StoredSection,
  updateSections,
} from "./district-section-sql.ts";

/** One apply in progress: its transaction, district, time and report. */
export interface ApplyContext {
  tx: Tx;
  district: { id: string; platform: DistrictProvider; tenant: string };
  now: Date;
  report: DistrictSyncReport;
  /** The district's classes as stored, kept current as the apply changes them. */
  sections: Map<string, StoredSection>;
}

/** A class to apply; a school or term left undefined keeps the stored one (a change that does not mention it). */
export interface ValidSection extends Omit<SectionFields, "schoolName" | "termName"> {
  schoolName?: string | null;
  termName?: string | null;
  members?: Array<{ externalId: string; role: "STAFF" | "STUDENT" }>;
}

export async function openApplyContext(
  tx: Tx,
  district: { id: string; provider: DistrictProvider; externalId: string },
  now: Date,
  report: DistrictSyncReport,
): Promise<ApplyContext> {
  return {
    tx,
    district: { id: district.id, platform: district.provider, tenant: district.externalId },
    now,
    report,
    sections: await loadSections(tx, district.id),
  };
}

/**
 * Finds or creates every person at once (names set or changed; no name given leaves it absent), and
 * looks up `alsoFind` without creating anyone. Returns their user ids by external id.
 */
export async function resolveDistrictPeople(
  ctx: ApplyContext,
  people: Array<{ externalId: string; displayName?: string | undefined }>,
  alsoFind: string[] = [],
): Promise<Map<string, string>> {
  const byId = new Map<string, { externalId: string; displayName?: string; active: boolean }>();
  for (const person of people) {
    const name = person.displayName || byId.get(person.externalId)?.displayName;
    byId.set(person.externalId, {
      externalId: person.externalId,
      active: true,
      ...(name ? { displayName: name } : {}),
    });
  }
  const resolved = await resolveRosterPeople(ctx.tx, {
    platform: ctx.district.platform,
    tenant: ctx.district.tenant,
    people: [...byId.values()],
    alsoFind,
  });
  ctx.report.people.added += resolved.usersCreated;
  ctx.report.people.updated += resolved.renamed;
  return resolved.userIds;
}

/**
 * Creates the classes seen for the first time (each its own course, whatever its name), updates the
 * ones whose name, school or term changed, and lists removed ones again. A course follows its class's
 * new name only while it still has the class's old one: a teacher's own rename wins.
 */
export async function upsertSections(ctx: ApplyContext, sections: ValidSection[]): Promise<void> {
  const fresh: SectionFields[] = [];
  const changed: Array<SectionFields & { id: string }> = [];
  const renames: Array<{ courseId: string; name: string }> = [];
  for (const given of new Map(sections.map((s) => [s.externalId, s])).values()) {
    const stored = ctx.sections.get(given.externalId);
    const section: SectionFields = {
      externalId: given.externalId,
      name: given.name,
      schoolName: given.schoolName === undefined ? (stored?.schoolName ?? null) : given.schoolName,
      termName: given.termName === undefined ? (stored?.termName ?? null) : given.termName,
    };
    if (!stored) {
      fresh.push(section);
      continue;
    }
    const differs =
      stored.name !== section.name ||
      stored.schoolName !== section.schoolName ||
      stored.termName !== section.termName;
    if (stored.removed) ctx.report.sections.restored += 1;
    else if (differs) ctx.report.sections.updated += 1;
    else ctx.report.sections.unchanged += 1;
    if (!differs && !stored.removed) continue;
    const { externalId, name, schoolName, termName } = section;
    changed.push({ id: stored.id, externalId, name, schoolName, termName });
    if (stored.name !== section.name && stored.courseName === stored.name) {
      renames.push({ courseId: stored.courseId, name: section.name });
    }
  }
  const created = await createSections(ctx.tx, ctx.district.id, fresh);
  ctx.report.sections.added += created.size;
  await updateSections(ctx.tx, changed);
  await renameCourses(ctx.tx, renames);
  for (const section of fresh) {
    const row = created.get(section.externalId);
    if (!row) continue;
    const { externalId, name, schoolName, termName } = section;
    ctx.sections.set(externalId, {
      ...row,
      externalId,
      name,
      schoolName,
      termName,
      removed: false,
      courseName: name,
    });
  }
  for (const row of changed) {
    const stored = ctx.sections.get(row.externalId);
    if (!stored) continue;
    const renamed = renames.some((r) => r.courseId === stored.courseId);
    ctx.sections.set(row.externalId, {
      ...stored,
      ...row,
      removed: false,
      courseName: renamed ? row.name : stored.courseName,
    });
  }
}

/** One class's roster to apply: its whole roster (`complete`) or single memberships. */
export interface SectionRoster {
  courseId: string;
  members: Array<{ externalId: string; role: "STAFF" | "STUDENT"; active: boolean }>;
  complete: boolean;
}

/**
 * Applies classes' rosters through syncRoster's many-course form, in order: `complete` for a class's
 * whole roster (people it does not list lose their roster-made enrolment), partial for single
 * memberships. All the classes take a handful of statements together, not a handful each.
 */
export async function syncSectionRosters(
  ctx: ApplyContext,
  rosters: SectionRoster[],
): Promise<RosterSyncResult> {
  const result = await syncRostersInTransaction(
    ctx.tx,
    { platform: ctx.district.platform, tenant: ctx.district.tenant, rosters },
    { now: ctx.now },
  );
  ctx.report.enrollments.added += result.added;
  ctx.report.enrollments.removed += result.removed;
  ctx.report.enrollments.restored += result.restored;
  ctx.report.enrollments.roleChanged += result.roleChanged;
  return result;
}

/** A class's whole roster, each person once: someone listed as teacher and student is staff. */
export function classMembers(
  members: Array<{ externalId: string; role: "STAFF" | "STUDENT" }>,
): Array<{ externalId: string; role: "STAFF" | "STUDENT"; active: true }> {
  const roles = new Map<string, "STAFF" | "STUDENT">();
  for (const m of members) if (roles.get(m.externalId) !== "STAFF") roles.set(m.externalId, m.role);
  return [...roles].map(([externalId, role]) => ({ externalId, role, active: true }));
}

/**
 * Removes classes the district no longer lists: marked removed, and everyone the district enrolled
 * loses access (an empty complete roster); the course, its answers, results and questions stay.
 * Classes already removed or never seen are left alone, so removing twice changes nothing.
 */
export async function removeSections(ctx: ApplyContext, externalIds: string[]): Promise<void> {
  const live = [...new Set(externalIds)].flatMap((id) => {
    const stored = ctx.sections.get(id);
    return stored && !stored.removed ? [stored] : [];
  });
  await markSectionsRemoved(
    ctx.tx,
    live.map((s) => s.id),
    ctx.now,
  );
  await syncSectionRosters(
    ctx,
    live.map((section) => ({ courseId: section.courseId, members: [], complete: true })),
  );
  for (const section of live) {
    ctx.sections.set(section.externalId, { ...section, removed: true });
    ctx.report.sections.removed += 1;
  }
}
