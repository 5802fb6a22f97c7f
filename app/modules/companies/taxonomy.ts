// The product's shared vocabulary (docs/spec/taxonomy.md): stable codes, stored in the
// database and in import files, with English and Chinese labels. Client-safe: no server imports.
// A locale file may override any label with a key `taxonomy.<kind>.<code>`, so a new language
// stays one file; without it the label falls back to English.

type Labels = { en: string; zh: string };

export const COUNTRIES = ["CN", "BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN"] as const;
export type CountryCode = (typeof COUNTRIES)[number];

export const COUNTRY_INFO: Record<CountryCode, Labels & { region: "china" | "asean" }> = {
  CN: { en: "China", zh: "中国", region: "china" },
  BN: { en: "Brunei Darussalam", zh: "文莱", region: "asean" },
  KH: { en: "Cambodia", zh: "柬埔寨", region: "asean" },
  ID: { en: "Indonesia", zh: "印度尼西亚", region: "asean" },
  LA: { en: "Lao PDR", zh: "老挝", region: "asean" },
  MY: { en: "Malaysia", zh: "马来西亚", region: "asean" },
  MM: { en: "Myanmar", zh: "缅甸", region: "asean" },
  PH: { en: "Philippines", zh: "菲律宾", region: "asean" },
  SG: { en: "Singapore", zh: "新加坡", region: "asean" },
  TH: { en: "Thailand", zh: "泰国", region: "asean" },
  TL: { en: "Timor-Leste", zh: "东帝汶", region: "asean" },
  VN: { en: "Vietnam", zh: "越南", region: "asean" },
};

export const SECTORS = ["cloud", "ai", "smart_city", "ecommerce"] as const;
export type SectorCode = (typeof SECTORS)[number];

const SECTOR_LABELS: Record<SectorCode, Labels> = {
  cloud: { en: "Cloud computing & digital infrastructure", zh: "云计算与数字基础设施" },
  ai: { en: "Artificial intelligence", zh: "人工智能" },
  smart_city: { en: "Smart city", zh: "智慧城市" },
  ecommerce: { en: "E-commerce & digital trade", zh: "电子商务与数字贸易" },
};

export const CAPABILITY_INFO = {
  "cloud.iaas": { sector: "cloud", en: "Cloud infrastructure (IaaS/PaaS)", zh: "云基础设施（IaaS/PaaS）" },
  "cloud.data_center": { sector: "cloud", en: "Data centres & colocation", zh: "数据中心与托管" },
  "cloud.saas": { sector: "cloud", en: "Enterprise software (SaaS)", zh: "企业软件（SaaS）" },
  "cloud.connectivity": { sector: "cloud", en: "Telecom networks & connectivity", zh: "电信网络与连接" },
  "cloud.managed_services": { sector: "cloud", en: "Cloud migration & managed services", zh: "上云迁移与托管服务" },
  "cloud.cybersecurity": { sector: "cloud", en: "Cybersecurity", zh: "网络安全" },
  "ai.computer_vision": { sector: "ai", en: "Computer vision", zh: "计算机视觉" },
  "ai.language": { sector: "ai", en: "Speech, language & machine translation", zh: "语音、语言与机器翻译" },
  "ai.platform": { sector: "ai", en: "AI platforms, models & MLOps", zh: "人工智能平台、模型与 MLOps" },
  "ai.robotics": { sector: "ai", en: "Robotics & automation", zh: "机器人与自动化" },
  "ai.edge_devices": { sector: "ai", en: "AI chips, edge & smart devices", zh: "人工智能芯片、边缘与智能设备" },
  "ai.talent": { sector: "ai", en: "AI research, education & talent", zh: "人工智能研究、教育与人才" },
  "smart_city.mobility": { sector: "smart_city", en: "Smart mobility & connected vehicles", zh: "智慧出行与车联网" },
  "smart_city.energy": { sector: "smart_city", en: "Smart energy & clean technology", zh: "智慧能源与清洁技术" },
  "smart_city.construction": { sector: "smart_city", en: "Digital construction, BIM & cost management", zh: "数字建造、BIM 与造价管理" },
  "smart_city.public_services": { sector: "smart_city", en: "Public safety & city operations", zh: "公共安全与城市运营" },
  "smart_city.smart_home": { sector: "smart_city", en: "Smart home & consumer IoT", zh: "智能家居与消费物联网" },
  "smart_city.urban_development": { sector: "smart_city", en: "Urban development, real estate & industrial parks", zh: "城市开发、房地产与产业园区" },
  "ecommerce.marketplace": { sector: "ecommerce", en: "Online marketplaces & cross-border e-commerce", zh: "电商平台与跨境电商" },
  "ecommerce.payments": { sector: "ecommerce", en: "Digital payments & fintech", zh: "数字支付与金融科技" },
  "ecommerce.logistics": { sector: "ecommerce", en: "Logistics, warehousing & fulfilment", zh: "物流、仓储与履约" },
  "ecommerce.marketing": { sector: "ecommerce", en: "Digital marketing & live commerce", zh: "数字营销与直播电商" },
  "ecommerce.consumer_products": { sector: "ecommerce", en: "Consumer products & brands", zh: "消费品与品牌" },
  "role.distribution": { sector: null, en: "Distribution, resale & sales channels", zh: "分销、转售与销售渠道" },
  "role.market_access": { sector: null, en: "Local market access, licences & government relations", zh: "本地市场准入、牌照与政府关系" },
  "role.integration": { sector: null, en: "System integration & project delivery", zh: "系统集成与项目交付" },
  "role.manufacturing": { sector: null, en: "Manufacturing & supply", zh: "制造与供应" },
  "role.investment": { sector: null, en: "Investment & capital", zh: "投资与资本" },
  "role.rnd": { sector: null, en: "Joint research & development", zh: "联合研发" },
  "role.infrastructure": { sector: null, en: "Land, facilities & infrastructure construction", zh: "土地、设施与基础设施建设" },
  "role.customers": { sector: null, en: "Enterprise or government customers (buyers)", zh: "企业或政府客户（买方）" },
} as const satisfies Record<string, Labels & { sector: SectorCode | null }>;

