import type { PracticeForm, PracticeHistory, PracticeQuizSummary } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { localTime } from "./local-time.ts";
import { hiddenFields, type PageContext, pageUrl } from "./page-context.ts";
import { type StudyPageHead, scoreText, studyHeader } from "./study-parts.ts";

/** The clocks a student may choose per question (seconds); none is the default. */
export const PRACTICE_CLOCK_CHOICES = [30, 60, 120, 300] as const;

export interface PracticePageData extends StudyPageHead {
  quizzes: PracticeQuizSummary[];
  history: PracticeHistory;
  /** Set when the page shows one quiz's history. */
  quizTitle?: string;
}

/** The approved quizzes to practise (best and last score each), and the history per topic and run. */
export function practicePage(data: PracticePageData, ctx: PageContext): { title: string; body: SafeHtml } {
  const rows = data.quizzes.map(
    (q) =>
      html`<tr><th scope="row">${q.title}${q.topic ? html` <span class="muted">(${q.topic})</span>` : ""}</th><td>${q.questions}</td><td>${q.runs}</td><td>${scoreText(q.best)}</td><td>${scoreText(q.last)}</td>
<td>${startForm(ctx, q)} ${q.runs > 0 ? html`<a href="${pageUrl(ctx, `/study/practice/history/${q.quizId}`)}">History<span class="visually-hidden"> of ${q.title}</span></a>` : ""}</td></tr>`,
  );
  const body = html`${studyHeader(data, ctx)}
<section aria-labelledby="practice-quizzes-h"><h2 id="practice-quizzes-h">Quizzes to practise</h2>
<p>Practise alone, at your own pace; choose a clock per question only if you want one. You see whether you were right, the explanation and its source after each question. Practice never goes to the gradebook.</p>
${data.quizzes.length ? html`<table id="practice-quizzes"><thead><tr><th scope="col">Quiz</th><th scope="col">Questions</th><th scope="col">Runs</th><th scope="col">Best</th><th scope="col">Last</th><th scope="col"><span class="visually-hidden">Start</span></th></tr></thead><tbody>${rows}</tbody></table>` : html`<p>No quizzes to practise yet: your teacher has not approved any.</p>`}</section>
${historySections(data.history, ctx)}`;
  return { title: "Practice", body };
}

/** One quiz's history: its best and last, and its recent runs. */
export function practiceQuizHistoryPage(
  data: PracticePageData & { quizTitle: string },
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const body = html`${studyHeader(data, ctx)}
${recentRuns(data.history, ctx)}
<p><a href="${pageUrl(ctx, "/study/practice")}">All quizzes and topics</a></p>`;
  return { title: data.heading, body };
}

function startForm(ctx: PageContext, q: PracticeQuizSummary): SafeHtml {
  const id = `clock-${q.quizId}`;
  const options = PRACTICE_CLOCK_CHOICES.map(
    (s) => html`<option value="${s}">${s < 60 ? `${s} s` : `${s / 60} min`} per question</option>`,
  );
  return html`<form class="inline" method="post" action="${`${ctx.toolUrl}/study/practice/start`}">${hiddenFields(ctx)}<input type="hidden" name="quizId" value="${q.quizId}">
<label class="visually-hidden" for="${id}">Clock for ${q.title}</label><select name="clock" id="${id}"><option value="">No clock</option>${options}</select>
<button type="submit">Practise<span class="visually-hidden"> ${q.title}</span></button></form>`;
}

function historySections(history: PracticeHistory, ctx: PageContext): SafeHtml {
  const topics = history.topics.map(
    (t) =>
      html`<tr><th scope="row">${t.topic}</th><td>${t.quizzes}</td><td>${t.runs}</td><td>${scoreText(t.best)}</td><td>${scoreText(t.last)}</td></tr>`,
  );
  return html`<section aria-labelledby="practice-topics-h"><h2 id="practice-topics-h">By topic</h2>
${topics.length ? html`<table id="practice-topics"><thead><tr><th scope="col">Topic</th><th scope="col">Quizzes practised</th><th scope="col">Runs</th><th scope="col">Best</th><th scope="col">Last</th></tr></thead><tbody>${topics}</tbody></table><p class="muted">A topic's best and last are the average over its quizzes.</p>` : html`<p class="muted">Nothing practised yet.</p>`}</section>
${recentRuns(history, ctx)}`;
}

function recentRuns(history: PracticeHistory, _ctx: PageContext): SafeHtml {
  const runs = history.recent.map(
    (r) =>
      html`<tr><th scope="row">${r.title}${r.mode === "RETRY_MISSED" ? html` <span class="muted">(missed questions)</span>` : ""}</th><td>${scoreText(r.score)}</td><td>${r.correct} of ${r.questions}</td><td>${localTime(r.finishedAt)}</td></tr>`,
  );
  return html`<section aria-labelledby="practice-recent-h"><h2 id="practice-recent-h">Recent runs</h2>
${runs.length ? html`<table id="practice-recent"><thead><tr><th scope="col">Quiz</th><th scope="col">Score</th><th scope="col">Right</th><th scope="col">Finished</th></tr></thead><tbody>${runs}</tbody></table>` : html`<p class="muted">No finished runs yet.</p>`}</section>`;
}

/** A practice question answered by form: several choices, a typed answer or a number. */
export function practiceAnswerPage(
  data: StudyPageHead & { form: PracticeForm; runId: string; position: number },
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const { form } = data;
  const name = "answer";
  let fields: SafeHtml;
  if (form.kind === "MULTIPLE_SELECT") {
    const boxes = form.choices.map(
      (choice, i) =>
        html`<p><input type="checkbox" name="choice" id="${name}-${i}" value="${i}"> <label for="${name}-${i}">${choice}</label></p>`,
    );
    fields = html`<fieldset><legend>Choose every correct answer</legend>${boxes}</fieldset>`;
  } else if (form.kind === "NUMERIC") {
    fields = html`<label class="block" for="${name}">Your answer (a number)</label><input type="text" inputmode="decimal" name="text" id="${name}" maxlength="40" autocomplete="off" required>`;
  } else {
    fields = html`<label class="block" for="${name}">Your answer</label><input type="text" name="text" id="${name}" maxlength="300" autocomplete="off" required>`;
  }
  const body = html`${studyHeader(data, ctx)}
<section aria-labelledby="practice-q-h"><h2 id="practice-q-h">${form.title}</h2>
<p>${form.prompt}</p>
<form method="post" action="${`${ctx.toolUrl}/study/practice/runs/${data.runId}/${data.position}`}">${hiddenFields(ctx)}<input type="hidden" name="kind" value="${form.kind}">
${fields}
<p><button type="submit">Check my answer</button></p></form></section>`;
  return { title: form.title, body };
}
