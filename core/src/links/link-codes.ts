import { createHash, randomInt } from "node:crypto";
import type { LinkCode } from "../db/generated/client.ts";
import type { CourseRole, LinkCodePurpose } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";

// No 0/O, 1/I/L: codes are read off one screen and typed into another.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const CODE_LENGTH = 8;

/** How long a code stays valid unless the caller says otherwise. */
export const LINK_CODE_TTL_MS = 30 * 60_000;

/** Normalises what a person typed ("k7q4-m2xp " -> "K7Q4M2XP"). */
export function normaliseCode(typed: string): string {
  return typed.toUpperCase().replace(/[^0-9A-Z]/g, "");
}

function hashCode(code: string): string {
  return createHash("sha256").update(normaliseCode(code)).digest("hex");
}

/** Shows a code the way people read it: "K7Q4-M2XP". */
export function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * Creates a one-time code. Only its hash is stored; the plain code is returned once, to be shown to the
 * person who asked for it.
 */
export async function createLinkCode(
  db: Prisma,
  input: {
    purpose: LinkCodePurpose;
    createdById: string;
    courseId?: string;
    role?: CourseRole;
    ttlMs?: number;
    now?: Date;
  },
): Promise<{ code: string; expiresAt: Date }> {
  const code = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
  const expiresAt = new Date((input.now?.getTime() ?? Date.now()) + (input.ttlMs ?? LINK_CODE_TTL_MS));
  await db.linkCode.create({
    data: {
      codeHash: hashCode(code),
      purpose: input.purpose,
      courseId: input.courseId ?? null,
      role: input.role ?? null,
      createdById: input.createdById,
      expiresAt,
    },
  });
  return { code: formatCode(code), expiresAt };
}

/** A Prisma client or a transaction: redeeming a code commits with what the code was used for. */
export type LinkCodeStore = Pick<Prisma, "linkCode">;

/**
 * The code's row if it can be redeemed for `purpose` now, without using it; otherwise the refusal
 * {@link consumeLinkCode} would give. Lets a use case refuse for other reasons (wrong channel, a
 * channel linked elsewhere) before the code is spent.
 */
export async function peekLinkCode(
  db: LinkCodeStore,
  input: { code: string; purpose: LinkCodePurpose; now?: Date },
): Promise<LinkCode> {
  const row = await db.linkCode.findUnique({ where: { codeHash: hashCode(input.code) } });
  const refusal = unusable(row, input.purpose, input.now ?? new Date());
  if (refusal) throw refusal;
  return row!;
}

/**
 * Marks the code used by `userId` and returns it, atomically: of two people redeeming one code at the
 * same moment exactly one succeeds. Unknown and wrong-purpose codes get the same answer, so codes
 * cannot be probed; a used or expired code says which, as that tells a guesser nothing they can use.
 */
export async function consumeLinkCode(
  db: LinkCodeStore,
  input: { code: string; purpose: LinkCodePurpose; userId: string; now?: Date },
): Promise<LinkCode> {
  const now = input.now ?? new Date();
  const { count } = await db.linkCode.updateMany({
    where: { codeHash: hashCode(input.code), purpose: input.purpose, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now, usedById: input.userId },
  });
  if (count !== 1) {
    const row = await db.linkCode.findUnique({ where: { codeHash: hashCode(input.code) } });
    throw unusable(row, input.purpose, now) ?? unusable(null, input.purpose, now)!;
  }
  return db.linkCode.findUniqueOrThrow({ where: { codeHash: hashCode(input.code) } });
}

/** Why a code cannot be redeemed for `purpose` at `now`, or null when it can. */
function unusable(row: LinkCode | null, purpose: LinkCodePurpose, now: Date): AppError | null {
  if (!row || row.purpose !== purpose) {
    return new AppError(ErrorCode.InvalidInput, "link code unknown", {
      userMessage: "That code is not valid. Codes work once and expire after 30 minutes; ask for a new one.",
    });
  }
  if (row.usedAt) {
    return new AppError(ErrorCode.InvalidInput, "link code already used", {
      userMessage: "That code has already been used. Each code works once; ask for a new one.",
      details: { linkCodeId: row.id },
    });
  }
  if (row.expiresAt.getTime() <= now.getTime()) {
    return new AppError(ErrorCode.InvalidInput, "link code expired", {
      userMessage: "That code has expired (codes last 30 minutes). Ask for a new one.",
      details: { linkCodeId: row.id },
    });
  }
  return null;
}
