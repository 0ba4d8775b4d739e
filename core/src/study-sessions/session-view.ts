import type { Prisma as PrismaTypes } from "../db/generated/client.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";

/** A person's answer to a session's invitation. */
export type RsvpChoice = "GOING" | "MAYBE" | "NOT_GOING";

type ChatPlatform = "SLACK" | "DISCORD";

/** One occurrence of a study session as front ends and ports see it. Times are instants (UTC). */
export interface StudySessionView {
  id: string;
  courseId: string;
  courseName: string;
  seriesId: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  /** The scheduler's zone: the wall clock a weekly series keeps, and the zone of text fallbacks. */
  timeZone: string;
  weekly: boolean;
  status: "SCHEDULED" | "OPEN" | "ENDED" | "CANCELLED";
  quizId: string | null;
  quizTitle: string | null;
  deckId: string | null;
  deckName: string | null;
  platform: ChatPlatform | null;
  tenant: string | null;
  channelId: string | null;
  /** The platform's record of the announcement: a Discord Guild Scheduled Event id, a Slack message ts. */
  announcementRef: string | null;
  /** A chat message carrying the announcement beside `announcementRef` (Discord's message with the buttons). */
  messageRef: string | null;
  /** The thread opened at the start: a Discord thread id, the Slack thread's ts. */
  threadRef: string | null;
  quizSessionId: string | null;
  going: number;
  maybe: number;
  /** The creator's account on the session's platform: the host of the quiz started at the start. */
  host: { platform: ChatPlatform; tenant: string; externalId: string; displayName?: string } | null;
  /** What the end of the session wrote, once it ended. */
  summary: SessionSummary | null;
  /** When the session last changed (calendars take updates by it). */
  updatedAt: Date;
}

/** What the summary at the end of a session says, kept with the session. */
export interface SessionSummary {
  attendees: Array<{ userId: string; name: string }>;
  quiz: { players: number; averagePercent: number; top: Array<{ name: string; score: number }> } | null;
  review: string[];
}

const include = {
  course: { select: { name: true } },
  createdBy: {
    select: { identities: { select: { platform: true, tenant: true, externalId: true, displayName: true } } },
  },
} satisfies PrismaTypes.StudySessionInclude;

/** Loads sessions as views, in the order of `orderBy`. */
export async function loadSessionViews(
  db: Prisma,
  where: PrismaTypes.StudySessionWhereInput,
  options: { orderBy?: PrismaTypes.StudySessionOrderByWithRelationInput; take?: number } = {},
): Promise<StudySessionView[]> {
  const rows = await db.studySession.findMany({
    where,
    include,
    orderBy: options.orderBy ?? { startsAt: "asc" },
    ...(options.take ? { take: options.take } : {}),
  });
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const quizIds = rows.flatMap((r) => (r.quizId ? [r.quizId] : []));
  const deckIds = rows.flatMap((r) => (r.deckId ? [r.deckId] : []));
  const [tallies, quizzes, decks] = await Promise.all([
    db.studySessionRsvp.groupBy({
      by: ["sessionId", "status"],
      where: { sessionId: { in: ids } },
      _count: true,
    }),
    quizIds.length
      ? db.quiz.findMany({ where: { id: { in: quizIds } }, select: { id: true, title: true } })
      : [],
    deckIds.length
      ? db.deck.findMany({ where: { id: { in: deckIds } }, select: { id: true, title: true } })
      : [],
  ]);
  const count = (id: string, status: RsvpChoice) =>
    tallies.find((t) => t.sessionId === id && t.status === status)?._count ?? 0;
  return rows.map((r) => {
    const platform = r.platform === "SLACK" || r.platform === "DISCORD" ? r.platform : null;
    // Discord's ids are global (tenant ""); Slack's are per workspace.
    const hostIdentity = platform
      ? r.createdBy?.identities.find(
          (i) => i.platform === platform && (platform === "DISCORD" || i.tenant === r.tenant),
        )
      : undefined;
    return {
      id: r.id,
      courseId: r.courseId,
      courseName: r.course.name,
      seriesId: r.seriesId,
      title: r.title,
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      timeZone: r.timeZone,
      weekly: r.recurrence === "WEEKLY",
      status: r.status,
      quizId: r.quizId,
      quizTitle: quizzes.find((q) => q.id === r.quizId)?.title ?? null,
      deckId: r.deckId,
      deckName: decks.find((d) => d.id === r.deckId)?.title ?? null,
      platform,
      tenant: platform ? r.tenant : null,
      channelId: platform ? r.channelId : null,
      announcementRef: r.announcementRef,
      messageRef: r.messageRef,
      threadRef: r.threadRef,
      quizSessionId: r.quizSessionId,
      going: count(r.id, "GOING"),
      maybe: count(r.id, "MAYBE"),
      host:
        platform && hostIdentity
          ? {
              platform,
              tenant: hostIdentity.tenant,
              externalId: hostIdentity.externalId,
              ...(hostIdentity.displayName ? { displayName: hostIdentity.displayName } : {}),
            }
          : null,
      summary: (r.summary as SessionSummary | null) ?? null,
      updatedAt: r.updatedAt,
    };
  });
}

/** One session as a view; NotFound with a sentence when there is none. */
export async function loadSessionView(db: Prisma, id: string): Promise<StudySessionView> {
  const [view] = await loadSessionViews(db, { id });
  if (!view) {
    throw new AppError(ErrorCode.NotFound, "study session not found", {
      userMessage: "That study session no longer exists.",
      details: { sessionId: id },
    });
  }
  return view;
}
