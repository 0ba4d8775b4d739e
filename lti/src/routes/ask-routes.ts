import { randomUUID } from "node:crypto";
import {
  AppError,
  askTutor,
  askTutorInput,
  ErrorCode,
  isAppError,
  LMS_THREAD_KEY,
  readMyTutorQuestion,
  type TutorAnswer,
} from "@studyhall/core";
import type { Express, Request, Response } from "express";
import type { LtiContext } from "../lti-context.ts";
import { tutorAnswerBlock } from "../pages/ask-box.ts";
import { type AskPageData, askPage } from "../pages/ask-page.ts";
import { ASK_SCRIPT } from "../pages/ask-script.ts";
import { type PageContext, pageUrl } from "../pages/page-context.ts";
import type { LtiSession } from "../security/check-session.ts";
import { LtiRejection } from "../security/lti-rejection.ts";
import { httpStatusOf } from "./error-status.ts";
import { guard, page, pageContext, sessionActor, sessionCourse, sessionOf } from "./page-session.ts";
import { sendPage } from "./respond.ts";

/** What the Ask box's script asks for: one JSON event per line, written as the answer is. */
const NDJSON = "application/x-ndjson";

type AskEvent =
  | { type: "delta"; text: string }
  | { type: "answer"; html: string; url: string }
  | { type: "refusal"; message: string };

/**
 * The tutor in the LMS pages: `POST /learn/ask` answers a question from any session of the course
 * (students and staff), as a stream of NDJSON events for the Ask box's script or, for a form posted
 * without scripts, with a redirect to the answer's own page once it is written. `GET
 * /learn/questions/:answerId` shows one of the person's own earlier answers.
 */
export function installAskRoutes(app: Express, ctx: LtiContext): void {
  app.post(
    "/learn/ask",
    guard(ctx, { csrf: true }),
    page(ctx, async (req, res) => {
      const question = typeof req.body?.question === "string" ? req.body.question : "";
      if (wantsStream(req)) await streamAnswer(ctx, res, question);
      else await answerForm(ctx, res, question);
    }),
  );

  app.get(
    "/learn/questions/:answerId",
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const course = await sessionCourse(ctx, session);
      const turn = await readMyTutorQuestion(ctx.db, {
        actor: sessionActor(session),
        courseId: course.id,
        answerId: String(req.params.answerId),
      });
      showAskPage(res, pageContext(ctx, res), { courseName: course.name, staff: isStaff(session), turn });
    }),
  );
}

/**
 * Streams the answer as NDJSON events: headers first, then text as the tutor writes it. The course is
 * not read here: askTutor reads it (and refuses an unknown one) before anything is answered, and the
 * stream needs only its id, so the first words wait for one lookup of it, not two.
 */
async function streamAnswer(ctx: LtiContext, res: Response, question: string): Promise<void> {
  const session = sessionOf(res);
  const courseId = session.courseId;
  if (!courseId) throw new LtiRejection("session_invalid");
  const pageCtx = pageContext(ctx, res);
  res.status(200).set({
    "Content-Type": `${NDJSON}; charset=utf-8`,
    "Cache-Control": "no-store",
    // A reverse proxy (nginx) would otherwise hold the stream back until the answer is complete.
    "X-Accel-Buffering": "no",
    "X-Content-Type-Options": "nosniff",
  });
  res.flushHeaders();
  const send = (event: AskEvent) => {
    if (!res.writableEnded) res.write(`${JSON.stringify(event)}\n`);
  };
  try {
    const answer = await ask(ctx, session, courseId, question, (text) => send({ type: "delta", text }));
    send({
      type: "answer",
      html: tutorAnswerBlock(pageCtx, { question, answer: answer.text, citations: answer.citations }).value,
      url: pageUrl(pageCtx, `/learn/questions/${answer.messageId}`),
    });
  } catch (error) {
    send({ type: "refusal", message: refusalOf(ctx, error) });
  }
  res.end();
}

/** Without scripts: the whole answer, then its own page (a reload does not ask again). */
async function answerForm(ctx: LtiContext, res: Response, question: string): Promise<void> {
  const session = sessionOf(res);
  const course = await sessionCourse(ctx, session);
  const pageCtx = pageContext(ctx, res);
  try {
    const answer = await ask(ctx, session, course.id, question);
    res.redirect(303, pageUrl(pageCtx, `/learn/questions/${answer.messageId}`));
  } catch (error) {
    showAskPage(
      res,
      pageCtx,
      {
        courseName: course.name,
        staff: isStaff(session),
        notice: { tone: "warning", text: refusalOf(ctx, error) },
        question,
      },
      httpStatusOf(error),
    );
  }
}

/** Core's tutor, as the chats call it, on the person's one LMS conversation in the course. */
async function ask(
  ctx: LtiContext,
  session: LtiSession,
  courseId: string,
  question: string,
  onDelta?: (text: string) => void,
): Promise<TutorAnswer> {
  // Core's words for a bad question speak of a chat command; the box says it in its own terms.
  const parsed = askTutorInput.shape.question.safeParse(question);
  if (!parsed.success) {
    throw new AppError(ErrorCode.InvalidInput, "LMS question refused", {
      userMessage:
        question.trim().length === 0
          ? "Type your question in the box first."
          : (parsed.error.issues[0]?.message ?? "That question cannot be asked."),
    });
  }
  const answer = await askTutor(
    { actor: sessionActor(session), courseId, question: parsed.data, threadKey: LMS_THREAD_KEY },
    ctx.deps.tutor,
    onDelta ? { onDelta } : {},
  );
  ctx.log.info(
    { courseId, answered: answer.answered, withheld: answer.withheld, streamed: !!onDelta },
    "LMS tutor question answered",
  );
  return answer;
}

/** What the person reads when no answer came: core's sentence for a known refusal, a reference otherwise. */
function refusalOf(ctx: LtiContext, error: unknown): string {
  if (isAppError(error)) {
    const status = httpStatusOf(error);
    ctx.log[status >= 500 ? "error" : "info"](
      { code: error.code, err: status >= 500 ? error : undefined },
      error.message,
    );
    return error.userMessage;
  }
  const ref = randomUUID().slice(0, 8);
  ctx.log.error({ err: error, ref }, "LMS tutor question failed");
  return `Something went wrong on our side (reference ${ref}). Try again in a moment.`;
}

function showAskPage(res: Response, pageCtx: PageContext, data: AskPageData, status = 200): void {
  sendPage(res, askPage(data, pageCtx), { status, script: ASK_SCRIPT });
}

function wantsStream(req: Request): boolean {
  return (req.get("accept") ?? "").includes(NDJSON);
}

function isStaff(session: LtiSession): boolean {
  return session.role === "STAFF";
}
