// Names and Role Provisioning Services 2.0: the context membership container, paged with Link rel="next".
import type { ServerResponse } from "node:http";
import { acceptsExactly, type FakeRequest, sendError, sendJson } from "./fake-lti-http.ts";
import { checkBearer } from "./fake-lti-token.ts";
import type { FakeLtiMember, PlatformState, ServiceOutcome } from "./fake-lti-types.ts";
import { MEDIA, SCOPE } from "./fake-lti-vocabulary.ts";

/** One page of `items` by the `page` (1-based) and `limit` query parameters, with its Link header. */
export function pageOf<T>(
  items: T[],
  url: URL,
  pageSize: number,
): { items: T[]; headers: Record<string, string> } {
  const limit = Number(url.searchParams.get("limit"));
  const size = Math.max(1, Number.isInteger(limit) && limit > 0 ? Math.min(limit, pageSize) : pageSize);
  const page = Math.max(1, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1);
  const slice = items.slice((page - 1) * size, page * size);
  if (page * size >= items.length) return { items: slice, headers: {} };
  const next = new URL(url);
  next.searchParams.set("page", String(page + 1));
  return { items: slice, headers: { link: `<${next}>; rel="next"` } };
}

/** Whether a member holds `role`, given as a full URI or as a short name such as `Learner`. */
function holdsRole(member: FakeLtiMember, role: string): boolean {
  return member.roles.some((held) => held === role || held.endsWith(`#${role}`));
}

export function handleMemberships(
  state: PlatformState,
  req: FakeRequest,
  res: ServerResponse,
  contextId: string,
): ServiceOutcome {
  if (req.method !== "GET") {
    sendError(res, 405, "invalid_request", "memberships are read-only");
    return { status: 405 };
  }
  const bearer = checkBearer(state, req, res, [SCOPE.membershipReadonly]);
  if (!bearer.ok) return { status: bearer.status, scope: bearer.scope };
  if (!acceptsExactly(req, MEDIA.membershipContainer)) {
    sendError(res, 406, "not_acceptable", `Accept must name ${MEDIA.membershipContainer}`);
    return { status: 406, scope: bearer.scope };
  }
  const role = req.url.searchParams.get("role");
  const members = role
    ? state.roster.members.filter((member) => holdsRole(member, role))
    : state.roster.members;
  const { items, headers } = pageOf(members, req.url, state.roster.pageSize);
  const body = {
    id: req.url.toString(),
    context: state.contexts.get(contextId) ?? { id: contextId },
    members: items.map((member) => ({
      status: member.status ?? "Active",
      user_id: member.sub,
      roles: member.roles,
      name: member.name,
      given_name: member.givenName,
      family_name: member.familyName,
      email: member.email,
    })),
  };
  sendJson(res, 200, body, MEDIA.membershipContainer, headers);
  return { status: 200, scope: bearer.scope };
}
