import type { CourseRoster, RosterEntry } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { localTime } from "./local-time.ts";
import { type PageContext, pageUrl, postButton } from "./page-context.ts";
import { notice, type PageNotice } from "./page-parts.ts";

/**
 * Where the course's roster comes from, as the page reports it: the launch's LMS context (NRPS), or, for
 * a Clever sign-in, the district's Clever sync (run from the district page, not per course).
 */
export type RosterSyncStatus = LmsRosterSync | { source: "CLEVER" };

export interface LmsRosterSync {
  source: "LTI";
  /** The LMS announced a memberships URL for the context. */
  available: boolean;
  startedAt: Date | null;
  syncedAt: Date | null;
  error: string | null;
}

export interface RosterPageData {
  course: { name: string };
  roster: CourseRoster;
  /** 1-based page of the member list, and how many there are. */
  page: number;
  pageCount: number;
  /** The session's platform and tenant (the LMS's issuer, the Clever district): its name for a person comes first. */
  identitySource: { platform: "LTI" | "CLEVER"; tenant: string };
  sync: RosterSyncStatus;
  notice?: PageNotice;
}

const SOURCES: Record<RosterEntry["source"], string> = {
  LTI: "LMS",
  DISCORD: "Discord",
  SLACK: "Slack",
  LINK_CODE: "Link code",
  MANUAL: "Added by hand",
  CLEVER: "Clever",
  ONEROSTER: "District roster",
};
const CHAT = { DISCORD: "Discord", SLACK: "Slack" } as const;

/** The course roster for staff: who is in the course, how they joined, which chat accounts they linked. */
export function rosterPage(data: RosterPageData, ctx: PageContext): { title: string; body: SafeHtml } {
  const { roster } = data;
  const rows = roster.members.map((m) => memberRow(m, data.identitySource, ctx));
  const body = html`
<header><p class="muted">StudyHall · ${data.course.name}</p><h1>Roster</h1>
<nav aria-label="StudyHall"><ul><li><a href="${pageUrl(ctx, "/course")}">Back to the course page</a></li><li><a href="${pageUrl(ctx, "/course/activity")}">Activity</a></li></ul></nav></header>
${notice(data.notice)}
${syncSection(data.sync, ctx)}
<section aria-labelledby="members-h"><h2 id="members-h">Members</h2>
<p>${roster.active} active, ${roster.removed} removed. A role given here stays until staff change it: an LMS launch or roster sync may make someone staff, never lower a role given by hand.</p>
${
  roster.members.length === 0
    ? html`<p>No one is enrolled yet.</p>`
    : html`<table><caption class="muted">Active members first, then people ${data.sync.source === "CLEVER" ? "Clever" : "the LMS"} no longer lists</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Joined through</th><th scope="col">Linked chat accounts</th><th scope="col">Their data in this course</th><th scope="col">Change role</th></tr></thead>
<tbody>${rows}</tbody></table>`
}
${pager(data, ctx)}</section>`;
  return { title: `Roster · ${data.course.name}`, body };
}

function memberRow(m: RosterEntry, source: RosterPageData["identitySource"], ctx: PageContext): SafeHtml {
  const lms = m.identities.find((i) => i.platform === source.platform && i.tenant === source.tenant);
  const name = lms?.displayName ?? m.displayName ?? m.identities.find((i) => i.displayName)?.displayName;
  const chats = m.identities.flatMap((i) =>
    i.platform === "DISCORD" || i.platform === "SLACK"
      ? [i.displayName ? `${CHAT[i.platform]} (${i.displayName})` : CHAT[i.platform]]
      : [],
  );
  const status = m.removedAt
    ? html`<strong>Removed</strong> on ${when(m.removedAt, "date")} <span class="muted">(history kept)</span>`
    : html`Active`;
  return html`<tr><td>${name ?? html`<span class="muted">No name given</span>`}</td><td>${m.role === "STAFF" ? "Staff" : "Student"}</td><td>${status}</td><td>${SOURCES[m.source]}</td><td>${chats.length ? chats.join(", ") : html`<span class="muted">None</span>`}</td><td>${postButton(ctx, "/course/roster/export", "Export data", { style: "secondary", fields: { userId: m.userId } })}</td><td>${m.removedAt ? "" : roleButton(m, ctx)}</td></tr>`;
}

/** Staff make a member staff (a co-teacher or TA) or a student again; core keeps the last staff member. */
function roleButton(m: RosterEntry, ctx: PageContext): SafeHtml {
  const toStaff = m.role !== "STAFF";
  return html`${postButton(ctx, "/course/roster/role", toStaff ? "Make staff" : "Make student", {
    style: "secondary",
    fields: { userId: m.userId, role: toStaff ? "STAFF" : "STUDENT" },
  })}`;
}

function syncSection(sync: RosterSyncStatus, ctx: PageContext): SafeHtml {
  if (sync.source === "CLEVER") {
    return html`<section aria-labelledby="sync-h"><h2 id="sync-h">Roster</h2>
<p>This course's roster comes from Clever. Your district's Clever sync adds and removes its teachers and students every night; people who leave the class are marked removed, never deleted.</p></section>`;
  }
  const running = sync.startedAt && (!sync.syncedAt || sync.startedAt > sync.syncedAt) && !sync.error;
  return html`<section aria-labelledby="sync-h"><h2 id="sync-h">LMS roster sync</h2>
<p>StudyHall reads the course's members from your LMS when staff open it (at most every 10 minutes) and every night. People who leave the course in the LMS are marked removed, never deleted; people who joined through Discord, Slack or by hand are not removed by the LMS roster.</p>
<p>${sync.syncedAt ? html`Last synced ${when(sync.syncedAt)}.` : "Not synced yet."}${running ? html` A sync started ${when(sync.startedAt!)} is running or waiting to run.` : ""}</p>
${sync.error ? html`<div class="notice error" role="alert"><p><strong>The last sync did not work.</strong> ${sync.error}</p></div>` : ""}
${sync.available ? postButton(ctx, "/course/roster/sync", "Sync now") : ""}</section>`;
}

function pager(data: RosterPageData, ctx: PageContext): SafeHtml | "" {
  if (data.pageCount <= 1) return "";
  const link = (page: number, label: string) =>
    html`<li><a href="${pageUrl(ctx, "/course/roster", { page: String(page) })}">${label}</a></li>`;
  return html`<nav aria-label="Roster pages"><ul>
${data.page > 1 ? link(data.page - 1, "Previous page") : ""}
<li aria-current="page">Page ${data.page} of ${data.pageCount}</li>
${data.page < data.pageCount ? link(data.page + 1, "Next page") : ""}</ul></nav>`;
}

function when(date: Date, precision: "date" | "minute" = "minute"): SafeHtml {
  return localTime(date, precision);
}
