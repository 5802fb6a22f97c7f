import { describe, expect, it } from "vitest";
import type { MessageKey } from "~/modules/i18n/i18n";
import { getT } from "~/modules/i18n/locales.server";
import { changedFields, fieldIssues, importRowSchema, isMaterialChange, profileFormSchema, profileSchema, type Profile } from "./schemas";

const valid = {
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
  needs: ["role.distribution"],
  partnershipTypes: ["distribution"],
  targetMarkets: ["ID", "VN"],
  description: "Regional cloud provider.",
  contactName: "Wei Zhang",
  contactEmail: "wei.zhang@lanyun.example.cn",
};

function issues(schema: typeof profileSchema | typeof importRowSchema, value: unknown) {
  const r = schema.safeParse(value, { reportInput: true });
  return r.success ? [] : fieldIssues(r.error);
}

describe("profileSchema", () => {
  it("accepts a complete profile and fills what is optional with null or []", () => {
    const r = profileSchema.parse({ name: " Saigon  Vision ", country: "VN", sectors: ["ai"], offers: ["ai.computer_vision"], needs: ["role.investment"] });
    expect(r).toEqual({
      name: "Saigon Vision",
      localName: null,
      country: "VN",
      city: null,
      website: null,
      foundedYear: null,
      size: null,
      languages: [],
      sectors: ["ai"],
      offers: ["ai.computer_vision"],
      needs: ["role.investment"],
      partnershipTypes: [],
      targetMarkets: [],
      description: null,
      contactName: null,
      contactEmail: null,
      phone: null,
      wechat: null,
      whatsapp: null,
      line: null,
      zalo: null,
      telegram: null,
    });
  });

  it("names every unknown code with its value", () => {
    expect(issues(profileSchema, { ...valid, offers: ["cloud.iaasx", "cloud.iaas"], country: "XX", targetMarkets: ["US"] })).toEqual([
      { field: "country", key: "errors.company.unknownCountry", params: { value: "XX" } },
      { field: "offers", key: "errors.company.unknownCapability", params: { value: "cloud.iaasx" } },
      { field: "targetMarkets", key: "errors.company.unknownCountry", params: { value: "US" } },
    ]);
  });

  it("refuses fields it does not know, such as status (no mass assignment)", () => {
    expect(issues(profileSchema, { ...valid, status: "approved", companyId: 3 })).toEqual([
      { field: "status", key: "errors.company.unknownField", params: { value: "status" } },
      { field: "companyId", key: "errors.company.unknownField", params: { value: "companyId" } },
    ]);
  });

  it("counts lengths in characters: 200 Chinese characters fit, 201 do not", () => {
    expect(profileSchema.safeParse({ ...valid, name: "蓝".repeat(200) }).success).toBe(true);
    const [issue, ...rest] = issues(profileSchema, { ...valid, name: "蓝".repeat(201) });
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ field: "name", key: "errors.company.tooLong", params: { max: 200 } });
    // 4000 characters of Thai are 12,000 bytes: still allowed.
    expect(profileSchema.safeParse({ ...valid, description: "ก".repeat(4000) }).success).toBe(true);
    expect(profileSchema.safeParse({ ...valid, description: "ก".repeat(4001) }).success).toBe(false);
  });

  it("checks the rules of each field", () => {
    const fields = (value: Record<string, unknown>) => issues(profileSchema, { ...valid, ...value }).map((i) => `${i.field}:${i.key}`);
    expect(fields({ name: "  \u202E " })).toEqual(["name:errors.company.required.name"]);
    expect(fields({ website: "javascript:alert(1)" })).toEqual(["website:errors.company.website"]);
    expect(fields({ website: "ftp://x.example" })).toEqual(["website:errors.company.website"]);
    expect(fields({ foundedYear: 1799 })).toEqual(["foundedYear:errors.company.foundedYear"]);
    expect(fields({ foundedYear: new Date().getUTCFullYear() + 1 })).toEqual(["foundedYear:errors.company.foundedYear"]);
    expect(fields({ foundedYear: 2001.5 })).toEqual(["foundedYear:errors.company.foundedYear"]);
    expect(fields({ size: "5-10" })).toEqual(["size:errors.company.unknownSize"]);
    expect(fields({ languages: ["fr"] })).toEqual(["languages:errors.company.unknownLanguage"]);
    expect(fields({ sectors: [] })).toEqual(["sectors:errors.company.sectorsRequired"]);
    expect(fields({ sectors: ["cloud", "ai", "smart_city", "ecommerce", "mining"] })).toContain("sectors:errors.company.unknownSector");
    expect(fields({ offers: [] })).toEqual(["offers:errors.company.offersRequired"]);
    expect(fields({ needs: [] })).toEqual(["needs:errors.company.needsRequired"]);
    expect(fields({ partnershipTypes: ["merger"] })).toEqual(["partnershipTypes:errors.company.unknownPartnershipType"]);
    expect(fields({ contactEmail: "not-an-address" })).toEqual(["contactEmail:errors.company.email"]);
    expect(fields({ sectors: "cloud" })).toEqual(["sectors:errors.company.notList"]);
    expect(fields({ name: 42 })).toEqual(["name:errors.company.required"]);
  });

  it("allows at most four sectors and removes duplicate codes", () => {
    expect(issues(profileSchema, { ...valid, sectors: ["cloud", "ai", "smart_city", "ecommerce", "cloud"] })).toEqual([]);
    expect(profileSchema.parse({ ...valid, offers: ["cloud.iaas", "cloud.iaas"] }).offers).toEqual(["cloud.iaas"]);
  });

  it("cleans text: NFC, no bidi overrides, description keeps its paragraphs", () => {
    const r = profileSchema.parse({ ...valid, name: "Co\u0302ng ty\u202E", description: "One.\r\n\r\nTwo\u0000." });
    expect(r.name).toBe("Công ty");
    expect(r.description).toBe("One.\n\nTwo.");
  });
});

