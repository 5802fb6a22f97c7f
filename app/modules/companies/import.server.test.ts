// Import against a real SQLite file: valid files, every kind of invalid one, idempotent
// re-import, a 10,000-row file, and nothing written when anything is wrong.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { companies } from "../../../db/schema";
import { generateCompanies } from "../../../scripts/demo-data/companies";
import { getDb, getSqlite } from "~/db.server";
import { getT } from "~/modules/i18n/locales.server";
import { getListing } from "./listing.server";
import { listDirectory } from "./directory.server";
import { exportDirectoryCsv } from "./export.server";
import { checkImportFile, formatImportFileError, formatImportIssue, readImportForm, runImport, type ImportResult } from "./import.server";

const en = getT("en");
const bytes = (text: string) => new TextEncoder().encode(text);
const json = (companies: unknown[]) => bytes(JSON.stringify({ companies }));

const SAMPLE = [
  {
    externalId: "demo-lanyun-cloud",
    name: "Lanyun Cloud Technology",
    localName: "蓝云科技",
    country: "CN",
    city: "Nanning",
    website: "https://lanyun.example.cn",
    foundedYear: 2012,
    size: "250-999",
    languages: ["zh", "en"],
    sectors: ["cloud"],
    offers: ["cloud.iaas", "cloud.managed_services"],
    needs: ["role.distribution", "role.market_access"],
    partnershipTypes: ["distribution", "joint_venture"],
    targetMarkets: ["ID", "VN"],
    description: "Regional cloud provider looking for resellers and system integrators.",
    contactName: "Wei Zhang",
    contactEmail: "wei.zhang@lanyun.example.cn",
  },
  {
    externalId: "demo-nusantara-it",
    name: "PT Nusantara Solusi Digital",
    country: "ID",
    city: "Jakarta",
    sectors: ["cloud", "ecommerce"],
    offers: ["role.distribution", "role.integration", "role.market_access"],
    needs: ["cloud.iaas", "cloud.cybersecurity"],
  },
  {
    externalId: "demo-saigon-vision",
    name: "Saigon Vision AI",
    country: "VN",
    sectors: ["ai", "smart_city"],
    offers: ["ai.computer_vision", "role.market_access"],
    needs: ["role.investment", "ai.edge_devices"],
  },
];

/** Rows in every table the import writes, so "nothing written" can be checked exactly. */
function tableCounts() {
  const tables = ["companies", "company_sectors", "company_offers", "company_needs", "company_partnership_types", "company_target_markets"];
  const counts = Object.fromEntries(tables.map((t) => [t, (getSqlite().prepare(`select count(*) n from ${t}`).get() as { n: number }).n]));
  counts.search = (getSqlite().prepare("select count(*) n from company_search_docsize").get() as { n: number }).n;
  return counts;
}

function lines(result: ImportResult) {
  if (result.ok) return [];
  return result.fileError ? [formatImportFileError(result.fileError, en)] : result.issues.map((i) => formatImportIssue(i, en));
}

const byExternalId = (externalId: string) => getDb().select().from(companies).where(eq(companies.externalId, externalId)).get();

