import type { MyAllowance, MyTutorQuestion } from "@studyhall/core";
import { askBox, myQuestionsSection } from "./ask-box.ts";
import { html, type SafeHtml } from "./html.ts";
import { localTime } from "./local-time.ts";
import { classesNavItem, type PageContext, pageUrl, postButton } from "./page-context.ts";
import {
  codeBox,
  countOf,
  type MaterialRow,
  materialTypeLabel,
  notice,
  type PageNotice,
} from "./page-parts.ts";

export interface StudentPageData {
  course: { name: string };
  materials: MaterialRow[];
  /** The course's approved quizzes, with this person's score when they took one here. */
  quizzes: Array<{ id: string; title: string; questions: number; accuracy?: number }>;
  /** Course staff looking at the student view get a way back. */
  staff: boolean;
  notice?: PageNotice;
  /** A LINK_IDENTITY code just made for this person. */
  linkCode?: { code: string; expiresAt: Date };
  /** What remains of the tutor's limits for this person today. */
  allowance?: MyAllowance;
  /** The person's own latest questions to the tutor on these pages, newest first. */
  myQuestions?: MyTutorQuestion[];
}

/**
 * The course page for students: the tutor's Ask box and their earlier questions, the materials, quizzes
 * to take, and a code to link their Discord or Slack account.
 */
export function studentPage(data: StudentPageData, ctx: PageContext): { title: string; body: SafeHtml } {
  const ready = data.materials.filter((m) => m.status === "READY");
  const items = ready.map(
    (m) =>
      html`<li><a href="${pageUrl(ctx, `/learn/materials/${m.id}`)}">${m.title}</a> <span class="muted">(${materialTypeLabel(m.type)})</span></li>`,
  );
  const quizzes = data.quizzes.map(
    (q) =>
      html`<li><a href="${pageUrl(ctx, `/learn/quizzes/${q.id}`)}">${q.title}</a> <span class="muted">(${countOf(q.questions, "question")})</span> ${q.accuracy === undefined ? html`<span>Not taken yet</span>` : html`<span>Taken: ${Math.round(q.accuracy * 100)}%</span>`}</li>`,
  );
  const code = data.linkCode
    ? codeBox(
        data.linkCode.code,
        data.linkCode.expiresAt,
        html`<p>In Discord, type <code>/link code:${data.linkCode.code}</code>. In Slack, type <code>/studyhall link ${data.linkCode.code}</code>.</p>`,
      )
    : "";
  const body = html`
<header><p class="muted">StudyHall</p><h1>${data.course.name}</h1>
${data.staff || ctx.signedInWithClever ? html`<nav aria-label="StudyHall"><ul>${data.staff ? html`<li><a href="${pageUrl(ctx, "/course")}">Back to the course page</a></li>` : ""}${classesNavItem(ctx)}</ul></nav>` : ""}</header>
${notice(data.notice)}
${askBox(ctx)}
${studySection(ctx)}
${allowanceSection(data.allowance)}
${myQuestionsSection(ctx, data.myQuestions ?? [])}
<section aria-labelledby="materials-h"><h2 id="materials-h">Materials</h2>
${ready.length ? html`<ul>${items}</ul>` : html`<p>Your teacher has not added materials yet.</p>`}</section>
<section aria-labelledby="quizzes-h"><h2 id="quizzes-h">Quizzes</h2>
${quizzes.length ? html`<ul>${quizzes}</ul>` : html`<p>No quizzes to take yet.</p>`}</section>
<section aria-labelledby="link-h"><h2 id="link-h">Use StudyHall in Discord or Slack</h2>
<p>Link your Discord or Slack account so your questions and quiz results there count for you in this course.</p>
${code}
${postButton(ctx, "/learn/link-code", "Get my link code")}</section>`;
  return { title: data.course.name, body };
}

/** The way into the Study area (flashcards, practice, study guides and writing), Progress and Notifications. */
function studySection(ctx: PageContext): SafeHtml {
  return html`<section aria-labelledby="study-h"><h2 id="study-h">Study</h2>
<p>Flashcards reviewed on a schedule, practice quizzes at your own pace, study guides from the materials and writing practice with feedback.</p>
<p><a href="${pageUrl(ctx, "/study")}">Open Study</a> · <a href="${pageUrl(ctx, "/progress")}">Your progress</a>: level, streak, skills, the leaderboard and your history · <a href="${pageUrl(ctx, "/notifications")}">Notifications</a> · <a href="${pageUrl(ctx, "/sessions")}">Study sessions</a></p></section>`;
}

/** Core's line, with the moment a spent limit comes back also in the viewer's own time zone. */
function allowanceSection(allowance: MyAllowance | undefined): SafeHtml | "" {
  if (!allowance?.text) return "";
  const back = allowance.allowances
    .filter((a) => a.remaining === 0 && a.resetsAt)
    .map((a) => a.resetsAt as Date)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  return html`<section aria-labelledby="allowance-h"><h2 id="allowance-h">Your tutor allowance</h2>
<p>${allowance.text}</p>
${back ? html`<p>You can ask again from ${localTime(back)}.</p>` : ""}</section>`;
}
