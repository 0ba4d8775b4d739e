import { randomUUID } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "../../audit/record-audit.ts";
import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import type { SecretBox } from "../../secrets/secret-box.ts";
import { districtProviderSchema } from "./district-roster.ts";
import { type SyncRunSummary, toSyncRunSummary } from "./sync-runs.ts";

/** A connected district as the CLI and the district page show it. */
export interface DistrictSummary {
  id: string;
  provider: "CLEVER" | "ONEROSTER";
  externalId: string;
  name: string;
  status: "CONNECTED" | "DISCONNECTED";
  statusReason: string | null;
  eventCursor: string | null;
  eventCursorAt: Date | null;
  lastSyncedAt: Date | null;
  /** Classes the district lists now (removed ones are not counted). */
  sections: number;
  lastRun: SyncRunSummary | null;
}

export const connectDistrictInput = z.object({
  provider: districtProviderSchema,
  /** Clever's district id; for OneRoster, the name the operator gives the district. */
  externalId: z.string().trim().min(1).max(255),
  name: z.string().trim().min(1).max(200),
  /** Clever's district-app token; OneRoster districts have none. */
  token: z.string().min(1).max(4096).optional(),
});

/** What a district's token envelope is bound to: another district's envelope does not open here. */
export function districtTokenContext(districtId: string): string {
  return `RosterDistrict ${districtId}`;
}

const summaryInclude = {
  _count: { select: { sections: { where: { removedAt: null } } } },
  runs: { orderBy: { startedAt: "desc" }, take: 1 },
} as const;

type DistrictRow = Awaited<ReturnType<typeof findRows>>[number];

function findRows(db: Prisma, where: object) {
  return db.rosterDistrict.findMany({ where, include: summaryInclude, orderBy: { name: "asc" } });
}

function toSummary(row: DistrictRow): DistrictSummary {
  const lastRun = row.runs[0];
  return {
    id: row.id,
    provider: row.provider,
    externalId: row.externalId,
    name: row.name,
    status: row.status,
    statusReason: row.statusReason,
    eventCursor: row.eventCursor,
    eventCursorAt: row.eventCursorAt,
    lastSyncedAt: row.lastSyncedAt,
    sections: row._count.sections,
    lastRun: lastRun ? toSyncRunSummary(lastRun) : null,
  };
}

/**
 * Connects a district, or reconnects it: one row per provider and district id. The token is sealed
 * for this district's row; reconnecting marks it connected again and clears why it was not (a
 * reconnect without a token keeps the one stored). Audited.
 */
export async function connectDistrict(
  deps: { db: Prisma; secrets: SecretBox },
  input: z.input<typeof connectDistrictInput>,
): Promise<DistrictSummary> {
  const parsed = connectDistrictInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError(ErrorCode.InvalidInput, `invalid district: ${parsed.error.issues[0]?.message}`, {
      userMessage: `That district is not valid: ${parsed.error.issues[0]?.path.join(".")} ${parsed.error.issues[0]?.message}`,
    });
  }
  const { provider, externalId, name, token } = parsed.data;
  const id = await deps.db.$transaction(async (tx) => {
    const existing = await tx.rosterDistrict.findUnique({
      where: { provider_externalId: { provider, externalId } },
      select: { id: true },
    });
    const districtId = existing?.id ?? randomUUID();
    const tokenSealed = token ? deps.secrets.seal(token, districtTokenContext(districtId)) : undefined;
    if (existing) {
      await tx.rosterDistrict.update({
        where: { id: districtId },
        data: { name, status: "CONNECTED", statusReason: null, ...(tokenSealed ? { tokenSealed } : {}) },
      });
    } else {
      await tx.rosterDistrict.create({
        data: { id: districtId, provider, externalId, name, tokenSealed: tokenSealed ?? null },
      });
    }
    await recordAudit(tx, {
      action: "district.connected",
      targetType: "district",
      targetId: districtId,
      details: { provider, externalId, name, reconnected: Boolean(existing) },
    });
    return districtId;
  });
  return requireDistrict(deps.db, id);
}