describe("a valid JSON file", () => {
  it("creates every company, approved and visible by default, then updates them on re-import", () => {
    const first = runImport({ bytes: json(SAMPLE), filename: "sample.json", status: "approved" });
    expect(first).toEqual({ ok: true, imported: 3, created: 3, updated: 0 });
    const lanyun = byExternalId("demo-lanyun-cloud")!;
    expect(lanyun).toMatchObject({ status: "approved", visible: true, name: "Lanyun Cloud Technology", localName: "蓝云科技", draft: null });
    expect(getListing(getDb(), { companyId: lanyun.id })).toMatchObject({
      offers: ["cloud.iaas", "cloud.managed_services"],
      targetMarkets: ["ID", "VN"],
      contactEmail: "wei.zhang@lanyun.example.cn",
    });

    const before = tableCounts();
    const again = runImport({ bytes: json(SAMPLE), filename: "sample.json", status: "approved" });
    expect(again).toEqual({ ok: true, imported: 3, created: 0, updated: 3 });
    expect(tableCounts()).toEqual(before);

    // A changed row updates the same company: its codes are replaced, not added to.
    const changed = [{ ...SAMPLE[0], name: "Lanyun Cloud", offers: ["cloud.saas"] }, SAMPLE[1], SAMPLE[2]];
    expect(runImport({ bytes: json(changed), filename: "sample.json", status: "approved" })).toMatchObject({ created: 0, updated: 3 });
    expect(byExternalId("demo-lanyun-cloud")!.id).toBe(lanyun.id);
    expect(getListing(getDb(), { companyId: lanyun.id })).toMatchObject({ name: "Lanyun Cloud", offers: ["cloud.saas"] });
    expect(listDirectory({ offers: "cloud.iaas" }).companies.map((c) => c.id)).not.toContain(lanyun.id);
    expect(listDirectory({ q: "lanyun cloud" }).companies.map((c) => c.id)).toEqual([lanyun.id]);
  });

  it("with --status pending: new companies wait for review; an approved one keeps its listing", () => {
    const rows = [
      { ...SAMPLE[0], externalId: "pend-1" },
      { ...SAMPLE[1], externalId: "pend-2" },
    ];
    expect(runImport({ bytes: json([rows[0]]), filename: "a.json", status: "approved" })).toMatchObject({ created: 1 });
    const result = runImport({ bytes: json([{ ...rows[0], name: "Renamed Cloud" }, rows[1]]), filename: "a.json", status: "pending" });
    expect(result).toMatchObject({ ok: true, created: 1, updated: 1 });
    expect(byExternalId("pend-2")).toMatchObject({ status: "pending", visible: false, publishedAt: null });
    const approved = byExternalId("pend-1")!;
    expect(approved).toMatchObject({ status: "pending", visible: true, name: "Lanyun Cloud Technology" });
    expect(approved.draft?.name).toBe("Renamed Cloud");
  });
});

describe("a valid CSV file", () => {
  it("reads a BOM, quoted commas and new lines, ;-lists, and round-trips Chinese, Thai and Vietnamese", () => {
    const csv =
      "\uFEFFexternalId,name,localName,country,city,sectors,offers,needs,targetMarkets,description,foundedYear\r\n" +
      'csv-cn,"Guangxi ASEAN Trade, Ltd.",广西东盟贸易有限公司,CN,南宁,cloud;ecommerce,cloud.iaas;ecommerce.logistics,role.distribution,TH;VN,"Line one, with a comma\nLine two",2008\r\n' +
      "csv-th,Siam Cloud Co.,บริษัท สยาม คลาวด์ จำกัด,TH,กรุงเทพมหานคร,cloud,role.distribution,cloud.iaas,,,\r\n" +
      "csv-vn,Công ty Cổ phần Thương mại Điện tử Đại Dương,,VN,Hà Nội,ecommerce,role.market_access,ecommerce.payments,,,\r\n";
    expect(runImport({ bytes: bytes(csv), filename: "firms.CSV", status: "approved" })).toEqual({ ok: true, imported: 3, created: 3, updated: 0 });
    const cn = byExternalId("csv-cn")!;
    expect(cn).toMatchObject({
      name: "Guangxi ASEAN Trade, Ltd.",
      localName: "广西东盟贸易有限公司",
      city: "南宁",
      description: "Line one, with a comma\nLine two",
      foundedYear: 2008,
    });
    expect(getListing(getDb(), { companyId: cn.id })).toMatchObject({ sectors: ["cloud", "ecommerce"], targetMarkets: ["TH", "VN"] });
    expect(byExternalId("csv-th")).toMatchObject({ localName: "บริษัท สยาม คลาวด์ จำกัด", city: "กรุงเทพมหานคร", description: null });
    expect(byExternalId("csv-vn")!.name).toBe("Công ty Cổ phần Thương mại Điện tử Đại Dương");

    // Out through the staff export and in again: the same companies, nothing duplicated.
    const exported = [...exportDirectoryCsv()].join("");
    expect(exported.startsWith("\uFEFFexternalId,name,localName,country,")).toBe(true);
    expect(exported).toContain("广西东盟贸易有限公司");
    expect(exported).toContain('"Line one, with a comma\nLine two"');
    const before = tableCounts();
    const reimport = runImport({ bytes: bytes(exported), filename: "export.csv", status: "approved" });
    expect(reimport).toMatchObject({ ok: true, created: 0 });
    expect(tableCounts()).toEqual(before);
    expect(byExternalId("csv-cn")).toMatchObject({ name: "Guangxi ASEAN Trade, Ltd.", description: "Line one, with a comma\nLine two" });
  });

  it("exports cells a spreadsheet would run as formulas as text, and imports them back unchanged", () => {
    const rows = [
      { ...SAMPLE[2], externalId: "formula-1", name: '=HYPERLINK("http://evil.example","Click")', description: "-5% fees; @home delivery", city: "+84 Hanoi" },
    ];
    expect(runImport({ bytes: json(rows), filename: "f.json", status: "approved" })).toMatchObject({ ok: true, created: 1 });
    const exported = [...exportDirectoryCsv()].join("");
    const line = exported.split("\n").find((l) => l.startsWith("formula-1,"))!;
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example"",""Click"")"`);
    expect(line).toContain("'+84 Hanoi");
    expect(line).toContain("'-5% fees; @home delivery");
    expect(runImport({ bytes: bytes(exported), filename: "export.csv", status: "approved" })).toMatchObject({ ok: true, created: 0 });
    expect(byExternalId("formula-1")).toMatchObject({ name: rows[0].name, city: "+84 Hanoi", description: "-5% fees; @home delivery" });
  });
});

