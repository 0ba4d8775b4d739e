import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js";
import { code, course, setup, staff, unlink } from "./definitions/course-link-command-definitions.ts";
import { policy, settings } from "./definitions/course-settings-command-definitions.ts";
import { materials } from "./definitions/materials-command-definition.ts";
import { notifications } from "./definitions/notifications-command-definition.ts";
import { ask, help, link, prefs } from "./definitions/personal-command-definitions.ts";
import { history, leaderboard, me } from "./definitions/progress-command-definitions.ts";
import { quiz } from "./definitions/quiz-command-definition.ts";
import { calendar, session } from "./definitions/sessions-command-definitions.ts";
import { cards, guide, practice, writing } from "./definitions/study-command-definitions.ts";

// The application commands, declared once: `studyhall discord register` sends them to Discord and the
// tests dispatch interactions shaped by them. Who may do what is decided in core (course staff), not
// by default_member_permissions, so a configured course-staff role works without a Discord permission.

/** The application command definitions (JSON), for registration and tests. */
export const commandDefinitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[] = Object.freeze(
  [
    ask,
    setup,
    unlink,
    code,
    staff,
    course,
    materials,
    policy,
    settings,
    quiz,
    cards,
    practice,
    guide,
    writing,
    prefs,
    link,
    me,
    leaderboard,
    history,
    notifications,
    session,
    calendar,
    help,
  ].map((c) => c.toJSON()),
);
