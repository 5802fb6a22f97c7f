// Each analytics view as a CSV file: stable snake_case headers and codes for spreadsheets and
// scripts, with the labels in the reader's language beside the codes.
import { stringify } from "csv-stringify/sync";
import { neutraliseFormula } from "~/modules/companies/export.server";
import { taxonomyLabel } from "~/modules/companies/taxonomy";
import { getMessages } from "~/modules/i18n/locales.server";
import { INTRODUCTION_STATUSES } from "~/modules/introductions/labels";
import { companiesByCountry, companiesBySector, countryPairs, introductionsByMonth, outcomes, rates } from "./analytics.server";
import { MONTHS_SHOWN, type AnalyticsView } from "./views";

type Cell = string | number | null;

/** The CSV text of one view, with a byte-order mark so spreadsheet programs read it as UTF-8. */
export function analyticsCsv(input: { view: AnalyticsView; locale: string; now: number }): string {
  const messages = getMessages(input.locale);
  const label = (kind: "country" | "sector" | "partnershipType", code: string) => taxonomyLabel(kind, code, input.locale, messages);
  const text = (key: string) => messages[key] ?? key;
  const table = tableOf(input.view, { label, text, now: input.now });
  const cells = table.map((row) => row.map((c) => (c === null ? "" : typeof c === "number" ? String(c) : neutraliseFormula(c))));
  return `\uFEFF${stringify(cells)}`;
}

function tableOf(
  view: AnalyticsView,
  { label, text, now }: { label: (kind: "country" | "sector" | "partnershipType", code: string) => string; text: (key: string) => string; now: number },
): Cell[][] {
  switch (view) {
    case "companies-by-country":
      return [["country_code", "country", "companies"], ...companiesByCountry().map((r) => [r.code, label("country", r.code), r.count])];
    case "companies-by-sector":
      return [["sector_code", "sector", "companies"], ...companiesBySector().map((r) => [r.code, label("sector", r.code), r.count])];
    case "introductions-by-month":
      return [
        ["month", ...INTRODUCTION_STATUSES, "total"],
        ...introductionsByMonth({ months: MONTHS_SHOWN, now }).map((r) => [r.month, ...INTRODUCTION_STATUSES.map((s) => r.counts[s]), r.total]),
      ];
    case "rates": {
      const { approval, acceptance } = rates();
      return [
        ["measure", "count", "out_of", "rate"],
        ["approval", approval.count, approval.outOf, approval.rate === null ? null : round(approval.rate)],
        ["acceptance", acceptance.count, acceptance.outOf, acceptance.rate === null ? null : round(acceptance.rate)],
      ];
    }
    case "country-pairs":
      return [
        ["country_a_code", "country_a", "country_b_code", "country_b", "accepted_introductions"],
        ...countryPairs().map((p) => [p.a, label("country", p.a), p.b, label("country", p.b), p.count]),
      ];
    case "outcomes": {
      const { byOutcome, agreements } = outcomes();
      return [
        ["group", "code", "label", "introductions"],
        ...byOutcome.map((r) => ["latest_outcome", r.outcome, text(`analytics.outcome.${r.outcome}`), r.count]),
        ...agreements.map((r) => [
          "agreement_partnership_type",
          r.partnershipType,
          r.partnershipType === null ? text("analytics.agreements.unspecified") : label("partnershipType", r.partnershipType),
          r.count,
        ]),
      ];
    }
  }
}

// Four decimals: a share a spreadsheet can format as a percentage without float noise.
const round = (x: number) => Math.round(x * 10_000) / 10_000;
