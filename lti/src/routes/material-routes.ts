import {
  AppError,
  addMaterial,
  ErrorCode,
  type IngestResult,
  isAppError,
  listCourseMaterials,
  MAX_MATERIAL_BYTES,
  readCourseMaterial,
  readMaterialFile,
  removeMaterial,
} from "@studyhall/core";
import type { Express, Request, Response } from "express";
import type { LtiContext } from "../lti-context.ts";
import { deleteMaterialPage, materialsTable } from "../pages/materials-section.ts";
import { pageUrl } from "../pages/page-context.ts";
import { isLtiRejection, LtiRejection } from "../security/lti-rejection.ts";
import { httpStatusOf } from "./error-status.ts";
import { guard, page, pageContext, sessionActor, sessionOf } from "./page-session.ts";
import { receiveUpload } from "./receive-upload.ts";
import { sendPage } from "./respond.ts";
import { uuidParam } from "./route-params.ts";
import { sendOriginalFile } from "./send-original-file.ts";
import { showCoursePage } from "./show-course-page.ts";

/** Why an upload can be refused that the person can fix: said on the page (or in JSON), not as an error page. */
const UPLOAD_REFUSALS = new Set<ErrorCode>([
  ErrorCode.MaterialTooLarge,
  ErrorCode.UnsupportedMaterial,
  ErrorCode.MaterialUnreadable,
  ErrorCode.InvalidInput,
  ErrorCode.Conflict,
  ErrorCode.Forbidden,
]);

/**
 * Materials on the course page: upload (streamed through busboy, with the size limit, then ingested by
 * core), the list the upload script refreshes, and delete with a confirm step, staff only; and a
 * material's original file, for anyone in the course.
 */
export function installMaterialRoutes(
  app: Express,
  ctx: LtiContext,
  options: { maxUploadBytes?: number } = {},
) {
  const staff = guard(ctx, { staff: true });
  const staffPost = guard(ctx, { staff: true, csrf: true });
  const maxBytes = options.maxUploadBytes ?? MAX_MATERIAL_BYTES;

  app.post(
    "/course/materials",
    staff,
    page(ctx, async (req, res) => {
      const json = wantsJson(req);
      try {
        const result = await upload(ctx, req, res, maxBytes);
        const { material, duplicate, fileName } = result;
        const message = duplicate
          ? `“${fileName}” is already in this course; nothing changed.`
          : `Added “${fileName}” — ${material.status === "READY" ? "ready" : "processing"}`;
        if (json) {
          res.status(duplicate ? 200 : 201).json({
            ok: true,
            message,
            material: { id: material.id, title: material.title, status: material.status },
          });
          return;
        }
        res.redirect(
          303,
          pageUrl(pageContext(ctx, res), "/course", {
            done: duplicate ? "duplicate" : "uploaded",
            material: material.id,
          }),
        );
      } catch (error) {
        const refusal = uploadRefusal(error);
        if (!refusal) throw error;
        ctx.log.info({ code: refusal.code, status: refusal.status }, "material upload refused");
        // The rest of a refused body is read and dropped, and the connection closed after the answer.
        req.resume();
        res.set("Connection", "close");
        if (json) {
          res.status(refusal.status).json({ ok: false, message: refusal.message });
          return;
        }
        await showCoursePage(ctx, res, { notice: { tone: "error", text: refusal.message } }, refusal.status);
      }
    }),
  );

  app.get(
    "/course/materials",
    staff,
    page(ctx, async (req, res) => {
      const pageCtx = pageContext(ctx, res);
      if (!wantsJson(req)) {
        res.redirect(303, pageUrl(pageCtx, "/course"));
        return;
      }
      const session = sessionOf(res);
      const materials = await listCourseMaterials(ctx.db, {
        actor: sessionActor(session),
        courseId: session.courseId!,
      });
      res.set("Cache-Control", "no-store").json({
        html: materialsTable(materials, pageCtx).value,
        materials: materials.map((m) => ({ id: m.id, title: m.title, status: m.status, error: m.error })),
      });
    }),
  );

  app.get(
    "/learn/materials/:materialId/original",
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const file = await readMaterialFile(ctx.db, {
        actor: sessionActor(session),
        courseId: session.courseId!,
        materialId: uuidParam(req, "materialId", "That material is not in this course."),
      });
      sendOriginalFile(res, file);
    }),
  );

  app.get(
    "/course/materials/:materialId/delete",
    staff,
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const { material } = await readCourseMaterial(ctx.db, {
        actor: sessionActor(session),
        courseId: session.courseId!,
        materialId: uuidParam(req, "materialId", "That material is not in this course."),
        maxPassages: 0,
      });
      sendPage(res, deleteMaterialPage(material, pageContext(ctx, res)));
    }),
  );

  app.post(
    "/course/materials/:materialId/delete",
    staffPost,
    page(ctx, async (req, res) => {
      const session = sessionOf(res);
      const removed = await removeMaterial(ctx.db, {
        actor: sessionActor(session),
        courseId: session.courseId!,
        materialId: uuidParam(req, "materialId", "That material is not in this course."),
      });
      ctx.log.info({ courseId: session.courseId, materialId: removed.id }, "material deleted");
      res.redirect(303, pageUrl(pageContext(ctx, res), "/course", { done: "deleted" }));
    }),
  );
}

