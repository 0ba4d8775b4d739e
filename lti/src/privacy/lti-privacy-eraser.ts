import type { PrivacyEraser } from "@studyhall/core";

/**
 * What the LMS tool erases of its own tables when a person or a course is deleted (run by core inside
 * the deletion's transaction). For a person, per LMS account (issuer + subject): the launches (page
 * sessions), the login states it started, ltijs's id and context tokens, and the ledger of scores owed
 * to the LMS gradebook (the LMS keeps its own gradebook; our copy goes); per Clever account, its sign-ins'
 * page sessions. For a course: its launches and
 * ltijs's context tokens of its LMS contexts.
 * The course's LMS links, line items and scores go with the course itself (foreign keys).
 */
export const ltiPrivacyEraser: PrivacyEraser = {
  name: "lti",
  async erasePerson(tx, person) {
    let erased = (await tx.ltiScore.deleteMany({ where: { userId: person.userId } })).count;
    for (const account of person.identities.filter((i) => i.platform === "LTI")) {
      const { tenant: issuer, externalId: subject } = account;
      erased += (await tx.ltiLaunch.deleteMany({ where: { issuer, subject } })).count;
      erased += (await tx.ltiLoginState.deleteMany({ where: { issuer, loginHint: subject } })).count;
      // ltijs keeps `user` (the subject) as a plain index field even in encrypted records; a context
      // token names its platform only inside its context id, which starts with the encoded issuer.
      erased += await tx.$executeRaw`
        DELETE FROM "LtiRecord"
        WHERE ("collection" = 'idtoken' AND "data" @> ${JSON.stringify({ iss: issuer, user: subject })}::jsonb)
           OR ("collection" = 'contexttoken' AND "data" @> ${JSON.stringify({ user: subject })}::jsonb
               AND starts_with("data"->>'contextId', ${encodeURIComponent(issuer)}))`;
    }
    // A Clever sign-in's page sessions (issuer = the district id, subject = the Clever user id).
    for (const account of person.identities.filter((i) => i.platform === "CLEVER")) {
      erased += (
        await tx.ltiLaunch.deleteMany({
          where: { via: "CLEVER", issuer: account.tenant, subject: account.externalId },
        })
      ).count;
    }
    return erased;
  },
  async eraseCourse(tx, course) {
    let erased = (await tx.ltiLaunch.deleteMany({ where: { courseId: course.id } })).count;
    const links = await tx.ltiCourseLink.findMany({
      where: { courseId: course.id },
      select: { deploymentId: true, contextId: true, platform: { select: { issuer: true, clientId: true } } },
    });
    for (const link of links) {
      // ltijs names a context token encodeURIComponent(iss + clientId + deploymentId + contextId + "_" + ...),
      // and keeps the context's id and title in it in plain: they go with the course.
      const { issuer, clientId } = link.platform;
      const prefix = encodeURIComponent(`${issuer}${clientId}${link.deploymentId}${link.contextId}_`);
      erased += await tx.$executeRaw`
        DELETE FROM "LtiRecord"
        WHERE "collection" = 'contexttoken' AND starts_with("data"->>'contextId', ${prefix})`;
    }
    return erased;
  },
};
