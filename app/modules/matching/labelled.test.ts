// A small hand-labelled set of realistic China–ASEAN partner pairs, hidden among distractors —
// competitors and look-alikes written to fool a scorer that rewards similarity — and 2,000
// synthetic firms (LABELLED_SYNTHETIC=N for another number). Reports recall@10: of the labelled
// partners, how many appear in the top 10 of their counterpart's list (each pair counted from
// both sides).
import { describe, expect, it } from "vitest";
import { MatchEngine } from "./engine";
import { toFeatures, type MatchProfile } from "./features";
import { scorePair } from "./score";
import { syntheticProfile } from "./synthetic";

type Firm = Omit<MatchProfile, "id"> & { key: string };

const firm = (key: string, f: Omit<Firm, "key" | "partnershipTypes" | "targetMarkets" | "languages" | "size"> & Partial<Firm>): Firm => ({
  key,
  partnershipTypes: [],
  targetMarkets: [],
  languages: ["en"],
  size: null,
  ...f,
});

const FIRMS: Firm[] = [
  // 1. Chinese public cloud ↔ Indonesian IT distributor
  firm("cn-cloud", {
    country: "CN",
    sectors: ["cloud"],
    offers: ["cloud.iaas", "cloud.managed_services"],
    needs: ["role.distribution", "role.market_access"],
    partnershipTypes: ["distribution", "joint_venture"],
    targetMarkets: ["ID", "VN"],
    languages: ["zh", "en"],
    size: "1000+",
    description: "广西区域公有云服务商，提供云主机、对象存储与上云迁移服务。正在寻找印尼和越南的经销商与系统集成商。",
  }),
  firm("id-distributor", {
    country: "ID",
    sectors: ["cloud", "ecommerce"],
    offers: ["role.distribution", "role.integration", "role.market_access"],
    needs: ["cloud.iaas", "cloud.cybersecurity"],
    partnershipTypes: ["distribution"],
    targetMarkets: ["ID"],
    languages: ["id", "en"],
    size: "50-249",
    description: "IT distributor serving 400 mid-size enterprises across Java. We are looking for a reliable cloud platform to resell with local support.",
  }),
  // 2. Chinese EV maker ↔ Thai dealer group
  firm("cn-ev", {
    country: "CN",
    sectors: ["smart_city"],
    offers: ["smart_city.mobility", "role.manufacturing"],
    needs: ["role.distribution", "role.market_access"],
    partnershipTypes: ["distribution", "joint_venture"],
    targetMarkets: ["TH", "MY"],
    languages: ["zh", "en"],
    size: "1000+",
    description: "We design and build electric vehicles and connected-car platforms. Seeking dealer networks in Thailand.",
  }),
  firm("th-dealer", {
    country: "TH",
    sectors: ["smart_city"],
    offers: ["role.distribution", "role.market_access", "role.customers"],
    needs: ["smart_city.mobility", "smart_city.energy"],
    partnershipTypes: ["distribution"],
    targetMarkets: ["TH", "CN"],
    languages: ["th", "en"],
    size: "250-999",
    description: "เครือข่ายตัวแทนจำหน่ายรถยนต์ 60 สาขาทั่วประเทศไทย กำลังมองหารถยนต์ไฟฟ้าและสถานีชาร์จ",
  }),
  // 3. Chinese solar and storage ↔ Vietnamese industrial park
  firm("cn-solar", {
    country: "CN",
    sectors: ["smart_city"],
    offers: ["smart_city.energy", "role.manufacturing"],
    needs: ["role.infrastructure", "role.market_access"],
    partnershipTypes: ["supply", "project"],
    targetMarkets: ["VN", "PH"],
    languages: ["zh", "en"],
    size: "1000+",
    description: "光伏组件与储能系统制造商。需要越南工业园区的屋顶与土地资源。",
  }),
  firm("vn-park", {
    country: "VN",
    sectors: ["smart_city"],
    offers: ["smart_city.urban_development", "role.infrastructure"],
    needs: ["smart_city.energy", "role.investment"],
    partnershipTypes: ["project", "investment"],
    targetMarkets: ["VN", "CN"],
    languages: ["vi", "en"],
    size: "250-999",
    description: "Chủ đầu tư khu công nghiệp tại Bắc Ninh với 300 ha đất và nhà xưởng. Chúng tôi tìm kiếm đối tác năng lượng mặt trời và nhà đầu tư.",
  }),
  // 4. Malaysian food brand ↔ Chinese cross-border marketplace
  firm("my-brand", {
    country: "MY",
    sectors: ["ecommerce"],
    offers: ["ecommerce.consumer_products"],
    needs: ["ecommerce.marketplace", "ecommerce.marketing"],
    partnershipTypes: ["distribution", "supply"],
    targetMarkets: ["CN"],
    languages: ["ms", "en", "zh"],
    size: "50-249",
    description:
      "Premium Musang King durian and bird's nest brand with our own factory. We need a cross-border e-commerce partner and livestream sellers to reach Chinese consumers.",
  }),
  firm("cn-marketplace", {
    country: "CN",
    sectors: ["ecommerce"],
    offers: ["ecommerce.marketplace", "ecommerce.marketing", "ecommerce.logistics"],
    needs: ["ecommerce.consumer_products"],
    partnershipTypes: ["distribution", "supply"],
    targetMarkets: ["MY", "TH", "VN"],
    languages: ["zh", "en"],
    size: "1000+",
    description: "跨境电商平台，提供直播带货、海外仓与跨境物流。诚招东南亚优质品牌入驻。",
  }),
  // 5. Chinese computer vision ↔ Singapore smart-city integrator
  firm("cn-vision", {
    country: "CN",
    sectors: ["ai"],
    offers: ["ai.computer_vision", "ai.edge_devices"],
    needs: ["role.integration", "role.customers"],
    partnershipTypes: ["licensing", "project"],
    targetMarkets: ["SG", "MY"],
    languages: ["zh", "en"],
    size: "250-999",
    description: "计算机视觉与视频分析算法，边缘计算盒子。寻求新加坡的系统集成商与政府客户。",
  }),
  firm("sg-integrator", {
    country: "SG",
    sectors: ["smart_city", "ai"],
    offers: ["role.integration", "smart_city.public_services", "role.customers"],
    needs: ["ai.computer_vision"],
    partnershipTypes: ["project", "licensing"],
    targetMarkets: ["SG", "MY"],
    languages: ["en", "zh"],
    size: "50-249",
    description: "System integrator delivering public safety and city operations projects for Singapore agencies. Looking for video analytics technology.",
  }),
  // 6. Chinese payments ↔ Philippine e-wallet bank
  firm("cn-pay", {
    country: "CN",
    sectors: ["ecommerce"],
    offers: ["ecommerce.payments", "cloud.cybersecurity"],
    needs: ["role.market_access", "role.customers"],
    partnershipTypes: ["licensing", "joint_venture"],
    targetMarkets: ["PH", "ID"],
    languages: ["zh", "en"],
    size: "1000+",
    description: "Cross-border payment gateway and fraud detection for merchants. We need a licensed local partner in the Philippines.",
  }),
  firm("ph-bank", {
    country: "PH",
    sectors: ["ecommerce"],
    offers: ["role.market_access", "role.customers"],
    needs: ["ecommerce.payments", "cloud.cybersecurity"],
    partnershipTypes: ["licensing", "joint_venture"],
    targetMarkets: ["PH", "CN"],
    languages: ["tl", "en"],
    size: "250-999",
    description: "Digital bank with an e-money licence and 3 million customers. Naghahanap ng payment technology partner.",
  }),
  // 7. Chinese BIM software ↔ Malaysian construction consultancy
  firm("cn-bim", {
    country: "CN",
    sectors: ["smart_city", "cloud"],
    offers: ["smart_city.construction", "cloud.saas"],
    needs: ["role.distribution", "role.integration"],
    partnershipTypes: ["distribution", "licensing"],
    targetMarkets: ["MY", "SG"],
    languages: ["zh", "en"],
    size: "1000+",
    description: "数字建造与工程造价软件（BIM），服务建筑企业二十年。",
  }),
  firm("my-construction", {
    country: "MY",
    sectors: ["smart_city"],
    offers: ["role.distribution", "role.integration", "role.customers"],
    needs: ["smart_city.construction"],
    partnershipTypes: ["distribution"],
    targetMarkets: ["MY"],
    languages: ["ms", "en"],
    size: "10-49",
    description: "Quantity surveying consultancy and software reseller for Malaysian contractors. We need BIM and cost management tools.",
  }),
  // 8. Chinese logistics ↔ Lao dry port
  firm("cn-logistics", {
    country: "CN",
    sectors: ["ecommerce"],
    offers: ["ecommerce.logistics"],
    needs: ["role.infrastructure", "role.market_access"],
    partnershipTypes: ["joint_venture", "investment"],
    targetMarkets: ["LA", "KH"],
    languages: ["zh", "en"],
    size: "1000+",
    description: "中老铁路沿线冷链物流与仓储运营商。需要老挝的场地与本地化合作伙伴。",
  }),
  firm("la-dryport", {
    country: "LA",
    sectors: ["ecommerce", "smart_city"],
    offers: ["role.infrastructure", "role.market_access"],
    needs: ["ecommerce.logistics", "role.investment"],
    partnershipTypes: ["joint_venture", "investment"],
    targetMarkets: ["LA", "CN"],
    languages: ["lo", "en"],
    size: "50-249",
    description: "Dry port and logistics park in Vientiane with customs clearance and land for warehouses. Seeking logistics operators and investors.",
  }),
  // 9. Chinese machine translation ↔ Thai university AI lab
  firm("cn-translate", {
    country: "CN",
    sectors: ["ai"],
    offers: ["ai.language", "ai.platform"],
    needs: ["role.rnd", "role.distribution"],
    partnershipTypes: ["rnd", "licensing"],
    targetMarkets: ["TH", "VN"],
    languages: ["zh", "en"],
    size: "250-999",
    description: "Speech recognition and machine translation for Southeast Asian languages, with our own large language model.",
  }),
  firm("th-lab", {
    country: "TH",
    sectors: ["ai"],
    offers: ["role.rnd", "ai.talent"],
    needs: ["ai.language", "ai.platform"],
    partnershipTypes: ["rnd"],
    targetMarkets: ["TH", "CN"],
    languages: ["th", "en"],
    size: "50-249",
    description: "ห้องปฏิบัติการวิจัยและพัฒนาด้านปัญญาประดิษฐ์ของมหาวิทยาลัย มองหาพันธมิตรด้านแปลภาษาและรู้จำเสียง",
  }),
  // 10. Chinese data centres ↔ Malaysian land developer in Johor
  firm("cn-datacentre", {
    country: "CN",
    sectors: ["cloud"],
    offers: ["cloud.data_center", "cloud.connectivity"],
    needs: ["role.infrastructure", "role.investment"],
    partnershipTypes: ["joint_venture", "investment"],
    targetMarkets: ["MY", "ID"],
    languages: ["zh", "en"],
    size: "1000+",
    description: "Hyperscale data centre builder and operator. We need land with power and water in Johor, and co-investors.",
  }),
  firm("my-johor", {
    country: "MY",
    sectors: ["smart_city", "cloud"],
    offers: ["role.infrastructure", "smart_city.urban_development", "role.investment"],
    needs: ["cloud.data_center"],
    partnershipTypes: ["joint_venture", "investment"],
    targetMarkets: ["MY", "CN"],
    languages: ["ms", "en", "zh"],
    size: "250-999",
    description: "Johor industrial land developer with 500 acres, substations and fibre. Looking for data centre operators.",
  }),
  // 11. Cambodian telecom operator ↔ Chinese network equipment
  firm("kh-telecom", {
    country: "KH",
    sectors: ["cloud"],
    offers: ["role.customers", "role.market_access"],
    needs: ["cloud.connectivity", "cloud.cybersecurity"],
    partnershipTypes: ["supply", "project"],
    targetMarkets: ["KH"],
    languages: ["km", "en"],
    size: "1000+",
    description: "Mobile operator with 8 million subscribers rolling out 5G. We need radio network equipment and security operations.",
  }),
  firm("cn-telecom-gear", {
    country: "CN",
    sectors: ["cloud"],
    offers: ["cloud.connectivity", "cloud.cybersecurity", "role.manufacturing"],
    needs: ["role.customers", "role.market_access"],
    partnershipTypes: ["supply", "project"],
    targetMarkets: ["KH", "MM", "LA"],
    languages: ["zh", "en"],
    size: "1000+",
    description: "5G base stations, optical fibre networks and network security products.",
  }),

  // ---- distractors ----
  // Competitors: firms that look like a labelled firm's partner (same words, same sector) but bring nothing.
  firm("sg-cloud-competitor", {
    country: "SG",
    sectors: ["cloud"],
    offers: ["cloud.iaas", "cloud.managed_services"],
    needs: ["role.distribution", "role.market_access"],
    partnershipTypes: ["distribution", "joint_venture"],
    targetMarkets: ["ID", "VN"],
    languages: ["en", "zh"],
    size: "1000+",
    description: "Public cloud provider with regions in Singapore and Jakarta. Looking for resellers in Indonesia.",
  }),
  firm("cn-dealer-lookalike", {
    country: "CN",
    sectors: ["smart_city"],
    offers: ["role.distribution", "role.market_access"],
    needs: ["smart_city.mobility"],
    partnershipTypes: ["distribution"],
    targetMarkets: ["TH"],
    languages: ["zh", "en"],
    size: "250-999",
    description: "汽车经销集团，需要电动汽车品牌。",
  }),
  firm("th-ev-competitor", {
    country: "TH",
    sectors: ["smart_city"],
    offers: ["smart_city.mobility", "role.manufacturing"],
    needs: ["role.distribution", "role.market_access"],
    partnershipTypes: ["distribution", "joint_venture"],
    targetMarkets: ["TH", "MY"],
    languages: ["th", "en"],
    size: "1000+",
    description: "Thai electric vehicle assembler looking for dealer networks.",
  }),
  firm("vn-solar-competitor", {
    country: "VN",
    sectors: ["smart_city"],
    offers: ["smart_city.energy", "role.manufacturing"],
    needs: ["role.infrastructure", "role.market_access"],
    partnershipTypes: ["supply", "project"],
    targetMarkets: ["VN", "PH"],
    languages: ["vi", "en"],
    size: "250-999",
    description: "Nhà sản xuất pin năng lượng mặt trời, cần đất và mái nhà xưởng.",
  }),
  firm("th-brand-competitor", {
    country: "TH",
    sectors: ["ecommerce"],
    offers: ["ecommerce.consumer_products"],
    needs: ["ecommerce.marketplace", "ecommerce.marketing"],
    partnershipTypes: ["distribution", "supply"],
    targetMarkets: ["CN"],
    languages: ["th", "en"],
    size: "50-249",
    description: "Thai coconut snack brand that needs cross-border e-commerce and livestream marketing in China.",
  }),
  firm("cn-vision-competitor", {
    country: "CN",
    sectors: ["ai"],
    offers: ["ai.computer_vision"],
    needs: ["role.integration", "role.customers"],
    partnershipTypes: ["licensing", "project"],
    targetMarkets: ["SG"],
    languages: ["zh", "en"],
    size: "50-249",
    description: "视频结构化与人脸识别算法公司。",
  }),
  firm("my-bank-lookalike", {
    country: "MY",
    sectors: ["ecommerce"],
    offers: ["ecommerce.payments"],
    needs: ["role.market_access", "role.customers"],
    partnershipTypes: ["licensing"],
    targetMarkets: ["PH"],
    languages: ["ms", "en"],
    size: "250-999",
    description: "Malaysian e-wallet and payment gateway expanding to the Philippines; needs a licensed partner there.",
  }),
  firm("vn-logistics-competitor", {
    country: "VN",
    sectors: ["ecommerce"],
    offers: ["ecommerce.logistics"],
    needs: ["role.infrastructure", "role.market_access"],
    partnershipTypes: ["joint_venture"],
    targetMarkets: ["LA", "KH"],
    languages: ["vi", "en"],
    size: "250-999",
    description: "Công ty logistics và kho lạnh, cần đất tại Lào.",
  }),
  firm("sg-datacentre-competitor", {
    country: "SG",
    sectors: ["cloud"],
    offers: ["cloud.data_center"],
    needs: ["role.infrastructure", "role.investment"],
    partnershipTypes: ["joint_venture", "investment"],
    targetMarkets: ["MY"],
    languages: ["en"],
    size: "1000+",
    description: "Data centre operator expanding into Johor; needs powered land and co-investors.",
  }),
  // 12. Chinese cross-border seller ↔ Thai warehousing and transport firm whose Thai description
  // has no sentence punctuation: the phrase before its "ต้องการ" (need) still speaks of what it
  // does, so the description earns the credit its listing leaves out.
  firm("cn-seller", {
    country: "CN",
    sectors: ["ecommerce"],
    offers: ["ecommerce.consumer_products", "ecommerce.marketplace"],
    needs: ["ecommerce.logistics", "role.market_access"],
    partnershipTypes: ["supply", "distribution"],
    targetMarkets: ["TH"],
    languages: ["zh", "en"],
    size: "250-999",
    description: "小家电品牌与跨境网店，需要泰国的仓储和配送伙伴。",
  }),
  firm("th-warehouse", {
    country: "TH",
    sectors: ["ecommerce"],
    offers: ["role.market_access"],
    needs: ["ecommerce.consumer_products"],
    partnershipTypes: ["supply"],
    targetMarkets: ["TH", "CN"],
    languages: ["th", "en"],
    size: "50-249",
    description: "บริษัทให้บริการคลังสินค้าและขนส่งสินค้าทั่วประเทศไทย ต้องการแบรนด์สินค้าจากจีน",
  }),
  // A firm whose "looking for" list, after a first item, goes on with `;`, line breaks and
  // bullets: every item is a need, so it is no provider of the cloud it seeks.
  firm("sg-cloud-lookalike", {
    country: "SG",
    sectors: ["cloud"],
    offers: ["ecommerce.consumer_products"],
    needs: ["role.distribution", "cloud.iaas", "cloud.managed_services"],
    partnershipTypes: ["distribution"],
    targetMarkets: ["ID"],
    languages: ["en"],
    size: "10-49",
    description:
      "Lifestyle brand. Partners it is looking for: regional distributors; Cloud migration & managed services\n- public cloud\n- cloud hosting and object storage",
  }),
  firm("th-cloud-lookalike", {
    country: "TH",
    sectors: ["cloud"],
    offers: ["ecommerce.consumer_products"],
    needs: ["role.distribution", "cloud.iaas"],
    partnershipTypes: ["distribution"],
    targetMarkets: ["ID"],
    languages: ["th", "en"],
    size: "10-49",
    description: "แบรนด์เครื่องสำอาง ต้องการคลาวด์, ศูนย์ข้อมูล และผู้จัดจำหน่าย",
  }),
  // Look-alikes by words only: the right vocabulary, nothing on offer that helps.
  firm("id-cloud-user", {
    country: "ID",
    sectors: ["cloud"],
    offers: ["ecommerce.consumer_products"],
    needs: ["cloud.iaas"],
    partnershipTypes: ["supply"],
    targetMarkets: ["ID"],
    languages: ["id"],
    size: "10-49",
    description: "Cloud, cloud hosting, public cloud, data centre: we talk about the cloud a lot because we buy it for our online shop.",
  }),
];

