import type { DistrictSummary, DistrictSyncReport, SyncRunSummary } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { localTime } from "./local-time.ts";
import { type PageContext, pageUrl, postButton } from "./page-context.ts";
import { countOf, notice, type PageNotice } from "./page-parts.ts";

/** The most errors one run shows; the rest are counted. */
const ERRORS_SHOWN = 20;

export interface CleverDistrictPageData {
  /** Clever's id of the admin's district, shown when StudyHall has no record of it yet. */
  cleverDistrictId: string;
  district: DistrictSummary | null;
  runs: SyncRunSummary[];
  notice?: PageNotice;
}

/**
 * The district page for a Clever district admin: whether StudyHall is connected to the district, its
 * classes, the latest syncs' reports (counts, errors with the record id, duration), "Sync now", and
 * "Connect this district" when it is not connected.
 */
export function cleverDistrictPage(
  data: CleverDistrictPageData,
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const { district } = data;
  const connected = district?.status === "CONNECTED";
  const body = html`
<header><p class="muted">StudyHall · Clever district</p><h1>${district?.name ?? "Your district"}</h1>
<nav aria-label="StudyHall"><ul><li><a href="${pageUrl(ctx, "/clever/home")}">Your classes</a></li></ul></nav></header>
${notice(data.notice)}
<section aria-labelledby="status-h"><h2 id="status-h">Connection</h2>
${statusText(data)}
${connected ? postButton(ctx, "/clever/district/sync", "Sync now") : postButton(ctx, "/clever/district/connect", "Connect this district")}
</section>
${district ? runsSection(data.runs) : ""}`;
  return { title: district?.name ?? "Your district", body };
}

function statusText(data: CleverDistrictPageData): SafeHtml {
  const { district } = data;
  if (!district) {
    return html`<p>StudyHall is not connected to your district (Clever id <code>${data.cleverDistrictId}</code>) yet. Connecting reads your district's classes, teachers and students from Clever every night; teachers and students then sign in with Clever.</p>`;
  }
  if (district.status === "DISCONNECTED") {
    return html`<p><strong>Disconnected.</strong> ${district.statusReason ?? ""} Its ${classCount(district.sections)} and their history are kept; connect again to resume syncing.</p>`;
  }
  return html`<p><strong>Connected.</strong> ${classCount(district.sections)} from Clever. ${district.lastSyncedAt ? html`Last synced ${localTime(district.lastSyncedAt)}.` : "Not synced yet."}</p>`;
}

function runsSection(runs: SyncRunSummary[]): SafeHtml {
  if (runs.length === 0) {
    return html`<section aria-labelledby="runs-h"><h2 id="runs-h">Syncs</h2><p>No sync has run yet.</p></section>`;
  }
  return html`<section aria-labelledby="runs-h"><h2 id="runs-h">Latest syncs</h2>${runs.map(runBlock)}</section>`;
}

const KINDS: Record<SyncRunSummary["kind"], string> = {
  FULL: "Full sync",
  EVENTS: "Changes since the last sync",
  IMPORT: "File import",
};
const STATUSES: Record<SyncRunSummary["status"], string> = {
  RUNNING: "running",
  SUCCEEDED: "finished",
  FAILED: "failed",
};

function runBlock(run: SyncRunSummary): SafeHtml {
  const duration = run.durationMs === null ? "" : ` in ${formatDuration(run.durationMs)}`;
  return html`<article class="run"><h3>${KINDS[run.kind]}, ${STATUSES[run.status]}${duration}</h3>
<p class="muted">Started ${localTime(run.startedAt)} (${run.trigger}).</p>
${run.error ? html`<p class="notice error" role="note">${run.error}</p>` : ""}
${run.report ? reportTable(run.report) : ""}</article>`;
}

function reportTable(report: DistrictSyncReport): SafeHtml {
  const { sections: s, enrollments: e, people: p, errors } = report;
  const shown = errors
    .slice(0, ERRORS_SHOWN)
    .map(
      (error) =>
        html`<li><code>${error.resource}</code> <code>${error.recordId}</code>: ${error.message}</li>`,
    );
  return html`<table><thead><tr><th scope="col"></th><th scope="col">Added</th><th scope="col">Updated</th><th scope="col">Removed</th><th scope="col">Restored</th></tr></thead><tbody>
<tr><th scope="row">Classes</th><td>${s.added}</td><td>${s.updated}</td><td>${s.removed}</td><td>${s.restored}</td></tr>
<tr><th scope="row">Enrolments</th><td>${e.added}</td><td>${e.roleChanged} role changes</td><td>${e.removed}</td><td>${e.restored}</td></tr>
<tr><th scope="row">People</th><td>${p.added}</td><td>${p.updated}</td><td></td><td></td></tr></tbody></table>
${
  errors.length
    ? html`<p>${countOf(errors.length, "record")} could not be applied:</p><ul>${shown}</ul>${errors.length > ERRORS_SHOWN ? html`<p class="muted">and ${errors.length - ERRORS_SHOWN} more (see the log).</p>` : ""}`
    : html`<p class="muted">No errors.</p>`
}`;
}

function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  return seconds < 120 ? `${seconds.toFixed(1)} s` : `${Math.round(seconds / 60)} min`;
}

function classCount(n: number): string {
  return `${n} ${n === 1 ? "class" : "classes"}`;
}
