import type { Prisma } from "../../db/open-database.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import type { Actor } from "../../people/actor.ts";
import { enterSpace } from "../../spaces/enter-space.ts";
import { autoTeamNames, balancedTeam } from "../rank-players.ts";
import type { LiveSession } from "./live-session.ts";

export interface JoinedPlayer {
  userId: string;
  team: string | null;
  /** false when the person had already joined. */
  joined: boolean;
}

/**
 * Adds a person to a game (joining the course as a student on first contact, as any message in a
 * bound channel does). Teams: "platform" takes the team the front end found (a Discord role or Slack
 * user group named "Team …"), "auto" puts the player in the smallest team. Joining twice is harmless.
 */
export async function joinLiveQuiz(
  db: Prisma,
  session: Pick<LiveSession, "id" | "platform" | "tenant" | "spaceId" | "options" | "state">,
  input: { actor: Actor; platformStaff?: boolean; teamHint?: string | null },
): Promise<JoinedPlayer> {
  if (session.state === "FINISHED" || session.state === "CANCELLED")
    throw new AppError(ErrorCode.Conflict, "quiz is over", { userMessage: "This quiz is over." });
  const member = await enterSpace(db, {
    actor: input.actor,
    space: { platform: session.platform, tenant: session.tenant, channelId: session.spaceId },
    platformStaff: input.platformStaff ?? false,
  });
  const existing = await db.quizPlayer.findUnique({
    where: { sessionId_userId: { sessionId: session.id, userId: member.userId } },
  });
  if (existing) return { userId: member.userId, team: existing.team, joined: false };

  const team = await chooseTeam(db, session, input.teamHint ?? null);
  const created = await db.quizPlayer.createMany({
    data: [
      {
        sessionId: session.id,
        userId: member.userId,
        displayName:
          (input.actor.displayName ?? "").trim() || (await storedName(db, input.actor)) || "Player",
        team,
      },
    ],
    skipDuplicates: true,
  });
  return { userId: member.userId, team, joined: created.count === 1 };
}

/**
 * The name last seen for this person on this platform, or given them elsewhere (an LMS roster), for a
 * front end that could not tell who they are by name this time (its profile lookup failed).
 */
async function storedName(db: Prisma, actor: Actor): Promise<string | undefined> {
  const identity = await db.identity.findUnique({
    where: {
      platform_tenant_externalId: {
        platform: actor.platform,
        tenant: actor.tenant,
        externalId: actor.externalId,
      },
    },
    select: { displayName: true, user: { select: { displayName: true } } },
  });
  return identity?.displayName?.trim() || identity?.user.displayName?.trim() || undefined;
}

async function chooseTeam(
  db: Prisma,
  session: Pick<LiveSession, "id" | "options">,
  hint: string | null,
): Promise<string | null> {
  const { teams, teamCount } = session.options;
  if (teams === "off") return null;
  if (teams === "platform" && hint) return hint.slice(0, 80);
  const counts = await db.quizPlayer.groupBy({
    by: ["team"],
    where: { sessionId: session.id },
    _count: true,
  });
  const sizes = new Map(counts.filter((c) => c.team).map((c) => [c.team as string, c._count]));
  // Platform mode without a team role: the smallest of the teams already playing, if any.
  const names = teams === "platform" ? [...sizes.keys()] : autoTeamNames(teamCount);
  return names.length ? balancedTeam(names, sizes) : null;
}
