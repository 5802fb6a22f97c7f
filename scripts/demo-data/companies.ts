// A deterministic generator of realistic companies, in the import format of
// docs/spec/import-and-cli.md: the demo seed and the import benchmark both use it.
// Names are made up from common words of each country (and its script); any likeness to a real
// firm is chance. Contacts use example.* domains.
import { seededRandom } from "../../app/utils/random";
import {
  CAPABILITY_INFO,
  COUNTRIES,
  PARTNERSHIP_TYPES,
  SECTORS,
  SIZES,
  type CapabilityCode,
  type CountryCode,
  type SectorCode,
} from "../../app/modules/companies/taxonomy";

export type GeneratedCompany = {
  externalId: string;
  name: string;
  localName?: string;
  country: CountryCode;
  city?: string;
  website?: string;
  foundedYear?: number;
  size?: string;
  languages?: string[];
  sectors: string[];
  offers: string[];
  needs: string[];
  partnershipTypes?: string[];
  targetMarkets?: string[];
  description?: string;
  contactName?: string;
  contactEmail?: string;
  phone?: string;
  wechat?: string;
  whatsapp?: string;
  line?: string;
  zalo?: string;
  telegram?: string;
};

/**
 * Mobile numbers as each country writes them internationally: the prefix, then that many random
 * digits (ranges libphonenumber-js's metadata holds valid).
 */
const MOBILE: Record<CountryCode, [prefix: string, digits: number]> = {
  CN: ["+86 139", 8],
  BN: ["+673 8", 6],
  KH: ["+855 12", 6],
  ID: ["+62 812", 8],
  LA: ["+856 20 5", 7],
  MY: ["+60 12", 7],
  MM: ["+95 9 25", 7],
  PH: ["+63 917", 7],
  SG: ["+65 91", 6],
  TH: ["+66 81", 7],
  TL: ["+670 77", 6],
  VN: ["+84 91", 7],
};

/**
 * A phone and the messaging app partners in the firm's country use: WeChat in China, LINE in
 * Thailand, Zalo in Vietnam, WhatsApp elsewhere in ASEAN; Telegram now and then anywhere. Drawn
 * from a random stream of their own, so the rest of each firm stays as it was before issue 16.
 */
function channelsOf(country: CountryCode, slug: string, i: number, r: ReturnType<typeof seededRandom>): Partial<GeneratedCompany> {
  if (r.next() < 0.15) return {};
  const [prefix, n] = MOBILE[country];
  const phone = `${prefix} ${Array.from({ length: n }, () => r.int(10)).join("")}`;
  const handle = slug.replace(/-/g, "_").slice(0, 12) || "firm";
  const out: Partial<GeneratedCompany> = { phone };
  if (country === "CN") out.wechat = `${/^[a-z]/.test(handle) ? "" : "wx"}${handle}_${i}`.slice(0, 20).padEnd(6, "0");
  else if (country === "TH") out.line = `${handle.replace(/_/g, ".")}.${i}`.slice(0, 20).padEnd(4, "0");
  else if (country === "VN") out.zalo = phone;
  else if (r.next() < 0.8) out.whatsapp = phone;
  if (r.next() < 0.2) out.telegram = `${handle}_${i}`.slice(0, 32).padEnd(5, "0");
  return out;
}

type Stem = [latin: string, local?: string];
type CountryStyle = {
  tld: string;
  languages: string[];
  cities: [latin: string, local?: string][];
  stems: Stem[];
  people: string[];
  /** The legal form after the English name, written without a final period (many firms write it so), so that a sentence ending on the name does not end in "..". */
  form: string;
  /** The local-script name from the stem's local form and the sector. */
  local?: (stem: string, sector: SectorCode, city: string | undefined) => string;
  sectorLocal?: Record<SectorCode, string>;
};

const EN_SECTOR_WORDS: Record<SectorCode, string[]> = {
  cloud: ["Cloud", "Data", "Digital Infrastructure", "Networks", "Cloud Technology"],
  ai: ["AI", "Intelligence", "Vision", "Robotics", "Intelligent Technology"],
  smart_city: ["Smart City", "Urban Technology", "Energy", "Mobility", "Smart Infrastructure"],
  ecommerce: ["Commerce", "Trade", "Logistics", "Digital Trade", "E-commerce"],
};

