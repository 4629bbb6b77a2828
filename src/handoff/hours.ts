import { type Brand, type Weekday, weekdaySchema } from "../engine/knowledge-schema.js";

const WEEKDAYS = weekdaySchema.options;

/** brand.yaml `hours`, in minutes past midnight in the team's time zone. */
export interface BusinessHours {
  timezone: string;
  days: readonly Weekday[];
  open: number;
  close: number;
}

export function businessHours(hours: Brand["hours"]): BusinessHours {
  return { timezone: hours.timezone, days: hours.days, open: minutesOf(hours.open), close: minutesOf(hours.close) };
}

/** When the team is next in: `days` from today in the team's time zone (0 = today), at `minutes` past midnight. */
export interface Opening {
  days: number;
  weekday: Weekday;
  minutes: number;
}

/** Undefined while the team is in; otherwise when it is back. A close before open spans midnight. */
export function nextOpening(hours: BusinessHours, now: number): Opening | undefined {
  const { weekday, minutes } = localTime(hours.timezone, now);
  const today = WEEKDAYS.indexOf(weekday);
  const dayAt = (offset: number) => WEEKDAYS[(today + offset) % 7] as Weekday;
  const isOpenDay = (offset: number) => hours.days.includes(dayAt(offset));
  const inHours = hours.open < hours.close ? minutes >= hours.open && minutes < hours.close : minutes >= hours.open || minutes < hours.close;
  if (isOpenDay(0) && inHours) return undefined;
  if (isOpenDay(0) && minutes < hours.open) return { days: 0, weekday, minutes: hours.open };
  for (let offset = 1; offset <= 7; offset++) {
    if (isOpenDay(offset)) return { days: offset, weekday: dayAt(offset), minutes: hours.open };
  }
  return undefined;
}

function localTime(zone: string, now: number): { weekday: Weekday; minutes: number } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { weekday: part("weekday").toLowerCase() as Weekday, minutes: Number(part("hour")) * 60 + Number(part("minute")) };
}

function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