/**
 * Receives the file and starts its ingestion. Answers once the material exists (so its progress shows
 * in the list) or ingestion has ended, whichever comes first; the rest of the work continues after the
 * answer, and a failure then is recorded on the material (FAILED with the reason) by core.
 */
async function upload(
  ctx: LtiContext,
  req: Request,
  res: Response,
  maxBytes: number,
): Promise<IngestResult & { fileName: string }> {
  const session = sessionOf(res);
  const csrfOk = (token: unknown) => ctx.csrf.verify(session.id, token);
  const header = req.get("x-csrf-token");
  if (header !== undefined && !csrfOk(header)) throw new LtiRejection("csrf_invalid");
  const { file, fields } = await receiveUpload(req, {
    maxBytes,
    beforeFile: (fieldsSoFar) => {
      if (header === undefined && !csrfOk(fieldsSoFar.csrf)) throw new LtiRejection("csrf_invalid");
    },
  });
  if (header === undefined && !csrfOk(fields.csrf)) throw new LtiRejection("csrf_invalid");
  if (!file || file.data.byteLength === 0)
    throw new AppError(ErrorCode.InvalidInput, "no file in upload", {
      userMessage: "Choose a file to upload first.",
    });

  let started: (materialId: string) => void = () => undefined;
  const materialCreated = new Promise<string>((resolve) => {
    started = resolve;
  });
  const ingestion = addMaterial(
    {
      actor: sessionActor(session),
      courseId: session.courseId!,
      data: file.data,
      fileName: file.fileName.slice(0, 255),
      contentType: file.contentType,
    },
    ctx.deps.ingest,
    { onProgress: (p) => p.materialId && started(p.materialId) },
  );
  const first = await Promise.race([
    ingestion.then((result) => ({ result })),
    materialCreated.then((materialId) => ({ materialId })),
  ]);
  if ("result" in first) return { ...first.result, fileName: file.fileName };
  ingestion.catch((error: unknown) =>
    ctx.log.warn({ err: error, materialId: first.materialId }, "material ingestion failed after upload"),
  );
  // Read through core: deleted already (by another member of staff, in the moment since it was made)
  // is core's plain "not in this course".
  const { material } = await readCourseMaterial(ctx.db, {
    actor: sessionActor(session),
    courseId: session.courseId!,
    materialId: first.materialId,
    maxPassages: 0,
  });
  return { material, duplicate: false, fileName: file.fileName };
}

function uploadRefusal(error: unknown): { status: number; message: string; code: string } | null {
  if (isLtiRejection(error))
    return { status: httpStatusOf(error), message: error.userMessage, code: error.reason };
  if (isAppError(error) && UPLOAD_REFUSALS.has(error.code))
    return { status: httpStatusOf(error), message: error.userMessage, code: error.code };
  return null;
}

function wantsJson(req: Request): boolean {
  return (req.get("accept") ?? "").includes("application/json");
}