const STYLES: Record<CountryCode, CountryStyle> = {
  CN: {
    tld: "cn",
    languages: ["zh", "en"],
    cities: [
      ["Nanning", "南宁"],
      ["Shenzhen", "深圳"],
      ["Hangzhou", "杭州"],
      ["Guangzhou", "广州"],
      ["Beijing", "北京"],
      ["Shanghai", "上海"],
      ["Kunming", "昆明"],
      ["Chengdu", "成都"],
      ["Xiamen", "厦门"],
      ["Wuhan", "武汉"],
    ],
    stems: [
      ["Lanyun", "蓝云"],
      ["Huaxin", "华信"],
      ["Zhiyuan", "智远"],
      ["Tianhe", "天河"],
      ["Xinghai", "星海"],
      ["Jinqiao", "金桥"],
      ["Haiyun", "海云"],
      ["Longteng", "龙腾"],
      ["Ruizhi", "睿智"],
      ["Guiyun", "桂云"],
      ["Yida", "亿达"],
      ["Boyuan", "博远"],
      ["Hengtong", "恒通"],
      ["Wanxiang", "万象"],
      ["Jiahe", "嘉禾"],
      ["Baiwei", "百维"],
      ["Shengshi", "盛世"],
      ["Qingfeng", "清风"],
    ],
    people: ["Wei Zhang", "Li Na", "Wang Fang", "Chen Jie", "Liu Yang", "Huang Min", "Zhou Tao", "Wu Hao", "Xu Lei", "Sun Li"],
    form: "Co., Ltd",
    sectorLocal: { cloud: "云科技", ai: "智能科技", smart_city: "智慧城市科技", ecommerce: "电子商务" },
    local: (stem, sector, city) => `${city ?? ""}${stem}${STYLES.CN.sectorLocal![sector]}有限公司`,
  },
  TH: {
    tld: "th",
    languages: ["th", "en"],
    cities: [
      ["Bangkok", "กรุงเทพมหานคร"],
      ["Chiang Mai", "เชียงใหม่"],
      ["Khon Kaen", "ขอนแก่น"],
      ["Chonburi", "ชลบุรี"],
      ["Phuket", "ภูเก็ต"],
      ["Rayong", "ระยอง"],
    ],
    stems: [
      ["Siam", "สยาม"],
      ["Chao Phraya", "เจ้าพระยา"],
      ["Rattana", "รัตนะ"],
      ["Sukhothai", "สุโขทัย"],
      ["Lanna", "ล้านนา"],
      ["Thana", "ธนา"],
      ["Ayutthaya", "อยุธยา"],
      ["Chaiya", "ชัยยะ"],
      ["Mae Khong", "แม่โขง"],
      ["Srisuk", "ศรีสุข"],
    ],
    people: ["Somchai Prasert", "Siriporn Wong", "Niran Chaiyaporn", "Kanya Suksawat", "Anan Rattanakul", "Pimchanok Srisuk"],
    form: "Co., Ltd",
    sectorLocal: { cloud: "คลาวด์", ai: "เอไอ", smart_city: "สมาร์ทซิตี้", ecommerce: "อีคอมเมิร์ซ" },
    local: (stem, sector) => `บริษัท ${stem} ${STYLES.TH.sectorLocal![sector]} จำกัด`,
  },
  VN: {
    tld: "vn",
    languages: ["vi", "en"],
    cities: [["Hà Nội"], ["Thành phố Hồ Chí Minh"], ["Đà Nẵng"], ["Hải Phòng"], ["Cần Thơ"], ["Bắc Ninh"]],
    stems: [
      ["Sao Việt"],
      ["Hồng Hà"],
      ["Phương Đông"],
      ["Trường Sơn"],
      ["Bình Minh"],
      ["Đại Dương"],
      ["Thăng Long"],
      ["Mê Kông"],
      ["An Phát"],
      ["Hòa Bình"],
      ["Việt Tiến"],
      ["Hưng Thịnh"],
    ],
    people: ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Châu", "Phạm Quốc Dũng", "Hoàng Thu Hà", "Đặng Hữu Phước"],
    form: "JSC",
    sectorLocal: { cloud: "Công nghệ Số", ai: "Trí tuệ Nhân tạo", smart_city: "Đô thị Thông minh", ecommerce: "Thương mại Điện tử" },
    // Vietnamese is written in Latin letters: the firm's own name is the name.
  },
  KH: {
    tld: "kh",
    languages: ["km", "en"],
    cities: [
      ["Phnom Penh", "ភ្នំពេញ"],
      ["Siem Reap", "សៀមរាប"],
      ["Sihanoukville", "ក្រុងព្រះសីហនុ"],
      ["Battambang", "បាត់ដំបង"],
    ],
    stems: [
      ["Angkor", "អង្គរ"],
      ["Mekong", "មេគង្គ"],
      ["Sovann", "សុវណ្ណ"],
      ["Reaksmey", "រស្មី"],
      ["Bayon", "បាយ័ន"],
      ["Tonle", "ទន្លេ"],
    ],
    people: ["Sok Dara", "Chan Sophea", "Keo Vannak", "Lim Srey Mom"],
    form: "Co., Ltd",
    sectorLocal: { cloud: "ឌីជីថល", ai: "បញ្ញាសិប្បនិម្មិត", smart_city: "ទីក្រុងឆ្លាតវៃ", ecommerce: "ពាណិជ្ជកម្មអេឡិចត្រូនិក" },
    local: (stem, sector) => `ក្រុមហ៊ុន ${stem} ${STYLES.KH.sectorLocal![sector]}`,
  },
  LA: {
    tld: "la",
    languages: ["lo", "en"],
    cities: [
      ["Vientiane", "ວຽງຈັນ"],
      ["Luang Prabang", "ຫຼວງພະບາງ"],
      ["Pakse", "ປາກເຊ"],
      ["Savannakhet", "ສະຫວັນນະເຂດ"],
    ],
    stems: [
      ["Lane Xang", "ລ້ານຊ້າງ"],
      ["Champa", "ຈຳປາ"],
      ["Mekong", "ແມ່ຂອງ"],
      ["Dok Champa", "ດອກຈຳປາ"],
      ["Sengdao", "ແສງດາວ"],
    ],
    people: ["Souksavanh Phommachanh", "Vilayphone Keomany", "Khamphone Sisouk", "Noy Inthavong"],
    form: "Co., Ltd",
    sectorLocal: { cloud: "ເທັກໂນໂລຢີ", ai: "ປັນຍາປະດິດ", smart_city: "ເມືອງອັດສະລິຍະ", ecommerce: "ການຄ້າອອນລາຍ" },
    local: (stem, sector) => `ບໍລິສັດ ${stem} ${STYLES.LA.sectorLocal![sector]} ຈຳກັດ`,
  },
  MM: {
    tld: "mm",
    languages: ["my", "en"],
    cities: [
      ["Yangon", "ရန်ကုန်"],
      ["Mandalay", "မန္တလေး"],
      ["Naypyitaw", "နေပြည်တော်"],
    ],
    stems: [
      ["Shwe", "ရွှေ"],
      ["Ayeyar", "ဧရာ"],
      ["Yadanar", "ရတနာ"],
      ["Bagan", "ပုဂံ"],
      ["Myint Mo", "မြင့်မိုရ်"],
    ],
    people: ["Aung Kyaw", "Thandar Win", "Min Htet", "Su Myat Noe"],
    form: "Co., Ltd",
    sectorLocal: { cloud: "နည်းပညာ", ai: "ဉာဏ်ရည်တု", smart_city: "မြို့ပြနည်းပညာ", ecommerce: "အွန်လိုင်းကုန်သွယ်ရေး" },
    local: (stem, sector) => `${stem}${STYLES.MM.sectorLocal![sector]} ကုမ္ပဏီလီမိတက်`,
  },
  ID: {
    tld: "id",
    languages: ["id", "en"],
    cities: [["Jakarta"], ["Surabaya"], ["Bandung"], ["Medan"], ["Batam"], ["Yogyakarta"]],
    stems: [["Nusantara"], ["Garuda"], ["Merapi"], ["Samudra"], ["Cahaya"], ["Mitra"], ["Bintang"], ["Karya"], ["Sinar"], ["Mandiri"]],
    people: ["Siti Rahma", "Budi Santoso", "Dewi Lestari", "Agus Wijaya", "Rina Kusuma"],
    form: "",
  },
  MY: {
    tld: "my",
    languages: ["ms", "en", "zh"],
    cities: [["Kuala Lumpur"], ["Penang"], ["Johor Bahru"], ["Cyberjaya"], ["Kuching"]],
    stems: [["Cahaya"], ["Permata"], ["Teratai"], ["Harimau"], ["Gemilang"], ["Bunga Raya"], ["Kenyalang"], ["Lian Hup", "联合"], ["Hock Seng", "福成"]],
    people: ["Ahmad Faizal", "Nurul Aina", "Tan Wei Ming", "Priya Raman"],
    form: "Sdn Bhd",
    local: (stem) => `${stem}有限公司`,
  },
  SG: {
    tld: "sg",
    languages: ["en", "zh", "ms"],
    cities: [["Singapore", "新加坡"]],
    stems: [["Lion City", "狮城"], ["Straits", "海峡"], ["Marina", "滨海"], ["Orchard"], ["Merlion", "鱼尾狮"], ["Harbourfront"], ["Jade", "翡翠"]],
    people: ["Lim Hui Min", "Rajesh Kumar", "Siti Nur Aisyah", "Daniel Tan"],
    form: "Pte Ltd",
    local: (stem) => `${stem}私人有限公司`,
  },
  PH: {
    tld: "ph",
    languages: ["tl", "en"],
    cities: [["Manila"], ["Makati"], ["Cebu City"], ["Davao City"], ["Quezon City"], ["Taguig"]],
    stems: [["Bayanihan"], ["Maharlika"], ["Luzon"], ["Visayas"], ["Mindanao"], ["Tala"], ["Bituin"], ["Dagat"]],
    people: ["Maria Santos", "Jose Reyes", "Ana Dela Cruz", "Mark Villanueva"],
    form: "Inc",
  },
  BN: {
    tld: "bn",
    languages: ["ms", "en"],
    cities: [["Bandar Seri Begawan"], ["Kuala Belait"], ["Tutong"]],
    stems: [["Seri"], ["Mentari"], ["Dayang"], ["Kiulap"], ["Permai"]],
    people: ["Awang Hazwan", "Dayang Nurul", "Pengiran Amir"],
    form: "Sdn Bhd",
  },
  TL: {
    tld: "tl",
    languages: ["pt", "tet", "en"],
    cities: [["Dili"], ["Baucau"], ["Maliana"]],
    stems: [["Tasi"], ["Ramelau"], ["Atauro"], ["Matebian"], ["Lorosae"]],
    people: ["João da Costa", "Maria Soares", "Ágio Pereira"],
    form: "Lda",
  },
};

