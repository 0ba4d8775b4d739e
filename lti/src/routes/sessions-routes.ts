import {
  handleSessionAction,
  isAppError,
  listStudySessions,
  permits,
  type Reply,
  type ReplyAction,
  readStudySettings,
  runSessionsCommand,
  type SessionsCommand,
  type StudySessionView,
} from "@studyhall/core";
import type { Express, Response } from "express";
import { z } from "zod";
import type { LtiContext } from "../lti-context.ts";
import type { PageNotice } from "../pages/page-parts.ts";
import { sessionsPage } from "../pages/sessions-page.ts";
import { HERE_CHOICE } from "../pages/sessions-parts.ts";
import { httpStatusOf } from "./error-status.ts";
import { guard, page, pageContext, sessionCourse, sessionOf } from "./page-session.ts";
import { sendPage } from "./respond.ts";
import { studyPlace } from "./study-routes.ts";

/** How many ended sessions the page lists, latest first. */
const PAST_ITEMS = 10;

// An empty optional field arrives as "", which is "not given" here.
const optionalText = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => (v ? v : undefined));

const scheduleForm = z.object({
  title: z.string().trim().min(1).max(200),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  time: z.string().regex(/^\d{2}:\d{2}$/),
  minutes: z
    .string()
    .optional()
    .transform((v) => (v ? Number(v) : undefined))
    .pipe(z.number().int().optional()),
  weekly: z.literal("1").optional(),
  quiz: optionalText,
  deck: optionalText,
});

const actionForm = z.object({
  session: z.uuid(),
  choice: z.enum(["GOING", "MAYBE", "NOT_GOING", HERE_CHOICE]),
});

const cancelForm = z.object({ session: z.uuid() });

const calendarForm = z.object({
  scope: z.enum(["me", "course"]),
  action: z.enum(["show", "renew", "off"]),
});

const FORM_REFUSAL: PageNotice = {
  tone: "error",
  text: "That form was not complete: a session needs a title, a date and a start time.",
};

/**
 * The Study sessions page under /sessions, for anyone with a session in the course. Every post carries
 * the session's CSRF token and goes to core (the RSVP and "I'm here" to handleSessionAction, schedule,
 * cancel and the calendar links to runSessionsCommand); the page then shows core's answer, or its
 * refusal in its own words.
 */
export function installSessionsRoutes(app: Express, ctx: LtiContext): void {
  app.get(
    "/sessions",
    page(ctx, async (_req, res) => showSessions(ctx, res, {})),
  );

  app.post(
    "/sessions/action",
    guard(ctx, { csrf: true }),
    page(ctx, async (req, res) => {
      const parsed = actionForm.safeParse(req.body);
      if (!parsed.success) return showSessions(ctx, res, { status: 400, notice: FORM_REFUSAL });
      const { session, choice } = parsed.data;
      const action: ReplyAction =
        choice === HERE_CHOICE
          ? { kind: "session.join", sessionId: session }
          : { kind: "session.rsvp", sessionId: session, choice };
      await answerWith(ctx, res, async () => {
        const { notice } = await handleSessionAction(ctx.deps, { ...studyPlace(res), action });
        return notice;
      });
    }),
  );

  app.post(
    "/sessions/schedule",
    guard(ctx, { csrf: true }),
    page(ctx, async (req, res) => {
      const parsed = scheduleForm.safeParse(req.body);
      if (!parsed.success) return showSessions(ctx, res, { status: 400, notice: FORM_REFUSAL });
      const f = parsed.data;
      await runCommand(ctx, res, {
        name: "schedule",
        title: f.title,
        when: `${f.date} ${f.time}`,
        ...(f.minutes !== undefined ? { minutes: f.minutes } : {}),
        ...(f.weekly ? { weekly: true } : {}),
        ...(f.quiz ? { quiz: f.quiz } : {}),
        ...(f.deck ? { deck: f.deck } : {}),
      });
    }),
  );

  app.post(
    "/sessions/cancel",
    guard(ctx, { csrf: true }),
    page(ctx, async (req, res) => {
      const parsed = cancelForm.safeParse(req.body);
      if (!parsed.success) return showSessions(ctx, res, { status: 400, notice: FORM_REFUSAL });
      await runCommand(ctx, res, { name: "cancel", session: parsed.data.session });
    }),
  );

  app.post(
    "/sessions/calendar",
    guard(ctx, { csrf: true }),
    page(ctx, async (req, res) => {
      const parsed = calendarForm.safeParse(req.body);
      if (!parsed.success) return showSessions(ctx, res, { status: 400, notice: FORM_REFUSAL });
      await runCommand(ctx, res, { name: "calendar", ...parsed.data });
    }),
  );
}

function runCommand(ctx: LtiContext, res: Response, command: SessionsCommand): Promise<void> {
  return answerWith(ctx, res, () => runSessionsCommand(ctx.deps, { ...studyPlace(res), command }));
}

/**
 * Runs one of core's use cases and shows the page with its answer; a refusal core words for the person
 * (not allowed, not found, a time it cannot read) shows on the page with its status, anything else is
 * the usual error page.
 */
async function answerWith(ctx: LtiContext, res: Response, work: () => Promise<Reply>): Promise<void> {
  let answer: Reply;
  try {
    answer = await work();
  } catch (error) {
    const status = httpStatusOf(error);
    if (!isAppError(error) || status >= 500) throw error;
    ctx.log.info({ code: error.code, path: "/sessions" }, error.message);
    return showSessions(ctx, res, { status, notice: { tone: "error", text: error.userMessage } });
  }
  return showSessions(ctx, res, { answer });
}

async function showSessions(
  ctx: LtiContext,
  res: Response,
  extra: { status?: number; answer?: Reply; notice?: PageNotice },
): Promise<void> {
  const session = sessionOf(res);
  const place = studyPlace(res);
  const course = await sessionCourse(ctx, session);
  const { timeZone } = await readStudySettings(ctx.db, { actor: place.actor });
  const sessions = await listStudySessions(ctx.deps, place, { includePast: true });
  const { upcoming, past } = splitSessions(sessions);
  const staff = session.role === "STAFF";
  sendPage(
    res,
    sessionsPage(
      {
        courseName: course.name,
        staff,
        canSchedule: permits(course.sessionsPolicy, staff ? "STAFF" : "STUDENT"),
        timeZone,
        upcoming,
        past,
        ...(extra.answer ? { answer: extra.answer } : {}),
        ...(extra.notice ? { notice: extra.notice } : {}),
      },
      pageContext(ctx, res),
    ),
    extra.status ? { status: extra.status } : {},
  );
}

/** Ended sessions go below, latest first; everything else (cancelled ones marked) is coming up. */
function splitSessions(sessions: StudySessionView[]): {
  upcoming: StudySessionView[];
  past: StudySessionView[];
} {
  const byStart = [...sessions].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  return {
    upcoming: byStart.filter((s) => s.status !== "ENDED"),
    past: byStart
      .filter((s) => s.status === "ENDED")
      .reverse()
      .slice(0, PAST_ITEMS),
  };
}
