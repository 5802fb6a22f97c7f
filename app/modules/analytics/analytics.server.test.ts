// Every figure on the analytics page, read from real rows in a migrated SQLite file. Each test
// starts from an empty directory and writes exactly the rows it counts.
import { beforeEach, describe, expect, it } from "vitest";
import { getSqlite } from "~/db.server";
import type { IntroductionStatus } from "~/modules/introductions/labels";
import { companiesByCountry, companiesBySector, countryPairs, introductionsByMonth, outcomes, rates } from "./analytics.server";
import { analyticsCsv } from "./csv.server";

const at = (iso: string) => Date.parse(iso) / 1000;
let n = 0;

function insertCompany(country: string, opts: { sectors?: string[]; visible?: boolean } = {}) {
  n += 1;
  const visible = opts.visible ?? true;
  const { id } = getSqlite()
    .prepare("insert into companies (external_id, status, name, country, sort_name, visible) values (?, ?, ?, ?, ?, ?) returning id")
    .get(`analytics-${n}`, visible ? "approved" : "draft", `Firm ${n}`, country, `firm ${n}`, visible ? 1 : 0) as { id: number };
  for (const s of opts.sectors ?? []) getSqlite().prepare("insert into company_sectors (company_id, sector) values (?, ?)").run(id, s);
  return id;
}

function insertIntroduction(input: {
  status: IntroductionStatus;
  from?: number;
  to?: number;
  initiatedBy?: "member" | "staff";
  decidedAt?: number | null;
  createdAt?: number;
}) {
  const from = input.from ?? insertCompany("CN");
  const to = input.to ?? insertCompany("TH");
  const createdAt = input.createdAt ?? at("2025-03-10T12:00:00Z");
  const { id } = getSqlite()
    .prepare(
      `insert into introductions (requester_company_id, target_company_id, pair_low, pair_high, initiated_by, purpose, message, status, decided_at, expires_at, created_at, updated_at)
       values (?, ?, ?, ?, ?, 'purpose', 'message', ?, ?, ?, ?, ?) returning id`,
    )
    .get(
      from,
      to,
      Math.min(from, to),
      Math.max(from, to),
      input.initiatedBy ?? "member",
      input.status,
      input.decidedAt ?? null,
      createdAt + 14 * 86400,
      createdAt,
      createdAt,
    ) as {
    id: number;
  };
  return id;
}

function insertOutcome(introductionId: number, outcome: string, opts: { partnershipType?: string | null; createdAt: number }) {
  getSqlite()
    .prepare("insert into introduction_outcomes (introduction_id, outcome, partnership_type, created_at) values (?, ?, ?, ?)")
    .run(introductionId, outcome, opts.partnershipType ?? null, opts.createdAt);
}

beforeEach(() => {
  getSqlite().exec("delete from introduction_outcomes; delete from introduction_events; delete from introductions; delete from companies;");
});

describe("with nothing in the database", () => {
  it("counts zero everywhere, with no rate rather than a division by zero", () => {
    expect(companiesByCountry()).toEqual([]);
    expect(companiesBySector()).toEqual([]);
    const months = introductionsByMonth({ months: 12, now: at("2025-06-15T00:00:00Z") });
    expect(months).toHaveLength(12);
    expect(months.every((m) => m.total === 0)).toBe(true);
    expect(rates()).toEqual({ approval: { count: 0, outOf: 0, rate: null }, acceptance: { count: 0, outOf: 0, rate: null } });
    const pairs = countryPairs();
    expect(pairs).toHaveLength(11);
    expect(pairs.every((p) => p.a === "CN" && p.count === 0)).toBe(true);
    expect(outcomes()).toEqual({
      byOutcome: [
        { outcome: "met", count: 0 },
        { outcome: "negotiating", count: 0 },
        { outcome: "agreement_signed", count: 0 },
        { outcome: "no_fit", count: 0 },
        { outcome: "none", count: 0 },
      ],
      agreements: [],
    });
  });
});

