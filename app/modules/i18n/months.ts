// Months as the month views (the analytics page) write them, in the page's language: a month key
// "2026-12" as "Dec 2026" or "December 2026" · "2026年12月". A file of its own, so that only the
// pages that show months carry these words (dates.ts is on every page).
import { fill } from "./dates";
import type { MessageKey, TFunction } from "./i18n";

/** The messages a page that shows months adds to the root's (DATE_NAMESPACES). */
export const MONTH_NAMESPACES = ["date.monthLong", "date.format.monthShort", "date.format.monthLong"] as const;

export function createMonths(t: TFunction) {
  return {
    short(key: string) {
      const [year, month] = key.split("-").map(Number);
      return fill(t("date.format.monthShort"), { month: t(`date.month.${month}` as MessageKey), year });
    },
    long(key: string) {
      const [year, month] = key.split("-").map(Number);
      return fill(t("date.format.monthLong"), { month: t(`date.monthLong.${month}` as MessageKey), year });
    },
  };
}
