/** LTI Advantage scopes the tool asks for: grades (AGS) and rosters (NRPS). */
export const TOOL_SCOPES = [
  "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
  "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
];

export const TOOL_CONFIGURATION_CLAIM = "https://purl.imsglobal.org/spec/lti-tool-configuration";

/** The tool's URLs, all under `${PUBLIC_URL}/lti`. */
export function toolUrls(toolUrl: string) {
  return {
    launch: toolUrl,
    login: `${toolUrl}/login`,
    keys: `${toolUrl}/keys`,
    register: `${toolUrl}/register`,
  };
}

/**
 * The client registration the tool sends in LTI Dynamic Registration: an OIDC client
 * (id_token launches, private_key_jwt service tokens) with the LTI tool configuration. Placements:
 * course navigation for the course page, link and assignment selection for Deep Linking.
 */
export function toolRegistration(toolUrl: string, options: { name?: string } = {}) {
  const urls = toolUrls(toolUrl);
  const name = options.name ?? "StudyHall";
  return {
    application_type: "web",
    response_types: ["id_token"],
    grant_types: ["implicit", "client_credentials"],
    initiate_login_uri: urls.login,
    redirect_uris: [urls.launch],
    client_name: name,
    jwks_uri: urls.keys,
    token_endpoint_auth_method: "private_key_jwt",
    scope: TOOL_SCOPES.join(" "),
    [TOOL_CONFIGURATION_CLAIM]: {
      domain: new URL(toolUrl).host,
      target_link_uri: urls.launch,
      description: "Course materials, an AI tutor and live quizzes, in the LMS, Discord and Slack.",
      claims: ["iss", "sub", "name", "given_name", "family_name"],
      messages: [
        {
          type: "LtiResourceLinkRequest",
          target_link_uri: urls.launch,
          label: name,
          placements: ["course_navigation"],
        },
        {
          type: "LtiDeepLinkingRequest",
          target_link_uri: urls.launch,
          label: `${name}: a quiz or material`,
          placements: ["link_selection", "assignment_selection"],
          supported_types: ["ltiResourceLink"],
        },
      ],
    },
  };
}
