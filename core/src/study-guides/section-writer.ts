import type { GuideSection, PassageGroup } from "./study-guide-types.ts";

/** What writing one section of a guide spent. */
export interface WrittenSection {
  section: GuideSection;
  tokensIn: number;
  tokensOut: number;
}

/** Writes one section of a guide from its passages only: the model's, or the extractive one offline. */
export interface SectionWriter {
  method: "MODEL" | "EXTRACTIVE";
  /** The model's name; null for the extractive writer. */
  model: string | null;
  write(group: PassageGroup, context: { topic?: string | undefined }): Promise<WrittenSection>;
}

/**
 * Keeps only the citations that name a passage of this section, and drops an item left with none:
 * a statement the guide cannot point at is not in the guide.
 */
export function keepCited<T extends { cites: number[] }>(items: T[], allowed: ReadonlySet<number>): T[] {
  return items
    .map((item) => ({
      ...item,
      cites: [...new Set(item.cites.filter((n) => allowed.has(n)))].sort((a, b) => a - b),
    }))
    .filter((item) => item.cites.length > 0);
}

/** Text without the model's own "[3]" or "[1, 2]" markers: the guide writes its citations itself. */
export function withoutMarkers(text: string): string {
  return text
    .replace(/\s*\[\d+(?:\s*[,;]\s*\d+)*\]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
