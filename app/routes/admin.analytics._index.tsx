import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { companiesByCountry, companiesBySector, countryPairs, introductionsByMonth, outcomes, rates } from "~/modules/analytics/analytics.server";
import { ChartFigure, HorizontalBars, RateBars, StackedColumns, type Series } from "~/modules/analytics/charts";
import { csvPath, MONTHS_SHOWN } from "~/modules/analytics/views";
import { requireStaff } from "~/modules/auth/guards.server";
import { COUNTRIES } from "~/modules/companies/taxonomy";
import { useTaxonomyLabel } from "~/modules/companies/ui";
import { type I18nHandle, type MessageKey, useI18n } from "~/modules/i18n/i18n";
import { pageTitle } from "~/utils/meta";
import { nowSeconds } from "~/utils/time";
import { scrollRegion } from "~/components/scroll-region";

export const handle: I18nHandle = { i18n: ["analytics", "companies.status", "staffCompany.reason", "taxonomy"] };

export const meta: MetaFunction = (args) => pageTitle(args, "analytics.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaff(request, context);
  return {
    byCountry: companiesByCountry(),
    bySector: companiesBySector(),
    months: introductionsByMonth({ months: MONTHS_SHOWN, now: nowSeconds() }),
    rates: rates(),
    pairs: countryPairs(),
    outcomes: outcomes(),
  };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

// One colour per status, each at least 4.5:1 on white and apart in hue: the legend and the table
// carry the names, so colour is never the only clue.
const STATUS_COLOURS: Record<string, string> = {
  requested: "#475569",
  approved: "#1d4ed8",
  accepted: "#15803d",
  declined_by_staff: "#b91c1c",
  declined_by_target: "#c2410c",
  expired: "#a16207",
  withdrawn: "#7e22ce",
};

const cell = "px-3 py-1.5";
const numeric = `${cell} text-right tabular-nums`;

function useFormat() {
  const { locale } = useI18n();
  const number = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const month = new Intl.DateTimeFormat(locale, { month: "short", year: "2-digit", timeZone: "UTC" });
  const monthLong = new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" });
  return {
    n: (v: number) => number.format(v),
    pct: (v: number | null) => (v === null ? "—" : percent.format(v)),
    month: (key: string) => month.format(new Date(`${key}-01T00:00:00Z`)),
    monthLong: (key: string) => monthLong.format(new Date(`${key}-01T00:00:00Z`)),
  };
}

/** A two-column table (what, how many) under a bar chart. */
function CountTable({ caption, head, rows }: { caption: string; head: [string, string]; rows: { key: string; label: string; value: string }[] }) {
  return (
    <table className="text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="bg-slate-100">
        <tr>
          <th scope="col" className={cell}>
            {head[0]}
          </th>
          <th scope="col" className={`${cell} text-right`}>
            {head[1]}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} className="border-t border-slate-200">
            <th scope="row" className={`${cell} font-normal`}>
              {r.label}
            </th>
            <td className={numeric}>{r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Empty({ text }: { text: string }) {
  return <p className="rounded-md bg-slate-50 px-4 py-6 text-center text-slate-700">{text}</p>;
}

function CompaniesFigure({ id, kind, rows }: { id: string; kind: "country" | "sector"; rows: Data["byCountry"] }) {
  const { t } = useI18n();
  const label = useTaxonomyLabel();
  const f = useFormat();
  const title = t(`analytics.${kind}.title`);
  const items = rows.map((r) => ({ key: r.code, label: label(kind, r.code), value: r.count, valueText: f.n(r.count) }));
  return (
    <ChartFigure
      id={id}
      title={title}
      description={t(`analytics.${kind}.description`)}
      csvHref={csvPath(kind === "country" ? "companies-by-country" : "companies-by-sector")}
      csvLabel={t("analytics.csv", { name: title })}
      tableLabel={t("analytics.showTable")}
      table={
        items.length ? (
          <CountTable
            caption={title}
            head={[t(`analytics.col.${kind}`), t("analytics.col.companies")]}
            rows={items.map((i) => ({ key: i.key, label: i.label, value: i.valueText }))}
          />
        ) : null
      }
    >
      {items.length ? <HorizontalBars rows={items} labelledBy={`${id}-title`} width={500} /> : <Empty text={t(`analytics.${kind}.empty`)} />}
    </ChartFigure>
  );
}

function MonthsFigure({ months }: { months: Data["months"] }) {
  const { t } = useI18n();
  const f = useFormat();
  const id = "introductions-by-month";
  const title = t("analytics.months.title");
  const statuses = Object.keys(months[0]?.counts ?? {});
  const series: Series[] = statuses.map((s) => ({ key: s, label: t(`analytics.status.${s}` as MessageKey), color: STATUS_COLOURS[s] ?? "#334155" }));
  const total = months.reduce((sum, m) => sum + m.total, 0);
  return (
    <ChartFigure
      id={id}
      title={title}
      description={t("analytics.months.description", { count: months.length })}
      csvHref={csvPath(id)}
      csvLabel={t("analytics.csv", { name: title })}
      tableLabel={t("analytics.showTable")}
      table={
        total ? (
          <table className="text-left text-sm">
            <caption className="sr-only">{title}</caption>
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className={cell}>
                  {t("analytics.col.month")}
                </th>
                {series.map((s) => (
                  <th key={s.key} scope="col" className={`${cell} text-right`}>
                    {s.label}
                  </th>
                ))}
                <th scope="col" className={`${cell} text-right`}>
                  {t("analytics.col.total")}
                </th>
              </tr>
            </thead>
            <tbody>
              {months.map((m) => (
                <tr key={m.month} className="border-t border-slate-200">
                  <th scope="row" className={`${cell} font-normal`}>
                    {f.monthLong(m.month)}
                  </th>
                  {statuses.map((s) => (
                    <td key={s} className={numeric}>
                      {f.n(m.counts[s as keyof typeof m.counts])}
                    </td>
                  ))}
                  <td className={`${numeric} font-semibold`}>{f.n(m.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null
      }
    >
      {total ? (
        <StackedColumns columns={months.map((m) => ({ key: m.month, label: f.month(m.month), counts: m.counts }))} series={series} labelledBy={`${id}-title`} />
      ) : (
        <Empty text={t("analytics.months.empty", { count: months.length })} />
      )}
    </ChartFigure>
  );
}

function RatesFigure({ rates }: { rates: Data["rates"] }) {
  const { t } = useI18n();
  const f = useFormat();
  const id = "rates";
  const title = t("analytics.rates.title");
  const rows = (["approval", "acceptance"] as const).map((k) => ({
    key: k,
    label: t(`analytics.rates.${k}`),
    rate: rates[k].rate,
    valueText:
      rates[k].rate === null
        ? t("analytics.rates.none")
        : t("analytics.rates.value", { rate: f.pct(rates[k].rate), count: f.n(rates[k].count), outOf: f.n(rates[k].outOf) }),
    count: rates[k].count,
    outOf: rates[k].outOf,
  }));
  const any = rows.some((r) => r.outOf > 0);
  return (
    <ChartFigure
      id={id}
      title={title}
      description={t("analytics.rates.description")}
      csvHref={csvPath(id)}
      csvLabel={t("analytics.csv", { name: title })}
      tableLabel={t("analytics.showTable")}
      table={
        <table className="text-left text-sm">
          <caption className="sr-only">{title}</caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className={cell}>
                {t("analytics.col.measure")}
              </th>
              <th scope="col" className={`${cell} text-right`}>
                {t("analytics.col.count")}
              </th>
              <th scope="col" className={`${cell} text-right`}>
                {t("analytics.col.outOf")}
              </th>
              <th scope="col" className={`${cell} text-right`}>
                {t("analytics.col.rate")}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} className="border-t border-slate-200">
                <th scope="row" className={`${cell} font-normal`}>
                  {r.label}
                </th>
                <td className={numeric}>{f.n(r.count)}</td>
                <td className={numeric}>{f.n(r.outOf)}</td>
                <td className={numeric}>{f.pct(r.rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {any ? <RateBars rows={rows} labelledBy={`${id}-title`} /> : <Empty text={t("analytics.rates.empty")} />}
    </ChartFigure>
  );
}

// Cell shades from light to dark; the two darkest take white text (both above 4.5:1).
const HEAT = [
  "bg-white text-slate-500",
  "bg-teal-50 text-slate-900",
  "bg-teal-100 text-slate-900",
  "bg-teal-200 text-slate-900",
  "bg-teal-700 text-white",
  "bg-teal-900 text-white",
];

function PairsFigure({ pairs }: { pairs: Data["pairs"] }) {
  const { t } = useI18n();
  const label = useTaxonomyLabel();
  const f = useFormat();
  const id = "country-pairs";
  const title = t("analytics.pairs.title");
  // Rows: China, then any other country that opens a pair; columns: every country met on the right.
  const rowCodes = [...new Set(pairs.map((p) => p.a))];
  const order = (code: string) => {
    const i = (COUNTRIES as readonly string[]).indexOf(code);
    return i === -1 ? COUNTRIES.length : i;
  };
  const columnCodes = [...new Set(pairs.map((p) => p.b))].sort((x, y) => order(x) - order(y) || x.localeCompare(y));
  const counts = new Map(pairs.map((p) => [`${p.a}|${p.b}`, p.count]));
  const max = Math.max(0, ...pairs.map((p) => p.count));
  const total = pairs.reduce((sum, p) => sum + p.count, 0);
  const shade = (n: number) => HEAT[n === 0 ? 0 : Math.max(1, Math.ceil((n / max) * (HEAT.length - 1)))];
  return (
    <ChartFigure
      id={id}
      title={title}
      description={t("analytics.pairs.description")}
      csvHref={csvPath(id)}
      csvLabel={t("analytics.csv", { name: title })}
      tableLabel={t("analytics.showTable")}
      table={
        total ? (
          <CountTable
            caption={title}
            head={[t("analytics.col.pair"), t("analytics.col.accepted")]}
            rows={pairs
              .filter((p) => p.count > 0)
              .map((p) => ({
                key: `${p.a}|${p.b}`,
                label: t("analytics.pairs.pair", { a: label("country", p.a), b: label("country", p.b) }),
                value: f.n(p.count),
              }))}
          />
        ) : null
      }
    >
      {total ? (
        <div className="overflow-x-auto" {...scrollRegion(title)}>
          <table className="text-sm" aria-labelledby={`${id}-title`}>
            <thead>
              <tr>
                <td />
                {columnCodes.map((c) => (
                  <th key={c} scope="col" className="px-2 py-1.5 text-center align-bottom font-medium">
                    {label("country", c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rowCodes.map((r) => (
                <tr key={r}>
                  <th scope="row" className="px-2 py-1.5 text-left font-medium">
                    {label("country", r)}
                  </th>
                  {columnCodes.map((c) => {
                    const n = counts.get(`${r}|${c}`);
                    return n === undefined ? (
                      <td key={c} className="border border-slate-200 bg-slate-50" />
                    ) : (
                      <td key={c} className={`min-w-12 border border-slate-200 px-2 py-1.5 text-center font-semibold tabular-nums ${shade(n)}`}>
                        {f.n(n)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <Empty text={t("analytics.pairs.empty")} />
      )}
    </ChartFigure>
  );
}

function OutcomesFigure({ outcomes }: { outcomes: Data["outcomes"] }) {
  const { t } = useI18n();
  const label = useTaxonomyLabel();
  const f = useFormat();
  const id = "outcomes";
  const title = t("analytics.outcomes.title");
  const agreementsTitle = t("analytics.agreements.title");
  const byOutcome = outcomes.byOutcome.map((o) => ({ key: o.outcome, label: t(`analytics.outcome.${o.outcome}`), value: o.count, valueText: f.n(o.count) }));
  const agreements = outcomes.agreements.map((a) => ({
    key: a.partnershipType ?? "",
    label: a.partnershipType === null ? t("analytics.agreements.unspecified") : label("partnershipType", a.partnershipType),
    value: a.count,
    valueText: f.n(a.count),
  }));
  const total = byOutcome.reduce((sum, o) => sum + o.value, 0);
  return (
    <ChartFigure
      id={id}
      title={title}
      description={t("analytics.outcomes.description")}
      csvHref={csvPath(id)}
      csvLabel={t("analytics.csv", { name: title })}
      tableLabel={t("analytics.showTable")}
      table={
        total ? (
          <div className="flex flex-wrap gap-6">
            <CountTable
              caption={title}
              head={[t("analytics.col.outcome"), t("analytics.col.introductions")]}
              rows={byOutcome.map((o) => ({ key: o.key, label: o.label, value: o.valueText }))}
            />
            {agreements.length ? (
              <CountTable
                caption={agreementsTitle}
                head={[t("analytics.col.partnershipType"), t("analytics.col.agreements")]}
                rows={agreements.map((a) => ({ key: a.key, label: a.label, value: a.valueText }))}
              />
            ) : null}
          </div>
        ) : null
      }
    >
      {total ? (
        <>
          <HorizontalBars rows={byOutcome} labelledBy={`${id}-title`} />
          <h3 id={`${id}-agreements`} className="font-semibold">
            {agreementsTitle}
          </h3>
          {agreements.length ? (
            <HorizontalBars rows={agreements} labelledBy={`${id}-agreements`} max={Math.max(...byOutcome.map((o) => o.value))} />
          ) : (
            <Empty text={t("analytics.agreements.empty")} />
          )}
        </>
      ) : (
        <Empty text={t("analytics.outcomes.empty")} />
      )}
    </ChartFigure>
  );
}

export default function Analytics() {
  const { t } = useI18n();
  const data = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">{t("analytics.title")}</h1>
        <p className="mt-1 text-slate-700">{t("analytics.lead")}</p>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <CompaniesFigure id="companies-by-country" kind="country" rows={data.byCountry} />
        <CompaniesFigure id="companies-by-sector" kind="sector" rows={data.bySector} />
      </div>
      <MonthsFigure months={data.months} />
      <RatesFigure rates={data.rates} />
      <PairsFigure pairs={data.pairs} />
      <OutcomesFigure outcomes={data.outcomes} />
    </div>
  );
}