describe("phone numbers and messaging handles (issue 16)", () => {
  const CHANNELS = ["phone", "wechat", "whatsapp", "line", "zalo", "telegram"];

  it("imports them from JSON and CSV, numbers read against the firm's country, and round-trips them through the export", () => {
    const rows = [
      { ...SAMPLE[0], externalId: "reach-cn", phone: "138 0013 8000", wechat: "lanyun_cloud" },
      { ...SAMPLE[1], externalId: "reach-id", phone: "0812 3456 7890", whatsapp: "+62 813-9876-5432", telegram: "@nusantara_it" },
    ];
    expect(runImport({ bytes: json(rows), filename: "reach.json", status: "approved" })).toMatchObject({ ok: true, created: 2 });
    const csv =
      "externalId,name,country,sectors,offers,needs,phone,line,zalo\n" +
      "reach-th,Siam Cloud Co.,TH,cloud,role.distribution,cloud.iaas,081 234 5678,@Siam.Cloud,\n" +
      "reach-vn,Saigon Vision AI,VN,ai,ai.computer_vision,role.investment,,,0912 345 678\n";
    expect(runImport({ bytes: bytes(csv), filename: "reach.csv", status: "approved" })).toMatchObject({ ok: true, created: 2 });
    const stored = (id: string) => {
      const row = byExternalId(id)!;
      return Object.fromEntries(CHANNELS.map((f) => [f, row[f as keyof typeof row]]));
    };
    const expected = {
      "reach-cn": { phone: "+8613800138000", wechat: "lanyun_cloud", whatsapp: null, line: null, zalo: null, telegram: null },
      "reach-id": { phone: "+6281234567890", wechat: null, whatsapp: "+6281398765432", line: null, zalo: null, telegram: "nusantara_it" },
      "reach-th": { phone: "+66812345678", wechat: null, whatsapp: null, line: "@siam.cloud", zalo: null, telegram: null },
      "reach-vn": { phone: null, wechat: null, whatsapp: null, line: null, zalo: "+84912345678", telegram: null },
    };
    for (const [id, channels] of Object.entries(expected)) expect(stored(id), id).toEqual(channels);

    // The export keeps every earlier column in its place and adds the six at the end.
    const exported = [...exportDirectoryCsv()].join("");
    const header = exported.slice(1, exported.indexOf("\n")).trim().split(",");
    expect(header).toEqual([
      "externalId",
      "name",
      "localName",
      "country",
      "city",
      "website",
      "foundedYear",
      "size",
      "languages",
      "sectors",
      "offers",
      "needs",
      "partnershipTypes",
      "targetMarkets",
      "description",
      "contactName",
      "contactEmail",
      ...CHANNELS,
    ]);
    // E.164 starts with "+", which a spreadsheet reads as a formula: exported as text, read back as it was.
    expect(exported.split("\n").find((l) => l.startsWith("reach-id,"))).toContain("'+6281234567890");
    const before = tableCounts();
    expect(runImport({ bytes: bytes(exported), filename: "export.csv", status: "approved" })).toMatchObject({ ok: true, created: 0 });
    expect(tableCounts()).toEqual(before);
    for (const [id, channels] of Object.entries(expected)) expect(stored(id), id).toEqual(channels);
  });

  it("refuses a bad number or handle with its row, field and value, writing nothing", () => {
    const before = tableCounts();
    const result = runImport({
      bytes: json([
        { ...SAMPLE[1], externalId: "bad-reach-1", phone: "12345" },
        { ...SAMPLE[2], externalId: "bad-reach-2", wechat: "9lives", telegram: "@abc" },
      ]),
      filename: "bad.json",
      status: "approved",
    });
    expect(lines(result)).toEqual([
      expect.stringMatching(/^row 0 \(externalId bad-reach-1\): phone: Enter the phone number with its country code/),
      expect.stringMatching(/^row 1 \(externalId bad-reach-2\): wechat: Enter the WeChat ID/),
      expect.stringMatching(/^row 1 \(externalId bad-reach-2\): telegram: Enter the Telegram username/),
    ]);
    expect(tableCounts()).toEqual(before);
  });
});

