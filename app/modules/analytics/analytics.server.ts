// What staff read off the analytics page and its CSV downloads: counts straight from SQL, as
// plain rows. Nothing here is cached; each query walks an index or a few thousand rows at most.
import { getSqlite } from "~/db.server";
import { COUNTRIES, COUNTRY_INFO, type CountryCode } from "~/modules/companies/taxonomy";
import { INTRODUCTION_STATUSES, OUTCOMES, type IntroductionStatus, type Outcome } from "~/modules/introductions/labels";

type CodeCount = { code: string; count: number };

/** Listed (visible) companies per country, most first. */
export function companiesByCountry(): CodeCount[] {
  return getSqlite()
    .prepare("select country as code, count(*) as count from companies where visible = 1 group by country order by count desc, country")
    .all() as CodeCount[];
}

/** Listed companies per sector, most first. A company in two sectors counts in both. */
export function companiesBySector(): CodeCount[] {
  return getSqlite()
    .prepare(
      `select s.sector as code, count(*) as count
       from company_sectors s join companies c on c.id = s.company_id
       where c.visible = 1 group by s.sector order by count desc, s.sector`,
    )
    .all() as CodeCount[];
}

type MonthRow = { month: string; counts: Record<IntroductionStatus, number>; total: number };

// A month's key ("2026-12") groups rows; the page writes it in words (dates.month).
// eslint-disable-next-line no-restricted-syntax -- a machine key, not a date shown
const monthKey = (d: Date) => d.toISOString().slice(0, 7);

/**
 * Introductions started in each of the last `months` calendar months (UTC) up to the one that
 * holds `now`, split by their status today. Every month is present, empty ones with zeros.
 */
export function introductionsByMonth(input: { months: number; now: number }): MonthRow[] {
  const current = new Date(input.now * 1000);
  const first = Date.UTC(current.getUTCFullYear(), current.getUTCMonth() - (input.months - 1), 1) / 1000;
  const end = Date.UTC(current.getUTCFullYear(), current.getUTCMonth() + 1, 1) / 1000;
  const rows: MonthRow[] = [];
  for (let i = 0; i < input.months; i += 1) {
    const month = monthKey(new Date(Date.UTC(current.getUTCFullYear(), current.getUTCMonth() - (input.months - 1) + i, 1)));
    const counts = Object.fromEntries(INTRODUCTION_STATUSES.map((s) => [s, 0])) as Record<IntroductionStatus, number>;
    rows.push({ month, counts, total: 0 });
  }
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  const found = getSqlite()
    .prepare(
      `select strftime('%Y-%m', created_at, 'unixepoch') as month, status, count(*) as count
       from introductions where created_at >= ? and created_at < ? group by month, status`,
    )
    .all(first, end) as { month: string; status: IntroductionStatus; count: number }[];
  for (const f of found) {
    const row = byMonth.get(f.month);
    if (!row || !(f.status in row.counts)) continue;
    row.counts[f.status] += f.count;
    row.total += f.count;
  }
  return rows;
}

type Rate = { count: number; outOf: number; rate: number | null };

/**
 * Approval: of the member requests staff decided, the share they approved (still approved, or
 * accepted, declined by the other firm, or expired after the decision). Acceptance: of the
 * introductions that reached the other firm and were answered or ran out, the share accepted;
 * staff-started ones count from the start, as they reach both firms at once.
 * `rate` is null when nothing has been decided or answered yet.
 */
export function rates(): { approval: Rate; acceptance: Rate } {
  const row = getSqlite()
    .prepare(
      `select
         coalesce(sum(initiated_by = 'member' and (status in ('approved', 'accepted', 'declined_by_target')
           or (status = 'expired' and decided_at is not null))), 0) as approved,
         coalesce(sum(initiated_by = 'member' and status = 'declined_by_staff'), 0) as declined,
         coalesce(sum(status = 'accepted'), 0) as accepted,
         coalesce(sum(status = 'declined_by_target'
           or (status = 'expired' and (decided_at is not null or initiated_by = 'staff'))), 0) as notAccepted
       from introductions`,
    )
    .get() as { approved: number; declined: number; accepted: number; notAccepted: number };
  const rate = (count: number, outOf: number): Rate => ({ count, outOf, rate: outOf === 0 ? null : count / outOf });
  return {
    approval: rate(row.approved, row.approved + row.declined),
    acceptance: rate(row.accepted, row.accepted + row.notAccepted),
  };
}

