// LTI Names and Role Provisioning: one course's roster of 5,000 members, read from the fake Canvas in
// pages of 100 (service token from its real token endpoint) and applied to the database by the real
// sync (lti/src/roster/sync-link-roster.ts -> core's syncRoster). Reports the wall time of the first sync
// (everyone new: target <= 10 s), of a sync that changes nothing, and of one with churn (people dropped,
// renamed, promoted), beside the time to only read the 50 pages. Embedded PGlite, and Postgres when
// BENCH_DATABASE_URL is set. Run alone: `npx tsx bench/lti-nrps.ts [--members 5000]` (prints JSON).
import type { Server } from "node:http";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createCourse } from "../core/src/courses/create-course.ts";
import type { Prisma } from "../core/src/db/open-database.ts";
import { silentLogger } from "../core/src/logger.ts";
import { syncLinkRoster } from "../lti/src/roster/sync-link-roster.ts";
import { fetchMemberships } from "../lti/src/services/nrps-client.ts";
import { createServiceTokens } from "../lti/src/services/service-token.ts";
import {
  type FakeLtiMember,
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
  TEACHING_ASSISTANT,
} from "../test/support/fake-lti-platform.ts";
import { type BenchTarget, pgliteTarget, postgresTarget } from "./bench-database.ts";
import { registerWithPlatform, SECRETS } from "./lti-platform-fixture.ts";

const CONTEXT = "ctx-bench-roster";
const PAGE_SIZE = 100;

export interface LtiNrpsResult {
  target: BenchTarget["label"];
  members: number;
  pages: number;
  /** Reading every page only (token, HTTP, JSON, validation). */
  fetchOnlyMs: number;
  /** First sync: every member is a new user, identity and enrolment. Target <= 10,000 ms. */
  firstSyncMs: number;
  /** The same roster again: nothing to write. */
  unchangedSyncMs: number;
  /** 5% dropped, 5% renamed, 2% promoted to TA. */
  churnSyncMs: number;
  churn: { removed: number; renamed: number; roleChanged: number };
  enrolled: number;
  withinTarget: boolean;
}

export async function benchLtiNrps(
  target: BenchTarget,
  options: { members?: number; log?: (line: string) => void } = {},
): Promise<LtiNrpsResult> {
  const count = options.members ?? 5000;
  const log = options.log ?? (() => {});
  const database = await target.open("lti_nrps");
  const canvas = await startFakeLtiPlatform();
  const db = database.prisma;
  let jwks: Server | undefined;
  try {
    const platformId = await registerWithPlatform(db, canvas, (server) => {
      jwks = server;
    });
    const linkId = await seedLink(db, canvas, platformId);
    canvas.roster.pageSize = PAGE_SIZE;
    canvas.roster.members = rosterOf(count);
    // Each measured run starts without a cached service token, as a job in a fresh process would.
    const depsWithNewTokens = () => ({
      db,
      tokens: createServiceTokens({ db, secrets: SECRETS }),
      log: silentLogger(),
      now: Date.now,
    });
    const fetchOnly = await timed(() =>
      fetchMemberships(depsWithNewTokens(), { platformId, membershipsUrl: canvas.membershipsUrl(CONTEXT) }),
    );
    log(`lti-nrps: ${target.label}, read ${fetchOnly.value.pages} pages in ${Math.round(fetchOnly.ms)} ms`);
    const first = await timed(() => syncLinkRoster(depsWithNewTokens(), linkId));
    if (first.value.kind !== "synced") throw new Error(`first sync failed: ${JSON.stringify(first.value)}`);
    log(`lti-nrps: ${target.label}, first sync of ${count} members in ${Math.round(first.ms)} ms`);
    const unchanged = await timed(() => syncLinkRoster(depsWithNewTokens(), linkId));

    canvas.roster.members = churned(canvas.roster.members);
    const churn = await timed(() => syncLinkRoster(depsWithNewTokens(), linkId));
    if (churn.value.kind !== "synced") throw new Error(`churn sync failed: ${JSON.stringify(churn.value)}`);
    const link = await db.ltiCourseLink.findUniqueOrThrow({ where: { id: linkId } });
    return {
      target: target.label,
      members: count,
      pages: fetchOnly.value.pages,
      fetchOnlyMs: Math.round(fetchOnly.ms),
      firstSyncMs: Math.round(first.ms),
      unchangedSyncMs: Math.round(unchanged.ms),
      churnSyncMs: Math.round(churn.ms),
      churn: {
        removed: churn.value.result.removed,
        renamed: churn.value.result.renamed,
        roleChanged: churn.value.result.roleChanged,
      },
      enrolled: await db.enrollment.count({ where: { courseId: link.courseId, removedAt: null } }),
      withinTarget: first.ms <= 10_000,
    };
  } finally {
    await canvas.close();
    await new Promise<void>((resolve) => (jwks ? jwks.close(() => resolve()) : resolve()));
    await database.close();
  }
}

/** One instructor and `count - 1` learners, with given and family names as Canvas sends them. */
function rosterOf(count: number): FakeLtiMember[] {
  return Array.from({ length: count }, (_, i) => ({
    sub: `nrps-user-${i}`,
    givenName: `Given${i}`,
    familyName: `Family${i}`,
    name: `Given${i} Family${i}`,
    email: `user${i}@example.edu`,
    roles: [i === 0 ? INSTRUCTOR : LEARNER],
  }));
}

function churned(members: FakeLtiMember[]): FakeLtiMember[] {
  return members
    .filter((_, i) => i === 0 || i % 20 !== 1)
    .map((m, i) => {
      if (i > 0 && i % 20 === 2) return { ...m, name: `${m.name} (renamed)` };
      if (i > 0 && i % 50 === 3) return { ...m, roles: [TEACHING_ASSISTANT] };
      return m;
    });
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

async function seedLink(db: Prisma, canvas: FakeLtiPlatform, platformId: string): Promise<string> {
  const course = await createCourse(db, { name: "Bench roster course" });
  const link = await db.ltiCourseLink.create({
    data: {
      courseId: course.id,
      platformId,
      deploymentId: canvas.deploymentId,
      contextId: CONTEXT,
      membershipsUrl: canvas.membershipsUrl(CONTEXT),
    },
  });
  return link.id;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({ options: { members: { type: "string", default: "5000" } } });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const targets = [pgliteTarget()];
  if (process.env.BENCH_DATABASE_URL) targets.push(postgresTarget(process.env.BENCH_DATABASE_URL));
  for (const target of targets) {
    console.log(JSON.stringify(await benchLtiNrps(target, { members: Number(values.members), log })));
  }
}
