import { z } from "zod";
import type { NotificationKind } from "../db/generated/enums.ts";
import type { Prisma } from "../db/open-database.ts";
import { parseUseCaseInput } from "../errors/parse-input.ts";
import type { Actor } from "../people/actor.ts";
import { actorSchema } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { notificationSettingsSelect } from "./settings-row.ts";
import { type NotificationSettingsView, notificationSettingsView } from "./settings-view.ts";

export type { NotificationSettingsView } from "./settings-view.ts";

/** Most notifications listed at once. */
export const NOTIFICATIONS_LIST_MAX = 100;

/** A person's inbox: the newest notifications first, how many are unread, and their preferences. */
export interface NotificationsView {
  items: Array<{
    id: string;
    kind: NotificationKind;
    title: string;
    body: string;
    /** The course's name, when it is about one. */
    course: string | null;
    /** ISO 8601. */
    createdAt: string;
    read: boolean;
  }>;
  unread: number;
  settings: NotificationSettingsView;
}

const listInput = z.object({
  actor: actorSchema,
  limit: z.number().int().min(1).max(NOTIFICATIONS_LIST_MAX).optional(),
});

/**
 * The actor's own inbox, newest first (`limit`, default 20), with the unread count and their settings.
 * Only the actor's own notifications: there is no way to name anyone else's.
 */
export async function listNotifications(
  db: Prisma,
  input: { actor: Actor; limit?: number },
  _options: { now?: Date } = {},
): Promise<NotificationsView> {
  const { actor, limit } = parseUseCaseInput(listInput, input);
  const { userId } = await resolveUser(db, actor);
  const [rows, unread, settings] = await Promise.all([
    db.notification.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit ?? 20,
      select: {
        id: true,
        kind: true,
        title: true,
        body: true,
        createdAt: true,
        readAt: true,
        course: { select: { name: true } },
      },
    }),
    db.notification.count({ where: { userId, readAt: null } }),
    db.studySettings.findUnique({ where: { userId }, select: notificationSettingsSelect }),
  ]);
  return {
    items: rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      title: row.title,
      body: row.body,
      course: row.course?.name ?? null,
      createdAt: row.createdAt.toISOString(),
      read: row.readAt !== null,
    })),
    unread,
    settings: notificationSettingsView(settings),
  };
}

const readInput = z.object({
  actor: actorSchema,
  ids: z.array(z.string()).max(NOTIFICATIONS_LIST_MAX).optional(),
});

/**
 * Marks the actor's unread notifications read: those of `ids`, or every one when `ids` is left out.
 * Ids of someone else's notifications (or of none) change nothing.
 *
 * @returns how many were marked
 */
export async function markNotificationsRead(
  db: Prisma,
  input: { actor: Actor; ids?: string[] },
  options: { now?: Date } = {},
): Promise<number> {
  const { actor, ids } = parseUseCaseInput(readInput, input);
  const { userId } = await resolveUser(db, actor);
  // A malformed id names nothing, like an unknown one.
  const wanted = ids?.filter((id) => z.uuid().safeParse(id).success);
  if (wanted && wanted.length === 0) return 0;
  const result = await db.notification.updateMany({
    where: { userId, readAt: null, ...(wanted ? { id: { in: wanted } } : {}) },
    data: { readAt: options.now ?? new Date() },
  });
  return result.count;
}