describe("companies", () => {
  it("counts listed companies per country and per sector, most first, hidden ones not at all", () => {
    insertCompany("CN", { sectors: ["cloud", "ai"] });
    insertCompany("CN", { sectors: ["cloud"] });
    insertCompany("CN", { sectors: ["ai"] });
    insertCompany("TH", { sectors: ["ecommerce"] });
    insertCompany("VN", { sectors: ["cloud"] });
    insertCompany("VN");
    insertCompany("SG", { sectors: ["smart_city", "cloud"], visible: false });
    insertCompany("SG", { visible: false });
    expect(companiesByCountry()).toEqual([
      { code: "CN", count: 3 },
      { code: "VN", count: 2 },
      { code: "TH", count: 1 },
    ]);
    expect(companiesBySector()).toEqual([
      { code: "cloud", count: 3 },
      { code: "ai", count: 2 },
      { code: "ecommerce", count: 1 },
    ]);
  });
});

describe("introductions per month", () => {
  it("puts each introduction in its UTC month of the last twelve, by its status today", () => {
    const now = at("2025-06-15T08:00:00Z");
    insertIntroduction({ status: "requested", createdAt: at("2025-06-01T00:00:00Z") });
    insertIntroduction({ status: "accepted", createdAt: at("2025-06-14T23:00:00Z") });
    insertIntroduction({ status: "accepted", createdAt: at("2025-06-02T00:00:00Z") });
    insertIntroduction({ status: "declined_by_staff", createdAt: at("2025-01-31T23:59:59Z") });
    insertIntroduction({ status: "expired", createdAt: at("2024-07-01T00:00:00Z") });
    // Outside the window: the month before the first, and after this month.
    insertIntroduction({ status: "withdrawn", createdAt: at("2024-06-30T23:59:59Z") });
    insertIntroduction({ status: "withdrawn", createdAt: at("2025-07-01T00:00:00Z") });
    const months = introductionsByMonth({ months: 12, now });
    expect(months.map((m) => m.month)).toEqual([
      "2024-07",
      "2024-08",
      "2024-09",
      "2024-10",
      "2024-11",
      "2024-12",
      "2025-01",
      "2025-02",
      "2025-03",
      "2025-04",
      "2025-05",
      "2025-06",
    ]);
    const byMonth = Object.fromEntries(months.map((m) => [m.month, m]));
    expect(byMonth["2025-06"].counts).toEqual({
      requested: 1,
      approved: 0,
      declined_by_staff: 0,
      accepted: 2,
      declined_by_target: 0,
      expired: 0,
      withdrawn: 0,
    });
    expect(byMonth["2025-06"].total).toBe(3);
    expect(byMonth["2025-01"].counts.declined_by_staff).toBe(1);
    expect(byMonth["2025-01"].total).toBe(1);
    expect(byMonth["2024-07"].counts.expired).toBe(1);
    expect(months.reduce((sum, m) => sum + m.total, 0)).toBe(5);
    expect(months.reduce((sum, m) => sum + m.counts.withdrawn, 0)).toBe(0);
  });

  it("crosses a year boundary in January", () => {
    insertIntroduction({ status: "approved", createdAt: at("2024-02-29T10:00:00Z") });
    const months = introductionsByMonth({ months: 12, now: at("2025-01-01T00:00:00Z") });
    expect(months[0].month).toBe("2024-02");
    expect(months[11].month).toBe("2025-01");
    expect(months[0].counts.approved).toBe(1);
  });
});