// Technology firms (mostly Chinese, some in Singapore and Malaysia) offer capabilities and need
// channels; most ASEAN firms offer channels, access and customers and need technology.
const ROLE_OFFERS: CapabilityCode[] = ["role.distribution", "role.market_access", "role.integration", "role.customers", "role.infrastructure"];
const ROLE_NEEDS: CapabilityCode[] = ["role.distribution", "role.market_access", "role.investment", "role.rnd", "role.manufacturing", "role.integration"];
const capsOf = (sector: SectorCode) => (Object.keys(CAPABILITY_INFO) as CapabilityCode[]).filter((c) => CAPABILITY_INFO[c].sector === sector);

const SIZE_WORDS: Record<string, string> = { "1-9": "small", "10-49": "growing", "50-249": "mid-sized", "250-999": "large", "1000+": "major" };
const EN_SECTOR: Record<SectorCode, string> = {
  cloud: "cloud and digital infrastructure",
  ai: "artificial intelligence",
  smart_city: "smart city",
  ecommerce: "e-commerce and digital trade",
};
const ZH_SECTOR: Record<SectorCode, string> = { cloud: "云计算与数字基础设施", ai: "人工智能", smart_city: "智慧城市", ecommerce: "电子商务与数字贸易" };

const ascii = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

/** A Vietnamese stem as an English trading name writes it: "Trường Sơn" → "Truong Son". */
const titleAscii = (s: string) =>
  ascii(s)
    .replace(/-/g, " ")
    .replace(/\b\w/g, (c) => c.toUpperCase());