describe("importRowSchema", () => {
  it("requires an externalId of 1–64 characters [A-Za-z0-9._-]", () => {
    expect(issues(importRowSchema, { ...valid, externalId: "acme-01_v2.x" })).toEqual([]);
    expect(issues(importRowSchema, { ...valid, externalId: "acme 01" })[0]).toMatchObject({ field: "externalId", key: "errors.company.externalId" });
    expect(issues(importRowSchema, { ...valid, externalId: "x".repeat(65) })[0]).toMatchObject({ field: "externalId" });
    expect(issues(importRowSchema, valid)[0]).toMatchObject({ field: "externalId", key: "errors.company.required" });
  });

  it("reports a row that is not an object", () => {
    expect(issues(importRowSchema, "acme")).toEqual([{ field: "", key: "errors.company.notAnObject", params: { value: "acme" } }]);
  });
});

describe("profileFormSchema", () => {
  // The fields as parseForm hands them to the schema: a repeated name is an array.
  function form(entries: [string, string][]) {
    const raw: Record<string, string | string[]> = {};
    for (const [k, v] of entries) raw[k] = k in raw ? [raw[k]].flat().concat(v) : v;
    return raw;
  }

  it("a draft needs only name and country; submitting needs sectors, offers and needs", () => {
    expect(
      profileFormSchema.safeParse(
        form([
          ["intent", "save"],
          ["name", "Acme"],
          ["country", "TH"],
        ]),
      ).success,
    ).toBe(true);
    const submit = profileFormSchema.safeParse(
      form([
        ["intent", "submit"],
        ["name", "Acme"],
        ["country", "TH"],
      ]),
    );
    expect(submit.success).toBe(false);
    expect(fieldIssues(submit.error!).map((i) => i.field)).toEqual(["sectors", "offers", "needs"]);
  });

  it("reads repeated checkboxes as lists and refuses smuggled fields", () => {
    const ok = profileFormSchema.parse(
      form([
        ["intent", "submit"],
        ["name", "Acme"],
        ["country", "TH"],
        ["sectors", "cloud"],
        ["offers", "cloud.iaas"],
        ["offers", "role.distribution"],
        ["needs", "role.investment"],
        ["foundedYear", "1999"],
      ]),
    );
    expect(ok.offers).toEqual(["cloud.iaas", "role.distribution"]);
    expect(ok.foundedYear).toBe(1999);
    const smuggled = profileFormSchema.safeParse(
      form([
        ["intent", "save"],
        ["name", "Acme"],
        ["country", "TH"],
        ["status", "approved"],
      ]),
    );
    expect(smuggled.success).toBe(false);
  });
});

describe("isMaterialChange", () => {
  const base = profileSchema.parse(valid) as Profile;
  it("name, country, offers and needs matter; other fields and the order of codes do not", () => {
    expect(isMaterialChange(base, { ...base, description: "New words", city: "Guilin", website: null })).toBe(false);
    expect(isMaterialChange(base, { ...base, offers: [...base.offers].reverse() })).toBe(false);
    expect(isMaterialChange(base, { ...base, name: "Lanyun Cloud" })).toBe(true);
    expect(isMaterialChange(base, { ...base, country: "SG" })).toBe(true);
    expect(isMaterialChange(base, { ...base, offers: ["cloud.iaas"] })).toBe(true);
    expect(isMaterialChange(base, { ...base, needs: ["role.distribution", "role.investment"] })).toBe(true);
  });
});

