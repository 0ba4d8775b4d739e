import { encodeStudyAction } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { type PageContext, pageUrl } from "./page-context.ts";
import { countOf } from "./page-parts.ts";
import { type StudyPageHead, studyActionButton, studyHeader } from "./study-parts.ts";

export interface StudyHomeData extends StudyPageHead {
  counts: { dueNow: number; dueToday: number };
  courseId: string;
}

/** The Study area's front page: what is due, and the way to each of its four parts. */
export function studyHomePage(data: StudyHomeData, ctx: PageContext): { title: string; body: SafeHtml } {
  const review = encodeStudyAction({ kind: "card.review", courseId: data.courseId });
  const body = html`${studyHeader(data, ctx)}
<section aria-labelledby="home-cards-h"><h2 id="home-cards-h"><a href="${pageUrl(ctx, "/study/cards")}">Flashcards</a></h2>
<p id="due-summary">${countOf(data.counts.dueNow, "card")} due now, ${data.counts.dueToday} due today.</p>
${data.counts.dueNow > 0 ? studyActionButton(ctx, review, "Review now") : ""}</section>
<section aria-labelledby="home-practice-h"><h2 id="home-practice-h"><a href="${pageUrl(ctx, "/study/practice")}">Practice</a></h2>
<p>Take any of the course's quizzes alone, at your own pace, as often as you like. Practice never goes to the gradebook.</p></section>
<section aria-labelledby="home-guides-h"><h2 id="home-guides-h"><a href="${pageUrl(ctx, "/study/guides")}">Study guides</a></h2>
<p>Guides written from the course's materials for a topic, chosen materials or a week, kept for everyone in the course.</p></section>
<section aria-labelledby="home-writing-h"><h2 id="home-writing-h"><a href="${pageUrl(ctx, "/study/writing")}">Writing</a></h2>
<p>Write for your teacher's prompts and get a score per criterion with feedback from the course's materials.</p></section>`;
  return { title: "Study", body };
}
