import { SECTION_SEPARATOR } from "../materials/extract/extract-html.ts";

/**
 * A passage's anchor as shown after its material's title, without the title said twice. A document's
 * first heading is often its title as well, so every section path in it starts with the title: "Week 3"
 * cited at "Week 3 › The Kessel aquifer" would read "Week 3, Week 3 › The Kessel aquifer". The
 * repeated heading is dropped ("Week 3, The Kessel aquifer"), and an anchor that is only the title is
 * no anchor. Page anchors ("p. 4") and other headings are kept as they are.
 */
export function citationAnchor(title: string, anchor: string | null): string | null {
  if (anchor === null) return null;
  const parts = anchor.split(SECTION_SEPARATOR);
  const wanted = comparable(title);
  // A title taken from the file name ("Week 3.md") names the same heading as "Week 3".
  const withoutExtension = comparable(title.replace(/\.[a-z0-9]{1,5}$/i, ""));
  const first = comparable(parts[0]!);
  if (first !== wanted && first !== withoutExtension) return anchor;
  const rest = parts.slice(1).join(SECTION_SEPARATOR).trim();
  return rest.length > 0 ? rest : null;
}

function comparable(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}]+/gu, " ")
    .trim();
}
