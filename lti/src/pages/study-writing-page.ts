import type { Reply, WritingForm } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { hiddenFields, type PageContext, pageUrl } from "./page-context.ts";
import { type StudyPageHead, studyHeader, studyReply } from "./study-parts.ts";

/** Rubric rows the staff form offers; core takes 3 to 5 criteria, and says so when fewer are filled. */
const CRITERION_ROWS = 5;

/** The prompts (core's list, with Write buttons; drafts with Approve/Discard for staff) and staff's forms. */
export function writingPage(
  data: StudyPageHead & { prompts: Reply },
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const body = html`${studyHeader(data, ctx)}
<section aria-labelledby="prompts-h"><h2 id="prompts-h">Writing prompts</h2>
${studyReply(data.prompts, ctx)}
<p><a href="${pageUrl(ctx, "/study/writing/results")}">${data.staff ? "Everyone's submissions" : "My results"}</a></p></section>
${data.staff ? html`${setPromptForm(ctx)}${generatePromptForm(ctx)}` : ""}`;
  return { title: "Writing", body };
}

function setPromptForm(ctx: PageContext): SafeHtml {
  const rows = Array.from({ length: CRITERION_ROWS }, (_, i) => {
    const n = i + 1;
    return html`<fieldset><legend>Criterion ${n}${n <= 3 ? "" : html` <span class="muted">(optional)</span>`}</legend>
<label class="block" for="criterion-${n}-name">Name</label><input type="text" id="criterion-${n}-name" name="criterionName" maxlength="200"${n <= 3 ? html` required` : ""}>
<label class="block" for="criterion-${n}-description">What it looks for <span class="muted">(optional)</span></label><input type="text" id="criterion-${n}-description" name="criterionDescription" maxlength="500">
<label class="block" for="criterion-${n}-points">Points</label><input type="number" id="criterion-${n}-points" name="criterionPoints" min="1" max="100" value="4"></fieldset>`;
  });
  return html`<section aria-labelledby="set-prompt-h"><h2 id="set-prompt-h">Set a prompt</h2>
<form method="post" action="${`${ctx.toolUrl}/study/writing`}">${hiddenFields(ctx)}
<label class="block" for="prompt-title">Title</label><input type="text" id="prompt-title" name="title" maxlength="120" required>
<label class="block" for="prompt-text">Prompt</label><textarea id="prompt-text" name="prompt" rows="4" cols="60" maxlength="4000" required></textarea>
<p class="muted">A rubric of 3 to 5 criteria.</p>
${rows}
<p><button type="submit">Set the prompt</button></p></form></section>`;
}

function generatePromptForm(ctx: PageContext): SafeHtml {
  return html`<section aria-labelledby="generate-prompt-h"><h2 id="generate-prompt-h">Generate a prompt from the materials</h2>
<form method="post" action="${`${ctx.toolUrl}/study/writing/generate`}">${hiddenFields(ctx)}
<label class="block" for="generate-prompt-topic">Topic <span class="muted">(optional)</span></label><input type="text" id="generate-prompt-topic" name="topic" maxlength="200">
<p><button type="submit">Generate a draft</button> <span class="muted">Students see it once you approve it.</span></p></form></section>`;
}

/** The form to write for one prompt: the prompt, its criteria, the longest text taken. */
export function writingFormPage(
  data: StudyPageHead & { form: WritingForm; text?: string },
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const { form } = data;
  const body = html`${studyHeader({ ...data, heading: form.title }, ctx)}
<section aria-labelledby="write-h"><h2 id="write-h">The prompt</h2>
<p>${form.prompt}</p>
<p>Scored on: ${form.criteria.join(", ")}.</p>
<form method="post" action="${`${ctx.toolUrl}/study/writing/${form.promptId}`}">${hiddenFields(ctx)}
<label class="block" for="writing-text">Your writing</label>
<textarea id="writing-text" name="text" rows="14" cols="70" required aria-describedby="writing-limit">${data.text ?? ""}</textarea>
<p class="muted" id="writing-limit">At most ${form.maxChars.toLocaleString("en-US")} characters.</p>
<p><button type="submit">Submit for feedback</button></p></form></section>
<p><a href="${pageUrl(ctx, "/study/writing")}">All prompts</a></p>`;
  return { title: form.title, body };
}
