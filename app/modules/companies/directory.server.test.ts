// Directory search, filters and pages on a real SQLite file.
import { beforeAll, describe, expect, it } from "vitest";
import { importCompanies } from "./import.server";
import { getCompanyPage, listDirectory, searchTerms } from "./directory.server";
import { importRowSchema } from "./schemas";
import { suspendCompany } from "./moderation.server";
import { makeUser } from "../../../tests/factories";

const base = { sectors: ["cloud"], offers: ["cloud.iaas"], needs: ["role.distribution"], contactName: "Hidden Person", contactEmail: "hidden@contact.example" };
const FIRMS = [
  {
    externalId: "d-cn",
    name: "Lanyun Cloud Technology",
    localName: "蓝云科技",
    country: "CN",
    description: "提供云计算与数据中心服务，寻找东盟分销伙伴。",
    partnershipTypes: ["distribution"],
  },
  {
    externalId: "d-cn2",
    name: "Guangxi ASEAN Trade",
    localName: "广西东盟贸易有限公司",
    country: "CN",
    sectors: ["ecommerce"],
    offers: ["ecommerce.logistics"],
    needs: ["role.market_access"],
  },
  {
    externalId: "d-th",
    name: "Siam Cloud Co., Ltd.",
    localName: "บริษัท สยาม คลาวด์ จำกัด",
    country: "TH",
    offers: ["role.distribution"],
    needs: ["cloud.iaas"],
    partnershipTypes: ["distribution", "joint_venture"],
  },
  {
    externalId: "d-vn",
    name: "Công ty Cổ phần Thương mại Điện tử Đại Dương",
    country: "VN",
    sectors: ["ecommerce"],
    offers: ["ecommerce.payments"],
    needs: ["cloud.iaas"],
    description: "Ví điện tử cho người bán hàng trực tuyến.",
  },
  {
    externalId: "d-id",
    name: "PT Nusantara Solusi Digital",
    country: "ID",
    sectors: ["cloud", "ecommerce"],
    offers: ["role.distribution", "role.integration"],
    needs: ["cloud.cybersecurity"],
    description: "IT distributor serving 400 enterprises across Java.",
  },
  { externalId: "d-sg", name: "Ｍerlion Robotics", country: "SG", sectors: ["ai"], offers: ["ai.robotics"], needs: ["role.investment"] },
].map((f) => importRowSchema.parse({ ...base, ...f }));

const ids = (r: ReturnType<typeof listDirectory>) => r.companies.map((c) => c.name);

beforeAll(() => {
  importCompanies({ rows: FIRMS, status: "approved" });
  importCompanies({ rows: [importRowSchema.parse({ ...base, externalId: "d-pending", name: "Pending Cloud Firm", country: "CN" })], status: "pending" });
});

describe("searchTerms", () => {
  it("joins short words to their neighbours; a query of short words looks through names", () => {
    expect(searchTerms("vi dien tu")).toEqual({ phrases: ["vi dien tu"], nameWords: [] });
    expect(searchTerms("PT Nusantara  digital")).toEqual({ phrases: ["pt nusantara", "digital"], nameWords: [] });
    expect(searchTerms("Công ty")).toEqual({ phrases: ["cong ty"], nameWords: [] });
    expect(searchTerms("蓝云 科技")).toEqual({ phrases: [], nameWords: ["蓝云", "科技"] });
    expect(searchTerms("  ")).toEqual({ phrases: [], nameWords: [] });
  });
});

