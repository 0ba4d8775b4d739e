import type { StudyHallDeps } from "../deps.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { cardBackReply, cardFrontReply, reviewDoneReply } from "../flashcards/card-replies.ts";
import { approveDeck, discardDeck } from "../flashcards/deck-approval.ts";
import { ratingIntervals, reviewCard } from "../flashcards/review-cards.ts";
import { dueCounts, findCardForReview, nextDueCard } from "../flashcards/review-queue.ts";
import { saveAnswerAsCard, saveQuestionAsCard } from "../flashcards/save-as-card.ts";
import { answerPractice } from "../practice/answer-practice.ts";
import { nextPracticeQuestion } from "../practice/next-practice-question.ts";
import { retryMissed, startPractice } from "../practice/start-practice.ts";
import type { Reply, StudyAction } from "../reply/reply.ts";
import { noticeReply } from "../reply/reply.ts";
import { approveWritingPrompt, discardWritingPrompt } from "../writing/writing-prompts.ts";
import type { StudyPlace } from "./choose-study-course.ts";

/** What a study button's click produced, and where it goes. */
export interface StudyActionResult {
  reply: Reply;
  /** "replace": edit the message the button was on; "new": send a new private message. */
  placement: "replace" | "new";
}

/**
 * Answers a click on a study button (flashcard review, deck and prompt approval, practice). The two
 * buttons that open forms — `practice.respond` and `writing.open` — are the front end's to open, with
 * {@link practiceForm} and {@link writingForm}. A rating click drawn before the card was reviewed in
 * another window is counted once: the later one moves on to the next card and says so.
 */
export async function handleStudyAction(
  deps: StudyHallDeps,
  input: StudyPlace & { action: StudyAction },
): Promise<StudyActionResult> {
  const { db } = deps;
  const { actor, action } = input;
  const now = deps.clock();
  const replace = (reply: Reply): StudyActionResult => ({ reply, placement: "replace" });
  switch (action.kind) {
    case "card.review":
      return replace(await nextCardReply(deps, input, action.courseId || null));
    case "card.show":
    case "card.hint": {
      const card = await findCardForReview(db, { actor, cardId: action.cardId });
      if (card.reps !== action.reps) {
        return replace(
          await nextCardReply(
            deps,
            input,
            input.courseId ?? null,
            "You already reviewed that card in another window.",
          ),
        );
      }
      if (action.kind === "card.hint") return replace(cardFrontReply(card, { hint: true }));
      return replace(cardBackReply(card, await ratingIntervals(db, { actor, cardId: card.cardId, now })));
    }
    case "card.rate": {
      const outcome = await reviewCard(db, {
        actor,
        cardId: action.cardId,
        reps: action.reps,
        rating: action.rating,
        now,
      });
      const note = outcome.counted
        ? null
        : "You already reviewed that card in another window; it was counted once.";
      // The LMS page studies its own course; a chat session continues across the person's courses.
      return replace(await nextCardReply(deps, input, input.courseId ?? null, note));
    }
    case "card.saveAnswer":
    case "card.saveQuestion": {
      const saved =
        action.kind === "card.saveAnswer"
          ? await saveAnswerAsCard(db, { actor, messageId: action.messageId })
          : await saveQuestionAsCard(db, { actor, questionId: action.questionId });
      const text = saved.created
        ? "Saved as a card in your deck. It comes up in your next review."
        : "That is already one of your cards.";
      return { reply: noticeReply("info", text), placement: "new" };
    }
    case "deck.approve": {
      const deck = await approveDeck(db, { actor, deckId: action.deckId });
      return replace(
        noticeReply(
          "info",
          `Approved **${deck.title}** (${deck.cardCount} cards): students can study it now.`,
        ),
      );
    }
    case "deck.discard":
      await discardDeck(db, { actor, deckId: action.deckId });
      return replace(noticeReply("info", "Discarded the draft deck."));
    case "practice.start":
      return replace(await startPractice(db, { actor, quizId: action.quizId, timeLimitSec: null, now }));
    case "practice.answer":
      return replace(
        await answerPractice(db, {
          actor,
          runId: action.runId,
          position: action.position,
          response: { choices: [action.choice] },
          now,
        }),
      );
    case "practice.next":
      return replace(await nextPracticeQuestion(db, { actor, runId: action.runId, now }));
    case "practice.retry":
      return replace(await retryMissed(db, { actor, runId: action.runId, now }));
    case "writing.approve": {
      const prompt = await approveWritingPrompt(db, { actor, promptId: action.promptId });
      return replace(noticeReply("info", `Approved **${prompt.title}**: students can write for it now.`));
    }
    case "writing.discard":
      await discardWritingPrompt(db, { actor, promptId: action.promptId });
      return replace(noticeReply("info", "Discarded the draft prompt."));
    case "practice.respond":
    case "writing.open":
      throw new AppError(ErrorCode.InvalidInput, `${action.kind} opens a form in the front end`, {
        userMessage: "That button opens a form; please try it again.",
      });
  }
}

/** The next due card's front, or the end of the session with what is still due today. */
async function nextCardReply(
  deps: StudyHallDeps,
  input: StudyPlace,
  courseId: string | null,
  note: string | null = null,
): Promise<Reply> {
  const now = deps.clock();
  const card = await nextDueCard(deps.db, { actor: input.actor, courseId, now });
  const reply = card
    ? cardFrontReply(card, { hint: false })
    : reviewDoneReply(await dueCounts(deps.db, { actor: input.actor, courseId, now }), { courseId });
  if (!note) return reply;
  return { ...reply, blocks: [{ type: "notice", tone: "info", text: note }, ...reply.blocks] };
}
