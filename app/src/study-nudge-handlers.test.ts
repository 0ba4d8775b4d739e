import {
  createAi,
  createStudyHallDeps,
  NOTIFY_QUEUE,
  type Prisma,
  STUDY_NUDGE_QUEUE,
  STUDY_SESSION_QUEUE,
  silentLogger,
} from "@studyhall/core";
import { describe, expect, it } from "vitest";
import { notificationJobHandlers, studyNudgeJobHandlers, studySessionJobHandlers } from "./front-ends.ts";

// The database is never reached here: without a chat sender there is no handler, and a malformed
// payload is dropped before any read.
const deps = createStudyHallDeps({
  db: {} as Prisma,
  ai: createAi({ provider: "local" }),
  logger: silentLogger(),
});

describe("studyNudgeJobHandlers", () => {
  it("registers the nudge queue only when a chat front end gives a sender", async () => {
    expect(studyNudgeJobHandlers(deps, [{}, {}])).toEqual({});
    const sends: unknown[] = [];
    const handlers = studyNudgeJobHandlers(deps, [
      {},
      { studyNudgeSender: { platform: "SLACK", send: async (input) => void sends.push(input) } },
    ]);
    expect(Object.keys(handlers)).toEqual([STUDY_NUDGE_QUEUE]);
    await handlers[STUDY_NUDGE_QUEUE]?.({
      id: "j1",
      queue: STUDY_NUDGE_QUEUE,
      payload: { not: "a nudge" },
      attempts: 0,
      signal: new AbortController().signal,
    });
    expect(sends).toEqual([]);
  });
});

describe("notificationJobHandlers", () => {
  it("registers the delivery queue only when a chat front end gives a sender", async () => {
    expect(notificationJobHandlers(deps, [{}, {}])).toEqual({});
    const sends: unknown[] = [];
    const handlers = notificationJobHandlers(deps, [
      { studyNudgeSender: { platform: "DISCORD", send: async (input) => void sends.push(input) } },
    ]);
    expect(Object.keys(handlers)).toEqual([NOTIFY_QUEUE]);
    await handlers[NOTIFY_QUEUE]?.({
      id: "j1",
      queue: NOTIFY_QUEUE,
      payload: { not: "a delivery" },
      attempts: 0,
      signal: new AbortController().signal,
    });
    expect(sends).toEqual([]);
  });
});

describe("studySessionJobHandlers", () => {
  it("registers the sessions' queue even without a chat front end, and drops a malformed step", async () => {
    const handlers = studySessionJobHandlers(deps, [{}]);
    expect(Object.keys(handlers)).toEqual([STUDY_SESSION_QUEUE]);
    await expect(
      handlers[STUDY_SESSION_QUEUE]?.({
        id: "j1",
        queue: STUDY_SESSION_QUEUE,
        payload: { sessionId: "not-a-uuid", step: "open" },
        attempts: 0,
        signal: new AbortController().signal,
      }),
    ).resolves.toBeUndefined();
  });
});
