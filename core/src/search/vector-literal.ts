/** pgvector's text form, `[0.1,0.2,...]`, which both pg and PGlite pass through as a parameter. */
export function toVectorLiteral(vector: readonly number[]): string {
  return `[${vector.join(",")}]`;
}
