// Every date and time a person reads goes through here: one formatter per language, written in
// that language's messages (`date.*`), so a list never shows "Dec 7, 2026, 3:32 AM" beside
// "2026-12-07" elsewhere. The patterns are messages rather than `Intl.DateTimeFormat`, whose
// output differs between the server's ICU and the browser's (a hydrated page would not match
// what the server sent) and which would pick a Buddhist year for Thai. Times are UTC and say so:
// the two firms of an introduction and the council's staff sit in different time zones.
// Machine formats (a CSV's file name, a <time dateTime> attribute) stay ISO and do not come here.
import type { MessageKey, TFunction } from "./i18n";

/** The root's share of the date messages (the layout and every page may show a date). */
export const DATE_NAMESPACES = ["date.month", "date.format.date", "date.format.dateTime"] as const;

export type Dates = {
  /** "7 Dec 2026" · "2026年12月7日"; "—" for none. */
  date(seconds: number | null | undefined): string;
  /** "7 Dec 2026, 03:32 UTC" · "2026年12月7日 03:32 UTC" (`withSeconds`: 03:32:05, for the audit log); "—" for none. */
  dateTime(seconds: number | null | undefined, withSeconds?: boolean): string;
};

const NONE = "—";
const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A pattern's placeholders filled as written: a date is one unit, so t()'s Chinese spacing between
 * Han and digits (for names and counts put into sentences) does not split "2026年12月7日".
 */
export function fill(pattern: string, values: Record<string, string | number>): string {
  return pattern.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function createDates(t: TFunction): Dates {
  const date = (d: Date) =>
    fill(t("date.format.date"), { day: d.getUTCDate(), month: t(`date.month.${d.getUTCMonth() + 1}` as MessageKey), year: d.getUTCFullYear() });
  return {
    date: (seconds) => (seconds ? date(new Date(seconds * 1000)) : NONE),
    dateTime(seconds, withSeconds = false) {
      if (!seconds) return NONE;
      const d = new Date(seconds * 1000);
      const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${withSeconds ? `:${pad(d.getUTCSeconds())}` : ""}`;
      return fill(t("date.format.dateTime"), { date: date(d), time });
    },
  };
}
