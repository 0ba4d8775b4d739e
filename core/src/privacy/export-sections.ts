import type { Prisma } from "../db/open-database.ts";
import { attemptSpaceId } from "../quiz/attempt/quiz-attempt-view.ts";
import type { PrivacyScope } from "./privacy-requester.ts";

// The queries behind one person's export, one per section. Every list has a total order (time, then
// id), so two exports of the same data are byte-for-byte the same apart from `generatedAt`.

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** The course filter of a scope: nothing for an operator, `{ courseId }` for staff. */
function inScope(scope: PrivacyScope): { courseId?: string } {
  return scope.kind === "course" ? { courseId: scope.courseId } : {};
}

/** Every account of the person. Staff see where and under which name, not the platforms' ids. */
export async function identitiesSection(db: Prisma, userId: string, scope: PrivacyScope) {
  const rows = await db.identity.findMany({
    where: { userId },
    orderBy: [{ platform: "asc" }, { tenant: "asc" }, { externalId: "asc" }],
  });
  return rows.map((i) => ({
    platform: i.platform,
    tenant: i.tenant,
    ...(scope.kind === "all" ? { externalId: i.externalId } : {}),
    displayName: i.displayName,
    createdAt: iso(i.createdAt),
    lastSeenAt: iso(i.lastSeenAt),
  }));
}

