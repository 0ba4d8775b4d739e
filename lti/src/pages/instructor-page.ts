import { type AnswerPolicy, answerPolicyChoices, type QuizSummary } from "@studyhall/core";
import { askBox } from "./ask-box.ts";
import { archivedBanner, courseUpkeepSection } from "./course-upkeep-section.ts";
import { html, type SafeHtml } from "./html.ts";
import { materialChoice } from "./material-choice.ts";
import { materialsSection } from "./materials-section.ts";
import { classesNavItem, hiddenFields, type PageContext, pageUrl, postButton } from "./page-context.ts";
import { codeBox, countOf, type MaterialRow, notice, type PageNotice } from "./page-parts.ts";
import { approveExplanation } from "./quiz-discard-page.ts";
import { exportQuizLink, importQuizForm } from "./quiz-transfer-parts.ts";
import { writeQuizForm } from "./write-quiz-form.ts";

export interface LinkedSpace {
  platform: "DISCORD" | "SLACK";
  kind: string;
  name: string | null;
}

export interface InstructorPageData {
  course: { name: string; answerPolicy: AnswerPolicy; archivedAt?: Date | null };
  materials: MaterialRow[];
  quizzes: QuizSummary[];
  spaces: LinkedSpace[];
  notice?: PageNotice;
  /** A BIND_SPACE code just made for this teacher. */
  spaceCode?: { code: string; expiresAt: Date };
}

/** The course page for staff: materials, quizzes to review, linked chat spaces and the answer policy. */
export function instructorPage(
  data: InstructorPageData,
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const body = html`
<header><p class="muted">StudyHall · course staff</p><h1>${data.course.name}</h1>
<nav aria-label="StudyHall"><ul><li><a href="${pageUrl(ctx, "/course/questions")}">Questions students asked</a></li><li><a href="${pageUrl(ctx, "/course/usage")}">Usage</a></li><li><a href="${pageUrl(ctx, "/course/roster")}">Roster</a></li><li><a href="${pageUrl(ctx, "/course/settings")}">Settings</a></li><li><a href="${pageUrl(ctx, "/course/activity")}">Activity</a></li><li><a href="${pageUrl(ctx, "/course/flagged")}">Flagged</a></li><li><a href="${pageUrl(ctx, "/study")}">Study tools</a></li><li><a href="${pageUrl(ctx, "/progress/class")}">Class progress</a></li><li><a href="${pageUrl(ctx, "/notifications")}">Notifications</a></li><li><a href="${pageUrl(ctx, "/sessions")}">Study sessions</a></li><li><a href="${pageUrl(ctx, "/learn")}">Student view</a></li>${classesNavItem(ctx)}</ul></nav></header>
${notice(data.notice)}
${archivedBanner(data.course)}
${materialsSection(data.materials, ctx)}
${askBox(ctx, { intro: "Try the tutor as your students see it: it answers from this course's materials, with the answer policy below." })}
${quizzesSection(data.quizzes, ctx, data.materials)}
${spacesSection(data, ctx)}
${policySection(data.course.answerPolicy, ctx)}
${courseUpkeepSection(data.course, ctx)}`;
  return { title: data.course.name, body };
}

