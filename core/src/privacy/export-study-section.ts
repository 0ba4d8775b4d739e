import type { Prisma } from "../db/open-database.ts";
import type { PrivacyScope } from "./privacy-requester.ts";

// One person's study tools in their export: their own decks and cards, their memory state and every
// review, their practice, the study guides they asked for (titles only: a guide is the course's, written
// from its materials), their writing with its feedback and the XP they earned. Every list has a total
// order.

const iso = (date: Date | null) => date?.toISOString() ?? null;
const byTime = [{ createdAt: "asc" as const }, { id: "asc" as const }];
const slug = { select: { slug: true } } as const;

function inScope(scope: PrivacyScope): { courseId?: string } {
  return scope.kind === "course" ? { courseId: scope.courseId } : {};
}

export async function studySection(db: Prisma, userId: string, scope: PrivacyScope) {
  const where = { userId, ...inScope(scope) };
  const [decks, states, reviews, settings, runs, guides, submissions, authored, xp] = await Promise.all([
    db.deck.findMany({
      where: { ownerId: userId, ...inScope(scope) },
      include: { course: slug, cards: { orderBy: [{ position: "asc" }, { id: "asc" }] } },
      orderBy: byTime,
    }),
    db.cardState.findMany({
      where,
      include: { course: slug, card: { select: { front: true, deck: { select: { title: true } } } } },
      orderBy: [{ createdAt: "asc" }, { cardId: "asc" }],
    }),
    db.reviewLog.findMany({
      where,
      include: { course: slug, card: { select: { front: true } } },
      orderBy: [{ reviewedAt: "asc" }, { id: "asc" }],
    }),
    // Study settings are the person's own across courses, like learner preferences: operators only.
    scope.kind === "all" ? db.studySettings.findUnique({ where: { userId } }) : Promise.resolve(null),
    db.practiceRun.findMany({
      where,
      include: {
        course: slug,
        quiz: { select: { title: true } },
        answers: {
          include: { question: { select: { position: true, prompt: true } } },
          orderBy: [{ answeredAt: "asc" }, { questionId: "asc" }],
        },
      },
      orderBy: [{ startedAt: "asc" }, { id: "asc" }],
    }),
    db.studyGuide.findMany({
      where: { requestedById: userId, ...inScope(scope) },
      include: { course: slug },
      orderBy: byTime,
    }),
    db.writingSubmission.findMany({
      where,
      include: { course: slug, prompt: { select: { title: true } } },
      orderBy: byTime,
    }),
    Promise.all([
      db.deck.findMany({
        where: { createdById: userId, kind: "COURSE", ...inScope(scope) },
        include: { course: slug },
        orderBy: byTime,
      }),
      db.writingPrompt.findMany({
        where: { createdById: userId, ...inScope(scope) },
        include: { course: slug },
        orderBy: byTime,
      }),
    ]),
    db.xpEvent.findMany({
      where,
      include: { course: slug },
      orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
    }),
  ]);
  const [courseDecks, prompts] = authored;
  return {
    decks: decks.map((d) => ({
      course: d.course.slug,
      title: d.title,
      topic: d.topic,
      origin: d.origin,
      createdAt: iso(d.createdAt),
      cards: d.cards.map((c) => ({
        front: c.front,
        back: c.back,
        hint: c.hint,
        tags: c.tags,
        source: c.sourceTitle,
        createdAt: iso(c.createdAt),
      })),
    })),
    cardStates: states.map((s) => ({
      course: s.course.slug,
      deck: s.card.deck.title,
      card: s.card.front,
      state: s.state,
      due: iso(s.due),
      stability: s.stability,
      difficulty: s.difficulty,
      reps: s.reps,
      lapses: s.lapses,
      lastReview: iso(s.lastReview),
    })),
    reviews: reviews.map((r) => ({
      course: r.course.slug,
      card: r.card.front,
      rating: r.rating,
      elapsedDays: r.elapsedDays,
      scheduledDays: r.scheduledDays,
      stateBefore: r.stateBefore,
      stateAfter: r.stateAfter,
      platform: r.platform,
      reviewedAt: iso(r.reviewedAt),
    })),
    settings: settings && {
      cardsFromMisses: settings.cardsFromMisses,
      newCardsPerDay: settings.newCardsPerDay,
      desiredRetention: settings.desiredRetention,
      nudgeEnabled: settings.nudgeEnabled,
      nudgeHour: settings.nudgeHour,
      timeZone: settings.timeZone,
      quietStartHour: settings.quietStartHour,
      quietEndHour: settings.quietEndHour,
      fsrsParameters: settings.fsrsParameters,
      fsrsOptimizedAt: iso(settings.fsrsOptimizedAt),
      hideFromLeaderboard: settings.hideFromLeaderboard,
      updatedAt: iso(settings.updatedAt),
    },
    practiceRuns: runs.map((r) => ({
      course: r.course.slug,
      quiz: r.quiz.title,
      mode: r.mode,
      platform: r.platform,
      questions: r.questionIds.length,
      correct: r.correctCount,
      credit: r.credit,
      timeLimitSec: r.timeLimitSec,
      startedAt: iso(r.startedAt),
      finishedAt: iso(r.finishedAt),
      answers: r.answers.map((a) => ({
        question: a.question.position + 1,
        prompt: a.question.prompt,
        choices: a.choices,
        text: a.text,
        number: a.number,
        correct: a.correct,
        credit: a.credit,
        late: a.late,
        answeredAt: iso(a.answeredAt),
      })),
    })),
    studyGuidesRequested: guides.map((g) => ({
      course: g.course.slug,
      title: g.title,
      createdAt: iso(g.createdAt),
    })),
    writingSubmissions: submissions.map((w) => ({
      course: w.course.slug,
      prompt: w.prompt.title,
      platform: w.platform,
      text: w.text,
      wordCount: w.wordCount,
      method: w.method,
      scores: w.scores,
      totalScore: w.totalScore,
      maxScore: w.maxScore,
      feedback: w.feedback,
      citations: w.citations,
      nextStep: w.nextStep,
      createdAt: iso(w.createdAt),
    })),
    courseDecksCreated: courseDecks.map((d) => ({
      course: d.course.slug,
      title: d.title,
      createdAt: iso(d.createdAt),
    })),
    writingPromptsCreated: prompts.map((p) => ({
      course: p.course.slug,
      title: p.title,
      createdAt: iso(p.createdAt),
    })),
    // The ledger's own ids (answers, reviews) say nothing to the person; what, when and how much do.
    xpEvents: xp.map((x) => ({
      course: x.course.slug,
      kind: x.kind,
      points: x.points,
      occurredAt: iso(x.occurredAt),
      localDate: x.localDate.toISOString().slice(0, 10),
    })),
  };
}
