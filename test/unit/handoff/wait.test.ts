import { describe, expect, it } from "vitest";
import { DEFAULT_MINUTES_PER_HANDOFF, expectedWaitMinutes } from "../../../src/handoff/wait.js";

const minute = 60_000;

describe("expected wait", () => {
  it("with no history, assumes the default pace per person ahead", () => {
    expect(expectedWaitMinutes(1, [])).toBe(DEFAULT_MINUTES_PER_HANDOFF);
    expect(expectedWaitMinutes(3, [Date.now()])).toBe(3 * DEFAULT_MINUTES_PER_HANDOFF);
  });

  it("follows the team's recent pace: the median gap between claims", () => {
    const claims = [0, 2, 4, 30, 32].map((at) => at * minute);
    expect(expectedWaitMinutes(1, claims)).toBe(2);
    expect(expectedWaitMinutes(4, claims)).toBe(8);
  });

  it("ignores gaps that are a night or a break", () => {
    const claims = [0, 3, 6, 6 + 14 * 60].map((at) => at * minute);
    expect(expectedWaitMinutes(2, claims)).toBe(6);
  });

  it("never promises less than a minute", () => {
    expect(expectedWaitMinutes(1, [0, 1_000, 2_000])).toBe(1);
  });
});
