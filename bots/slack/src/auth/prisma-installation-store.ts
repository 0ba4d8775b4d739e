import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type { Prisma } from "@studyhall/core";

/**
 * Bolt's installation store over the SlackInstallation table: one row per workspace, or per Enterprise
 * Grid organisation for an org-wide install. Rows hold tokens; the database must stay private.
 */
export function prismaInstallationStore(db: Prisma): InstallationStore {
  return {
    async storeInstallation(installation) {
      const enterpriseId = installation.enterprise?.id ?? null;
      const teamId = installation.team?.id ?? null;
      const isEnterpriseInstall = Boolean(installation.isEnterpriseInstall && enterpriseId);
      const installKey = keyFor({ isEnterpriseInstall, enterpriseId, teamId });
      const data = {
        teamId,
        enterpriseId,
        isEnterpriseInstall,
        installation: JSON.parse(JSON.stringify(installation)),
      };
      await db.slackInstallation.upsert({
        where: { installKey },
        create: { installKey, ...data },
        update: data,
      });
    },
    async fetchInstallation(query) {
      const row = await db.slackInstallation.findUnique({ where: { installKey: queryKey(query) } });
      if (!row) throw new Error(`no Slack installation for ${queryKey(query)}`);
      return row.installation as unknown as Installation;
    },
    async deleteInstallation(query) {
      await db.slackInstallation.deleteMany({ where: { installKey: queryKey(query) } });
    },
  };
}

function queryKey(query: InstallationQuery<boolean>): string {
  return keyFor({
    isEnterpriseInstall: query.isEnterpriseInstall,
    enterpriseId: query.enterpriseId ?? null,
    teamId: query.teamId ?? null,
  });
}

function keyFor(k: {
  isEnterpriseInstall: boolean;
  enterpriseId: string | null;
  teamId: string | null;
}): string {
  // As the schema says: the team id, or the enterprise id for an org-wide install.
  if (k.isEnterpriseInstall && k.enterpriseId) return k.enterpriseId;
  if (!k.teamId) throw new Error("a workspace installation needs a team id");
  return k.teamId;
}
