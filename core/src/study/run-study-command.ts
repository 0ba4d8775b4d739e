import type { StudyHallDeps } from "../deps.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { parseFrontDoorCommand } from "../errors/parse-input.ts";
import { addCard } from "../flashcards/add-cards.ts";
import { cardFrontReply, reviewDoneReply } from "../flashcards/card-replies.ts";
import { createDeck, findDeck, listDecks } from "../flashcards/decks.ts";
import { generateDeck } from "../flashcards/generate/generate-deck.ts";
import { dueCounts, nextDueCard } from "../flashcards/review-queue.ts";
import { readStudySettings, updateStudySettings } from "../flashcards/study-settings.ts";
import { exportDeckApkg } from "../flashcards/transfer/export-apkg.ts";
import { importDeck } from "../flashcards/transfer/import-deck.ts";
import { listMaterials } from "../materials/list-materials.ts";
import { findPracticeQuiz, listPracticeQuizzes } from "../practice/list-practice-quizzes.ts";
import { practiceHistory } from "../practice/practice-history.ts";
import { startPractice } from "../practice/start-practice.ts";
import type { Reply } from "../reply/reply.ts";
import { noticeReply } from "../reply/reply.ts";
import { requestStudyGuide } from "../study-guides/request-study-guide.ts";
import { studyGuideFiles, studyGuideReply } from "../study-guides/study-guide-reply.ts";
import { listStudyGuides } from "../study-guides/study-guides.ts";
import { generateWritingPrompt } from "../writing/generate-writing-prompt.ts";
import { submitWriting } from "../writing/submit-writing.ts";
import { createWritingPrompt, findWritingPrompt, listWritingPrompts } from "../writing/writing-prompts.ts";
import { writingResultReply, writingResultsReply } from "../writing/writing-result-reply.ts";
import { writingResults } from "../writing/writing-results.ts";
import { chooseStudyCourse, type StudyPlace } from "./choose-study-course.ts";
import { type StudyCommand, type StudyGuideRequestInput, studyCommandSchema } from "./study-command.ts";
import {
  cardsSummaryReply,
  decksReply,
  guidesReply,
  practiceQuizzesReply,
  studySettingsReply,
  writingPromptsReply,
} from "./study-list-replies.ts";
import { progressReply } from "./study-progress-reply.ts";

export interface RunStudyCommandOptions {
  /** Progress of long work (a study guide over many passages), as replies to show in place. */
  onProgress?: (reply: Reply) => Promise<void>;
}

/**
 * Runs one study command for whoever asked, wherever they asked, and answers with a neutral reply
 * (files attached where the command makes one). Every front end calls this; the course is chosen by
 * {@link chooseStudyCourse}. Refusals are {@link AppError}s with a sentence for the person.
 */
