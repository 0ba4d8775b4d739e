import os from "node:os";
import path from "node:path";
import { type Actor, createLogger, ensureEnrollment, findCourse, resolveUser } from "@studyhall/core";
import { loadConfig } from "../config.ts";
import { type Services, startServices } from "../services.ts";

export const rootDir = path.resolve(import.meta.dirname, "..", "..", "..");

/** The operator at the terminal, as a platform-neutral actor. */
export function cliActor(): Actor {
  const username = os.userInfo().username || "operator";
  return { platform: "CLI", tenant: "", externalId: username, displayName: username };
}

/**
 * Runs `fn` with started services. Logs go to stderr (warnings only unless --verbose), so stdout carries
 * just the command's own output.
 */
export async function withServices<T>(
  options: { verbose?: boolean },
  fn: (services: Services) => Promise<T>,
): Promise<T> {
  const config = loadConfig(process.env, { isTty: process.stderr.isTTY, rootDir });
  const logger = createLogger({
    level: options.verbose ? "debug" : "warn",
    pretty: process.stderr.isTTY,
    fd: 2,
  });
  const services = await startServices(config, logger);
  try {
    return await fn(services);
  } finally {
    await services.close();
    logger.flush();
  }
}

/**
 * The course named by `ref` (slug or id), with the operator enrolled as staff: whoever runs the CLI
 * operates this deployment and may act in every course.
 */
export async function operatorCourse(services: Pick<Services, "database">, ref: string) {
  const db = services.database.prisma;
  const course = await findCourse(db, ref);
  const { userId } = await resolveUser(db, cliActor());
  await ensureEnrollment(db, { courseId: course.id, userId, role: "STAFF", source: "MANUAL" });
  return { course, userId };
}