describe("an invalid file", () => {
  const header = "externalId,name,country,sectors,offers,needs\n";

  it("names the row, the externalId, the field and the reason, as the spec's example", () => {
    const rows = SAMPLE.map((c) => ({ ...c, externalId: `bad-${c.externalId}` }));
    rows[1] = { ...rows[1], offers: ["cloud.iaasx"] };
    const result = runImport({ bytes: json(rows), filename: "bad.json", status: "approved" });
    expect(lines(result)).toEqual(['row 1 (externalId bad-demo-nusantara-it): offers: Choose capabilities from the list ("cloud.iaasx" is not one)']);
  });

  it("lists every bad row and field of a JSON file by index", () => {
    const rows = [
      { ...SAMPLE[0], status: "approved" },
      { ...SAMPLE[1], country: "US", sectors: [], foundedYear: 1700 },
      { ...SAMPLE[2], externalId: "has space", website: "mailto:x@y.z", contactEmail: "nope", languages: ["xx"] },
      "not an object",
      { ...SAMPLE[1] },
      { externalId: "no-name", country: "CN", sectors: ["ai"], offers: ["ai.platform"], needs: ["role.customers"], name: "" },
      { ...SAMPLE[2], externalId: "long-desc", description: "字".repeat(4001), partnershipTypes: ["merger"], size: "huge", needs: "role.investment" },
    ];
    expect(lines(runImport({ bytes: json(rows), filename: "bad.json", status: "approved" }))).toEqual([
      'row 0 (externalId demo-lanyun-cloud): status: unknown field "status"',
      `row 1 (externalId demo-nusantara-it): country: Choose a country from the list ("US" is not one)`,
      "row 1 (externalId demo-nusantara-it): foundedYear: Enter the year the firm was founded, from 1800 to this year",
      "row 1 (externalId demo-nusantara-it): sectors: Choose one to four sectors your firm works in",
      "row 2 (externalId has space): externalId: must be 1–64 characters: letters, digits, dot, underscore or hyphen",
      "row 2 (externalId has space): website: Enter the firm's web address, such as lanyun.example.cn or https://lanyun.example.cn",
      `row 2 (externalId has space): languages: Choose languages from the list ("xx" is not one)`,
      "row 2 (externalId has space): contactEmail: Enter the contact's e-mail address, such as name@firm.example",
      "row 3: must be an object with the company's fields",
      "row 4 (externalId demo-nusantara-it): externalId: the same externalId as row 1",
      "row 5 (externalId no-name): name: Enter your firm's name",
      `row 6 (externalId long-desc): size: Choose the firm's size from the list ("huge" is not one)`,
      "row 6 (externalId long-desc): needs: Choose from the list",
      `row 6 (externalId long-desc): partnershipTypes: Choose partnership types from the list ("merger" is not one)`,
      "row 6 (externalId long-desc): description: Shorten this to 4000 characters or fewer",
    ]);
  });

  it("gives CSV rows the line they start on, even after a record spanning lines", () => {
    const csv =
      header.replace("\n", ",description\n") +
      'ok-1,Acme,CN,cloud,cloud.iaas,role.distribution,"two\nlines"\n' +
      "\n" +
      "bad-1,Acme Two,CN,cloud,cloud.nope,role.distribution,\n" +
      "bad-2,Acme Three,CN,cloud,cloud.iaas\n" +
      ",Acme Four,CN,mining,cloud.iaas,role.distribution,\n";
    expect(lines(runImport({ bytes: bytes(csv), filename: "bad.csv", status: "approved" }))).toEqual([
      `row 5 (externalId bad-1): offers: Choose capabilities from the list ("cloud.nope" is not one)`,
      "row 6 (externalId bad-2): expected 7 fields, found 5",
      "row 6 (externalId bad-2): needs: Choose at least one capability your firm needs",
      "row 7: externalId: required",
      `row 7: sectors: Choose sectors from the list ("mining" is not one)`,
    ]);
  });

  it("refuses names with line breaks or control characters per row and field, writing nothing", () => {
    const before = tableCounts();
    const rows = [
      { ...SAMPLE[0], externalId: "crlf-name", name: "Mallory\r\nBcc: x@y" },
      { ...SAMPLE[1], externalId: "crlf-contact", contactName: "Mallory\r\nBcc: x@y", localName: "Nusantara\tIT" },
      { ...SAMPLE[2], externalId: "fine-row" },
    ];
    expect(lines(runImport({ bytes: json(rows), filename: "names.json", status: "approved" }))).toEqual([
      "row 0 (externalId crlf-name): name: Write the company name on one line, without line breaks, tabs or other control characters",
      "row 1 (externalId crlf-contact): localName: Write the name in the local script on one line, without line breaks, tabs or other control characters",
      "row 1 (externalId crlf-contact): contactName: Write the contact person's name on one line, without line breaks, tabs or other control characters",
    ]);
    // CSV: a quoted cell may span lines (a description may), a name may not.
    const csv = header.replace("\n", ",description\n") + 'csv-crlf,"Mallory\r\nBcc: x@y",CN,cloud,cloud.iaas,role.distribution,"two\nlines"\n';
    expect(lines(runImport({ bytes: bytes(csv), filename: "names.csv", status: "approved" }))).toEqual([
      "row 2 (externalId csv-crlf): name: Write the company name on one line, without line breaks, tabs or other control characters",
    ]);
    expect(tableCounts()).toEqual(before);
  });

  it("refuses a whole file that cannot be read, with one message", () => {
    const cases: [Uint8Array, string, string][] = [
      [json(SAMPLE), "firms.xlsx", "Unknown file format: use a .json or .csv file."],
      [new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), "firms.json", "The file is not valid UTF-8 text. Save it as UTF-8 and try again."],
      [bytes('{"companies": [ {"externalId": "x",'), "firms.json", "The file is not valid JSON: "],
      [bytes('[{"externalId": "x"}]'), "firms.json", 'The JSON file must look like {"companies": [ … ]}.'],
      [bytes('{"companies": []}'), "firms.json", "The file contains no companies."],
      [bytes(header), "firms.csv", "The file contains no companies."],
      [bytes(`${header}a,"unclosed,CN,cloud,cloud.iaas,role.distribution\n`), "firms.csv", "The CSV file cannot be read (line "],
      [
        bytes(header.replace("needs", "needs,status") + "a,A,CN,cloud,cloud.iaas,role.distribution,approved\n"),
        "firms.csv",
        "Unknown columns in the header row: status",
      ],
      [bytes("externalId,name,country\na,A,CN\n"), "firms.csv", "Required columns are missing from the header row: sectors, offers, needs"],
      [bytes("externalId,name,name,country,sectors,offers,needs\n"), "firms.csv", "The header row names the column name twice."],
    ];
    for (const [input, filename, message] of cases) {
      const [line] = lines(runImport({ bytes: input, filename, status: "approved" }));
      expect(line.startsWith(message), `${filename}: ${line}`).toBe(true);
    }
    const tooLarge = checkImportFile({ bytes: json(SAMPLE), filename: "firms.json", maxBytes: 100 });
    expect(tooLarge.ok ? null : formatImportFileError(tooLarge.fileError!, en)).toMatch(/^The file is larger than [\d.]+ MB\.$/);
  });

  it("writes nothing at all, however many good rows it has", () => {
    const good = generateCompanies({ count: 500, prefix: "atomic" });
    const before = tableCounts();
    const bad = [...good.slice(0, 499), { ...good[499], offers: ["cloud.iaasx"] }];
    const result = runImport({ bytes: json(bad), filename: "big.json", status: "approved" });
    expect(result.ok).toBe(false);
    expect(lines(result)).toEqual(['row 499 (externalId atomic-0500): offers: Choose capabilities from the list ("cloud.iaasx" is not one)']);
    expect(tableCounts()).toEqual(before);
    expect(
      getDb()
        .select({ n: sql<number>`count(*)` })
        .from(companies)
        .where(sql`${companies.externalId} like 'atomic-%'`)
        .get()!.n,
    ).toBe(0);
  });
});