describe("rates", () => {
  it("approval: staff-approved member requests of those decided; acceptance: accepted of those answered or run out", () => {
    const decided = at("2025-03-11T00:00:00Z");
    // Member requests staff approved (5): still approved, accepted twice, declined by the firm, expired after approval.
    insertIntroduction({ status: "approved", decidedAt: decided });
    insertIntroduction({ status: "accepted", decidedAt: decided });
    insertIntroduction({ status: "accepted", decidedAt: decided });
    insertIntroduction({ status: "declined_by_target", decidedAt: decided });
    insertIntroduction({ status: "expired", decidedAt: decided });
    // Declined by staff (2).
    insertIntroduction({ status: "declined_by_staff", decidedAt: decided });
    insertIntroduction({ status: "declined_by_staff", decidedAt: decided });
    // Never decided: waiting, expired while waiting for staff, withdrawn before a decision.
    insertIntroduction({ status: "requested" });
    insertIntroduction({ status: "expired" });
    insertIntroduction({ status: "withdrawn" });
    // Staff-started: no staff decision to count, but they reach the firms at once.
    insertIntroduction({ status: "accepted", initiatedBy: "staff" });
    insertIntroduction({ status: "expired", initiatedBy: "staff" });
    insertIntroduction({ status: "declined_by_target", initiatedBy: "staff" });
    insertIntroduction({ status: "approved", initiatedBy: "staff" });
    const r = rates();
    expect(r.approval).toEqual({ count: 5, outOf: 7, rate: 5 / 7 });
    // Accepted: 2 member + 1 staff; not accepted: member declined + member expired after approval + staff expired + staff declined.
    expect(r.acceptance).toEqual({ count: 3, outOf: 7, rate: 3 / 7 });
  });

  it("has an approval rate but no acceptance rate while nothing has been answered", () => {
    insertIntroduction({ status: "declined_by_staff", decidedAt: at("2025-03-11T00:00:00Z") });
    insertIntroduction({ status: "approved", decidedAt: at("2025-03-11T00:00:00Z") });
    expect(rates()).toEqual({ approval: { count: 1, outOf: 2, rate: 0.5 }, acceptance: { count: 0, outOf: 0, rate: null } });
  });
});

describe("country pairs", () => {
  it("counts accepted introductions once per unordered pair, China first, other pairs after", () => {
    const cn = insertCompany("CN");
    const cn2 = insertCompany("CN");
    const th = insertCompany("TH");
    const th2 = insertCompany("TH");
    const vn = insertCompany("VN", { visible: false });
    const my = insertCompany("MY");
    const sg = insertCompany("SG");
    const id = insertCompany("ID");
    insertIntroduction({ status: "accepted", from: cn, to: th });
    insertIntroduction({ status: "accepted", from: th2, to: cn2 });
    insertIntroduction({ status: "accepted", from: vn, to: cn });
    insertIntroduction({ status: "accepted", from: sg, to: my });
    insertIntroduction({ status: "accepted", from: my, to: sg, createdAt: at("2025-04-01T00:00:00Z") });
    insertIntroduction({ status: "accepted", from: th, to: th2 });
    insertIntroduction({ status: "accepted", from: cn, to: cn2 });
    // Not accepted: not counted.
    insertIntroduction({ status: "declined_by_target", from: cn, to: id });
    insertIntroduction({ status: "approved", from: id, to: cn2 });
    const pairs = countryPairs();
    const china = pairs.slice(0, 11);
    expect(china.map((p) => p.b)).toEqual(["BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN"]);
    expect(Object.fromEntries(china.map((p) => [p.b, p.count]))).toMatchObject({ TH: 2, VN: 1, ID: 0, MY: 0 });
    expect(pairs.slice(11)).toEqual([
      { a: "CN", b: "CN", count: 1 },
      { a: "MY", b: "SG", count: 2 },
      { a: "TH", b: "TH", count: 1 },
    ]);
  });
});

