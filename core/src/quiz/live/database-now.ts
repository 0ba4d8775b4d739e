import type { Prisma } from "../../db/open-database.ts";
import type { Tx } from "./live-session.ts";

/** Database time: every process and every answer is measured against the same clock. */
export async function databaseNow(db: Tx | Prisma): Promise<Date> {
  const [row] = await db.$queryRaw<Array<{ now: Date }>>`SELECT clock_timestamp() AS now`;
  return row?.now ?? new Date();
}
