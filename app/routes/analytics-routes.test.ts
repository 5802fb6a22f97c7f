// The analytics page and its CSV files called as Remix calls them: staff only, the charts drawn
// as SVG on the server (react-dom/server, as the page is first sent), the numbers in tables.
import { beforeEach, describe, expect, it } from "vitest";
import { getSqlite } from "~/db.server";
import { ANALYTICS_VIEWS } from "~/modules/analytics/views";
import { ctx, getRequest, makeListedCompany, signedIn, thrown } from "../../tests/factories";
import { renderPage } from "../../tests/render";
import { loader as csvLoader } from "./admin.analytics.$view[.]csv";
import Analytics, { loader as pageLoader } from "./admin.analytics._index";

/** The page's HTML as the server first renders it for this staff member. */
async function renderAnalytics(cookie: string, locale = "en") {
  const loaderData = await pageLoader({ request: getRequest("/admin/analytics", { cookie }), ...ctx() });
  return renderPage({ url: "/admin/analytics", routePath: "admin/analytics", Component: Analytics, loaderData, locale });
}

function acceptedIntroduction(from: number, to: number) {
  const now = Math.floor(Date.now() / 1000);
  getSqlite()
    .prepare(
      `insert into introductions (requester_company_id, target_company_id, pair_low, pair_high, initiated_by, purpose, message, status, decided_at, accepted_at, expires_at, created_at)
       values (?, ?, ?, ?, 'member', 'p', 'm', 'accepted', ?, ?, ?, ?)`,
    )
    .run(from, to, Math.min(from, to), Math.max(from, to), now, now, now + 86400, now - 60);
}

const section = (html: string, id: string) => {
  const start = html.indexOf(`id="${id}-title"`);
  expect(start, id).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</figure>", start));
};

beforeEach(() => {
  getSqlite().exec("delete from introduction_outcomes; delete from introductions; delete from companies;");
});

describe("guards", () => {
  it("sends anonymous visitors to sign in and refuses members, on the page and every CSV", async () => {
    const member = await signedIn();
    const anonymous = await thrown(pageLoader({ request: getRequest("/admin/analytics"), ...ctx() }));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toContain("/login");
    expect((await thrown(pageLoader({ request: getRequest("/admin/analytics", { cookie: member.cookie }), ...ctx() }))).status).toBe(403);
    for (const view of [...ANALYTICS_VIEWS, "no-such-view"]) {
      const request = getRequest(`/admin/analytics/${view}.csv`, { cookie: member.cookie });
      expect((await thrown(csvLoader({ request, ...ctx({ view }) }))).status, view).toBe(403);
    }
  });
});

