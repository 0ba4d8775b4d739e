import { describe, expect, it } from "vitest";
import { createPlayerTokens } from "./player-tokens.ts";

describe("createPlayerTokens", () => {
  it("keeps each player's newest token per game while it may be used", () => {
    const tokens = createPlayerTokens(1_000);
    tokens.remember("game", "ana", "t1", 100);
    tokens.remember("game", "ana", "t2", 200);
    tokens.remember("game", "ana", "late-arriving-older", 150);
    tokens.remember("other", "ana", "t3", 100);
    expect(tokens.fresh("game", "ana", 500)).toBe("t2");
    expect(tokens.fresh("other", "ana", 500)).toBe("t3");
    expect(tokens.fresh("game", "ben", 500)).toBeNull();
    expect(tokens.size).toBe(2);
  });

  it("gives no token once its lifetime is over, and forgets a finished game", () => {
    const tokens = createPlayerTokens(1_000);
    tokens.remember("game", "ana", "t1", 100);
    tokens.remember("game", "ben", "t2", 900);
    expect(tokens.fresh("game", "ana", 1_100)).toBeNull();
    expect(tokens.fresh("game", "ben", 1_100)).toBe("t2");
    tokens.forget("game");
    expect(tokens.fresh("game", "ben", 1_100)).toBeNull();
    expect(tokens.size).toBe(0);
  });
});