export type CapabilityCode = keyof typeof CAPABILITY_INFO;
export const CAPABILITIES = Object.keys(CAPABILITY_INFO) as [CapabilityCode, ...CapabilityCode[]];

export const PARTNERSHIP_TYPES = ["distribution", "joint_venture", "licensing", "investment", "supply", "rnd", "project"] as const;
export type PartnershipTypeCode = (typeof PARTNERSHIP_TYPES)[number];

const PARTNERSHIP_TYPE_LABELS: Record<PartnershipTypeCode, Labels> = {
  distribution: { en: "Distribution or reseller agreement", zh: "分销或代理协议" },
  joint_venture: { en: "Joint venture", zh: "合资企业" },
  licensing: { en: "Technology licensing", zh: "技术许可" },
  investment: { en: "Investment (giving or receiving)", zh: "投资（投资或融资）" },
  supply: { en: "Supply or procurement contract", zh: "供应或采购合同" },
  rnd: { en: "R&D cooperation", zh: "研发合作" },
  project: { en: "Project contracting (e.g. EPC, system integration)", zh: "项目承包（如 EPC、系统集成）" },
};

export const SIZES = ["1-9", "10-49", "50-249", "250-999", "1000+"] as const;
export type SizeCode = (typeof SIZES)[number];

const SIZE_LABELS: Record<SizeCode, Labels> = {
  "1-9": { en: "1–9 employees", zh: "1–9 人" },
  "10-49": { en: "10–49 employees", zh: "10–49 人" },
  "50-249": { en: "50–249 employees", zh: "50–249 人" },
  "250-999": { en: "250–999 employees", zh: "250–999 人" },
  "1000+": { en: "1,000 or more employees", zh: "1000 人及以上" },
};

export const LANGUAGES = ["en", "zh", "ms", "id", "th", "vi", "tl", "km", "lo", "my", "pt", "tet"] as const;
export type LanguageCode = (typeof LANGUAGES)[number];

const LANGUAGE_LABELS: Record<LanguageCode, Labels> = {
  en: { en: "English", zh: "英语" },
  zh: { en: "Chinese", zh: "中文" },
  ms: { en: "Malay", zh: "马来语" },
  id: { en: "Indonesian", zh: "印尼语" },
  th: { en: "Thai", zh: "泰语" },
  vi: { en: "Vietnamese", zh: "越南语" },
  tl: { en: "Filipino", zh: "菲律宾语" },
  km: { en: "Khmer", zh: "高棉语" },
  lo: { en: "Lao", zh: "老挝语" },
  my: { en: "Burmese", zh: "缅甸语" },
  pt: { en: "Portuguese", zh: "葡萄牙语" },
  tet: { en: "Tetum", zh: "德顿语" },
};

export type TaxonomyKind = "country" | "sector" | "capability" | "partnershipType" | "size" | "language";

const TABLES: Record<TaxonomyKind, Record<string, Labels>> = {
  country: COUNTRY_INFO,
  sector: SECTOR_LABELS,
  capability: CAPABILITY_INFO,
  partnershipType: PARTNERSHIP_TYPE_LABELS,
  size: SIZE_LABELS,
  language: LANGUAGE_LABELS,
};

// Whether a locale file overrides any label, asked once per dictionary: a list page asks for
// a hundred labels, and the files shipped override none.
const overridesLabels = new WeakMap<Record<string, string>, boolean>();
function hasOverrides(messages: Record<string, string>) {
  let has = overridesLabels.get(messages);
  if (has === undefined) {
    has = Object.keys(messages).some((key) => key.startsWith("taxonomy."));
    overridesLabels.set(messages, has);
  }
  return has;
}

/** The label of a code in a locale: a locale file's override, else the built-in label, else English. */
export function taxonomyLabel(kind: TaxonomyKind, code: string, locale: string, messages?: Record<string, string>): string {
  const override = messages && hasOverrides(messages) ? messages[`taxonomy.${kind}.${code}`] : undefined;
  if (override) return override;
  const labels = TABLES[kind][code];
  if (!labels) return code;
  return (labels as Record<string, string>)[locale] ?? labels.en;
}

/** Capabilities grouped for pickers: one group per sector, then the business roles. */
export function capabilityGroups(): { sector: SectorCode | null; codes: CapabilityCode[] }[] {
  const groups: { sector: SectorCode | null; codes: CapabilityCode[] }[] = SECTORS.map((sector) => ({
    sector,
    codes: CAPABILITIES.filter((c) => CAPABILITY_INFO[c].sector === sector),
  }));
  groups.push({ sector: null, codes: CAPABILITIES.filter((c) => CAPABILITY_INFO[c].sector === null) });
  return groups;
}
