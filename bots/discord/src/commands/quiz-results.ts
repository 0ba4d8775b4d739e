import { exportQuizResultsCsv, quizReport } from "@studyhall/core";
import { courseForPlace, requireSpace } from "../context/course-for-place.ts";
import { toDiscordMessages } from "../render/to-discord-messages.ts";
import type { CommandScope } from "./command-scope.ts";

/** `/quiz results`: the last finished game here (or in the course), privately; staff see every question. */
export async function quizResults(scope: CommandScope): Promise<void> {
  const reply = await scope.defer({ ephemeral: true });
  const space = requireSpace(scope.place);
  const { db } = scope.ctx.deps;
  const course = await courseForPlace(db, scope.place);
  const report = await quizReport(db, {
    actor: scope.place.actor,
    courseId: course.courseId,
    spaceId: space.channelId,
  });
  await reply.show(toDiscordMessages(report));
}

/** `/quiz export`: the last game's results as a CSV attached to an ephemeral reply. Staff only (core). */
export async function quizExport(scope: CommandScope): Promise<void> {
  const reply = await scope.defer({ ephemeral: true });
  const space = requireSpace(scope.place);
  const { db } = scope.ctx.deps;
  const course = await courseForPlace(db, scope.place);
  const exported = await exportQuizResultsCsv(db, {
    actor: scope.place.actor,
    courseId: course.courseId,
    spaceId: space.channelId,
  });
  scope.log.info({ courseId: course.courseId, rows: exported.rows }, "quiz results exported");
  const [message] = toDiscordMessages({
    visibility: "private",
    blocks: [
      {
        type: "text",
        text: `Results of the last quiz in **${course.courseName}**: ${exported.rows} ${exported.rows === 1 ? "person" : "people"}, one row each with the points of every question.`,
      },
    ],
  });
  await reply.editWithFile(message!, {
    name: exported.fileName,
    data: Buffer.from(exported.csv, "utf8"),
    contentType: "text/csv",
  });
}
