import { describe, expect, it } from "vitest";
import { nextPage } from "./nrps-client.ts";

const page1 = "https://lms.example.edu/api/lti/courses/7/names_and_roles";
const origin = "https://lms.example.edu";

describe("nextPage", () => {
  it("finds rel=next among other links, quoted or not, and resolves it against the page", () => {
    expect(nextPage(`<${page1}?page=2>; rel="next"`, page1, origin)).toBe(`${page1}?page=2`);
    expect(
      nextPage(
        `<${page1}?page=1>; rel="first", <?page=3>; rel=next, <${page1}?page=9>; rel="last"`,
        page1,
        origin,
      ),
    ).toBe(`${page1}?page=3`);
    expect(nextPage(`<${page1}?since=x>; rel="differences next"`, page1, origin)).toBe(`${page1}?since=x`);
  });

  it("ends at a page without rel=next", () => {
    expect(nextPage(null, page1, origin)).toBeNull();
    expect(nextPage(`<${page1}?since=abc>; rel="differences"`, page1, origin)).toBeNull();
  });

  it("refuses to follow the bearer token to another origin", () => {
    expect(() => nextPage(`<https://evil.example/steal>; rel="next"`, page1, origin)).toThrow(/paging left/);
  });
});