// Found by fuzzing (tests/fuzz/import.test.ts).
describe("a hostile file", () => {
  it("refuses half a surrogate pair (JSON's \\ud800) instead of storing bytes that are not UTF-8", () => {
    const before = tableCounts();
    const result = runImport({
      bytes: bytes(JSON.stringify({ companies: [{ ...SAMPLE[0], externalId: "lone", name: "Lanyun \ud800" }] })),
      filename: "x.json",
      status: "approved",
    });
    expect(lines(result)).toEqual(["row 0 (externalId lone): name: Write this as text"]);
    expect(tableCounts()).toEqual(before);
  });

  it("says a missing code is required, and names a list or null where a code belongs", () => {
    const { country: _country, ...noCountry } = SAMPLE[0];
    const rows = [
      { ...noCountry, externalId: "no-country" },
      { ...SAMPLE[0], externalId: "list-country", country: ["CN"], size: null, offers: [null] },
    ];
    expect(lines(runImport({ bytes: json(rows), filename: "x.json", status: "approved" }))).toEqual([
      "row 0 (externalId no-country): country: Choose the country where your firm is registered",
      `row 1 (externalId list-country): country: Choose a country from the list ("["CN"]" is not one)`,
      `row 1 (externalId list-country): offers: Choose capabilities from the list ("null" is not one)`,
    ]);
  });

  it("from the web, refuses a status the page does not offer and fields it does not send", async () => {
    for (const [name, value] of [
      ["status", "Pending"],
      ["status", "draft"],
      ["role", "admin"],
    ]) {
      const form = new FormData();
      form.append("file", new File([json([{ ...SAMPLE[0], externalId: "web-status" }])], "x.json"));
      form.append(name, value);
      const result = await readImportForm(form);
      expect(result).toEqual({ ok: false, result: { ok: false, fileError: { key: "errors.form.invalid", params: {} }, issues: [] } });
    }
    expect(getDb().select().from(companies).where(eq(companies.externalId, "web-status")).get()).toBeUndefined();
  });
});

describe("a 10,000-row file", () => {
  it("imports in one go, idempotently, and the directory finds its companies", () => {
    const rows = generateCompanies({ count: 10_000, seed: 9, prefix: "ten-k" });
    const file = json(rows);
    // How fast is bench:import's to say (a timed assertion fails on a busy machine, not on slow code).
    expect(runImport({ bytes: file, filename: "ten-k.json", status: "approved" })).toEqual({ ok: true, imported: 10_000, created: 10_000, updated: 0 });
    const counted = getDb()
      .select({ n: sql<number>`count(*)` })
      .from(companies)
      .where(sql`${companies.externalId} like 'ten-k-%'`)
      .get()!.n;
    expect(counted).toBe(10_000);
    const before = tableCounts();
    expect(runImport({ bytes: file, filename: "ten-k.json", status: "approved" })).toMatchObject({ created: 0, updated: 10_000 });
    expect(tableCounts()).toEqual(before);
    const some = rows[1234];
    const found = listDirectory({ q: some.name, country: some.country as "CN" });
    expect(found.companies.map((c) => c.name)).toContain(some.name);
  });
});
