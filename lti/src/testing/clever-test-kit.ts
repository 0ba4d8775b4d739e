// Test kit for sign-in with Clever: the real LTI front end with Clever configured against the fake Clever
// server, districts rostered into StudyHall through core's district use cases (as the Clever sync does),
// and the browser's side of Clever's redirect back with a code.
import { applyDistrictRoster, connectDistrict, type DistrictSummary } from "@studyhall/core";
import {
  type FakeClever,
  type FakeCleverDistrict,
  startFakeClever,
} from "../../../test/support/fake-clever-server.ts";
import { getPage, type PageResponse } from "./page-client.ts";
import { startTestLti, type TestLti, type TestLtiOptions } from "./start-test-lti.ts";

export interface CleverTestLti {
  lti: TestLti;
  clever: FakeClever;
  /** Where Clever sends people back: the redirect URI the front end gives Clever. */
  callbackUrl: string;
  /** Connects the fake district in StudyHall and applies its roster as a full sync would. */
  roster(district: FakeCleverDistrict): Promise<DistrictSummary>;
  /** Clever's redirect back after a sign-in of `userId` (a code; a state when given). */
  callback(district: FakeCleverDistrict, userId: string, state?: string): Promise<PageResponse>;
  close(): Promise<void>;
}

export async function startCleverTestLti(
  options: { oidc?: boolean; rateLimits?: TestLtiOptions["rateLimits"] } = {},
): Promise<CleverTestLti> {
  const clever = await startFakeClever({ oidc: options.oidc ?? false });
  const lti = await startTestLti({
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    clever: {
      clientId: clever.clientId,
      clientSecret: clever.clientSecret,
      apiUrl: clever.url,
      oauthUrl: clever.url,
      oidc: options.oidc ?? false,
      syncHourUtc: 4,
    },
  });
  const callbackUrl = `${lti.toolUrl}/clever/callback`;
  return {
    lti,
    clever,
    callbackUrl,
    async roster(district) {
      const summary = await connectDistrict(
        { db: lti.database.prisma, secrets: lti.deps.secrets },
        { provider: "CLEVER", externalId: district.id, name: district.name, token: district.token },
      );
      await applyDistrictRoster(lti.database.prisma, {
        districtId: summary.id,
        roster: {
          people: district.users.map((user) => ({
            externalId: user.id,
            ...(user.name?.first ? { displayName: `${user.name.first} ${user.name.last ?? ""}`.trim() } : {}),
          })),
          sections: district.sections.map((section) => ({
            externalId: section.id,
            name: section.name,
            members: [
              ...section.teachers.map((id) => ({ externalId: id, role: "STAFF" as const })),
              ...section.students.map((id) => ({ externalId: id, role: "STUDENT" as const })),
            ],
          })),
        },
      });
      return summary;
    },
    callback(district, userId, state) {
      const code = clever.issueCode({ districtId: district.id, userId, redirectUri: callbackUrl });
      const url = new URL(callbackUrl);
      url.searchParams.set("code", code);
      if (state !== undefined) url.searchParams.set("state", state);
      return getPage(url.href);
    },
    async close() {
      await lti.close();
      await clever.stop();
    },
  };
}

/** The hidden fields of the form on `html` that opens `courseId` (the classes list has one per class). */
export function openClassForm(html: string, courseId: string): Record<string, string> {
  for (const match of html.matchAll(/<form\b[^>]*action="[^"]*\/clever\/open"[^>]*>([\s\S]*?)<\/form>/g)) {
    const fields = Object.fromEntries(
      [...match[1]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
        m[1]!,
        m[2]!,
      ]),
    );
    if (fields.courseId === courseId) return fields;
  }
  throw new Error(`no form opening course ${courseId}`);
}
