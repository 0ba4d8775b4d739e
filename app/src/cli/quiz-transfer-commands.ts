import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { exportQuizCsv, importQuiz } from "@studyhall/core";
import type { Services } from "../services.ts";
import { cliActor, operatorCourse } from "./cli-context.ts";

type Out = { out: NodeJS.WritableStream; err: NodeJS.WritableStream };

/** `studyhall quiz import <file>`: a quiz CSV or Kahoot's template (.xlsx or CSV) becomes a draft to review. */
export async function quizImport(
  services: Services,
  courseRef: string,
  file: string,
  title: string | undefined,
  io: Out,
) {
  const { course } = await operatorCourse(services, courseRef);
  const data = await readFile(file);
  const imported = await importQuiz(services.db, {
    actor: cliActor(),
    courseId: course.id,
    data: new Uint8Array(data),
    fileName: path.basename(file),
    ...(title ? { title } : {}),
  });
  const from = imported.layout === "kahoot" ? " from Kahoot's template" : "";
  io.out.write(
    `Imported draft ${imported.quizId} "${imported.title}" with ${imported.questions} question${imported.questions === 1 ? "" : "s"}${from}.\n`,
  );
  io.out.write(
    `Review it: studyhall quiz show --course ${course.slug} ${imported.quizId}\nApprove it: studyhall quiz approve --course ${course.slug} ${imported.quizId}\n`,
  );
}

/** `studyhall quiz export <quizId>`: the quiz as CSV, to a file or to standard output. */
export async function quizExport(
  services: Services,
  courseRef: string,
  quizId: string,
  outPath: string | undefined,
  io: Out,
) {
  const { course } = await operatorCourse(services, courseRef);
  const exported = await exportQuizCsv(services.db, { actor: cliActor(), courseId: course.id, quizId });
  if (!outPath) {
    io.out.write(exported.csv);
    return;
  }
  await writeFile(outPath, exported.csv);
  io.out.write(`Wrote ${exported.questions} question${exported.questions === 1 ? "" : "s"} to ${outPath}.\n`);
}