describe("outcomes", () => {
  it("counts the latest outcome of each accepted introduction, and signed agreements by partnership type", () => {
    const t = (day: number) => at("2025-05-01T00:00:00Z") + day * 86400;
    const a = insertIntroduction({ status: "accepted" });
    insertOutcome(a, "met", { createdAt: t(1) });
    insertOutcome(a, "agreement_signed", { partnershipType: "joint_venture", createdAt: t(5) });
    const b = insertIntroduction({ status: "accepted" });
    insertOutcome(b, "negotiating", { createdAt: t(9) });
    insertOutcome(b, "agreement_signed", { partnershipType: "licensing", createdAt: t(2) }); // recorded later, but older
    const c = insertIntroduction({ status: "accepted" });
    insertOutcome(c, "no_fit", { createdAt: t(3) });
    insertOutcome(c, "met", { createdAt: t(3) }); // same second: the later row wins
    insertIntroduction({ status: "accepted" }); // nothing recorded yet
    const f = insertIntroduction({ status: "accepted" });
    insertOutcome(f, "agreement_signed", { createdAt: t(4) });
    const g = insertIntroduction({ status: "accepted" });
    insertOutcome(g, "agreement_signed", { partnershipType: "joint_venture", createdAt: t(4) });
    const declined = insertIntroduction({ status: "declined_by_target" });
    insertOutcome(declined, "met", { createdAt: t(4) });
    expect(outcomes()).toEqual({
      byOutcome: [
        { outcome: "met", count: 1 },
        { outcome: "negotiating", count: 1 },
        { outcome: "agreement_signed", count: 3 },
        { outcome: "no_fit", count: 0 },
        { outcome: "none", count: 1 },
      ],
      agreements: [
        { partnershipType: "joint_venture", count: 2 },
        { partnershipType: null, count: 1 },
      ],
    });
  });
});

describe("CSV", () => {
  const now = at("2025-06-15T00:00:00Z");
  const lines = (csv: string) =>
    csv
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\n");

  it("starts with a byte-order mark and a header row, and labels codes in the reader's language", () => {
    insertCompany("CN", { sectors: ["ai"] });
    insertCompany("TH", { sectors: ["ai"] });
    insertCompany("TH");
    const en = analyticsCsv({ view: "companies-by-country", locale: "en", now });
    expect(en.startsWith("\uFEFFcountry_code,country,companies\n")).toBe(true);
    expect(lines(en)).toEqual(["country_code,country,companies", "TH,Thailand,2", "CN,China,1"]);
    expect(lines(analyticsCsv({ view: "companies-by-sector", locale: "zh", now }))).toEqual(["sector_code,sector,companies", "ai,人工智能,2"]);
  });

  it("writes months, rates (empty when undefined), pairs and outcomes", () => {
    const cn = insertCompany("CN");
    const th = insertCompany("TH");
    const intro = insertIntroduction({ status: "accepted", from: cn, to: th, decidedAt: now - 86400, createdAt: now - 3600 });
    insertOutcome(intro, "agreement_signed", { partnershipType: "joint_venture", createdAt: now });
    const months = lines(analyticsCsv({ view: "introductions-by-month", locale: "en", now }));
    expect(months[0]).toBe("month,requested,approved,declined_by_staff,accepted,declined_by_target,expired,withdrawn,total");
    expect(months).toHaveLength(13);
    expect(months[12]).toBe("2025-06,0,0,0,1,0,0,0,1");
    expect(lines(analyticsCsv({ view: "rates", locale: "en", now }))).toEqual(["measure,count,out_of,rate", "approval,1,1,1", "acceptance,1,1,1"]);
    const pairs = lines(analyticsCsv({ view: "country-pairs", locale: "en", now }));
    expect(pairs[0]).toBe("country_a_code,country_a,country_b_code,country_b,accepted_introductions");
    expect(pairs).toContain("CN,China,TH,Thailand,1");
    expect(pairs).toContain("CN,China,VN,Vietnam,0");
    expect(lines(analyticsCsv({ view: "outcomes", locale: "en", now }))).toEqual([
      "group,code,label,introductions",
      "latest_outcome,met,Met,0",
      "latest_outcome,negotiating,Negotiating,0",
      "latest_outcome,agreement_signed,Agreement signed,1",
      "latest_outcome,no_fit,Not a fit,0",
      "latest_outcome,none,No outcome recorded,0",
      "agreement_partnership_type,joint_venture,Joint venture,1",
    ]);
  });

  it("leaves the rate empty when there is nothing to divide by", () => {
    expect(lines(analyticsCsv({ view: "rates", locale: "en", now }))).toEqual(["measure,count,out_of,rate", "approval,0,0,", "acceptance,0,0,"]);
  });
});
