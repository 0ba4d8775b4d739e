import { type CourseRole, findCourseMaterial, findCourseQuiz, type Prisma } from "@studyhall/core";
import { z } from "zod";
import type { LaunchClaims } from "../launch/launch-claims.ts";
import { CUSTOM_MATERIAL, CUSTOM_QUIZ } from "./content-items.ts";

const uuid = z.uuid();

/**
 * Where a launch of a link made by Deep Linking lands, from its custom parameters: a quiz's take page
 * (students) or its results (staff); a material's page. When the platform names the link's line item
 * (the AGS `lineitem` claim), it is recorded as the quiz's gradebook column in this context, so scores
 * go to the column the teacher made rather than a new one. Null for any other launch, or when the quiz
 * or material is not (or no longer) in the launch's course.
 */
export async function resourceLanding(
  db: Prisma,
  input: {
    claims: LaunchClaims;
    courseId: string;
    role: CourseRole;
    link: { id: string } | null;
  },
): Promise<string | null> {
  const { claims, courseId, role } = input;
  if (claims.messageType !== "LtiResourceLinkRequest") return null;
  const quizId = uuid.safeParse(claims.custom?.[CUSTOM_QUIZ]);
  if (quizId.success) {
    const quiz = await findCourseQuiz(db, { courseId, quizId: quizId.data });
    if (!quiz) return null;
    const lineItemUrl = claims.ags?.lineItemUrl;
    if (input.link && lineItemUrl) {
      const resourceLinkId = claims.resourceLinkId ?? null;
      await db.ltiLineItem.upsert({
        where: { linkId_quizId: { linkId: input.link.id, quizId: quiz.id } },
        create: { linkId: input.link.id, quizId: quiz.id, url: lineItemUrl, resourceLinkId },
        update: { url: lineItemUrl, resourceLinkId },
      });
    }
    return role === "STAFF" ? `/course/quizzes/${quiz.id}/results` : `/learn/quizzes/${quiz.id}`;
  }
  const materialId = uuid.safeParse(claims.custom?.[CUSTOM_MATERIAL]);
  if (materialId.success) {
    const material = await findCourseMaterial(db, { courseId, materialId: materialId.data });
    return material ? `/learn/materials/${material.id}` : null;
  }
  return null;
}
