// Deterministic synthetic firms for the matching benchmark and tests: half Chinese, half ASEAN,
// shaped like the council's members (technology firms that need channels and access; local firms
// that offer channels, access and customers and need technology), with short descriptions in
// the firm's own language. Pure.
import {
  CAPABILITIES,
  CAPABILITY_INFO,
  COUNTRIES,
  LANGUAGES,
  PARTNERSHIP_TYPES,
  SECTORS,
  SIZES,
  type CapabilityCode,
  type CountryCode,
  type LanguageCode,
  type SectorCode,
} from "~/modules/companies/taxonomy";
import { CAPABILITY_WORDS } from "./lexicon";
import type { Profile } from "~/modules/companies/schemas";
import type { MatchProfile } from "./features";
import { seededRandom as random } from "~/utils/random";

export { random };

const ASEAN = COUNTRIES.filter((c) => c !== "CN");
const ASEAN_WEIGHTED: CountryCode[] = ["ID", "ID", "VN", "VN", "TH", "TH", "MY", "MY", "SG", "SG", "PH", "PH", ...ASEAN];
const ROLE_OFFERS: CapabilityCode[] = ["role.distribution", "role.market_access", "role.integration", "role.customers", "role.infrastructure"];
const ROLE_NEEDS: CapabilityCode[] = ["role.distribution", "role.market_access", "role.investment", "role.rnd", "role.manufacturing", "role.integration"];
const capsOf = (sector: SectorCode) => CAPABILITIES.filter((c) => CAPABILITY_INFO[c].sector === sector);
const LOCAL_LANGUAGE: Record<CountryCode, LanguageCode> = {
  CN: "zh",
  BN: "ms",
  KH: "km",
  ID: "id",
  LA: "lo",
  MY: "ms",
  MM: "my",
  PH: "tl",
  SG: "en",
  TH: "th",
  TL: "pt",
  VN: "vi",
};

// A word of the capability in the description's language, when the lexicon has one.
const SCRIPT: Record<string, RegExp> = {
  zh: /\p{Script=Han}/u,
  th: /\p{Script=Thai}/u,
  vi: /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/u,
};
function wordFor(cap: CapabilityCode, lang: string, r: ReturnType<typeof random>): string {
  const words = CAPABILITY_WORDS[cap];
  const script = SCRIPT[lang];
  const local = script ? words.filter((w) => script.test(w)) : words.filter((w) => /^[a-z0-9 &-]+$/.test(w));
  return r.pick(local.length ? local : [CAPABILITY_INFO[cap].en.toLowerCase()]);
}

function describe(lang: string, offers: CapabilityCode[], needs: CapabilityCode[], r: ReturnType<typeof random>): string {
  const o = offers.map((c) => wordFor(c, lang, r));
  const n = needs.map((c) => wordFor(c, lang, r));
  switch (lang) {
    case "zh":
      return `公司专注于${o.join("、")}，服务东盟客户多年。我们正在寻找${n.join("、")}方面的合作伙伴。`;
    case "th":
      return `บริษัทให้บริการ${o.join(" ")}แก่ลูกค้าทั่วประเทศ เรากำลังมองหาพันธมิตรด้าน${n.join(" ")}`;
    case "vi":
      return `Chúng tôi cung cấp ${o.join(", ")} cho khách hàng trong nước. Chúng tôi đang tìm kiếm đối tác về ${n.join(", ")}.`;
    default:
      return `We provide ${o.join(", ")} to customers across the region. We are looking for partners in ${n.join(", ")}.`;
  }
}

/** Firm number i of a synthetic population: the same firm for the same seed and number. */
export function syntheticProfile(i: number, seed = 1): MatchProfile {
  const r = random(Math.imul(seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b));
  const country: CountryCode = i % 2 === 0 ? "CN" : r.pick(ASEAN_WEIGHTED);
  const primary = r.pick(SECTORS);
  const sectors = [
    primary,
    ...r.some(
      SECTORS.filter((s) => s !== primary),
      0,
      1,
    ),
  ];
  const techFirm = country === "CN" ? r.next() < 0.8 : country === "SG" || country === "MY" ? r.next() < 0.45 : r.next() < 0.2;
  const sectorCaps = sectors.flatMap(capsOf);
  const offers: CapabilityCode[] = techFirm
    ? [...r.some(capsOf(primary), 1, 3), ...(r.next() < 0.3 ? [r.pick(ROLE_OFFERS)] : [])]
    : [...r.some(ROLE_OFFERS, 1, 3), ...(r.next() < 0.3 ? [r.pick(capsOf(primary))] : [])];
  let needs = (techFirm ? [...r.some(ROLE_NEEDS, 1, 2), ...(r.next() < 0.25 ? [r.pick(sectorCaps)] : [])] : r.some(sectorCaps, 1, 3)).filter(
    (c) => !offers.includes(c),
  );
  if (needs.length === 0) needs = [r.pick(ROLE_NEEDS.filter((c) => !offers.includes(c)))];
  const targetMarkets: CountryCode[] =
    country === "CN"
      ? r.next() < 0.15
        ? []
        : r.some(ASEAN, 1, 3)
      : r.next() < 0.6
        ? ["CN"]
        : r.next() < 0.5
          ? []
          : ["CN", r.pick(ASEAN.filter((c) => c !== country))];
  const local = LOCAL_LANGUAGE[country];
  const languages = [...new Set<LanguageCode>(r.next() < 0.85 ? [local, "en"] : [local])].filter((l) => (LANGUAGES as readonly string[]).includes(l));
  const descLang = country === "CN" ? (r.next() < 0.5 ? "zh" : "en") : local === "th" || local === "vi" ? (r.next() < 0.6 ? local : "en") : "en";
  return {
    id: i + 1,
    country,
    sectors,
    offers,
    needs,
    partnershipTypes: r.some(PARTNERSHIP_TYPES, 1, 3),
    targetMarkets,
    languages,
    size: r.next() < 0.1 ? null : r.pick(SIZES),
    description: r.next() < 0.1 ? null : describe(descLang, offers, needs, r),
  };
}

/** A synthetic firm as a full company profile (named "Bench Firm <i + 1>", no contacts), for benchmarks. */
export function asCompanyProfile(p: MatchProfile, i: number): Profile {
  return {
    name: `Bench Firm ${i + 1}`,
    localName: null,
    country: p.country,
    city: null,
    website: null,
    foundedYear: null,
    size: p.size,
    languages: [...p.languages],
    sectors: [...p.sectors],
    offers: [...p.offers],
    needs: [...p.needs],
    partnershipTypes: [...p.partnershipTypes],
    targetMarkets: [...p.targetMarkets],
    description: p.description,
    contactName: null,
    contactEmail: null,
    phone: null,
    wechat: null,
    whatsapp: null,
    line: null,
    zalo: null,
    telegram: null,
  };
}
