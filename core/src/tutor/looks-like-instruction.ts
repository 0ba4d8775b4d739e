// Phrases that address an AI model rather than a student. A course document that contains them is
// either about prompt injection or is an attack; either way the tutor must not repeat them as advice.
const PATTERNS = [
  /\b(ignore|disregard|forget)\b[^.]{0,40}\b(previous|prior|above|earlier|all|your)\b[^.]{0,20}\b(instructions?|prompts?|rules)\b/i,
  /\byou are (now )?(an? )?(ai|assistant|language model|chatbot|tutor)\b/i,
  /\b(system prompt|developer message)\b/i,
  /\b(reply|respond|answer|say)\s+(only\s+)?with\b[^.]{0,40}$/i,
];

/** True when `sentence` reads as an instruction aimed at the model. */
export function looksLikeInstruction(sentence: string): boolean {
  return PATTERNS.some((pattern) => pattern.test(sentence));
}