export async function runStudyCommand(
  deps: StudyHallDeps,
  input: StudyPlace & { command: StudyCommand },
  options: RunStudyCommandOptions = {},
): Promise<Reply> {
  const command = parseFrontDoorCommand(studyCommandSchema, input.command, "study");
  const { db } = deps;
  const actor = input.actor;
  const now = deps.clock();
  // Due cards and history may span every course of the person; everything else is about one course.
  const spans = command.name === "cards" || command.name === "review" || command.name === "practice.history";
  const chosen = await chooseStudyCourse(db, input, { span: spans });
  const courseId = chosen?.courseId ?? null;
  const one = (): string => {
    if (!courseId) throw new AppError(ErrorCode.Internal, "study command without a course");
    return courseId;
  };

  switch (command.name) {
    case "cards": {
      const counts = await dueCounts(db, { actor, courseId, now });
      const decks = courseId ? await listDecks(db, { actor, courseId }) : [];
      const settings = await readStudySettings(db, { actor });
      return cardsSummaryReply({ courseId, counts, decks, settings });
    }
    case "review": {
      const card = await nextDueCard(db, { actor, courseId, now });
      if (card) return cardFrontReply(card, { hint: false });
      return reviewDoneReply(await dueCounts(db, { actor, courseId, now }), { courseId });
    }
    case "decks":
      return decksReply(await listDecks(db, { actor, courseId: one() }), { staff: chosen?.role === "STAFF" });
    case "deck.create": {
      const kind = chosen?.role === "STAFF" ? "COURSE" : "PERSONAL";
      const deck = await createDeck(db, { actor, courseId: one(), title: command.title, kind });
      const whose = kind === "COURSE" ? "a course deck everyone in the course can study" : "your own deck";
      return noticeReply(
        "info",
        `Made **${deck.title}**, ${whose}. Add cards with \`card add <front> | <back>\`.`,
      );
    }
    case "card.add": {
      const { deck } = await addCard(db, {
        actor,
        courseId: one(),
        ...(command.deck ? { deck: command.deck } : {}),
        card: { front: command.front, back: command.back, hint: command.hint ?? null },
      });
      return noticeReply("info", `Added to **${deck.title}** (${deck.cardCount} cards).`);
    }
    case "deck.generate": {
      const made = await generateDeck(deps, {
        actor,
        courseId: one(),
        ...(command.topic ? { topic: command.topic } : {}),
        ...(command.count ? { count: command.count } : {}),
      });
      return decksReply([made.deck], {
        staff: true,
        intro: `Wrote ${made.cards} cards${made.offline ? " from the materials' own sentences (offline: no model)" : ""}. The deck is a draft: students see it once you approve it.`,
      });
    }
    case "deck.import": {
      const { deck, imported } = await importDeck(db, {
        actor,
        courseId: one(),
        title: command.title,
        text: command.text,
        kind: chosen?.role === "STAFF" ? "COURSE" : "PERSONAL",
      });
      return noticeReply("info", `Imported ${imported} cards into **${deck.title}**.`);
    }
    case "deck.export": {
      const deck = await findDeck(db, { actor, courseId: one(), deck: command.deck });
      const file = await exportDeckApkg(db, { actor, courseId: one(), deckId: deck.id });
      return {
        visibility: "private",
        blocks: [
          { type: "text", text: `**${deck.title}** as an Anki package: open it with Anki (File › Import).` },
        ],
        files: [file],
      };
    }
    case "study.settings": {
      const empty = Object.keys(command.changes).length === 0;
      const settings = empty
        ? await readStudySettings(db, { actor })
        : await updateStudySettings(db, { actor, changes: command.changes }, { now });
      return studySettingsReply(settings, { changed: !empty });
    }
    case "practice": {
      if (!command.quiz)
        return practiceQuizzesReply(await listPracticeQuizzes(db, { actor, courseId: one() }));
      const quiz = await findPracticeQuiz(db, { actor, courseId: one(), quiz: command.quiz });
      return startPractice(db, { actor, quizId: quiz.quizId, timeLimitSec: command.clockSec ?? null, now });
    }
    case "practice.history": {
      if (!command.quiz || !courseId) {
        if (command.quiz && !courseId) await chooseStudyCourse(db, input, { span: false });
        return practiceHistory(db, { actor, courseId: courseId ?? "" });
      }
      const quiz = await findPracticeQuiz(db, { actor, courseId, quiz: command.quiz });
      return practiceHistory(db, { actor, courseId, quizId: quiz.quizId });
    }
    case "guide":
      return studyGuide(deps, { ...input, courseId: one() }, command.request, options);
    case "guides":
      return guidesReply(await listStudyGuides(db, { actor, courseId: one() }));
    case "writing":
      return writingPromptsReply(await listWritingPrompts(db, { actor, courseId: one() }), {
        staff: chosen?.role === "STAFF",
      });
    case "writing.set": {
      const prompt = await createWritingPrompt(db, {
        actor,
        courseId: one(),
        title: command.title,
        prompt: command.prompt,
        criteria: command.criteria.map((name) => ({ name })),
      });
      return writingPromptsReply([prompt], {
        staff: true,
        intro: "The prompt is set. Students can write for it now.",
      });
    }
    case "writing.generate": {
      const prompt = await generateWritingPrompt(deps, {
        actor,
        courseId: one(),
        ...(command.topic ? { topic: command.topic } : {}),
      });
      return writingPromptsReply([prompt], {
        staff: true,
        intro: "A draft prompt: approve it to let students write.",
      });
    }
    case "writing.submit": {
      const prompt = await findWritingPrompt(db, { actor, courseId: one(), prompt: command.prompt });
      return writingResultReply(
        await submitWriting(deps, { actor, promptId: prompt.id, text: command.text }),
      );
    }
    case "writing.results": {
      const prompt = command.prompt
        ? await findWritingPrompt(db, { actor, courseId: one(), prompt: command.prompt })
        : null;
      const results = await writingResults(db, {
        actor,
        courseId: one(),
        ...(prompt ? { promptId: prompt.id } : {}),
      });
      return writingResultsReply(results);
    }
  }
}

async function studyGuide(
  deps: StudyHallDeps,
  input: StudyPlace & { courseId: string },
  request: StudyGuideRequestInput,
  options: RunStudyCommandOptions,
): Promise<Reply> {
  const { materialNumbers, ...rest } = request;
  let materialIds = rest.materialIds;
  if (materialNumbers) {
    // The numbers the materials list shows (newest first), as the chat front ends print them.
    const materials = await listMaterials(deps.db, input.courseId);
    materialIds = materialNumbers.map((n) => {
      const material = materials[n - 1];
      if (!material) {
        throw new AppError(ErrorCode.NotFound, "material number not in the list", {
          userMessage: `There is no material number ${n}: the course has ${materials.length}.`,
        });
      }
      return material.id;
    });
  }
  const guide = await requestStudyGuide(
    deps,
    {
      actor: input.actor,
      courseId: input.courseId,
      request: { ...rest, ...(materialIds ? { materialIds } : {}) },
    },
    {
      onProgress: options.onProgress
        ? (done, total) => options.onProgress?.(progressReply("Writing the study guide", done, total))
        : undefined,
    },
  );
  return { ...studyGuideReply(guide), files: studyGuideFiles(guide) };
}
