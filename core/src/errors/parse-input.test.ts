import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError, ErrorCode } from "./app-error.ts";
import { parseFrontDoorCommand, parseUseCaseInput } from "./parse-input.ts";

const schema = z.object({ courseId: z.uuid(), quizId: z.uuid(), count: z.number().int().min(1) });
const quizNotFound = () =>
  new AppError(ErrorCode.NotFound, "no such quiz", { userMessage: "That quiz is not in this course." });
const courseId = "7d3f1c2a-4b5e-4f60-8a71-9b8c7d6e5f40";
const quizId = "0b1c2d3e-4f50-4a61-b72c-8d9e0f1a2b3c";

describe("parseUseCaseInput", () => {
  it("returns the parsed input when it is valid", () => {
    expect(parseUseCaseInput(schema, { courseId, quizId, count: 3 }, { quizId: quizNotFound })).toEqual({
      courseId,
      quizId,
      count: 3,
    });
  });

  it.each([["not-a-quiz-id"], ["12345678-1234-1234-1234-123456789abc"], [""], [42]])(
    "answers a malformed id (%j) with that id's not found, even beside other invalid fields",
    (bad) => {
      for (const count of [3, 0]) {
        expect(() =>
          parseUseCaseInput(schema, { courseId, quizId: bad, count }, { quizId: quizNotFound }),
        ).toThrow(
          expect.objectContaining({ code: "not_found", userMessage: "That quiz is not in this course." }),
        );
      }
    },
  );

  it("answers any other invalid field as invalid input, naming the field for the log only", () => {
    const attempt = () =>
      parseUseCaseInput(schema, { courseId: "x", quizId, count: 3 }, { quizId: quizNotFound });
    expect(attempt).toThrow(AppError);
    expect(attempt).toThrow(
      expect.objectContaining({ code: "invalid_input", details: { path: "courseId", issues: 1 } }),
    );
  });
});

describe("parseFrontDoorCommand", () => {
  const command = z.discriminatedUnion("name", [
    z.object({ name: z.literal("digest"), hour: z.number().int().min(0).max(23) }),
    z.object({ name: z.literal("read") }),
  ]);

  it("returns the command when it parses", () => {
    expect(parseFrontDoorCommand(command, { name: "digest", hour: 7 }, "notifications")).toEqual({
      name: "digest",
      hour: 7,
    });
  });

  it("refuses a command that does not parse with a sentence naming the problem, and its kind in the log", () => {
    const attempt = () => parseFrontDoorCommand(command, { name: "digest", hour: 25 }, "notifications");
    expect(attempt).toThrow(
      expect.objectContaining({
        code: "invalid_input",
        message: "invalid notifications command",
        userMessage: expect.stringMatching(/^That command could not be read: .*23\.$/),
        details: { issues: 1, name: "digest" },
      }),
    );
  });
});