describe("the page", () => {
  it("draws each chart as SVG with its numbers in a table and links each CSV", async () => {
    const staff = await signedIn({ role: "staff" });
    const cn = makeListedCompany({ profile: { country: "CN", sectors: ["cloud", "ai"] } });
    const cn2 = makeListedCompany({ profile: { country: "CN", sectors: ["cloud"] } });
    const th = makeListedCompany({ profile: { country: "TH", sectors: ["ecommerce"] } });
    acceptedIntroduction(cn, th);
    acceptedIntroduction(th, cn2);
    const html = await renderAnalytics(staff.cookie);

    expect((html.match(/<figure/g) ?? []).length).toBe(6);
    // The Content-Security-Policy allows no inline styles: the charts must not need any.
    expect(html).not.toContain("style=");
    expect((html.match(/<figcaption/g) ?? []).length).toBe(6);
    for (const view of ANALYTICS_VIEWS) expect(html).toContain(`href="/admin/analytics/${view}.csv"`);

    const country = section(html, "companies-by-country");
    expect(country).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="companies-by-country-title"/);
    expect(country).toMatch(/<rect[^>]*fill="#0f766e"/);
    expect(country).toMatch(/<th scope="row"[^>]*>China<\/th><td[^>]*>2<\/td>/);
    expect(country).toMatch(/<th scope="row"[^>]*>Thailand<\/th><td[^>]*>1<\/td>/);

    const sector = section(html, "companies-by-sector");
    expect(sector).toContain("<svg");
    expect(sector).toMatch(/Cloud computing & digital infrastructure<\/th><td[^>]*>2<\/td>/);

    const months = section(html, "introductions-by-month");
    expect(months).toMatch(/<svg[^>]*role="img"/);
    expect(months).toContain("visx-axis-bottom");
    // This month's row: two accepted, two in all.
    const thisMonth = new Intl.DateTimeFormat("en", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date());
    expect(months).toMatch(new RegExp(`${thisMonth}</th>(<td[^>]*>0</td>){3}<td[^>]*>2</td>(<td[^>]*>0</td>){3}<td[^>]*>2</td>`));

    const rates = section(html, "rates");
    expect(rates).toContain("<svg");
    expect(rates).toContain("100% (2 of 2)");

    const pairs = section(html, "country-pairs");
    expect(pairs).toMatch(/<th scope="row"[^>]*>China<\/th>/);
    expect(pairs).toMatch(/bg-teal-900 text-white">2<\/td>/);
    expect(pairs).toContain("China – Thailand");

    const outcomes = section(html, "outcomes");
    expect(outcomes).toContain("<svg");
    expect(outcomes).toMatch(/No outcome recorded<\/th><td[^>]*>2<\/td>/);
    expect(outcomes).toContain("No agreement has been signed yet.");
  });

  it("says so instead of drawing empty charts, and reads in Chinese", async () => {
    const staff = await signedIn({ role: "staff", locale: "zh" });
    const html = await renderAnalytics(staff.cookie, "zh");
    expect(html).not.toContain('<svg role="img"');
    for (const text of ["尚无企业上线。", "过去 12 个月没有发起任何引荐。", "尚无已处理的请求，也无已答复的引荐。", "尚无已接受的引荐。"])
      expect(html).toContain(text);
    expect(html).toContain("数据分析");
  });

  it("labels taxonomy codes in Chinese", async () => {
    const staff = await signedIn({ role: "staff", locale: "zh" });
    makeListedCompany({ profile: { country: "VN", sectors: ["smart_city"] } });
    const html = await renderAnalytics(staff.cookie, "zh");
    expect(section(html, "companies-by-country")).toMatch(/越南<\/th><td[^>]*>1<\/td>/);
    expect(section(html, "companies-by-sector")).toMatch(/智慧城市<\/th><td[^>]*>1<\/td>/);
  });
});

describe("CSV downloads", () => {
  it("sends each view as an attachment with a header row", async () => {
    const staff = await signedIn({ role: "staff" });
    makeListedCompany({ profile: { country: "MY", sectors: ["ai"] } });
    const headers: Record<string, string> = {
      "companies-by-country": "country_code,country,companies",
      "companies-by-sector": "sector_code,sector,companies",
      "introductions-by-month": "month,requested,approved,declined_by_staff,accepted,declined_by_target,expired,withdrawn,total",
      rates: "measure,count,out_of,rate",
      "country-pairs": "country_a_code,country_a,country_b_code,country_b,accepted_introductions",
      outcomes: "group,code,label,introductions",
    };
    for (const view of ANALYTICS_VIEWS) {
      const res = (await csvLoader({ request: getRequest(`/admin/analytics/${view}.csv`, { cookie: staff.cookie }), ...ctx({ view }) })) as Response;
      expect(res.status, view).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(res.headers.get("content-disposition")).toMatch(new RegExp(`^attachment; filename="bridge-${view}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`));
      const body = await res.text();
      // Response.text() drops the byte-order mark; the bytes keep it.
      expect(body.split(/\r?\n/)[0], view).toBe(headers[view]);
    }
    const country = (await csvLoader({
      request: getRequest("/admin/analytics/companies-by-country.csv", { cookie: staff.cookie }),
      ...ctx({ view: "companies-by-country" }),
    })) as Response;
    const bytes = new Uint8Array(await country.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes)).toBe("\uFEFFcountry_code,country,companies\nMY,Malaysia,1\n");
  });

  it("labels in the staff member's language", async () => {
    const staff = await signedIn({ role: "staff", locale: "zh" });
    makeListedCompany({ profile: { country: "MY" } });
    const res = (await csvLoader({
      request: getRequest("/admin/analytics/companies-by-country.csv", { cookie: staff.cookie }),
      ...ctx({ view: "companies-by-country" }),
    })) as Response;
    expect(await res.text()).toBe("country_code,country,companies\nMY,马来西亚,1\n");
  });

  it("answers 404 for a view that does not exist", async () => {
    const staff = await signedIn({ role: "staff" });
    for (const view of ["no-such-view", "", "../secrets"]) {
      const response = await thrown(csvLoader({ request: getRequest(`/admin/analytics/x.csv`, { cookie: staff.cookie }), ...ctx({ view }) }));
      expect(response.status, view).toBe(404);
    }
  });
});
