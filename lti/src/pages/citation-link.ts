import { type PageContext, pageUrl } from "./page-context.ts";

/** Where a citation points: its material, and the passage's anchor ("p. 4", "pp. 4–5", "Cells › Membranes"). */
export interface CitationTarget {
  materialId: string;
  /** The cited passage's anchor, as core's citations carry it; null or absent: the material's top. */
  anchor?: string | null;
  /** The cited page, when known apart from the anchor (a chunk's `page`); wins over the anchor's page. */
  page?: number | null;
}

/** Longest section id; long heading paths are cut, the start of a path is what tells sections apart. */
const MAX_SECTION_ID = 80;

/**
 * The link of a citation: the material's page in the LMS, scrolled to the cited page or section. Every
 * LMS page that shows a citation links it with this, so the ids here and on the material page agree.
 */
export function citationHref(ctx: PageContext, target: CitationTarget): string {
  const url = pageUrl(ctx, `/learn/materials/${encodeURIComponent(target.materialId)}`);
  const id = passageId({ anchor: target.anchor ?? null, page: target.page ?? null });
  return id ? `${url}#${encodeURIComponent(id)}` : url;
}

/** The original file of a material, opened at `page` (PDF viewers follow `#page=N`). */
export function originalFileHref(ctx: PageContext, materialId: string, page?: number | null): string {
  const url = pageUrl(ctx, `/learn/materials/${encodeURIComponent(materialId)}/original`);
  return page ? `${url}#page=${page}` : url;
}

/**
 * The element id of a passage on the material page: `page-4` for a passage that starts on page 4 (its
 * anchor "p. 4" or "pp. 4–5"), `section-cells-membranes` for one under the heading path "Cells ›
 * Membranes", null for a passage with neither.
 */
export function passageId(passage: { anchor: string | null; page?: number | null }): string | null {
  const page = passage.page ?? pageOfAnchor(passage.anchor);
  if (page !== null) return `page-${page}`;
  if (!passage.anchor) return null;
  const slug = passage.anchor
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_SECTION_ID)
    .replace(/-+$/, "");
  return slug ? `section-${slug}` : null;
}

/** The first page an anchor names: 4 for "p. 4" and "pp. 4–5"; null for a section path. */
export function pageOfAnchor(anchor: string | null | undefined): number | null {
  const match = anchor ? /^pp?\. (\d+)(?:[–-]\d+)?$/.exec(anchor.trim()) : null;
  return match ? Number(match[1]) : null;
}
