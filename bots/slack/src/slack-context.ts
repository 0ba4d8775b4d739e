import type { InstallationStore } from "@slack/bolt";
import type { Destination, fetchMaterialUrl, Logger, StudyHallDeps } from "@studyhall/core";
import type { BackgroundWork } from "./slack/background-work.ts";
import type { MessageEdits } from "./slack/shared-message-edits.ts";
import type { SlackDisplayNames } from "./slack/slack-display-names.ts";
import type { SlackQuizBoard } from "./slack/slack-quiz-board.ts";
import type { TeamGroups } from "./slack/team-groups.ts";
import type { WorkspaceAdmins } from "./slack/workspace-admins.ts";

/** A file fetched from a link someone typed. */
export type FetchedMaterial = Awaited<ReturnType<typeof fetchMaterialUrl>>;

/** What every listener gets from the factory: the core's dependencies and the adapter's own parts. */
export interface SlackContext {
  deps: StudyHallDeps;
  /** Root logger of the adapter (platform: "slack"); listeners derive request loggers from it. */
  log: Logger;
  work: BackgroundWork;
  admins: WorkspaceAdmins;
  /** People's display names (users.info), for leaderboards, reports and exports. */
  names: SlackDisplayNames;
  /** Quiz teams from "Team …" user groups. */
  teams: TeamGroups;
  /** How live quizzes are shown in Slack (registered with the core's quiz engine). */
  quizBoard: SlackQuizBoard;
  /** Edits of messages many people change at once (study session announcements): coalesced per message. */
  sharedEdits: MessageEdits;
  /** Minimum time between two `chat.update`s of one message while it streams or shows progress. */
  updateIntervalMs: number;
  /** Downloads a material from a link typed by a user (private and reserved addresses refused in production); refusals are logged to `log`. */
  fetchUrl(url: string, log: Logger): Promise<FetchedMaterial>;
  /** Where shared files may be downloaded from with the bot token (see slackFileDestination). */
  fileDestination: Destination;
  /** OAuth installations (multi-workspace mode only), forgotten when a workspace uninstalls the app. */
  installations?: InstallationStore;
}

/** A logger for one request: platform, workspace and a request id on every line. */
export function requestLog(ctx: SlackContext, teamId: string | undefined, requestId: string): Logger {
  return ctx.log.child({ tenant: teamId ?? "unknown", requestId });
}
