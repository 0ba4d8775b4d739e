import { MAX_QUIZ_TITLE_CHARS } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { hiddenFields, type PageContext } from "./page-context.ts";

/** "Write a quiz": a title makes an empty draft, whose questions the edit page then takes one by one. */
export function writeQuizForm(ctx: PageContext): SafeHtml {
  return html`<form method="post" action="${`${ctx.toolUrl}/course/quizzes/write`}">${hiddenFields(ctx)}
<fieldset><legend>Write a quiz yourself</legend>
<label class="block" for="write-title">Title</label>
<input type="text" id="write-title" name="title" maxlength="${MAX_QUIZ_TITLE_CHARS}" required>
<p><button type="submit">Write a quiz</button> <span class="muted">Starts an empty draft: add questions of any type (choices, true or false, typed answer, number) with hints, explanations, points and time, then approve it.</span></p></fieldset></form>`;
}
