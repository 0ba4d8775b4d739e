// Entering a chat space of a course a district roster keeps: a person the roster removed is refused with a
// sentence naming the course and who keeps its class list (and nothing re-enrols them), while people the
// roster never knew still join on first contact and a space's admin still passes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import type { Database } from "../db/open-database.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { issueSpaceLinkCode } from "../links/issue-space-link-code.ts";
import { completeIdentityLink, startIdentityLink } from "../links/link-identity.ts";
import type { Actor } from "../people/actor.ts";
import { resolveUser } from "../people/resolve-user.ts";
import { applyDistrictRoster } from "../roster/district/apply-district-roster.ts";
import type { FullDistrictRoster } from "../roster/district/district-roster.ts";
import { connectDistrict } from "../roster/district/districts.ts";
import { ephemeralSecretBox } from "../secrets/secret-box.ts";
import { bindSpace } from "./bind-space.ts";
import { enterSpace } from "./enter-space.ts";

const DISTRICT = "clever-d1";
const clever = (externalId: string): Actor => ({ platform: "CLEVER", tenant: DISTRICT, externalId });
const slack = (externalId: string): Actor => ({ platform: "SLACK", tenant: "T1", externalId });
const space = { platform: "SLACK" as const, tenant: "T1", channelId: "C-BIO", name: "biology" };
let database: Database;
let districtId: string;
let courseId: string;
const db = () => database.prisma;

const roster = (students: string[]): FullDistrictRoster => ({
  people: ["t1", ...students].map((externalId) => ({ externalId })),
  sections: [
    {
      externalId: "sec-bio",
      name: "Biology - Krabappel - Period 3",
      members: [
        { externalId: "t1", role: "STAFF" },
        ...students.map((externalId) => ({ externalId, role: "STUDENT" as const })),
      ],
    },
  ],
});

beforeAll(async () => {
  database = await createTestDatabase();
  ({ id: districtId } = await connectDistrict(
    { db: db(), secrets: ephemeralSecretBox() },
    { provider: "CLEVER", externalId: DISTRICT, name: "Springfield" },
  ));
  await applyDistrictRoster(db(), { districtId, roster: roster(["s1", "s2"]) });
  courseId = (await db().rosterSection.findFirstOrThrow({ where: { externalId: "sec-bio" } })).courseId;
  // The teacher links the channel with a code; the student joins their Slack account to their Clever one.
  const { code } = await issueSpaceLinkCode(db(), { actor: clever("t1"), course: courseId });
  await bindSpace(db(), {
    actor: slack("U-T1"),
    space,
    platformStaff: false,
    memberOfSpace: true,
    course: { code },
  });
  const link = await startIdentityLink(db(), { actor: clever("s1") });
  await completeIdentityLink(db(), { actor: slack("U-S1"), code: link.code });
});
afterAll(() => database?.close());

describe("entering a space of a district's class", () => {
  it("lets the rostered student in, and refuses them by name once the district removed them", async () => {
    expect(await enterSpace(db(), { actor: slack("U-S1"), space })).toMatchObject({ role: "STUDENT" });

    await applyDistrictRoster(db(), { districtId, roster: roster(["s2"]) });
    const refusal = await enterSpace(db(), { actor: slack("U-S1"), space }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe(ErrorCode.Forbidden);
    expect((refusal as AppError).userMessage).toBe(
      `Your district's Clever roster no longer lists you in "Biology - Krabappel - Period 3", so you can't use it here. If that is a mistake, ask your teacher.`,
    );
    // Nothing re-enrolled them on the way.
    const { userId } = await resolveUser(db(), clever("s1"));
    expect(
      await db().enrollment.findUniqueOrThrow({ where: { courseId_userId: { courseId, userId } } }),
    ).toMatchObject({ source: "CLEVER", removedAt: expect.any(Date) });
  });

  it("still lets someone the roster never knew join on first contact, and a space admin in", async () => {
    expect(await enterSpace(db(), { actor: slack("U-VISITOR"), space })).toMatchObject({ role: "STUDENT" });
    expect(await enterSpace(db(), { actor: slack("U-S1"), space, platformStaff: true })).toMatchObject({
      role: "STAFF",
    });
  });
});