describe("changedFields", () => {
  const base = profileSchema.parse(valid) as Profile;
  it("marks a list field changed only when its set of values changed, not its order", () => {
    const reordered = {
      ...base,
      offers: [...base.offers].reverse(),
      languages: [...base.languages].reverse(),
      targetMarkets: ["VN", "ID"] as Profile["targetMarkets"],
      sectors: [...base.sectors],
    };
    expect(changedFields(base, reordered)).toEqual([]);
    expect(changedFields(base, { ...reordered, targetMarkets: ["VN"], needs: ["role.investment"], city: "Guilin" })).toEqual([
      "city",
      "needs",
      "targetMarkets",
    ]);
    expect(changedFields(base, { ...base, description: null })).toEqual(["description"]);
  });
});

describe("the profile form's words", () => {
  const form = (value: Record<string, unknown>) => {
    const r = profileFormSchema.safeParse({ intent: "submit", ...valid, ...value }, { reportInput: true });
    return r.success ? [] : fieldIssues(r.error);
  };

  it("accepts a website typed without https:// and stores it with https://", () => {
    expect(profileSchema.parse({ ...valid, website: "lanyun.example.cn" }).website).toBe("https://lanyun.example.cn");
    expect(profileSchema.parse({ ...valid, website: " www.saigon-vision.vn/about " }).website).toBe("https://www.saigon-vision.vn/about");
    expect(profileSchema.parse({ ...valid, website: "http://old.example.th" }).website).toBe("http://old.example.th");
    expect(form({ website: "lanyun" }).map((i) => i.key)).toEqual(["errors.company.website"]);
  });

  it("names the field in words for every refusal, in English and Chinese, never an empty code", () => {
    const refusals = [
      ...form({ country: "" }),
      ...form({ name: "" }),
      ...form({ name: "蓝".repeat(201) }),
      ...form({ website: "javascript:alert(1)" }),
      ...form({ foundedYear: 1700 }),
      ...form({ size: "huge" }),
      ...form({ languages: ["xx"] }),
      ...form({ sectors: [] }),
      ...form({ sectors: ["cloud", "ai", "smart_city", "ecommerce", "mining"] }),
      ...form({ offers: [] }),
      ...form({ needs: [] }),
      ...form({ offers: ["cloud.nope"] }),
      ...form({ partnershipTypes: ["merger"] }),
      ...form({ targetMarkets: ["US"] }),
      ...form({ contactEmail: "nope" }),
      ...form({ name: "Line\nbreak" }),
    ];
    expect(refusals.find((i) => i.field === "country")).toMatchObject({ key: "errors.company.required.country" });
    const en = getT("en");
    const zh = getT("zh");
    const said = (t: typeof en) => refusals.map((i) => t(i.key as MessageKey, i.params));
    expect(said(en)).toContain("Choose the country where your firm is registered");
    expect(said(zh)).toContain("请选择贵企业的注册国家");
    expect(said(en)).toContain("Enter your firm's name");
    expect(said(en)).toContain('Choose a country from the list ("US" is not one)');
    for (const text of [...said(en), ...said(zh)]) {
      expect(text).not.toMatch(/^errors\./);
      expect(text).not.toContain('""');
      expect(text).not.toMatch(/^(unknown|required|must|not a|longer|choose)/);
    }
    // Every refusal reads in words: it starts with a capital (English) or a Han character (Chinese).
    for (const text of said(en)) expect(text).toMatch(/^[A-Z]/);
    for (const text of said(zh)) expect(text).toMatch(/^\p{Script=Han}/u);
  });
});

