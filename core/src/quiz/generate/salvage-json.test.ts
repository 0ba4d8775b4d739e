import { describe, expect, it } from "vitest";
import { salvageJson } from "./salvage-json.ts";

describe("salvageJson", () => {
  it("parses plain JSON", () => {
    expect(salvageJson(' {"questions": []} ')).toEqual({ ok: true, value: { questions: [] } });
  });

  it("finds JSON wrapped in prose and a ``` fence", () => {
    const text =
      'Sure! Here are your questions:\n```json\n{"questions": [{"prompt": "Q?"}]}\n```\nGood luck!';
    expect(salvageJson(text)).toEqual({ ok: true, value: { questions: [{ prompt: "Q?" }] } });
  });

  it("finds a bare array and keeps brackets inside strings", () => {
    const text = 'Output: [{"prompt": "Which { is } right ]?", "choices": ["a\\"]", "b"]}] done';
    expect(salvageJson(text)).toEqual({
      ok: true,
      value: [{ prompt: "Which { is } right ]?", choices: ['a"]', "b"] }],
    });
  });

  it("skips a bracket in prose that is not JSON and takes the next one", () => {
    const text = 'Note [see below]: {"questions": [1]}';
    expect(salvageJson(text)).toEqual({ ok: true, value: { questions: [1] } });
  });

  it("gives up on text with no balanced JSON", () => {
    expect(salvageJson("I cannot help with that.")).toEqual({ ok: false });
    expect(salvageJson('{"questions": [{"prompt": "cut off')).toEqual({ ok: false });
    expect(salvageJson("")).toEqual({ ok: false });
  });
});
