import { describe, expect, it } from "vitest";
import {
  CAPABILITIES,
  CAPABILITY_INFO,
  capabilityGroups,
  COUNTRIES,
  COUNTRY_INFO,
  LANGUAGES,
  PARTNERSHIP_TYPES,
  SECTORS,
  SIZES,
  taxonomyLabel,
  type TaxonomyKind,
} from "./taxonomy";

describe("taxonomy", () => {
  it("has the codes of the spec: China and the eleven ASEAN states, four sectors, 31 capabilities", () => {
    expect(COUNTRIES).toEqual(["CN", "BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN"]);
    expect(COUNTRIES.filter((c) => COUNTRY_INFO[c].region === "asean")).toHaveLength(11);
    expect(SECTORS).toEqual(["cloud", "ai", "smart_city", "ecommerce"]);
    expect(CAPABILITIES).toHaveLength(31);
    expect(CAPABILITIES.filter((c) => c.startsWith("role."))).toHaveLength(8);
    for (const c of CAPABILITIES) expect(c.startsWith("role.") ? null : c.split(".")[0]).toBe(CAPABILITY_INFO[c].sector);
    expect(PARTNERSHIP_TYPES).toHaveLength(7);
    expect(SIZES).toEqual(["1-9", "10-49", "50-249", "250-999", "1000+"]);
    expect(LANGUAGES).toEqual(["en", "zh", "ms", "id", "th", "vi", "tl", "km", "lo", "my", "pt", "tet"]);
  });

  it("labels every code in English and Chinese", () => {
    const all: [TaxonomyKind, readonly string[]][] = [
      ["country", COUNTRIES],
      ["sector", SECTORS],
      ["capability", CAPABILITIES],
      ["partnershipType", PARTNERSHIP_TYPES],
      ["size", SIZES],
      ["language", LANGUAGES],
    ];
    for (const [kind, codes] of all) {
      for (const code of codes) {
        const en = taxonomyLabel(kind, code, "en");
        const zh = taxonomyLabel(kind, code, "zh");
        expect(en).not.toBe(code);
        expect(zh).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it("falls back to English for another language, and a locale file may override a label", () => {
    expect(taxonomyLabel("country", "VN", "th")).toBe("Vietnam");
    expect(taxonomyLabel("country", "VN", "th", { "taxonomy.country.VN": "เวียดนาม" })).toBe("เวียดนาม");
    expect(taxonomyLabel("capability", "nope", "en")).toBe("nope");
  });

  it("groups capabilities by sector, business roles last, each code once", () => {
    const groups = capabilityGroups();
    expect(groups.map((g) => g.sector)).toEqual(["cloud", "ai", "smart_city", "ecommerce", null]);
    expect(groups.flatMap((g) => g.codes).sort()).toEqual([...CAPABILITIES].sort());
  });
});
