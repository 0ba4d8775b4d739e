import { type DeckSummary, encodeStudyAction, type StudySettingsView } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";
import { materialChoice } from "./material-choice.ts";
import { hiddenFields, type PageContext, pageUrl } from "./page-context.ts";
import { countOf, type MaterialRow } from "./page-parts.ts";
import { type StudyPageHead, studyActionButton, studyHeader } from "./study-parts.ts";

export interface StudyCardsData extends StudyPageHead {
  courseId: string;
  counts: { dueNow: number; dueToday: number };
  decks: DeckSummary[];
  settings: StudySettingsView;
  /** Staff only: the materials a generated deck may be drawn from. */
  materials?: MaterialRow[];
}

/** Flashcards: what is due with a Review button, the decks (export, drafts), import, settings. */
export function studyCardsPage(data: StudyCardsData, ctx: PageContext): { title: string; body: SafeHtml } {
  const review = encodeStudyAction({ kind: "card.review", courseId: data.courseId });
  const body = html`${studyHeader(data, ctx)}
<section aria-labelledby="due-h"><h2 id="due-h">Due</h2>
<p id="due-summary">${countOf(data.counts.dueNow, "card")} due now, ${data.counts.dueToday} due today.</p>
${data.counts.dueNow > 0 ? studyActionButton(ctx, review, "Review") : html`<p class="muted">Nothing to review right now. New cards of the course's decks are brought in when you start reviewing.</p>${studyActionButton(ctx, review, "Check for cards", "secondary")}`}</section>
${decksSection(data, ctx)}
${importForm(data.staff, ctx)}
${data.staff ? generateForm(data.materials ?? [], ctx) : ""}
${settingsForm(data.settings, ctx)}`;
  return { title: "Flashcards", body };
}

function decksSection(data: StudyCardsData, ctx: PageContext): SafeHtml {
  const rows = data.decks.map((deck) => {
    const whose = deck.kind === "PERSONAL" ? "Yours" : "Course";
    const draft =
      deck.status === "DRAFT"
        ? html` <strong>Draft</strong>${data.staff ? html` ${studyActionButton(ctx, encodeStudyAction({ kind: "deck.approve", deckId: deck.id }), `Approve ${deck.title}`)} ${studyActionButton(ctx, encodeStudyAction({ kind: "deck.discard", deckId: deck.id }), `Discard ${deck.title}`, "danger")}` : ""}`
        : "";
    const exportLink =
      deck.cardCount > 0
        ? html`<a href="${pageUrl(ctx, `/study/cards/decks/${deck.id}/export`)}" download>Export for Anki<span class="visually-hidden"> ${deck.title}</span></a>`
        : html`<span class="muted">Empty</span>`;
    return html`<tr><th scope="row">${deck.title}</th><td>${whose}${draft}</td><td>${deck.cardCount}</td><td>${exportLink}</td></tr>`;
  });
  return html`<section aria-labelledby="decks-h"><h2 id="decks-h">Decks</h2>
${rows.length ? html`<table id="decks"><thead><tr><th scope="col">Deck</th><th scope="col">Whose</th><th scope="col">Cards</th><th scope="col"><span class="visually-hidden">Export</span></th></tr></thead><tbody>${rows}</tbody></table>` : html`<p>No decks yet. Import one below, or save a tutor answer or a quiz question as a card.</p>`}
<p class="muted">An export is an Anki package (.apkg): open it with Anki (File › Import).</p></section>`;
}

function importForm(staff: boolean, ctx: PageContext): SafeHtml {
  return html`<section aria-labelledby="import-deck-h"><h2 id="import-deck-h">Import a deck</h2>
<form method="post" enctype="multipart/form-data" action="${pageUrl(ctx, "/study/cards/import")}">${hiddenFields(ctx)}
<p class="muted" id="deck-file-hint">A text export from Anki (File › Export › Notes in Plain Text) or Quizlet: one card a line, front and back split by a tab or a comma. A malformed line stops the import and is named by its number.</p>
<label class="block" for="deck-title">Deck title</label>
<input type="text" id="deck-title" name="title" maxlength="120" required>
<label class="block" for="deck-file">Text file</label>
<input type="file" id="deck-file" name="file" accept=".txt,.csv,.tsv,text/plain,text/csv,text/tab-separated-values" required aria-describedby="deck-file-hint">
${staff ? html`<p><input type="checkbox" id="deck-course" name="course" value="1"> <label for="deck-course">A course deck everyone in the course studies</label></p>` : ""}
<p><button type="submit">Import</button></p></form></section>`;
}

function generateForm(materials: MaterialRow[], ctx: PageContext): SafeHtml {
  return html`<section aria-labelledby="generate-deck-h"><h2 id="generate-deck-h">Generate a course deck</h2>
<form method="post" action="${`${ctx.toolUrl}/study/cards/generate`}">${hiddenFields(ctx)}
<label class="block" for="gen-deck-topic">Topic <span class="muted">(optional; leave empty to cover the materials)</span></label>
<input type="text" id="gen-deck-topic" name="topic" maxlength="200">
<label class="block" for="gen-deck-count">Number of cards</label>
<input type="number" id="gen-deck-count" name="count" min="1" max="50" value="10" required>
${materialChoice(materials)}
<p><button type="submit">Generate draft deck</button> <span class="muted">Every card keeps its source passage. Students see the deck once you approve it.</span></p></form></section>`;
}

const HOURS = Array.from({ length: 24 }, (_, h) => h);

function hourOptions(selected: number | null): SafeHtml[] {
  return HOURS.map(
    (h) =>
      html`<option value="${h}"${h === selected ? html` selected` : ""}>${String(h).padStart(2, "0")}:00</option>`,
  );
}

function settingsForm(settings: StudySettingsView, ctx: PageContext): SafeHtml {
  const nudgeHour = settings.nudge ? settings.nudge.hour : null;
  const quiet = settings.quietHours;
  return html`<section aria-labelledby="settings-h"><h2 id="settings-h">Study settings</h2>
<form method="post" action="${`${ctx.toolUrl}/study/cards/settings`}">${hiddenFields(ctx)}
<p><input type="checkbox" id="cards-from-misses" name="cardsFromMisses" value="1"${settings.cardsFromMisses ? html` checked` : ""}> <label for="cards-from-misses">Questions I miss in quizzes and practice become cards, due the next day</label></p>
<label class="block" for="new-cards">New cards a day</label>
<input type="number" id="new-cards" name="newCardsPerDay" min="0" max="200" value="${settings.newCardsPerDay}" required>
<label class="block" for="nudge-hour">Daily reminder in Slack or Discord when cards are due</label>
<select id="nudge-hour" name="nudgeHour"><option value="off"${nudgeHour === null ? html` selected` : ""}>Off</option>${hourOptions(nudgeHour)}</select>
<fieldset><legend>Quiet hours <span class="muted">(no reminder in between)</span></legend>
<label for="quiet-start">From</label> <select id="quiet-start" name="quietStart"><option value="none"${quiet ? "" : html` selected`}>None</option>${hourOptions(quiet?.start ?? null)}</select>
<label for="quiet-end">until</label> <select id="quiet-end" name="quietEnd"><option value="none"${quiet ? "" : html` selected`}>None</option>${hourOptions(quiet?.end ?? null)}</select></fieldset>
<label class="block" for="time-zone">Time zone <span class="muted">(as in Europe/Paris or America/Chicago)</span></label>
<input type="text" id="time-zone" name="timeZone" maxlength="64" value="${settings.timeZone}" required autocomplete="off">
<p><button type="submit">Save settings</button></p></form></section>`;
}

/** A refused deck import: core's sentence, then each malformed line, and the way back. Nothing was stored. */
export function deckImportRefusedPage(
  head: StudyPageHead,
  message: string,
  ctx: PageContext,
): { title: string; body: SafeHtml } {
  const [summary, ...lines] = message.split("\n");
  const body = html`${studyHeader({ ...head, heading: "The deck was not imported" }, ctx)}
<p class="notice error" role="alert">${summary ?? message}</p>
${lines.length ? html`<ul id="import-problems">${lines.map((line) => html`<li>${line}</li>`)}</ul>` : ""}
<p><a href="${pageUrl(ctx, "/study/cards")}">Back to flashcards</a></p>`;
  return { title: "Deck not imported", body };
}
