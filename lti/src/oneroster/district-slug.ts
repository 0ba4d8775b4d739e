import { AppError, ErrorCode } from "@studyhall/core";

/**
 * The id a OneRoster district is kept under (its people's identity tenant): the operator's name for it
 * in lower case, letters and digits joined by "-", so "Springfield Unified" and "springfield unified"
 * are the same district. A name with no letter or digit to keep is refused rather than given a made-up id.
 */
export function districtSlug(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100)
    .replace(/-+$/g, "");
  if (slug === "")
    throw new AppError(ErrorCode.InvalidInput, "district name without letters or digits", {
      userMessage: 'Give the district a name with letters or digits, e.g. --district "Springfield Unified".',
    });
  return slug;
}
