import type { Citation, Reply, ReplyBlock, ReplyButton } from "@studyhall/core";
import { html, type SafeHtml } from "../pages/html.ts";
import { encodeAction } from "./action-codec.ts";
import { lightMarkdown } from "./light-markdown.ts";

/** Where a rendered button posts, and the hidden fields (ltik, CSRF token) every post carries. */
export interface ActionForm {
  url: string;
  hidden: SafeHtml;
  /** Where a citation links (the material page at its passage); without it, sources are plain text. */
  citationHref?: (citation: Citation) => string | null;
}

/**
 * Renders a neutral reply as HTML for the LTI pages. Buttons become small POST forms whose `action`
 * field carries the action id (see action-codec.ts), link buttons become links, a countdown shows the
 * time left when rendered and its deadline. Without `form`, buttons are left out.
 */
export function toHtml(reply: Pick<Reply, "blocks">, form?: ActionForm): SafeHtml {
  return html`<div class="reply">${reply.blocks.map((block) => renderBlock(block, form))}</div>`;
}

function renderBlock(block: ReplyBlock, form: ActionForm | undefined): SafeHtml | string {
  switch (block.type) {
    case "text":
      return lightMarkdown(block.text);
    case "citations":
      return html`<p class="muted">Sources:</p><ol class="sources">${block.citations.map((c) => citation(c, form))}</ol>`;
    case "fields":
      return html`<dl>${block.fields.map((f) => html`<dt>${f.label}</dt><dd>${f.value}</dd>`)}</dl>`;
    case "progress": {
      const percent = Math.round(Math.min(1, Math.max(0, block.value)) * 100);
      return html`<p>${block.label} <progress max="100" value="${percent}" aria-label="${block.label}">${percent}%</progress> ${percent}%</p>`;
    }
    case "notice":
      return html`<p class="notice ${block.tone}" role="${block.tone === "info" ? "status" : "alert"}">${block.text}</p>`;
    case "countdown": {
      const left = Math.max(0, Math.round((Date.parse(block.endsAt) - Date.now()) / 1000));
      return html`<p>${block.label}: ${left} s left <span class="muted">(until <time datetime="${block.endsAt}">${block.endsAt}</time>)</span></p>`;
    }
    case "time":
      return html`<p>${block.label}: <time datetime="${block.at}">${block.fallback}</time></p>`;
    case "buttons":
      return form ? html`<p class="buttons">${block.buttons.map((b) => button(b, form))}</p>` : "";
    case "divider":
      return html`<hr>`;
  }
}

function citation(c: Citation, form: ActionForm | undefined): SafeHtml {
  const label = `${c.title}${c.anchor ? `, ${c.anchor}` : ""}`;
  const href = c.materialId ? form?.citationHref?.(c) : null;
  return href
    ? html`<li value="${c.n}"><a class="citation" href="${href}">${label}</a></li>`
    : html`<li value="${c.n}">${label}</li>`;
}

function button(b: ReplyButton, form: ActionForm): SafeHtml {
  if (b.action.kind === "open") {
    // Only web links: a javascript: URL in an href would run in our origin.
    if (!/^https?:\/\//i.test(b.action.url)) return html`${b.label} `;
    return html`<a href="${b.action.url}" target="_blank" rel="noopener noreferrer">${b.label}</a> `;
  }
  const id = encodeAction(b.action);
  if (!id) return html``;
  const style = b.style === "danger" ? "danger" : b.style === "primary" ? "" : "secondary";
  return html`<form class="inline" method="post" action="${form.url}">${form.hidden}<button type="submit" name="action" value="${id}" class="${style}">${b.label}</button></form> `;
}
