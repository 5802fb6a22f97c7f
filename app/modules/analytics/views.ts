// The analytics views staff can look at and download. Client-safe: the page links to each CSV.

export const ANALYTICS_VIEWS = ["companies-by-country", "companies-by-sector", "introductions-by-month", "rates", "country-pairs", "outcomes"] as const;

export type AnalyticsView = (typeof ANALYTICS_VIEWS)[number];

export function isAnalyticsView(value: string | undefined): value is AnalyticsView {
  return (ANALYTICS_VIEWS as readonly string[]).includes(value ?? "");
}

export const csvPath = (view: AnalyticsView) => `/admin/analytics/${view}.csv`;

/** How many months the introductions chart covers, ending with the current one. */
export const MONTHS_SHOWN = 12;