const listEn = (codes: CapabilityCode[]) => codes.map((c) => CAPABILITY_INFO[c].en).join("; ");
const listZh = (codes: CapabilityCode[]) => codes.map((c) => CAPABILITY_INFO[c].zh).join("、");

// Words a trading name often carries besides its stem and sector word.
const QUALIFIERS = [
  "Global",
  "Asia",
  "Pacific",
  "International",
  "Solutions",
  "Systems",
  "Services",
  "Technologies",
  "Holdings",
  "Group",
  "Partners",
  "Labs",
  "Ventures",
  "Link",
  "Connect",
  "Hub",
  "Networks",
  "Innovation",
  "Enterprise",
  "Alliance",
];

type NameParts = { stem: string; stemLocal?: string; word: string; city: string; cityLocal?: string };

/**
 * The `k`-th way of naming a firm from its parts: 0 is the plain name; then with a qualifier,
 * with its city in front, with a second stem of its country, and their combinations — as real
 * firms that share a stem tell themselves apart. No numbers: the benchmark's hundred thousand
 * firms fit in the combinations (about a million), and the same seed gives the same names.
 */
function nameVariant(country: CountryCode, style: CountryStyle, primary: SectorCode, parts: NameParts, k: number): { name: string; localName?: string } | null {
  const others = style.stems.filter(([s]) => s !== parts.stem);
  const q = k % (QUALIFIERS.length + 1);
  const withCity = Math.floor(k / (QUALIFIERS.length + 1)) % 2 === 1;
  const second = Math.floor(k / (2 * (QUALIFIERS.length + 1)));
  if (second > others.length) return null;
  const [stem2, stem2Local] = second > 0 ? others[second - 1] : [undefined, undefined];
  // Each name starts the qualifiers at its own place, so that not every second firm is "… Global".
  const start = [...parts.stem, ...parts.word].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) % 9973, 0);
  const qualifier = q > 0 ? QUALIFIERS[(q - 1 + start) % QUALIFIERS.length] : undefined;
  if (country === "VN") {
    // A Vietnamese name grows in Vietnamese: a second stem and the city after the stem.
    const local = ["Công ty Cổ phần", style.sectorLocal![primary], parts.stem, stem2, withCity ? parts.city : undefined].filter(Boolean).join(" ");
    if (qualifier) {
      const trading = [titleAscii(parts.stem), stem2 && titleAscii(stem2), parts.word, qualifier, style.form].filter(Boolean).join(" ");
      return { name: trading, localName: local };
    }
    return { name: local };
  }
  const name = [country === "ID" ? "PT" : "", withCity ? parts.city : "", parts.stem, stem2 ?? "", parts.word, qualifier ?? "", style.form]
    .filter(Boolean)
    .join(" ");
  const stemLocal = parts.stemLocal && (stem2 === undefined || stem2Local) ? `${parts.stemLocal}${stem2Local ?? ""}` : undefined;
  const localName = stemLocal && style.local ? style.local(stemLocal, primary, country === "CN" ? parts.cityLocal : undefined) : undefined;
  return { name, ...(localName ? { localName } : {}) };
}

