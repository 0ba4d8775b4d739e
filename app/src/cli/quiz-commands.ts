import { writeFile } from "node:fs/promises";
import {
  approveQuiz,
  describeQuizShortfall,
  exportQuizResultsCsv,
  generateQuiz,
  listQuizzes,
  quizReport,
  quizReviewReply,
} from "@studyhall/core";
import type { Services } from "../services.ts";
import { cliActor, operatorCourse } from "./cli-context.ts";
import { materialIdsByRef } from "./material-refs.ts";
import { renderReplyText } from "./render-reply-text.ts";

type Out = { out: NodeJS.WriteStream; err: NodeJS.WriteStream };

/** Writes a draft quiz from the course's materials and shows it for review. */
export async function quizGenerate(
  services: Services,
  courseRef: string,
  options: { topic?: string; materials?: string[]; count?: number },
  io: Out,
) {
  const { course } = await operatorCourse(services, courseRef);
  io.err.write(`Writing questions from ${course.slug}'s materials…\n`);
  const generated = await generateQuiz(
    {
      actor: cliActor(),
      courseId: course.id,
      ...(options.topic ? { topic: options.topic } : {}),
      ...(options.materials
        ? { materialIds: await materialIdsByRef(services, course.id, options.materials) }
        : {}),
      ...(options.count ? { count: options.count } : {}),
    },
    services.quiz.generation,
  );
  const review = await quizReviewReply(services.db, {
    actor: cliActor(),
    courseId: course.id,
    quizId: generated.quizId,
  });
  io.out.write(`${renderReplyText(review)}\n\n`);
  io.out.write(
    `Draft ${generated.quizId} saved with ${generated.questions} question${generated.questions === 1 ? "" : "s"}${generated.dropped ? ` (${generated.dropped} unusable ones dropped)` : ""}.${generated.shortfall ? ` ${describeQuizShortfall(generated.shortfall)}` : ""}\n`,
  );
  io.out.write(
    `Approve it to play it live: studyhall quiz approve --course ${course.slug} ${generated.quizId}\n`,
  );
}

export async function quizList(services: Services, courseRef: string, drafts: boolean, io: Out) {
  const { course } = await operatorCourse(services, courseRef);
  const quizzes = await listQuizzes(services.db, {
    actor: cliActor(),
    courseId: course.id,
    ...(drafts ? { status: "DRAFT" as const } : {}),
  });
  if (quizzes.length === 0) io.out.write(`${course.slug} has no ${drafts ? "drafts" : "quizzes"} yet.\n`);
  for (const q of quizzes) io.out.write(`${q.id}\t${q.status}\t${q.questions} questions\t${q.title}\n`);
}

export async function quizShow(services: Services, courseRef: string, quizId: string, io: Out) {
  const { course } = await operatorCourse(services, courseRef);
  const review = await quizReviewReply(services.db, { actor: cliActor(), courseId: course.id, quizId });
  io.out.write(`${renderReplyText(review)}\n`);
}

export async function quizApprove(services: Services, courseRef: string, quizId: string, io: Out) {
  const { course } = await operatorCourse(services, courseRef);
  const { title } = await approveQuiz(services.db, { actor: cliActor(), courseId: course.id, quizId });
  io.out.write(
    `Approved "${title}". Start it in a linked channel with /quiz start (Discord) or /studyhall quiz start (Slack).\n`,
  );
}

/** The last finished game's report, and optionally its CSV. */
export async function quizResults(
  services: Services,
  courseRef: string,
  csvPath: string | undefined,
  io: Out,
) {
  const { course } = await operatorCourse(services, courseRef);
  const report = await quizReport(services.db, { actor: cliActor(), courseId: course.id });
  io.out.write(`${renderReplyText(report)}\n`);
  if (csvPath) {
    const exported = await exportQuizResultsCsv(services.db, { actor: cliActor(), courseId: course.id });
    await writeFile(csvPath, exported.csv);
    io.out.write(`Wrote ${exported.rows} rows to ${csvPath}.\n`);
  }
}
