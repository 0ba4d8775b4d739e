import { createHash } from "node:crypto";
import { claimEvent, districtStatus, resolveUser } from "@studyhall/core";
import type { Express, Request, Response } from "express";
import { z } from "zod";
import type { LtiContext } from "../lti-context.ts";
import { landingUrl } from "../routes/launch-handler.ts";
import { sendError } from "../routes/respond.ts";
import { LtiRejection } from "../security/lti-rejection.ts";
import { CleverCodeRefused, CleverUnavailable } from "./clever-errors.ts";
import type { CleverFrontEnd } from "./clever-front-end.ts";
import { recordCleverLoginState, useCleverLoginState } from "./clever-login-state.ts";
import { type CleverSignIn, cleverActor, homeRoleOf, openCleverSession } from "./clever-session.ts";
import { identifyCleverUser } from "./identify-clever-user.ts";

const loginQuery = z.object({ district: z.string().min(1).max(255).optional().catch(undefined) });

// Clever sends `code` (and `state` when we started the sign-in); a refused sign-in comes back as `error`.
const callbackQuery = z.object({
  code: z.string().min(1).max(2000).optional(),
  state: z.string().min(1).max(200).optional(),
  error: z.string().max(200).optional(),
});

/**
 * Clever's sign-in, on routes that need no session (installed before the session check):
 * - GET /clever/login, "Log in with Clever": records a state (good once, 10 minutes) and sends the
 *   person to Clever's authorize page (`?district=` skips Clever's district picker);
 * - GET /clever/callback: every entry path ends here. With a state, it must be ours, fresh and unused;
 *   without one (the Clever Portal, Instant Login links) the code alone is accepted, as Clever intends.
 *   The code is claimed before it is exchanged, so a replayed code is refused here even before Clever
 *   refuses it; then the person is identified, their district must be connected (a district admin of a
 *   district that is not gets the district page, to connect it), and a session for their classes opens.
 */
export function installCleverSignInRoutes(app: Express, ctx: LtiContext, clever: CleverFrontEnd): void {
  app.get("/clever/login", async (req: Request, res: Response) => {
    try {
      const { district } = loginQuery.parse(req.query);
      const state = await recordCleverLoginState(ctx.db, ctx.now());
      res.redirect(
        302,
        clever.oauth.authorizeUrl({
          redirectUri: clever.redirectUri,
          state,
          ...(district ? { districtId: district } : {}),
        }),
      );
    } catch (error) {
      sendError(ctx, res, error, req.path);
    }
  });

  app.get("/clever/callback", async (req: Request, res: Response) => {
    try {
      const query = callbackQuery.safeParse(req.query);
      if (!query.success || !query.data.code) throw new LtiRejection("clever_code_missing");
      const { code, state } = query.data;
      if (state !== undefined) await useCleverLoginState(ctx.db, state, ctx.now());
      const signIn = await signInWithCode(ctx, clever, code);
      const landing = await landingFor(ctx, signIn);
      const session = await openCleverSession(
        ctx.db,
        signIn,
        { courseId: null, role: homeRoleOf(signIn.roles) },
        { now: ctx.now(), ttlMs: ctx.sessionTtlMs, encryptionKey: ctx.encryptionKey },
      );
      ctx.log.info(
        { districtId: signIn.districtId, roles: signIn.roles, entry: state ? "login" : "portal", landing },
        "Clever sign-in accepted",
      );
      res.redirect(303, landingUrl(ctx, landing, session.ltik));
    } catch (error) {
      sendError(ctx, res, error, req.path);
    }
  });
}

/** Exchanges the code exactly once and names the person it signs in. */
async function signInWithCode(ctx: LtiContext, clever: CleverFrontEnd, code: string): Promise<CleverSignIn> {
  const key = `clever:code:${createHash("sha256").update(code).digest("hex")}`;
  if (!(await claimEvent(ctx.db, key))) throw new LtiRejection("clever_code_replayed");
  try {
    const tokens = await clever.oauth.exchangeCode({ code, redirectUri: clever.redirectUri });
    return await identifyCleverUser(
      { oauth: clever.oauth, ...(clever.idToken ? { idToken: clever.idToken } : {}) },
      tokens,
    );
  } catch (error) {
    if (error instanceof LtiRejection) throw error;
    if (error instanceof CleverCodeRefused) throw new LtiRejection("clever_code_replayed", { cause: error });
    throw new LtiRejection(
      error instanceof CleverUnavailable ? "clever_unavailable" : "clever_sign_in_failed",
      {
        cause: error,
      },
    );
  }
}

/**
 * Where the signed-in person goes: their classes when the district is connected; the district page for
 * a district admin of a district that is not (to connect it); a refusal for everyone else.
 */
async function landingFor(ctx: LtiContext, signIn: CleverSignIn): Promise<string> {
  const status = await districtStatus(ctx.db, { provider: "CLEVER", externalId: signIn.districtId });
  if (status === "CONNECTED") {
    // The roster sync made this identity; a person signing in before the first sync gets it made now.
    await resolveUser(ctx.db, cleverActor(signIn));
    return "/clever/home";
  }
  if (signIn.roles.includes("district_admin")) return "/clever/district";
  throw new LtiRejection(status ? "district_disconnected" : "district_not_connected");
}
