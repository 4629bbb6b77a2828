import { describe, expect, it } from "vitest";
import { type BusinessHours, businessHours, nextOpening } from "../../../src/handoff/hours.js";
import { shippedBrand } from "../../support/knowledge.js";

const weekdays: BusinessHours = { timezone: "Asia/Shanghai", days: ["mon", "tue", "wed", "thu", "fri"], open: 9 * 60, close: 21 * 60 };
/** 2026-01-07 is a Wednesday; Shanghai is UTC+8. */
const shanghai = (day: number, hour: number, minute = 0) => Date.UTC(2026, 0, day, hour - 8, minute);

describe("business hours", () => {
  it("is in during the hours, in the team's time zone", () => {
    expect(nextOpening(weekdays, shanghai(7, 9))).toBeUndefined();
    expect(nextOpening(weekdays, shanghai(7, 20, 59))).toBeUndefined();
  });

  it("before opening, the team is back today; after closing, tomorrow", () => {
    expect(nextOpening(weekdays, shanghai(7, 8, 30))).toEqual({ days: 0, weekday: "wed", minutes: 9 * 60 });
    expect(nextOpening(weekdays, shanghai(7, 21))).toEqual({ days: 1, weekday: "thu", minutes: 9 * 60 });
  });

  it("skips the days the team does not work", () => {
    expect(nextOpening(weekdays, shanghai(9, 22))).toEqual({ days: 3, weekday: "mon", minutes: 9 * 60 });
    expect(nextOpening(weekdays, shanghai(10, 12))).toEqual({ days: 2, weekday: "mon", minutes: 9 * 60 });
  });

  it("a close before open spans midnight", () => {
    const nights: BusinessHours = { timezone: "UTC", days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], open: 20 * 60, close: 6 * 60 };
    expect(nextOpening(nights, Date.UTC(2026, 0, 7, 23))).toBeUndefined();
    expect(nextOpening(nights, Date.UTC(2026, 0, 7, 3))).toBeUndefined();
    expect(nextOpening(nights, Date.UTC(2026, 0, 7, 12))).toEqual({ days: 0, weekday: "wed", minutes: 20 * 60 });
  });

  it("reads the shipped brand.yaml", () => {
    expect(businessHours(shippedBrand().hours)).toMatchObject({ timezone: "Asia/Shanghai", open: 9 * 60, close: 21 * 60 });
  });
});
