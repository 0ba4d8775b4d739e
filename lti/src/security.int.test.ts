// Every refusal the tool owes (issue 6, Security), each proven against a fake platform through the
// real ltijs: the person gets a short page with the right status, the log names the reason, and
// nothing is created.
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CLAIM,
  type FakeLtiPlatform,
  INSTRUCTOR,
  LEARNER,
  startFakeLtiPlatform,
} from "../../test/support/fake-lti-platform.ts";
import { formFields, getPage, ltikOf, postForm, textOf } from "./testing/page-client.ts";
import { ENCRYPTION_KEY, startTestLti, type TestLti } from "./testing/start-test-lti.ts";

const teacher = { sub: "teacher-1", name: "Tess Teacher", roles: [INSTRUCTOR] };
const student = { sub: "student-1", name: "Sam Student", roles: [LEARNER] };
const biology = { id: "ctx-bio", title: "Biology 101" };
const SESSION_MINUTES = 30;

let lti: TestLti;
let canvas: FakeLtiPlatform;
let teacherPage: string;
beforeAll(async () => {
  lti = await startTestLti({ sessionMinutes: SESSION_MINUTES });
  canvas = await startFakeLtiPlatform();
  await lti.register(canvas);
  const first = await canvas.launch({ user: teacher, context: biology });
  expect(first.status).toBe(200);
  teacherPage = first.url;
});
afterAll(async () => {
  await canvas?.close();
  await lti?.close();
});

const now = () => Math.floor(Date.now() / 1000);

/** Runs `act` and expects exactly one refusal with `reason` to be logged and no new session. */
async function expectRefusal<T extends { status: number; body: string }>(
  reason: string,
  status: number,
  act: () => Promise<T>,
): Promise<T> {
  const before = lti.rejections().length;
  const sessions = await lti.database.prisma.ltiLaunch.count();
  const result = await act();
  expect(result.status).toBe(status);
  expect(result.body).toContain("<h1>");
  expect(lti.rejections().slice(before)).toEqual([expect.objectContaining({ reason, status })]);
  expect(await lti.database.prisma.ltiLaunch.count()).toBe(sessions);
  return result;
}

describe("launches are refused", () => {
  it("with a bad signature", async () => {
    const result = await expectRefusal("bad_signature", 401, () =>
      canvas.launch({ user: teacher, context: biology, tamper: { signWith: "foreign-key" } }),
    );
    expect(textOf(result.body)).toContain("not signed by your course platform");
  });

  it("with a wrong audience", async () => {
    await expectRefusal("wrong_audience", 401, () =>
      canvas.launch({
        user: teacher,
        context: biology,
        tamper: { claims: { aud: "another-tool", azp: undefined } },
      }),
    );
  });

  it("with an authorised party that is not this tool", async () => {
    await expectRefusal("wrong_audience", 401, () =>
      canvas.launch({
        user: teacher,
        context: biology,
        tamper: { claims: { aud: [canvas.clientId, "another-tool"], azp: "another-tool" } },
      }),
    );
  });

  it("with a wrong issuer", async () => {
    await expectRefusal("wrong_issuer", 401, () =>
      canvas.launch({
        user: teacher,
        context: biology,
        tamper: { claims: { iss: "https://lms.evil.example" } },
      }),
    );
  });

  it("from an unknown deployment of a known platform, named at login", async () => {
    await expectRefusal("deployment_unknown", 403, () =>
      canvas.launch({ user: teacher, context: biology, deploymentId: "99:unregistered" }),
    );
  });

  it("from an unknown deployment of a known platform, named only in the id_token", async () => {
    await expectRefusal("deployment_unknown", 403, () =>
      canvas.launch({
        user: teacher,
        context: biology,
        tamper: { claims: { [CLAIM.deploymentId]: "99:unregistered" } },
      }),
    );
  });

  it("with a replayed id_token (its nonce was used by an earlier launch)", async () => {
    const earlier = await canvas.launch({ user: teacher, context: biology });
    expect(earlier.status).toBe(200);
    await expectRefusal("nonce_replayed", 401, () =>
      canvas.launch({ user: teacher, context: biology, tamper: { replayOf: earlier.idToken } }),
    );
  });

  it("with a nonce this login did not issue", async () => {
    await expectRefusal("nonce_foreign", 401, () =>
      canvas.launch({
        user: teacher,
        context: biology,
        tamper: { claims: { nonce: "someone-elses-nonce" } },
      }),
    );
  });

  it("with a stale id_token (issued too long ago, though not expired)", async () => {
    await expectRefusal("token_stale", 401, () =>
      canvas.launch({
        user: teacher,
        context: biology,
        tamper: { claims: { iat: now() - 600, exp: now() + 300 } },
      }),
    );
  });

  it("with an expired id_token", async () => {
    await expectRefusal("token_expired", 401, () =>
      canvas.launch({
        user: teacher,
        context: biology,
        tamper: { claims: { iat: now() - 30, exp: now() - 10 } },
      }),
    );
  });

  it("with a state this tool never issued", async () => {
    await expectRefusal("state_unknown", 401, () =>
      canvas.launch({ user: teacher, context: biology, tamper: { state: "state-from-nowhere" } }),
    );
  });

  it("with a state an earlier launch already used", async () => {
    const used = await lti.database.prisma.ltiLoginState.findFirstOrThrow({
      where: { usedAt: { not: null } },
    });
    await expectRefusal("state_replayed", 401, () =>
      canvas.launch({ user: teacher, context: biology, tamper: { state: used.state } }),
    );
  });

  it("without a valid LTI message (no roles claim)", async () => {
    await expectRefusal("claims_invalid", 401, () =>
      canvas.launch({ user: teacher, context: biology, tamper: { claims: { [CLAIM.roles]: undefined } } }),
    );
  });

  it("from a platform that is not registered", async () => {
    const stranger = await startFakeLtiPlatform({ clientId: "stranger" });
    try {
      lti.bindTool(stranger);
      await expectRefusal("platform_unknown", 400, () =>
        stranger.launch({ user: teacher, context: biology }),
      );
    } finally {
      lti.bindTool(canvas);
      await stranger.close();
    }
  });
});

