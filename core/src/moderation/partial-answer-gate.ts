import { LONGEST_RULE_PHRASE_WORDS, matchLocalRules } from "./local-rules.ts";

/**
 * Words of a streamed answer kept back from the partials: more than any local rule's phrase, so the
 * start of a harmful phrase is never shown before the rules have seen its end.
 */
export const HELD_BACK_WORDS = LONGEST_RULE_PHRASE_WORDS + 1;

/**
 * A word as the local rules see one after normalising: letters, digits and apostrophes (curly ones
 * too, since the rules straighten them).
 */
const WORD = /[a-z0-9'\u2018\u2019\u02bc]+/giu;

/** Decides which pieces of a streamed answer may be shown before the whole answer is checked. */
export interface PartialAnswerGate {
  /** Takes the next piece of the stream and passes on what is clean and settled. */
  push(delta: string): void;
  /** True once the local rules flagged the text: nothing more is passed until {@link release}. */
  readonly held: boolean;
  /** Passes on everything not yet passed; called only when the final check found the answer clean. */
  release(): void;
}

/**
 * Wraps a front end's `onDelta` so that no partial of an answer reaches a student unchecked. Each
 * piece is added to the text not yet shown, the local rules for answers run over that text, and only
 * its words up to the last {@link HELD_BACK_WORDS} are passed on. Once the rules flag, nothing more is
 * passed: the front end keeps what it showed last (clean) or its placeholder, and the final check of
 * the whole answer decides the final message.
 *
 * The rules run over the unshown text only, so each piece costs the same however long the answer is.
 * That misses nothing: a phrase ending in the new piece spans at most LONGEST_RULE_PHRASE_WORDS words,
 * and the unshown text held at least one word more before the piece arrived; a phrase that ended in an
 * earlier piece was checked then.
 */
export function createPartialAnswerGate(onDelta: (text: string) => void): PartialAnswerGate {
  let unshown = "";
  let held = false;
  return {
    get held() {
      return held;
    },
    push(delta) {
      unshown += delta;
      if (held) return;
      if (matchLocalRules(unshown, "answer").length > 0) {
        held = true;
        return;
      }
      const cut = settledLength(unshown);
      if (cut === 0) return;
      onDelta(unshown.slice(0, cut));
      unshown = unshown.slice(cut);
    },
    release() {
      if (unshown) onDelta(unshown);
      unshown = "";
    },
  };
}

/** Where the last HELD_BACK_WORDS words of `text` begin (0 when it has no more words than that). */
function settledLength(text: string): number {
  const starts = Array.from(text.matchAll(WORD), (m) => m.index);
  return starts.length > HELD_BACK_WORDS ? starts[starts.length - HELD_BACK_WORDS]! : 0;
}