/** Every district, by name. */
export async function listDistricts(db: Prisma): Promise<DistrictSummary[]> {
  return (await findRows(db, {})).map(toSummary);
}

/** One district by its id, or by its provider and the provider's id for it; null when there is none. */
export async function findDistrict(
  db: Prisma,
  by: { id: string } | { provider: "CLEVER" | "ONEROSTER"; externalId: string },
): Promise<DistrictSummary | null> {
  if ("id" in by && !z.uuid().safeParse(by.id).success) return null;
  const where = "id" in by ? { id: by.id } : { provider: by.provider, externalId: by.externalId };
  const [row] = await findRows(db, where);
  return row ? toSummary(row) : null;
}

/**
 * Only whether a district is connected, by its provider's id for it (null: never connected): one
 * indexed read, for checks made on every request of a district's people (their pages, their sign-in).
 */
export async function districtStatus(
  db: Prisma,
  by: { provider: "CLEVER" | "ONEROSTER"; externalId: string },
): Promise<"CONNECTED" | "DISCONNECTED" | null> {
  const row = await db.rosterDistrict.findUnique({
    where: { provider_externalId: by },
    select: { status: true },
  });
  return row?.status ?? null;
}

/**
 * The district's token, opened. Refused with a sentence for the operator when the district is
 * unknown, disconnected (the district revoked us: reconnect it first) or holds no token.
 */
export async function openDistrictToken(
  deps: { db: Prisma; secrets: SecretBox },
  districtId: string,
): Promise<string> {
  const district = z.uuid().safeParse(districtId).success
    ? await deps.db.rosterDistrict.findUnique({ where: { id: districtId } })
    : null;
  if (!district) {
    throw new AppError(ErrorCode.NotFound, `district ${districtId} not found`, {
      userMessage: "That district is not connected to StudyHall.",
    });
  }
  if (district.status === "DISCONNECTED") {
    throw new AppError(ErrorCode.Conflict, `district ${districtId} is disconnected`, {
      userMessage: `${district.name} is disconnected${district.statusReason ? ` (${district.statusReason})` : ""}. Reconnect it before syncing.`,
      details: { districtId },
    });
  }
  if (!district.tokenSealed) {
    throw new AppError(ErrorCode.NotFound, `district ${districtId} has no token`, {
      userMessage: `${district.name} has no Clever token stored. Connect it again with its token.`,
      details: { districtId },
    });
  }
  return deps.secrets.open(district.tokenSealed, districtTokenContext(district.id));
}

/**
 * Marks a district disconnected, saying why (e.g. Clever refused its token). Nothing is deleted: its
 * classes, courses, people and sealed token stay, and reconnecting picks them up again. Audited.
 */
export async function disconnectDistrict(db: Prisma, districtId: string, reason: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const district = await tx.rosterDistrict.findUnique({
      where: { id: districtId },
      select: { status: true },
    });
    if (!district) throw new AppError(ErrorCode.NotFound, `district ${districtId} not found`);
    await tx.rosterDistrict.update({
      where: { id: districtId },
      data: { status: "DISCONNECTED", statusReason: reason.trim().slice(0, 500) || null },
    });
    if (district.status === "DISCONNECTED") return;
    await recordAudit(tx, {
      action: "district.disconnected",
      targetType: "district",
      targetId: districtId,
      details: { reason: reason.trim().slice(0, 200) },
    });
  });
}

/** Stores the last event applied (Clever), or clears it (null) so the next sync is a full one. */
export async function setEventCursor(
  db: Prisma,
  districtId: string,
  cursor: { id: string; at: Date } | null,
): Promise<void> {
  await db.rosterDistrict.update({
    where: { id: districtId },
    data: { eventCursor: cursor?.id ?? null, eventCursorAt: cursor?.at ?? null },
  });
}

async function requireDistrict(db: Prisma, id: string): Promise<DistrictSummary> {
  const district = await findDistrict(db, { id });
  if (!district) throw new AppError(ErrorCode.Internal, `district ${id} vanished`);
  return district;
}