describe("phone numbers and messaging handles (issue 16)", () => {
  const parse = (value: Record<string, unknown>) => profileSchema.safeParse({ ...valid, ...value }, { reportInput: true });
  const stored = (value: Record<string, unknown>) => {
    const r = parse(value);
    if (!r.success) throw new Error(JSON.stringify(fieldIssues(r.error)));
    return r.data;
  };
  const refused = (value: Record<string, unknown>) => {
    const r = parse(value);
    return r.success ? [] : fieldIssues(r.error).map((i) => `${i.field}: ${i.key}`);
  };

  it.each([
    ["ID", "0812 3456 7890", "+6281234567890"],
    ["ID", "+62 812-3456-7890", "+6281234567890"],
    ["CN", "138 0013 8000", "+8613800138000"],
    ["CN", "(010) 6552 9988", "+861065529988"],
    ["TH", "081 234 5678", "+66812345678"],
    ["VN", "0912 345 678", "+84912345678"],
    ["MY", "012-345 6789", "+60123456789"],
    ["SG", "9123 4567", "+6591234567"],
    ["PH", "0917 123 4567", "+639171234567"],
    // An international number stays what it says, whatever the firm's country.
    ["VN", "+86 138 0013 8000", "+8613800138000"],
  ])("%s: %s is stored as %s", (country, typed, e164) => {
    expect(stored({ country, phone: typed }).phone).toBe(e164);
  });

  it.each([
    ["ID", "12345"],
    ["CN", "+86 123"],
    ["TH", "call me"],
    ["SG", "0812 3456 7890"],
    ["VN", "+84 912 345 678 ext. 9"],
    ["CN", "=1+1"],
  ])("%s: refuses %s, naming the phone", (country, typed) => {
    expect(refused({ country, phone: typed })).toEqual(["phone: errors.company.phone"]);
  });

  it("reads WhatsApp and Zalo as phone numbers of the firm's country", () => {
    const r = stored({ country: "VN", whatsapp: "0912 345 678", zalo: "091 234 5678" });
    expect([r.whatsapp, r.zalo]).toEqual(["+84912345678", "+84912345678"]);
    expect(stored({ country: "MY", whatsapp: "+60 12-345 6789" }).whatsapp).toBe("+60123456789");
    expect(refused({ country: "VN", whatsapp: "zalo-me", zalo: "123" })).toEqual(["whatsapp: errors.company.whatsapp", "zalo: errors.company.zalo"]);
  });

  it("checks each handle by its service's rules and stores one form of it", () => {
    expect(stored({ wechat: "lanyun_cloud-01" }).wechat).toBe("lanyun_cloud-01");
    expect(stored({ line: "@Siam.Shop" }).line).toBe("@siam.shop");
    expect(stored({ line: "somchai_88" }).line).toBe("somchai_88");
    for (const telegram of ["@lanyun_cloud", "lanyun_cloud", "https://t.me/lanyun_cloud", "t.me/lanyun_cloud"]) {
      expect(stored({ telegram }).telegram).toBe("lanyun_cloud");
    }
    expect(refused({ wechat: "1lanyun" })).toEqual(["wechat: errors.company.wechat"]);
    expect(refused({ wechat: "wx123" })).toEqual(["wechat: errors.company.wechat"]);
    expect(refused({ wechat: "a".repeat(21) })).toEqual(["wechat: errors.company.tooLong"]);
    expect(refused({ wechat: "wei zhang" })).toEqual(["wechat: errors.company.wechat"]);
    expect(refused({ line: "abc" })).toEqual(["line: errors.company.line"]);
    expect(refused({ line: "siam shop" })).toEqual(["line: errors.company.line"]);
    expect(refused({ telegram: "@abcd" })).toEqual(["telegram: errors.company.telegram"]);
    expect(refused({ telegram: "@lanyun-cloud" })).toEqual(["telegram: errors.company.telegram"]);
    expect(refused({ telegram: `@${"a".repeat(33)}` })).toEqual(["telegram: errors.company.telegram"]);
  });

  it("leaves every channel empty when it is blank", () => {
    const r = stored({ phone: " ", wechat: "", whatsapp: null, line: undefined, zalo: "", telegram: "  " });
    expect([r.phone, r.wechat, r.whatsapp, r.line, r.zalo, r.telegram]).toEqual([null, null, null, null, null, null]);
  });

  it("reads a national number against the country on the form and in an import row", () => {
    const form = profileFormSchema.parse({ intent: "save", name: "Siam Logistics", country: "TH", phone: "081 234 5678" });
    expect(form.phone).toBe("+66812345678");
    const row = importRowSchema.parse({ externalId: "th-01", ...valid, country: "TH", phone: "02 123 4567", line: "@siam.logistics" });
    expect([row.phone, row.line]).toEqual(["+6621234567", "@siam.logistics"]);
    // Without a country there is nothing to read a national number against.
    expect(profileFormSchema.safeParse({ intent: "save", name: "X", country: "", phone: "081 234 5678" }).success).toBe(false);
  });

  it("says what is wrong with each channel in English and Chinese, naming it", () => {
    const r = profileSchema.safeParse({ ...valid, phone: "12", wechat: "1", whatsapp: "x", line: "a b", zalo: "0", telegram: "@a" }, { reportInput: true });
    expect(r.success).toBe(false);
    const found = fieldIssues(r.error!);
    expect(found.map((i) => i.field)).toEqual(["phone", "wechat", "whatsapp", "line", "zalo", "telegram"]);
    const en = getT("en");
    const zh = getT("zh");
    const names = {
      phone: ["phone", "电话"],
      wechat: ["WeChat", "微信"],
      whatsapp: ["WhatsApp", "WhatsApp"],
      line: ["LINE", "LINE"],
      zalo: ["Zalo", "Zalo"],
      telegram: ["Telegram", "Telegram"],
    };
    for (const i of found) {
      const [enName, zhName] = names[i.field as keyof typeof names];
      expect(en(i.key as MessageKey, i.params)).toContain(enName);
      expect(zh(i.key as MessageKey, i.params)).toContain(zhName);
      expect(zh(i.key as MessageKey, i.params)).toMatch(/^\p{Script=Han}/u);
    }
  });
});
