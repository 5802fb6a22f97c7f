/** The clock every table's integer timestamps use: whole seconds since 1970, UTC. */
export function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

/** Unix seconds as "2026-07-01 09:30 UTC": staff in several time zones read the same log. */
export function formatUtc(seconds: number | null) {
  return seconds ? `${new Date(seconds * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC` : "—";
}

/** Seconds as a calendar date, "2026-07-01" (UTC): the same day for both firms' readers. */
export function calendarDate(seconds: number) {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}
