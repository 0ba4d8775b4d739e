import {
  describeQuizShortfall,
  exportQuizResultsCsv,
  generateQuiz,
  listQuizzes,
  noticeReply,
  quizReport,
  quizReviewReply,
  type Reply,
  type SpaceMember,
} from "@studyhall/core";
import type { QuizCommand } from "../../parse/parse-quiz-command.ts";
import { uploadPrivateFile } from "../../slack/upload-private-file.ts";
import type { SlackContext } from "../../slack-context.ts";
import type { CommandRequest } from "./command-request.ts";

/** `quiz drafts`: the course's drafts; `quiz drafts <n>`: one draft in full, with Approve / Discard. */
export async function runQuizDrafts(
  ctx: SlackContext,
  req: CommandRequest,
  member: SpaceMember,
  index: number | undefined,
): Promise<void> {
  const { db } = ctx.deps;
  const courseId = member.course.id;
  const drafts = await listQuizzes(db, { actor: req.actor, courseId, status: "DRAFT" });
  if (index === undefined) return req.reply(draftsReply(member.course.name, drafts));
  const draft = drafts[index - 1];
  if (!draft)
    return req.reply(
      noticeReply("error", `There is no draft number ${index}. See \`/studyhall quiz drafts\`.`),
    );
  await req.reply(await quizReviewReply(db, { actor: req.actor, courseId, quizId: draft.id }));
}

function draftsReply(course: string, drafts: Awaited<ReturnType<typeof listQuizzes>>): Reply {
  if (drafts.length === 0)
    return noticeReply(
      "info",
      `${course} has no draft quizzes. Write one with \`/studyhall quiz generate [topic]\`.`,
    );
  const lines = drafts.map(
    (d, i) =>
      `${i + 1}. **${d.title}** · ${d.questions} question${d.questions === 1 ? "" : "s"} · ${d.origin === "GENERATED" ? "written" : "added"} ${d.createdAt.toISOString().slice(0, 10)}`,
  );
  return {
    visibility: "private",
    blocks: [
      { type: "text", text: `**Draft quizzes in ${course}**\n${lines.join("\n")}` },
      {
        type: "text",
        text: "Review one (and approve or discard it) with `/studyhall quiz drafts <number>`.",
      },
    ],
  };
}

/** `quiz generate [topic] [count]`: writes a draft from the course's materials and shows it for review. */
export async function runQuizGenerate(
  ctx: SlackContext,
  req: CommandRequest,
  member: SpaceMember,
  what: Extract<QuizCommand, { action: "generate" }>,
): Promise<void> {
  const courseId = member.course.id;
  await req.reply(
    noticeReply(
      "info",
      `Writing ${what.count ?? 5} questions${what.topic ? ` about “${what.topic}”` : ""} from the materials of ${member.course.name}…`,
    ),
  );
  const result = await generateQuiz(
    {
      actor: req.actor,
      courseId,
      ...(what.topic ? { topic: what.topic } : {}),
      ...(what.count !== undefined ? { count: what.count } : {}),
    },
    ctx.deps.quiz.generation,
  );
  req.log.info(
    { quizId: result.quizId, questions: result.questions, dropped: result.dropped },
    "quiz drafted",
  );
  const review = await quizReviewReply(ctx.deps.db, { actor: req.actor, courseId, quizId: result.quizId });
  const dropped = result.dropped
    ? ` ${result.dropped} unusable question${result.dropped === 1 ? " was" : "s were"} left out.`
    : "";
  await req.reply({
    visibility: "private",
    blocks: [
      {
        type: "notice",
        tone: "info",
        text: `Draft written with ${result.questions} question${result.questions === 1 ? "" : "s"}.${dropped}${result.shortfall ? ` ${describeQuizShortfall(result.shortfall)}` : ""} Check every answer, then approve it to play it live.`,
      },
      ...review.blocks,
    ],
  });
}

/** `quiz results`: the report of the last quiz played to the end here (staff see every question). */
export async function runQuizResults(
  ctx: SlackContext,
  req: CommandRequest,
  member: SpaceMember,
): Promise<void> {
  await req.reply(
    await quizReport(ctx.deps.db, {
      actor: req.actor,
      courseId: member.course.id,
      spaceId: req.space.channelId,
    }),
  );
}

/** `quiz export`: the last quiz's results as CSV, uploaded into the staff member's DM with the app. */
export async function runQuizExport(
  ctx: SlackContext,
  req: CommandRequest,
  member: SpaceMember,
): Promise<void> {
  const { fileName, csv, rows } = await exportQuizResultsCsv(ctx.deps.db, {
    actor: req.actor,
    courseId: member.course.id,
    spaceId: req.space.channelId,
  });
  await uploadPrivateFile(req.client, {
    user: req.actor.externalId,
    fileName,
    content: csv,
    title: fileName,
    comment: `Quiz results for ${member.course.name}: ${rows} ${rows === 1 ? "person" : "people"}, one row each.`,
  });
  req.log.info({ rows }, "quiz results exported");
  await req.reply(
    noticeReply(
      "info",
      `I sent you **${fileName}** (${rows} ${rows === 1 ? "row" : "rows"}) in a direct message.`,
    ),
  );
}
