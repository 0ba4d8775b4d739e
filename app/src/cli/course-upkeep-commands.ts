import { archiveCourse, renameCourse } from "@studyhall/core";
import type { Services } from "../services.ts";
import { cliActor, operatorCourse } from "./cli-context.ts";

type Out = { out: Pick<NodeJS.WritableStream, "write"> };

/** `studyhall course rename <course> <new name>`: the slug stays, so scripts that name it keep working. */
export async function courseRename(
  services: Pick<Services, "database">,
  ref: string,
  name: string,
  io: Out,
): Promise<void> {
  const { course } = await operatorCourse(services, ref);
  const renamed = await renameCourse(services.database.prisma, {
    actor: cliActor(),
    courseId: course.id,
    name,
  });
  io.out.write(`Renamed "${course.name}" to "${renamed.name}" (still ${renamed.slug}).\n`);
}

/** `studyhall course archive|unarchive <course>`: read-only and hidden from pickers, or open again. */
export async function courseArchive(
  services: Pick<Services, "database">,
  ref: string,
  archived: boolean,
  io: Out,
): Promise<void> {
  const { course } = await operatorCourse(services, ref);
  const result = await archiveCourse(services.database.prisma, {
    actor: cliActor(),
    courseId: course.id,
    archived,
  });
  const name = `"${course.name}" (${course.slug})`;
  if (!result.changed) {
    io.out.write(`${name} is already ${archived ? "archived" : "open"}.\n`);
  } else if (archived) {
    io.out.write(
      `Archived ${name}: it is read-only and hidden from course lists and pickers; the tutor still answers. ` +
        `Reopen it with: studyhall course unarchive ${course.slug}\n`,
    );
  } else {
    io.out.write(`Reopened ${name}: materials, quizzes and settings can be changed again.\n`);
  }
}
