import { AppError, ErrorCode } from "@studyhall/core";
import type { Request } from "express";
import { z } from "zod";

const uuid = z.uuid();

/** A route's id parameter, which must be a UUID; anything else is "not found" with `message`. */
export function uuidParam(req: Request, name: string, message: string): string {
  const parsed = uuid.safeParse(req.params[name]);
  if (!parsed.success) throw new AppError(ErrorCode.NotFound, `bad ${name}`, { userMessage: message });
  return parsed.data;
}
