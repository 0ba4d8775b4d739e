import { startSpaceBinding } from "@studyhall/core";
import type { Services } from "../services.ts";
import { cliActor, operatorCourse } from "./cli-context.ts";

/**
 * `studyhall course link-code <course>`: a one-time code that links a Slack channel or a Discord
 * server to a course made here. Without it, `setup <name>` in a channel makes a new, empty course of
 * the same name, not the one whose materials were ingested from the terminal.
 */
export async function courseLinkCode(
  services: Pick<Services, "database">,
  ref: string,
  io: { out: Pick<NodeJS.WritableStream, "write"> },
): Promise<void> {
  const { course } = await operatorCourse(services, ref);
  const { code, expiresAt } = await startSpaceBinding(services.database.prisma, {
    actor: cliActor(),
    courseId: course.id,
  });
  const until = expiresAt.toISOString().slice(11, 16);
  io.out.write(`Link a channel to "${course.name}" with this code (it works once, until ${until} UTC):\n`);
  io.out.write(`  Slack:   /studyhall setup code ${code}\n`);
  io.out.write(`  Discord: /setup code: ${code}\n`);
}