/** `count` companies, the same ones for the same seed, each with its own name. */
export function generateCompanies({ count, seed = 2026, prefix = "demo" }: { count: number; seed?: number; prefix?: string }): GeneratedCompany[] {
  return [...iterateCompanies({ count, seed, prefix })];
}

export function* iterateCompanies({ count, seed = 2026, prefix = "demo" }: { count: number; seed?: number; prefix?: string }): Generator<GeneratedCompany> {
  const r = seededRandom(seed);
  const reach = seededRandom(seed * 31 + 16);
  const used = new Set<string>();
  const nextVariant = new Map<string, number>();
  const year = new Date().getUTCFullYear();
  for (let i = 0; i < count; i++) {
    // Every country and every sector early on; China and the larger ASEAN economies more often.
    const country: CountryCode =
      i < COUNTRIES.length ? COUNTRIES[i] : r.pick(["CN", "CN", "CN", "ID", "VN", "TH", "MY", "SG", "PH", ...COUNTRIES] as CountryCode[]);
    const style = STYLES[country];
    const primary: SectorCode = i < 48 ? SECTORS[i % 4] : r.pick(SECTORS);
    const sectors = [
      primary,
      ...r.some(
        SECTORS.filter((s) => s !== primary),
        0,
        1,
      ),
    ];
    const [stem, stemLocal] = r.pick(style.stems);
    const [city, cityLocal] = r.pick(style.cities);
    const word = r.pick(EN_SECTOR_WORDS[primary]);

    let name: string;
    let localName: string | undefined;
    if (country === "VN") {
      const local = `Công ty Cổ phần ${style.sectorLocal![primary]} ${stem}`;
      // Half use the Vietnamese name itself, half an English trading name with it as local name.
      if (r.next() < 0.5) name = local;
      else {
        name = `${titleAscii(stem)} ${word} ${style.form}`;
        localName = local;
      }
    } else {
      name = [country === "ID" ? "PT" : "", stem, word, style.form].filter(Boolean).join(" ");
      if (stemLocal && style.local) localName = style.local(stemLocal, primary, country === "CN" ? cityLocal : undefined);
    }
    if (used.has(name)) {
      // Taken: the next way of naming it from its parts that no firm has yet (without drawing
      // from the random stream, so every other field stays as it was).
      const base = name;
      for (let k = nextVariant.get(base) ?? 1; ; k++) {
        const variant = nameVariant(country, style, primary, { stem, stemLocal, word, city, cityLocal }, k);
        if (!variant) throw new Error(`demo names: the parts of "${base}" are used up`);
        if (used.has(variant.name)) continue;
        nextVariant.set(base, k + 1);
        name = variant.name;
        localName = variant.localName ?? (country === "VN" ? undefined : localName);
        break;
      }
    }
    used.add(name);

    const techFirm = country === "CN" ? r.next() < 0.85 : country === "SG" || country === "MY" ? r.next() < 0.5 : r.next() < 0.25;
    const sectorCaps = sectors.flatMap(capsOf);
    const offers: CapabilityCode[] = techFirm
      ? [...r.some(capsOf(primary), 1, 3), ...(r.next() < 0.3 ? [r.pick(ROLE_OFFERS)] : [])]
      : [...r.some(ROLE_OFFERS, 1, 3), ...(r.next() < 0.3 ? [r.pick(capsOf(primary))] : [])];
    const needs: CapabilityCode[] = (
      techFirm ? [...r.some(ROLE_NEEDS, 1, 2), ...(r.next() < 0.2 ? [r.pick(sectorCaps)] : [])] : r.some(sectorCaps, 1, 3)
    ).filter((c) => !offers.includes(c));
    if (needs.length === 0) needs.push(r.pick(ROLE_NEEDS.filter((c) => !offers.includes(c))));
    const asean = COUNTRIES.filter((c) => c !== "CN" && c !== country);
    const targetMarkets = country === "CN" ? r.some(asean, 1, 3) : r.next() < 0.5 ? [country, "CN"] : [country];
    const partnershipTypes = r.some(PARTNERSHIP_TYPES, 1, 3);
    const size = r.pick(SIZES);
    const slug = ascii(`${stem}-${word}`) || "firm";
    const person = r.pick(style.people);
    const domain = `${slug}${i >= 300 ? `-${i}` : ""}.example.${style.tld}`;

    const chinese = country === "CN" && r.next() < 0.4;
    const description = chinese
      ? `${localName ?? name}是一家位于${cityLocal ?? city}的${ZH_SECTOR[primary]}企业，提供${listZh(offers)}，正在寻找${listZh(needs)}方面的合作伙伴。`
      : `${name} is a ${SIZE_WORDS[size]} ${EN_SECTOR[primary]} firm based in ${city}. What it offers: ${listEn(offers)}. Partners it is looking for: ${listEn(needs)}.`;

    yield {
      externalId: `${prefix}-${String(i + 1).padStart(4, "0")}`,
      name,
      ...(localName ? { localName } : {}),
      country,
      city,
      ...(r.next() < 0.6 ? { website: `https://www.${domain}` } : {}),
      ...(r.next() < 0.8 ? { foundedYear: 1985 + r.int(year - 1985 + 1) } : {}),
      size,
      languages: style.languages.slice(0, 1 + r.int(style.languages.length)),
      sectors,
      offers,
      needs,
      partnershipTypes,
      targetMarkets,
      description,
      contactName: person,
      contactEmail: `${ascii(person).split("-")[0]}@${domain}`,
      ...channelsOf(country, ascii(person), i + 1, reach),
    };
  }
}