function quizzesSection(quizzes: QuizSummary[], ctx: PageContext, materials: MaterialRow[]): SafeHtml {
  const drafts = quizzes.filter((q) => q.status === "DRAFT");
  const approved = quizzes.filter((q) => q.status === "APPROVED");
  const draftItems = drafts.map(
    (q) =>
      html`<li><a href="${pageUrl(ctx, `/course/quizzes/${q.id}`)}">${q.title}</a> <span class="muted">(${countOf(q.questions, "question")})</span>
<a href="${pageUrl(ctx, `/course/quizzes/${q.id}/edit`)}">Edit<span class="visually-hidden"> ${q.title}</span></a>
${postButton(ctx, `/course/quizzes/${q.id}/approve`, "Approve")} <a href="${pageUrl(ctx, `/course/quizzes/${q.id}/discard`)}">Discard<span class="visually-hidden"> ${q.title}</span></a> ${exportQuizLink(ctx, q)}</li>`,
  );
  const approvedItems = approved.map(
    (q) =>
      html`<li><a href="${pageUrl(ctx, `/course/quizzes/${q.id}`)}">${q.title}</a> <span class="muted">(${countOf(q.questions, "question")})</span> <a href="${pageUrl(ctx, `/course/quizzes/${q.id}/results`)}">Results<span class="visually-hidden"> of ${q.title}</span></a> ${exportQuizLink(ctx, q)}</li>`,
  );
  return html`<section aria-labelledby="quizzes-h"><h2 id="quizzes-h">Quizzes</h2>
${generateForm(ctx, materials)}
${writeQuizForm(ctx)}
${importQuizForm(ctx)}
<h3>Drafts to review</h3>${drafts.length ? html`<ul>${draftItems}</ul>${approveExplanation()}` : html`<p class="muted">No drafts waiting.</p>`}
<h3>Approved</h3>${approved.length ? html`<ul>${approvedItems}</ul>` : html`<p class="muted">No approved quizzes yet.</p>`}
<p class="muted">Students take approved quizzes on their StudyHall page, or in an LMS assignment you link to one. Play one live in a linked channel: <code>/quiz start</code> in Discord, <code>/studyhall quiz start</code> in Slack.</p></section>`;
}

function generateForm(ctx: PageContext, materials: MaterialRow[]): SafeHtml {
  return html`<form method="post" action="${`${ctx.toolUrl}/course/quizzes/generate`}">${hiddenFields(ctx)}
<fieldset><legend>Generate a draft quiz from the materials</legend>
<label class="block" for="quiz-topic">Topic <span class="muted">(optional; leave empty to cover all materials)</span></label>
<input type="text" id="quiz-topic" name="topic" maxlength="200">
<label class="block" for="quiz-count">Number of questions</label>
<input type="number" id="quiz-count" name="count" min="1" max="20" value="5" required>
${materialChoice(materials)}
<p><button type="submit">Generate draft</button> <span class="muted">Drafts are for your review; students never see them.</span></p></fieldset></form>`;
}

function spacesSection(data: InstructorPageData, ctx: PageContext): SafeHtml {
  const items = data.spaces.map(
    (s) =>
      html`<li>${s.platform === "DISCORD" ? "Discord" : "Slack"} ${s.kind.endsWith("CHANNEL") ? "channel" : s.platform === "DISCORD" ? "server" : "workspace"}${s.name ? html` <strong>${s.name}</strong>` : ""}</li>`,
  );
  const code = data.spaceCode
    ? codeBox(
        data.spaceCode.code,
        data.spaceCode.expiresAt,
        html`<p>In Discord, type <code>/setup code:${data.spaceCode.code}</code> in the channel. In Slack, type <code>/studyhall setup code ${data.spaceCode.code}</code> in the channel.</p>
<p>No admin rights in Slack or Discord are needed, only to be a member of that channel. Whoever uses the code becomes staff of this course.</p>`,
      )
    : "";
  return html`<section aria-labelledby="spaces-h"><h2 id="spaces-h">Chat spaces</h2>
${data.spaces.length ? html`<ul>${items}</ul>` : html`<p>No Discord server or Slack channel is linked to this course yet.</p>`}
${code}
<p>Link a Discord channel or Slack channel so students can ask the tutor and play quizzes there: get a code and type it in the channel.</p>
${postButton(ctx, "/course/space-code", "Get a link code")}</section>`;
}

function policySection(current: AnswerPolicy, ctx: PageContext): SafeHtml {
  const options = answerPolicyChoices().map(
    (p) =>
      html`<p><input type="radio" name="policy" id="policy-${p.value}" value="${p.value}"${current === p.value ? html` checked` : ""} aria-describedby="policy-${p.value}-hint"> <label for="policy-${p.value}">${p.label}</label><br><span class="muted" id="policy-${p.value}-hint">${p.description}</span></p>`,
  );
  return html`<section aria-labelledby="policy-h"><h2 id="policy-h">Answer policy</h2>
<form method="post" action="${`${ctx.toolUrl}/course/policy`}">${hiddenFields(ctx)}
<fieldset><legend>How the tutor answers students</legend>${options}</fieldset>
<p><button type="submit">Save policy</button></p></form></section>`;
}
