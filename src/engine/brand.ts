import type { Language } from "../conversation/model.js";
import { type Brand, type Weekday, weekdaySchema } from "./knowledge-schema.js";

const DAY_NAMES: Record<Language, readonly string[]> = {
  zh: ["周一", "周二", "周三", "周四", "周五", "周六", "周日"],
  en: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
};

/** The values of {{placeholders}} in answers, per language (only {{hours}} differs). */
export function placeholderValues(brand: Brand): Record<Language, Record<string, string>> {
  const shared = {
    brand: brand.brand,
    hotline: brand.hotline,
    email: brand.email,
    website: brand.website,
    app_store: brand.app_store,
    telegram: brand.social.telegram,
    discord: brand.social.discord,
  };
  return { zh: { ...shared, hours: renderHours(brand, "zh") }, en: { ...shared, hours: renderHours(brand, "en") } };
}

/** Replaces {{name}} with its value; returns the names it did not know, so the loader can point at them. */
export function interpolate(text: string, values: Record<string, string>): { text: string; unknown: string[] } {
  const unknown: string[] = [];
  const result = text.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (match, name: string) => {
    const value = values[name];
    if (value === undefined) unknown.push(name);
    return value ?? match;
  });
  return { text: result, unknown };
}

/** "每天 09:00-21:00(GMT+8)" / "daily 09:00-21:00 (GMT+8)". */
function renderHours(brand: Brand, language: Language): string {
  const { days, open, close, timezone } = brand.hours;
  const offset = zoneOffset(timezone);
  const span = `${open}-${close}`;
  return language === "zh" ? `${renderDays(days, "zh")} ${span}(${offset})` : `${renderDays(days, "en")} ${span} (${offset})`;
}

function renderDays(days: readonly Weekday[], language: Language): string {
  const indexes = [...new Set(days.map((day) => weekdaySchema.options.indexOf(day)))].sort((a, b) => a - b);
  const names = DAY_NAMES[language];
  if (indexes.length === 7) return language === "zh" ? "每天" : "daily";
  const first = indexes[0] as number;
  const last = indexes.at(-1) as number;
  if (indexes.length > 2 && last - first + 1 === indexes.length) {
    return language === "zh" ? `${names[first]}至${names[last]}` : `${names[first]}-${names[last]}`;
  }
  return indexes.map((i) => names[i]).join(language === "zh" ? "、" : ", ");
}

/** "GMT+8": what a user abroad needs to convert the hours. */
function zoneOffset(timezone: string): string {
  const part = new Intl.DateTimeFormat("en", { timeZone: timezone, timeZoneName: "shortOffset" })
    .formatToParts(new Date())
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timezone;
}
