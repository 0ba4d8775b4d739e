import { findCourseMaterial, listCourseChatSpaces, listCourseMaterials, listQuizzes } from "@studyhall/core";
import type { Response } from "express";
import { z } from "zod";
import type { LtiContext } from "../lti-context.ts";
import { ASK_SCRIPT } from "../pages/ask-script.ts";
import { type InstructorPageData, instructorPage, type LinkedSpace } from "../pages/instructor-page.ts";
import type { PageNotice } from "../pages/page-parts.ts";
import { UPLOAD_SCRIPT } from "../pages/upload-script.ts";
import { pageContext, sessionActor, sessionCourse, sessionOf } from "./page-session.ts";
import { sendPage } from "./respond.ts";

/** What a redirect after a post says on the course page (`?done=`). */
const DONE: Record<string, PageNotice> = {
  policy: { tone: "success", text: "Answer policy saved." },
  approved: {
    tone: "success",
    text: "Quiz approved. Students now see it on their StudyHall page; its gradebook column is created when the first student submits it, unless you added it as an assignment from the LMS. It can also be played live in a linked channel.",
  },
  discarded: { tone: "success", text: "Quiz discarded." },
  renamed: { tone: "success", text: "Course renamed." },
  archived: { tone: "success", text: "Course archived: it is read-only and hidden from course pickers." },
  unarchived: { tone: "success", text: "Course reopened." },
  deleted: { tone: "success", text: "Material deleted." },
  duplicate: { tone: "info", text: "That file is already in this course; nothing changed." },
};

/** Renders the course page for the session's course, with a notice or a fresh link code. */
export async function showCoursePage(
  ctx: LtiContext,
  res: Response,
  extra: Pick<InstructorPageData, "notice" | "spaceCode">,
  status = 200,
): Promise<void> {
  const session = sessionOf(res);
  const course = await sessionCourse(ctx, session);
  const actor = sessionActor(session);
  const [materials, quizzes, spaces] = await Promise.all([
    listCourseMaterials(ctx.db, { actor, courseId: course.id }),
    listQuizzes(ctx.db, { actor, courseId: course.id }),
    listCourseChatSpaces(ctx.db, course.id),
  ]);
  const data: InstructorPageData = {
    course,
    materials,
    quizzes,
    spaces: spaces.map((s) => ({
      platform: s.platform as LinkedSpace["platform"],
      kind: s.kind,
      name: s.name,
    })),
    ...extra,
  };
  sendPage(res, instructorPage(data, pageContext(ctx, res)), {
    status,
    script: `${UPLOAD_SCRIPT}\n${ASK_SCRIPT}`,
  });
}

const doneQuery = z.object({ done: z.string().max(20).optional(), material: z.uuid().optional() });

/** What a redirect after a post says on the course page (`?done=`, and the material an upload added). */
export async function doneNotice(
  ctx: LtiContext,
  res: Response,
  query: unknown,
): Promise<PageNotice | undefined> {
  const parsed = doneQuery.safeParse(query);
  if (!parsed.success || !parsed.data.done) return undefined;
  const { done, material: materialId } = parsed.data;
  if (done === "uploaded" && materialId) {
    const material = await findCourseMaterial(ctx.db, { courseId: sessionOf(res).courseId!, materialId });
    if (!material) return undefined;
    const state =
      material.status === "READY" ? "ready" : material.status === "FAILED" ? "failed" : "processing";
    return { tone: "success", text: `Added “${material.fileName ?? material.title}” — ${state}` };
  }
  return DONE[done];
}