describe("search", () => {
  it("finds Chinese names by any part, two characters included", () => {
    expect(ids(listDirectory({ q: "蓝云" }))).toEqual(["Lanyun Cloud Technology"]);
    expect(ids(listDirectory({ q: "东盟贸易" }))).toEqual(["Guangxi ASEAN Trade"]);
    expect(ids(listDirectory({ q: "贸" }))).toEqual(["Guangxi ASEAN Trade"]);
  });

  it("finds Thai names without spaces between words", () => {
    expect(ids(listDirectory({ q: "สยามคลาวด์" }))).toEqual([]);
    expect(ids(listDirectory({ q: "คลาวด์" }))).toEqual(["Siam Cloud Co., Ltd."]);
    expect(ids(listDirectory({ q: "สยาม" }))).toEqual(["Siam Cloud Co., Ltd."]);
  });

  it("finds Vietnamese with or without diacritics, composed or decomposed", () => {
    const name = "Công ty Cổ phần Thương mại Điện tử Đại Dương";
    expect(ids(listDirectory({ q: "Thương mại" }))).toEqual([name]);
    expect(ids(listDirectory({ q: "thuong mai dien tu" }))).toEqual([name]);
    expect(ids(listDirectory({ q: "DAI DUONG" }))).toEqual([name]);
    expect(ids(listDirectory({ q: "Đại Dương".normalize("NFD") }))).toEqual([name]);
    expect(ids(listDirectory({ q: "vi dien tu" }))).toEqual([name]);
  });

  it("finds words of the description, every word of the query, and folds full-width letters", () => {
    expect(ids(listDirectory({ q: "distributor java" }))).toEqual(["PT Nusantara Solusi Digital"]);
    expect(ids(listDirectory({ q: "distributor bali" }))).toEqual([]);
    expect(ids(listDirectory({ q: "数据中心" }))).toEqual(["Lanyun Cloud Technology"]);
    expect(ids(listDirectory({ q: "merlion" }))).toEqual(["Ｍerlion Robotics"]);
    expect(ids(listDirectory({ q: '"cloud" OR *' }))).toEqual([]);
  });

  it("never shows a company that is not approved", () => {
    expect(ids(listDirectory({ q: "Pending Cloud" }))).toEqual([]);
  });
});

describe("filters and pages", () => {
  it("filter by country, sector, capability offered and needed, partnership type, together", () => {
    expect(ids(listDirectory({ country: "CN" }))).toEqual(["Guangxi ASEAN Trade", "Lanyun Cloud Technology"]);
    expect(ids(listDirectory({ sector: "ecommerce" }))).toEqual([
      "Công ty Cổ phần Thương mại Điện tử Đại Dương",
      "Guangxi ASEAN Trade",
      "PT Nusantara Solusi Digital",
    ]);
    expect(ids(listDirectory({ offers: "role.distribution" }))).toEqual(["PT Nusantara Solusi Digital", "Siam Cloud Co., Ltd."]);
    expect(ids(listDirectory({ needs: "cloud.iaas" }))).toEqual(["Công ty Cổ phần Thương mại Điện tử Đại Dương", "Siam Cloud Co., Ltd."]);
    expect(ids(listDirectory({ partnershipType: "joint_venture" }))).toEqual(["Siam Cloud Co., Ltd."]);
    expect(ids(listDirectory({ needs: "cloud.iaas", sector: "cloud" }))).toEqual(["Siam Cloud Co., Ltd."]);
    expect(ids(listDirectory({ needs: "cloud.iaas", country: "TH", q: "siam" }))).toEqual(["Siam Cloud Co., Ltd."]);
  });

  it("pages through the results in name order and keeps the page in range", () => {
    const all = listDirectory({}, 100);
    expect(all.total).toBe(6);
    const page2 = listDirectory({ page: 2 }, 4);
    expect(page2).toMatchObject({ total: 6, page: 2, pageCount: 2 });
    expect(ids(page2)).toEqual(ids(all).slice(4));
    expect(listDirectory({ page: 99 }, 4).page).toBe(2);
    expect(listDirectory({ page: -3 }, 4).page).toBe(1);
  });
});

describe("contact details", () => {
  it("are never part of a directory entry or a company page", async () => {
    const listed = listDirectory({}, 100);
    const json = JSON.stringify(listed);
    expect(json).not.toContain("hidden@contact.example");
    expect(json).not.toContain("Hidden Person");
    for (const c of listed.companies) {
      expect(Object.keys(c).sort()).toEqual([
        "city",
        "country",
        "description",
        "id",
        "localName",
        "name",
        "needs",
        "offers",
        "partnershipTypes",
        "sectors",
        "size",
      ]);
      const page = getCompanyPage({ companyId: c.id })!;
      expect(JSON.stringify(page)).not.toMatch(/hidden@contact|Hidden Person/);
      expect(page).not.toHaveProperty("contactEmail");
    }
  });

  it("a suspended company has no page", async () => {
    const staff = await makeUser({ role: "staff" });
    const sg = listDirectory({ country: "SG" }).companies[0];
    suspendCompany({ companyId: sg.id, staffUserId: staff.id });
    expect(getCompanyPage({ companyId: sg.id })).toBeNull();
    expect(listDirectory({ country: "SG" }).total).toBe(0);
  });
});
