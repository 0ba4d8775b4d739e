import type { MaterialStatus } from "@studyhall/core";
import { html, type SafeHtml } from "./html.ts";

export interface PageNotice {
  tone: "success" | "info" | "warning" | "error";
  text: string;
}

export function notice(n: PageNotice | undefined): SafeHtml | "" {
  if (!n) return "";
  return html`<p class="notice ${n.tone}" role="${n.tone === "error" ? "alert" : "status"}">${n.text}</p>`;
}

/** A material as the pages list it. */
export interface MaterialRow {
  id: string;
  title: string;
  type: string;
  status: MaterialStatus;
  progress: number;
  stage: string | null;
  error: string | null;
  chunkCount: number;
  createdAt: Date;
}

/** A material's status in words, with a progress bar while it is processed. */
export function materialStatus(m: MaterialRow): SafeHtml {
  switch (m.status) {
    case "READY":
      return html`Ready <span class="muted">(${countOf(m.chunkCount, "part")} the tutor can cite)</span>`;
    case "PENDING":
      return html`Waiting to be processed`;
    case "PROCESSING": {
      const percent = Math.round(m.progress * 100);
      return html`Processing${m.stage ? ` (${m.stage})` : ""} <progress max="100" value="${percent}" aria-label="Processing ${m.title}">${percent}%</progress> ${percent}%`;
    }
    case "FAILED":
      return html`<span role="note">Failed${m.error ? `: ${m.error}` : ""}</span>`;
  }
}

/** A one-time code, large and easy to copy, with what to type where. */
export function codeBox(code: string, expiresAt: Date, instructions: SafeHtml): SafeHtml {
  const minutes = Math.max(1, Math.round((expiresAt.getTime() - Date.now()) / 60_000));
  return html`<div class="notice success" role="status"><p>Your code: <span class="code">${code}</span></p>${instructions}<p class="muted">It works once and expires in ${minutes} minutes.</p></div>`;
}

/** "1 question", "2 questions": a count with its noun (every noun the pages count takes a plain "s"). */
export function countOf(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** What teachers call each kind of file, instead of the database's names ("MARKDOWN"). */
const MATERIAL_TYPE_LABELS: Record<string, string> = {
  PDF: "PDF",
  DOCX: "Word",
  MARKDOWN: "Markdown",
  HTML: "Web page",
  TEXT: "Text",
};

export function materialTypeLabel(type: string): string {
  return MATERIAL_TYPE_LABELS[type] ?? type.charAt(0) + type.slice(1).toLowerCase();
}