describe("pages are refused", () => {
  it("to a student's launch opening the instructor page", async () => {
    const launched = await canvas.launch({ user: student, context: biology });
    expect(new URL(launched.url).pathname).toBe("/lti/learn");
    const ltik = ltikOf(launched.url);
    const result = await expectRefusal("not_staff_launch", 403, () =>
      getPage(`${lti.toolUrl}/course?ltik=${encodeURIComponent(ltik)}`),
    );
    expect(textOf(result.body)).toContain("This page is for course staff");
    // Nor may it post to staff forms with its own (valid) CSRF token.
    const { fields } = formFields(launched.body, "/learn/link-code");
    await expectRefusal("not_staff_launch", 403, () =>
      postForm(`${lti.toolUrl}/course/policy`, { ...fields, policy: "HINTS" }),
    );
  });

  it("to a form post without a valid CSRF token", async () => {
    const page = await getPage(teacherPage);
    const { action, fields } = formFields(page.body, "/course/policy");
    const course = () =>
      lti.database.prisma.course.findFirstOrThrow({
        where: { spaces: { some: { externalId: biology.id } } },
      });
    await expectRefusal("csrf_invalid", 403, () => postForm(action, { ltik: fields.ltik!, policy: "HINTS" }));
    await expectRefusal("csrf_invalid", 403, () =>
      postForm(action, { ltik: fields.ltik!, csrf: `${fields.csrf!.slice(0, -2)}xx`, policy: "HINTS" }),
    );
    // A token from another launch (another session) does not do either.
    const other = await canvas.launch({ user: teacher, context: biology });
    const otherCsrf = formFields(other.body, "/course/policy").fields.csrf!;
    expect(otherCsrf).not.toBe(fields.csrf);
    await expectRefusal("csrf_invalid", 403, () =>
      postForm(action, { ltik: fields.ltik!, csrf: otherCsrf, policy: "HINTS" }),
    );
    expect((await course()).answerPolicy).toBe("FULL");

    const saved = await postForm(action, { ...fields, policy: "HINTS" });
    expect(saved.status).toBe(303);
    expect((await course()).answerPolicy).toBe("HINTS");
    const after = await getPage(saved.location!);
    expect(textOf(after.body)).toContain("Answer policy saved.");
  });

  it("without an ltik, or with one not signed by this tool", async () => {
    await expectRefusal("session_missing", 401, () => getPage(`${lti.toolUrl}/course`));
    const claims = JSON.parse(Buffer.from(ltikOf(teacherPage).split(".")[1]!, "base64url").toString());
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .sign(new TextEncoder().encode(`${ENCRYPTION_KEY}-not`));
    await expectRefusal("session_invalid", 401, () =>
      getPage(`${lti.toolUrl}/course?ltik=${encodeURIComponent(forged)}`),
    );
  });

  it("once the launch's session has expired (the ltik itself has no expiry)", async () => {
    const launched = await canvas.launch({ user: teacher, context: biology });
    try {
      lti.clock.offsetMs = (SESSION_MINUTES - 1) * 60_000;
      expect((await getPage(launched.url)).status).toBe(200);
      lti.clock.offsetMs = (SESSION_MINUTES + 1) * 60_000;
      const result = await expectRefusal("session_expired", 401, () => getPage(launched.url));
      expect(textOf(result.body)).toContain("Your StudyHall session has expired");
    } finally {
      lti.clock.offsetMs = 0;
    }
  });

  // Our guard loads the records ltijs reads for an ltik beside its own session lookup; ltijs must
  // still find them, each, or refuse.
  it.each(["idtoken", "contexttoken"])("once ltijs no longer holds the launch's %s", async (collection) => {
    const user = { ...teacher, sub: `teacher-without-${collection}` };
    const launched = await canvas.launch({ user, context: biology });
    expect((await getPage(launched.url)).status).toBe(200);
    await lti.database.prisma.$executeRaw`
      DELETE FROM "LtiRecord" WHERE "collection" = ${collection} AND "data"->>'user' = ${user.sub}`;
    const result = await expectRefusal("launch_invalid", 401, () => getPage(launched.url));
    expect(textOf(result.body)).toContain("The launch could not be verified");
  });
});

describe("logs of refusals", () => {
  it("name the reason and never carry a token", () => {
    const logs = lti.logLines.join("\n");
    expect(lti.rejections().length).toBeGreaterThan(10);
    expect(logs).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\./);
  });
});
