import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import {
  AppError,
  askTutor,
  createCourse,
  ErrorCode,
  fetchMaterialUrl,
  formatBytes,
  type IngestResult,
  ingestMaterial,
  listCourses,
  listMaterials,
  migrateDatabase,
  reindexMaterials,
  resolveUser,
  tutorAnswerReply,
} from "@studyhall/core";
import type { Services } from "../services.ts";
import { cliActor, operatorCourse } from "./cli-context.ts";
import { createProgressBar } from "./progress-bar.ts";
import { renderReplyText } from "./render-reply-text.ts";

type Out = { out: NodeJS.WriteStream; err: NodeJS.WriteStream };

export async function courseCreate(
  services: Services,
  name: string,
  description: string | undefined,
  io: Out,
) {
  const db = services.database.prisma;
  const { userId } = await resolveUser(db, cliActor());
  const course = await createCourse(db, {
    name,
    ...(description ? { description } : {}),
    staffUserId: userId,
  });
  io.out.write(`Created course "${course.name}" (${course.slug}).\n`);
  io.out.write(`Next: studyhall ingest --course ${course.slug} <file-or-url>\n`);
}

/** `studyhall course list [--all]`: open courses, or with --all the archived ones too (marked). */
export async function courseList(services: Services, io: Out, options: { all?: boolean } = {}) {
  const courses = await listCourses(services.database.prisma, { includeArchived: Boolean(options.all) });
  if (courses.length === 0)
    io.out.write('No courses yet. Create one: studyhall course create "Biology 101"\n');
  for (const c of courses) {
    const archived = c.archived ? "\t(archived)" : "";
    const where = c.districtClass
      ? `\t${[c.districtClass.school, c.districtClass.term, c.districtClass.district].filter(Boolean).join(" · ")}`
      : "";
    io.out.write(`${c.slug}\t${c.name}\t${c.materials} materials\t${c.people} people${where}${archived}\n`);
  }
}

/** Ingests each source in turn; one failing does not stop the others. Returns how many failed. */
export async function ingest(
  services: Services,
  courseRef: string,
  sources: string[],
  title: string | undefined,
  io: Out,
) {
  const { course, userId } = await operatorCourse(services, courseRef);
  let failed = 0;
  for (const source of sources) {
    const bar = createProgressBar(io.err, source);
    try {
      const file = await readSource(source);
      const result: IngestResult = await ingestMaterial(
        {
          courseId: course.id,
          data: file.data,
          fileName: file.fileName,
          ...(file.contentType ? { contentType: file.contentType } : {}),
          ...(file.url ? { sourceUrl: file.url } : {}),
          ...(title ? { title } : {}),
          uploadedById: userId,
          uploadedVia: "CLI",
        },
        services.ingest,
        { onProgress: (p) => bar.update(p.stage, p.progress) },
      );
      const m = result.material;
      bar.done(
        result.duplicate
          ? `= ${source}: already in ${course.slug} as "${m.title}" (same file)`
          : `✓ ${source}: "${m.title}", ${m.pageCount ? `${m.pageCount} pages, ` : ""}${m.chunkCount} passages`,
      );
    } catch (error) {
      failed++;
      bar.done(`✗ ${source}: ${error instanceof AppError ? error.userMessage : (error as Error).message}`);
      if (!(error instanceof AppError)) services.logger.error({ err: error, source }, "ingest failed");
    }
  }
  return failed;
}

async function readSource(source: string) {
  if (/^https?:\/\//i.test(source)) {
    // The operator is trusted to fetch from any host, including the school's intranet.
    const fetched = await fetchMaterialUrl(source, { allowPrivateHosts: true });
    return { ...fetched, url: fetched.url };
  }
  const info = await stat(source).catch(() => null);
  if (!info?.isFile()) {
    throw new AppError(ErrorCode.InvalidInput, `no file ${source}`, {
      userMessage: `There is no file at ${source}.`,
    });
  }
  return { data: await readFile(source), fileName: path.basename(source), contentType: null, url: null };
}

export async function materials(services: Services, courseRef: string, io: Out) {
  const { course } = await operatorCourse(services, courseRef);
  const rows = await listMaterials(services.database.prisma, course.id);
  if (rows.length === 0) io.out.write(`${course.slug} has no materials yet.\n`);
  for (const m of rows) {
    const state =
      m.status === "FAILED"
        ? `FAILED: ${m.error}`
        : m.status === "PROCESSING"
          ? `${m.stage} ${Math.round(m.progress * 100)}%`
          : m.status;
    io.out.write(`${m.title}\t${m.type}\t${formatBytes(m.sizeBytes)}\t${m.chunkCount} passages\t${state}\n`);
  }
}

export async function ask(services: Services, courseRef: string, question: string, thread: string, io: Out) {
  const { course } = await operatorCourse(services, courseRef);
  let streamed = false;
  const answer = await askTutor(
    { actor: cliActor(), courseId: course.id, question, threadKey: `cli:${thread}` },
    services.tutor,
    {
      onDelta: (text) => {
        streamed = true;
        io.out.write(text);
      },
    },
  );
  const reply = tutorAnswerReply(answer, "private");
  // A withheld answer's calm reply never streamed (at most a clean beginning did), so it is printed.
  const printed = streamed && !answer.withheld;
  const rest = renderReplyText({ blocks: reply.blocks.filter((b) => !printed || b.type !== "text") });
  io.out.write(`${streamed ? "\n\n" : ""}${rest}\n`);
}

export async function migrate(services: Services, io: Out) {
  // Services already migrated on start; running again reports the state without applying anything.
  const result = await migrateDatabase(
    services.database,
    path.join(services.config.rootDir, "prisma", "migrations"),
  );
  io.out.write(`Database is up to date (${result.alreadyApplied} migrations applied).\n`);
}

export async function reindex(services: Services, courseRef: string | undefined, io: Out) {
  const courseId = courseRef ? (await operatorCourse(services, courseRef)).course.id : undefined;
  const result = await reindexMaterials({ ...(courseId ? { courseId } : {}) }, services.ingest, {
    onMaterial: (done, total, title) => io.err.write(`re-embedded ${done}/${total}: ${title}\n`),
  });
  io.out.write(
    result.materials === 0
      ? `Nothing to do: every passage is embedded with ${services.ai.embedder.model}.\n`
      : `Re-embedded ${result.chunks} passages in ${result.materials} materials with ${services.ai.embedder.model}.\n`,
  );
}