export async function enrolmentsSection(db: Prisma, userId: string, scope: PrivacyScope) {
  const rows = await db.enrollment.findMany({
    where: { userId, ...inScope(scope) },
    include: { course: { select: { slug: true, name: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((e) => ({
    course: e.course.slug,
    courseName: e.course.name,
    role: e.role,
    source: e.source,
    removedAt: iso(e.removedAt),
    createdAt: iso(e.createdAt),
  }));
}

export async function preferencesSection(db: Prisma, userId: string) {
  const row = await db.learnerPreference.findUnique({ where: { userId } });
  if (!row) return null;
  const { userId: _userId, updatedAt, ...preferences } = row;
  return { ...preferences, updatedAt: iso(updatedAt) };
}

export async function conversationsSection(db: Prisma, userId: string, scope: PrivacyScope) {
  const rows = await db.conversation.findMany({
    where: { userId, ...inScope(scope) },
    include: {
      course: { select: { slug: true } },
      messages: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((c) => ({
    course: c.course.slug,
    platform: c.platform,
    thread: c.threadKey,
    createdAt: iso(c.createdAt),
    messages: c.messages.map((m) => ({
      role: m.role,
      content: m.content,
      citations: m.citations,
      feedback: m.feedback,
      createdAt: iso(m.createdAt),
    })),
  }));
}

export async function usageLogsSection(db: Prisma, userId: string, scope: PrivacyScope) {
  const rows = await db.usageLog.findMany({
    where: { userId, ...inScope(scope) },
    include: { course: { select: { slug: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((u) => ({
    course: u.course.slug,
    platform: u.platform,
    kind: u.kind,
    question: u.question,
    answered: u.answered,
    refusedReason: u.refusedReason,
    model: u.model,
    tokensIn: u.tokensIn,
    tokensOut: u.tokensOut,
    latencyMs: u.latencyMs,
    createdAt: iso(u.createdAt),
  }));
}

/** Games played live and quizzes taken in a page (attempts): who they played as, answers, results. */
export async function quizSection(db: Prisma, userId: string, scope: PrivacyScope) {
  const session = { session: inScope(scope) };
  const sessionInfo = {
    select: {
      courseId: true,
      spaceId: true,
      course: { select: { slug: true } },
      quiz: { select: { title: true } },
    },
  };
  const [players, answers, results] = await Promise.all([
    db.quizPlayer.findMany({
      where: { userId, ...session },
      include: { session: sessionInfo },
      orderBy: [{ joinedAt: "asc" }, { sessionId: "asc" }],
    }),
    db.answer.findMany({
      where: { userId, ...session },
      include: { question: { select: { position: true, prompt: true } } },
      orderBy: [{ answeredAt: "asc" }, { id: "asc" }],
    }),
    db.quizResult.findMany({
      where: { userId, ...inScope(scope) },
      include: { session: sessionInfo },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
  ]);
  const isAttempt = (s: { courseId: string; spaceId: string }) => s.spaceId === attemptSpaceId(s.courseId);
  return {
    players: players.map((p) => ({
      sessionId: p.sessionId,
      course: p.session.course.slug,
      quiz: p.session.quiz.title,
      displayName: p.displayName,
      team: p.team,
      joinedAt: iso(p.joinedAt),
    })),
    answers: answers.map((a) => ({
      sessionId: a.sessionId,
      question: a.question.position + 1,
      prompt: a.question.prompt,
      choices: a.choices,
      text: a.text,
      number: a.number,
      correct: a.correct,
      credit: a.credit,
      points: a.points,
      streak: a.streak,
      latencyMs: a.latencyMs,
      answeredAt: iso(a.answeredAt),
    })),
    results: results.map((r) => ({
      sessionId: r.sessionId,
      course: r.session.course.slug,
      quiz: r.session.quiz.title,
      kind: isAttempt(r.session) ? ("attempt" as const) : ("live" as const),
      displayName: r.displayName,
      team: r.team,
      score: r.score,
      accuracy: r.accuracy,
      correct: r.correctCount,
      partial: r.partialCount,
      incorrect: r.incorrectCount,
      unanswered: r.unanswered,
      bestStreak: r.bestStreak,
      rank: r.rank,
      createdAt: iso(r.createdAt),
    })),
  };
}

/** What the person did as staff: link codes issued, materials uploaded, quizzes written. */
export async function staffSection(db: Prisma, userId: string, scope: PrivacyScope) {
  const course = { select: { slug: true } };
  const [codes, materials, quizzes] = await Promise.all([
    db.linkCode.findMany({
      where: { createdById: userId, ...inScope(scope) },
      include: { course },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db.material.findMany({
      where: { uploadedById: userId, ...inScope(scope) },
      include: { course },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db.quiz.findMany({
      where: { createdById: userId, ...inScope(scope) },
      include: { course },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
  ]);
  return {
    // The code itself is never stored (only its hash, which is left out too).
    linkCodes: codes.map((c) => ({
      purpose: c.purpose,
      course: c.course?.slug ?? null,
      role: c.role,
      createdAt: iso(c.createdAt),
      expiresAt: iso(c.expiresAt),
      usedAt: iso(c.usedAt),
    })),
    materialsUploaded: materials.map((m) => ({
      course: m.course.slug,
      title: m.title,
      createdAt: iso(m.createdAt),
    })),
    quizzesCreated: quizzes.map((q) => ({
      course: q.course.slug,
      title: q.title,
      createdAt: iso(q.createdAt),
    })),
  };
}

/** Audit entries of what the person did, and of what was done to their data. */
export async function auditSection(db: Prisma, userId: string, scope: PrivacyScope) {
  const rows = await db.auditEntry.findMany({
    where: {
      OR: [{ actorId: userId }, { targetType: "person", targetId: userId }],
      ...inScope(scope),
    },
    include: { course: { select: { slug: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((a) => ({
    action: a.action,
    course: a.course?.slug ?? null,
    byThisPerson: a.actorId === userId,
    targetType: a.targetType,
    details: a.details,
    createdAt: iso(a.createdAt),
  }));
}

/** What moderation flagged of the person's questions (or the answers they were given), with its review. */
export async function moderationSection(db: Prisma, userId: string, scope: PrivacyScope) {
  const rows = await db.moderationFlag.findMany({
    where: { userId, ...inScope(scope) },
    include: { course: { select: { slug: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((f) => ({
    course: f.course.slug,
    kind: f.kind,
    categories: f.categories,
    selfHarm: f.selfHarm,
    source: f.source,
    excerpt: f.excerpt,
    status: f.status,
    reviewedAt: iso(f.reviewedAt),
    createdAt: iso(f.createdAt),
  }));
}
