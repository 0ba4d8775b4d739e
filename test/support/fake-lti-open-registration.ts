import type { PlatformState } from "./fake-lti-types.ts";

/**
 * Plays an admin adding the tool by URL: GET the tool's registration URL with `openid_configuration`
 * (and `registration_token`, unless `omitToken`), following same-origin redirects.
 */
export async function openRegistration(state: PlatformState, registerUrl: string, omitToken: boolean) {
  const url = new URL(registerUrl);
  url.searchParams.set("openid_configuration", state.issuer + state.layout.openidConfiguration);
  if (omitToken) state.requireRegistrationToken = false;
  else url.searchParams.set("registration_token", state.registrationToken);
  let current = url;
  let response = await fetch(current, { redirect: "manual" });
  for (let hops = 0; hops < 10; hops++) {
    const location = response.headers.get("location");
    if (response.status < 300 || response.status >= 400 || !location) break;
    const next = new URL(location, current);
    if (next.origin !== url.origin) break;
    current = next;
    response = await fetch(current, { redirect: "manual" });
  }
  return {
    status: response.status,
    url: current.toString(),
    headers: response.headers,
    body: await response.text(),
  };
}
