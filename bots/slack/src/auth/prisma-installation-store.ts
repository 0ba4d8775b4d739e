import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type { Prisma, SecretBox } from "@studyhall/core";
import {
  installationContext,
  installationEnvelope,
  sealedInstallation,
} from "./slack-installation-secrets.ts";

/**
 * Bolt's installation store over the SlackInstallation table: one row per workspace, or per Enterprise
 * Grid organisation for an org-wide install. The installation (its bot and user tokens, refresh tokens
 * and webhook URL) is stored sealed under the deployment's secret key and bound to its row; a row that
 * does not open (tampered, copied from another workspace, or plain JSON) is refused, not used.
 */
export function prismaInstallationStore(db: Prisma, secrets: SecretBox): InstallationStore {
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
        installation: sealedInstallation(
          secrets.seal(JSON.stringify(installation), installationContext(installKey)),
        ),
      };
      await db.slackInstallation.upsert({
        where: { installKey },
        create: { installKey, ...data },
        update: data,
      });
    },
    async fetchInstallation(query) {
      const installKey = queryKey(query);
      const row = await db.slackInstallation.findUnique({ where: { installKey } });
      if (!row) throw new Error(`no Slack installation for ${installKey}`);
      const plain = secrets.open(installationEnvelope(row.installation), installationContext(installKey));
      return JSON.parse(plain) as Installation;
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