type CountryPair = { a: string; b: string; count: number };

const countryOrder = (code: string) => {
  const i = (COUNTRIES as readonly string[]).indexOf(code);
  return i === -1 ? COUNTRIES.length : i;
};
const byCountryOrder = (x: string, y: string) => countryOrder(x) - countryOrder(y) || x.localeCompare(y);

const ASEAN_COUNTRIES = COUNTRIES.filter((c) => COUNTRY_INFO[c].region === "asean") as CountryCode[];

/**
 * Accepted introductions per unordered pair of countries, whichever firm asked: China with each
 * ASEAN country always (zeros included), then any other pair that has one, in taxonomy order
 * (China first, so `a` is China whenever China is in the pair).
 */
export function countryPairs(): CountryPair[] {
  const found = getSqlite()
    .prepare(
      `select r.country as x, t.country as y, count(*) as count
       from introductions i
       join companies r on r.id = i.requester_company_id
       join companies t on t.id = i.target_company_id
       where i.status = 'accepted' group by r.country, t.country`,
    )
    .all() as { x: string; y: string; count: number }[];
  const counts = new Map<string, CountryPair>();
  for (const { x, y, count } of found) {
    const [a, b] = [x, y].sort(byCountryOrder);
    const key = `${a}|${b}`;
    const pair = counts.get(key) ?? { a, b, count: 0 };
    pair.count += count;
    counts.set(key, pair);
  }
  const china = ASEAN_COUNTRIES.map((b) => counts.get(`CN|${b}`) ?? { a: "CN", b, count: 0 });
  const chinaKeys = new Set(china.map((p) => `${p.a}|${p.b}`));
  const others = [...counts.entries()]
    .filter(([key]) => !chinaKeys.has(key))
    .map(([, pair]) => pair)
    .sort((p, q) => byCountryOrder(p.a, q.a) || byCountryOrder(p.b, q.b));
  return [...china, ...others];
}

/** `none`: accepted, but nobody has recorded an outcome yet. */
type OutcomeCode = Outcome | "none";

/**
 * For accepted introductions, the latest outcome of each (a later record replaces an earlier one),
 * and of those whose latest outcome is a signed agreement, the partnership types (null: not given).
 */
export function outcomes(): { byOutcome: { outcome: OutcomeCode; count: number }[]; agreements: { partnershipType: string | null; count: number }[] } {
  const sqlite = getSqlite();
  const latest = `
    with latest as (
      select o.outcome, o.partnership_type,
        row_number() over (partition by o.introduction_id order by o.created_at desc, o.id desc) as n
      from introduction_outcomes o join introductions i on i.id = o.introduction_id
      where i.status = 'accepted'
    )`;
  const counted = new Map(
    (sqlite.prepare(`${latest} select outcome, count(*) as count from latest where n = 1 group by outcome`).all() as { outcome: Outcome; count: number }[]).map(
      (r) => [r.outcome, r.count],
    ),
  );
  const none = (
    sqlite
      .prepare(
        `select count(*) as count from introductions i
         where i.status = 'accepted' and not exists (select 1 from introduction_outcomes o where o.introduction_id = i.id)`,
      )
      .get() as { count: number }
  ).count;
  const agreements = sqlite
    .prepare(
      `${latest} select nullif(trim(partnership_type), '') as partnershipType, count(*) as count
       from latest where n = 1 and outcome = 'agreement_signed'
       group by partnershipType order by count desc, partnershipType is null, partnershipType`,
    )
    .all() as { partnershipType: string | null; count: number }[];
  return {
    byOutcome: [...OUTCOMES.map((outcome) => ({ outcome, count: counted.get(outcome) ?? 0 })), { outcome: "none" as const, count: none }],
    agreements,
  };
}
