import { districtStatus, type Prisma } from "@studyhall/core";
import type { LtiSession } from "../security/check-session.ts";
import { LtiRejection } from "../security/lti-rejection.ts";

/**
 * A Clever session works only while its district is connected: a district that revoked StudyHall's
 * access (or that the operator disconnected) closes its people's open pages at once, as it refuses
 * their next sign-in. Its district admins keep the district page (`/clever/district…`), where they
 * connect it again; that page takes the district from the session too.
 */
export async function requireConnectedDistrict(db: Prisma, session: LtiSession, path: string): Promise<void> {
  if (path === "/clever/district" || path.startsWith("/clever/district/")) return;
  const status = await districtStatus(db, { provider: "CLEVER", externalId: session.issuer });
  if (status === "CONNECTED") return;
  throw new LtiRejection(status ? "district_disconnected" : "district_not_connected");
}
