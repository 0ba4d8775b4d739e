/** A record as the fake stores and serves it: Clever's JSON, keyed on its ObjectId-like `id`. */
export interface FakeRecord {
  id: string;
  [field: string]: unknown;
}

/** A user record: `roles` carries one object per role the user has (a multi-role user has several). */
export interface FakeUser extends FakeRecord {
  district: string;
  name?: { first?: string; middle?: string; last?: string } | null;
  email?: string | null;
  roles: { student?: object; teacher?: object; staff?: object; district_admin?: object };
}

export interface FakeSection extends FakeRecord {
  district: string;
  school: string;
  name: string;
  course?: string;
  term_id?: string;
  students: string[];
  teachers: string[];
  teacher?: string;
}

/** One event as Clever serves it inside `{ data: <event>, uri }`. */
export interface FakeEvent {
  id: string;
  type: string;
  created: string;
  data: { object: FakeRecord; previous_attributes?: Record<string, unknown> };
}

/**
 * One district's data, served to its token. The arrays are live: a test may push, edit or remove
 * records (even ones Clever would never send, to test validation) and the next request sees it.
 */
export interface FakeCleverDistrict {
  id: string;
  name: string;
  token: string;
  schools: FakeRecord[];
  terms: FakeRecord[];
  courses: FakeRecord[];
  sections: FakeSection[];
  users: FakeUser[];
  /** In the order Clever created them; ids increase. Events outside the 30-day window are not served. */
  events: FakeEvent[];
}

export type FakeCleverDistrictInput = Partial<FakeCleverDistrict> & { id?: string; name?: string };

export interface FakeCleverRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
}

export interface GenerateDistrictOptions {
  students: number;
  teachers: number;
  sections: number;
  /** Students in each section (default 25), taken round-robin from the district's students. */
  studentsPerSection?: number;
  name?: string;
}

export interface IssueCodeInput {
  districtId: string;
  userId: string;
  nonce?: string;
  /** The redirect URI the code was issued for; the exchange must name the same one. */
  redirectUri?: string;
  /** Sign an id_token for this code (default: the fake's `oidc` option). */
  idToken?: boolean;
  /** `user_type` of the id token (default: the user's first role). */
  userType?: string;
}

export interface StartFakeCleverOptions {
  /** Answer the code exchange with an id_token (OIDC) unless a code says otherwise. Default false. */
  oidc?: boolean;
  /** The fake's clock: event timestamps, the 30-day window, token times. Default: real time. */
  now?: () => Date;
  clientId?: string;
  clientSecret?: string;
}

export interface FakeClever {
  /** Both the data API's origin (apiUrl) and the OAuth host (oauthUrl). */
  url: string;
  /** The JWKS of the id_token's signing key. */
  jwksUrl: string;
  /** `iss` of the id tokens. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  districts: Map<string, FakeCleverDistrict>;
  addDistrict(input?: FakeCleverDistrictInput): FakeCleverDistrict;
  /** Builds a big deterministic district quickly and adds it. */
  generateDistrict(options: GenerateDistrictOptions): FakeCleverDistrict;
  /** The district's token answers 401 from now on, and is no longer listed by owner_type=district. */
  revokeToken(districtId: string): void;
  /** The next `n` data API calls answer 429, with `Retry-After: retryAfterS` unless it is null. */
  rateLimitNext(n: number, retryAfterS?: number | null): void;
  /** The next `n` data API calls answer `status` (default 503). */
  failNext(n: number, status?: number): void;
  /**
   * Appends an event and applies it to the district's data, as Clever's data reflects the change:
   * created/updated replace the record, deleted removes it.
   */
  emit(districtId: string, type: string, object: FakeRecord, previous?: Record<string, unknown>): FakeEvent;
  /** The district's next events answer starts with this event again, same id and content (a redelivery). */
  replay(districtId: string, eventId: string): void;
  /** Drops every event before `eventId` from the window: a starting_after naming one answers 404. */
  expireEventsBefore(districtId: string, eventId: string): void;
  issueCode(input: IssueCodeInput): string;
  requests: FakeCleverRequest[];
  stop(): Promise<void>;
}