const PAIRS: [string, string][] = [
  ["cn-cloud", "id-distributor"],
  ["cn-ev", "th-dealer"],
  ["cn-solar", "vn-park"],
  ["my-brand", "cn-marketplace"],
  ["cn-vision", "sg-integrator"],
  ["cn-pay", "ph-bank"],
  ["cn-bim", "my-construction"],
  ["cn-logistics", "la-dryport"],
  ["cn-translate", "th-lab"],
  ["cn-datacentre", "my-johor"],
  ["kh-telecom", "cn-telecom-gear"],
  ["cn-seller", "th-warehouse"],
];

describe("a labelled set of China–ASEAN partners", () => {
  it("finds the true partners in the top 10 (recall@10), with competitors below them", () => {
    const SYNTHETIC = Number(process.env.LABELLED_SYNTHETIC ?? 2000);
    const engine = new MatchEngine({ aseanPairs: false });
    const ids = new Map<string, number>();
    FIRMS.forEach((f, i) => {
      const { key, ...rest } = f;
      const id = 100_000 + i;
      ids.set(key, id);
      engine.load(toFeatures({ id, ...rest }));
    });
    for (let i = 0; i < SYNTHETIC; i++) engine.load(toFeatures(syntheticProfile(i, 42)));
    engine.rebuildAll();

    const top10 = (key: string) => engine.list(ids.get(key)!)!.ids.slice(0, 10);
    let found = 0;
    let asked = 0;
    const misses: string[] = [];
    for (const [a, b] of PAIRS) {
      for (const [x, y] of [
        [a, b],
        [b, a],
      ]) {
        asked += 1;
        if (top10(x).includes(ids.get(y)!)) found += 1;
        else misses.push(`${y} not in top 10 of ${x}`);
      }
    }
    const recall = found / asked;
    console.log(
      `labelled set: recall@10 = ${recall.toFixed(3)} (${found} of ${asked} partner directions, ${FIRMS.length} labelled firms and distractors among ${SYNTHETIC} synthetic firms)` +
        (misses.length ? `; missed: ${misses.join(", ")}` : ""),
    );
    expect(recall).toBeGreaterThanOrEqual(0.85);

    // Each true partner outranks every distractor in its counterpart's list.
    const byKey = new Map(FIRMS.map((f) => [f.key, f]));
    const distractors = FIRMS.filter((f) => /competitor|lookalike|user/.test(f.key)).map((f) => ids.get(f.key)!);
    for (const [a, b] of PAIRS) {
      for (const [x, y] of [
        [a, b],
        [b, a],
      ]) {
        const list = engine.list(ids.get(x)!)!.ids;
        const rank = list.indexOf(ids.get(y)!);
        for (const d of distractors) {
          // A distractor that lists everything the true partner brings x is x's equal
          // alternative there (a rival of y, not a decoy for x): its rank is not a miss.
          const brings = byKey.get(x)!.needs.filter((n) => byKey.get(y)!.offers.includes(n));
          const other = FIRMS.find((f) => ids.get(f.key) === d)!;
          if (brings.length && brings.every((n) => other.offers.includes(n))) continue;
          const dRank = list.indexOf(d);
          if (dRank >= 0) expect(dRank, `${x}: distractor ranked above ${y}`).toBeGreaterThan(rank);
        }
      }
    }
  });

  it("credits a description with what it does, never with what it seeks", () => {
    const byKey = new Map(FIRMS.map((f) => [f.key, f]));
    const reasons = (a: string, b: string) => scorePair({ id: 1, ...byKey.get(a)! }, { id: 2, ...byKey.get(b)! }).reasons;
    // The Thai firm's unpunctuated description speaks of warehousing and transport.
    expect(reasons("cn-seller", "th-warehouse")).toContainEqual({ kind: "they_describe", tone: "positive", capability: "ecommerce.logistics" });
    // The look-alikes' "looking for" lists are needs: no reason says they provide cloud.
    for (const seeker of ["sg-cloud-lookalike", "th-cloud-lookalike"])
      for (const r of reasons("id-distributor", seeker))
        expect(r.kind === "they_describe" || r.kind === "they_offer" ? r.capability : "").not.toMatch(/^cloud\./);
  });
});
