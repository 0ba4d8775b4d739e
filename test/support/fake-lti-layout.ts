// Where each endpoint lives, as Canvas and Moodle lay them out. The difference matters to a tool: Moodle's
// service URLs carry a query string (`?type_id=1`), so `/scores` must go before the query, not after it.

export type FakeLtiFlavour = "canvas" | "moodle";

export type ServiceRoute =
  | { kind: "memberships"; contextId: string }
  | { kind: "lineItems"; contextId: string }
  | { kind: "lineItem" | "scores" | "results"; contextId: string; lineItemId: string };

export interface LtiLayout {
  productFamilyCode: FakeLtiFlavour;
  auth: string;
  token: string;
  jwks: string;
  openidConfiguration: string;
  registration: string;
  /** Paths (with any query string) of the service endpoints. */
  memberships(contextId: string): string;
  lineItems(contextId: string): string;
  lineItem(contextId: string, lineItemId: string): string;
  /** The service a request addresses, or a reason it addresses none that the platform would give. */
  route(url: URL): ServiceRoute | { error: string } | undefined;
}

const enc = encodeURIComponent;
const dec = decodeURIComponent;

const canvas: LtiLayout = {
  productFamilyCode: "canvas",
  auth: "/api/lti/authorize_redirect",
  token: "/login/oauth2/token",
  jwks: "/api/lti/security/jwks",
  openidConfiguration: "/api/lti/security/openid-configuration",
  registration: "/api/lti/registrations",
  memberships: (c) => `/api/lti/courses/${enc(c)}/names_and_roles`,
  lineItems: (c) => `/api/lti/courses/${enc(c)}/line_items`,
  lineItem: (c, id) => `/api/lti/courses/${enc(c)}/line_items/${enc(id)}`,
  route(url) {
    const members = /^\/api\/lti\/courses\/([^/]+)\/names_and_roles$/.exec(url.pathname);
    if (members) return { kind: "memberships", contextId: dec(members[1]!) };
    const items = /^\/api\/lti\/courses\/([^/]+)\/line_items(?:\/([^/]+)(?:\/(scores|results))?)?$/.exec(
      url.pathname,
    );
    return items ? lineItemRoute(items[1]!, items[2], items[3]) : undefined;
  },
};

const MOODLE_TYPE_ID = "1";
const moodleServices = "/mod/lti/services.php";

const moodle: LtiLayout = {
  productFamilyCode: "moodle",
  auth: "/mod/lti/auth.php",
  token: "/mod/lti/token.php",
  jwks: "/mod/lti/certs.php",
  openidConfiguration: "/mod/lti/openid-configuration.php",
  registration: "/mod/lti/openid-registration.php",
  memberships: (c) => `${moodleServices}/CourseSection/${enc(c)}/bindings/${MOODLE_TYPE_ID}/memberships`,
  lineItems: (c) => `${moodleServices}/${enc(c)}/lineitems?type_id=${MOODLE_TYPE_ID}`,
  lineItem: (c, id) => `${moodleServices}/${enc(c)}/lineitems/${enc(id)}/lineitem?type_id=${MOODLE_TYPE_ID}`,
  route(url) {
    if (!url.pathname.startsWith(`${moodleServices}/`)) return undefined;
    const members = /^\/mod\/lti\/services\.php\/CourseSection\/([^/]+)\/bindings\/[^/]+\/memberships$/.exec(
      url.pathname,
    );
    if (members) return { kind: "memberships", contextId: dec(members[1]!) };
    const items =
      /^\/mod\/lti\/services\.php\/([^/]+)\/lineitems(?:\/([^/]+)\/lineitem(?:\/(scores|results))?)?$/.exec(
        url.pathname,
      );
    if (!items) return undefined;
    // Moodle finds the tool by type_id; a URL that lost its query string is not a service request.
    if (url.searchParams.get("type_id") !== MOODLE_TYPE_ID) return { error: "missing or wrong type_id" };
    return lineItemRoute(items[1]!, items[2], items[3]);
  },
};

function lineItemRoute(contextId: string, lineItemId?: string, sub?: string): ServiceRoute {
  if (lineItemId === undefined) return { kind: "lineItems", contextId: dec(contextId) };
  const kind = sub === "scores" ? "scores" : sub === "results" ? "results" : "lineItem";
  return { kind, contextId: dec(contextId), lineItemId: dec(lineItemId) };
}

export function layoutFor(flavour: FakeLtiFlavour): LtiLayout {
  return flavour === "moodle" ? moodle : canvas;
}
