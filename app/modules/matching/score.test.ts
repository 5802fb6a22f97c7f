import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CAPABILITIES, COUNTRIES, LANGUAGES, PARTNERSHIP_TYPES, SECTORS, SIZES, type CapabilityCode } from "~/modules/companies/taxonomy";
import { CAPABILITY_WORDS } from "./lexicon";
import type { MatchProfile } from "./features";
import { describedRelevance } from "./relevance";
import { isEligiblePair, scorePair } from "./score";

// ---- arbitrary profiles ----

const subset = <T>(values: readonly T[], min: number, max: number) => fc.uniqueArray(fc.constantFrom(...values), { minLength: min, maxLength: max });

const phrase = fc.constantFrom(...Object.values(CAPABILITY_WORDS).flat());
const filler = fc.constantFrom("We are a trusted partner.", "公司成立于2010年。", "Chúng tôi có 200 nhân viên.", "บริษัทของเรา", "Kami melayani Jawa.", "");
const description = fc.option(
  fc
    .tuple(fc.array(phrase, { maxLength: 5 }), filler, fc.array(phrase, { maxLength: 3 }))
    .map(([offers, middle, needs]) => `We provide ${offers.join(", ")}. ${middle} We are looking for ${needs.join(", ")}.`),
  { nil: null },
);

const profile = (id: number) =>
  fc.record({
    id: fc.constant(id),
    country: fc.constantFrom(...COUNTRIES),
    sectors: subset(SECTORS, 1, 4),
    offers: subset(CAPABILITIES, 1, 6),
    needs: subset(CAPABILITIES, 1, 6),
    partnershipTypes: subset(PARTNERSHIP_TYPES, 0, 3),
    targetMarkets: subset(COUNTRIES, 0, 4),
    languages: subset(LANGUAGES, 0, 3),
    size: fc.option(fc.constantFrom(...SIZES), { nil: null }),
    description,
  }) satisfies fc.Arbitrary<MatchProfile>;

const pair = fc.tuple(profile(1), profile(2));

const described = (p: MatchProfile) => {
  const rel = describedRelevance(p.description);
  return CAPABILITIES.filter((_, i) => rel[i] > 0);
};

describe("the score", () => {
  it("stays in [0, 100] with one decimal", () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const { score } = scorePair(a, b);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
        expect(Math.round(score * 10) / 10).toBe(score);
      }),
      { numRuns: 500 },
    );
  });

  it("is the same from both sides", () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(scorePair(a, b).score).toBe(scorePair(b, a).score);
      }),
      { numRuns: 500 },
    );
  });

  it("is the same every time, reasons included", () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(scorePair(a, b)).toEqual(scorePair(structuredClone(a), structuredClone(b)));
      }),
      { numRuns: 300 },
    );
  });

  it("ranks a mutual fit above a one-sided fit of the same strength", () => {
    // B and C bring A exactly the same (same offers, description, country) and are alike in
    // every symmetric signal; only B also needs something A provides.
    fc.assert(
      fc.property(pair, fc.integer({ min: 0, max: 100 }), ([a, b], pick) => {
        const aProvides = new Set<CapabilityCode>([...a.offers, ...described(a)]);
        fc.pre(a.needs.some((n) => b.offers.includes(n)));
        const others = CAPABILITIES.filter((c) => !aProvides.has(c));
        fc.pre(others.length > 0 && a.offers.length > 0);
        const mutual: MatchProfile = { ...b, needs: [a.offers[pick % a.offers.length]] };
        const oneSided: MatchProfile = { ...b, id: 3, needs: [others[pick % others.length]] };
        expect(scorePair(a, mutual).score).toBeGreaterThan(scorePair(a, oneSided).score);
      }),
      { numRuns: 500 },
    );
  });

  it("names every capability that counted, and only those", () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const { reasons } = scorePair(a, b);
        const theirs = new Set(a.needs.filter((n) => b.offers.includes(n) || described(b).includes(n)));
        const yours = new Set(b.needs.filter((n) => a.offers.includes(n) || described(a).includes(n)));
        const namedTheirs = new Set(reasons.flatMap((r) => (r.kind === "they_offer" || r.kind === "they_describe" ? [r.capability] : [])));
        const namedYours = new Set(reasons.flatMap((r) => (r.kind === "you_offer" || r.kind === "you_describe" ? [r.capability] : [])));
        expect(namedTheirs).toEqual(theirs);
        expect(namedYours).toEqual(yours);
        // A listed offer is named as one; a need met by the description alone says so.
        for (const r of reasons) {
          if (r.kind === "they_offer") expect(b.offers).toContain(r.capability);
          if (r.kind === "they_describe") expect(b.offers).not.toContain(r.capability);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("scores a pair that brings neither side anything on the symmetric signals alone", () => {
    fc.assert(
      fc.property(pair, ([a, b]) => {
        const bProvides = new Set([...b.offers, ...described(b)]);
        fc.pre(!a.needs.some((n) => bProvides.has(n)));
        expect(scorePair(a, b).score).toBeLessThanOrEqual(25);
        expect(scorePair(a, b).reasons.some((r) => r.kind === "nothing_for_you")).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("eligibility", () => {
  it("pairs China with ASEAN, ASEAN with ASEAN only when allowed, never a firm with itself or its own country", () => {
    fc.assert(
      fc.property(pair, fc.boolean(), ([a, b], aseanPairs) => {
        const eligible = isEligiblePair(a, b, { aseanPairs });
        const complement =
          a.needs.some((n) => b.offers.includes(n) || described(b).includes(n)) || b.needs.some((n) => a.offers.includes(n) || described(a).includes(n));
        const regions = a.country !== b.country && (a.country === "CN" || b.country === "CN" || aseanPairs);
        expect(eligible).toBe(regions && complement);
        expect(isEligiblePair(a, { ...a }, { aseanPairs })).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

// ---- what a firm is looking for is never what it offers ----

// A "looking for" opener in each language of the council, and neutral words around the list.
const SEEKING_OPENERS: Record<(typeof LANGUAGES)[number], string[]> = {
  en: ["We are looking for", "Partners it is looking for:", "Looking for:", "We need", "Seeking"],
  zh: ["正在寻找", "我们需要：", "寻求"],
  ms: ["Kami mencari", "Kami memerlukan"],
  id: ["Kami mencari", "Kami membutuhkan"],
  th: ["ต้องการ", "กำลังมองหา"],
  vi: ["Chúng tôi cần", "Chúng tôi tìm kiếm", "Cần tìm"],
  tl: ["Naghahanap kami ng", "Kailangan namin ng"],
  km: ["ត្រូវការ", "ស្វែងរក"],
  lo: ["ຕ້ອງການ", "ຊອກຫາ"],
  my: ["လိုအပ်", "ရှာဖွေ"],
  pt: ["Procuramos", "Precisamos de"],
  tet: ["Procura"],
};
const NEUTRAL_BEFORE = [
  "",
  "We are a family firm founded in 1998. ",
  "公司成立于1998年。",
  "บริษัทก่อตั้งในปี 2541 ",
  "Chúng tôi có 200 nhân viên. ",
  "Kami melayani Jawa. ",
];
const NEUTRAL_AFTER = ["", ".", "。", ".\n\nFounded in 1998.", "。公司成立于1998年。", "\n\nChúng tôi có 200 nhân viên."];
const LIST_STARTS = [" ", ": ", "：", "\n", ":\n- ", "\n• "];
const LIST_SEPARATORS = ["; ", ";", "；", ", ", ",", "、", "，", "\n", "\n- ", "\n• ", "\n* "];

const seekingPair = fc
  .record({
    language: fc.constantFrom(...LANGUAGES),
    pick: fc.nat(),
    sought: subset(CAPABILITIES, 1, 4),
    picks: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
    before: fc.constantFrom(...NEUTRAL_BEFORE),
    start: fc.constantFrom(...LIST_STARTS),
    separator: fc.constantFrom(...LIST_SEPARATORS),
    after: fc.constantFrom(...NEUTRAL_AFTER),
    a: profile(1),
    b: profile(2),
  })
  .map(({ language, pick, sought, picks, before, start, separator, after, a, b }) => {
    const openers = SEEKING_OPENERS[language];
    const items = sought.map((c, i) => {
      const words = CAPABILITY_WORDS[c];
      return words[picks[i] % words.length];
    });
    const description = `${before}${openers[pick % openers.length]}${start}${items.join(separator)}${after}`;
    const seeker: MatchProfile = { ...b, offers: b.offers.filter((o) => !sought.includes(o)), description };
    const reader: MatchProfile = { ...a, needs: [...new Set([...a.needs, ...sought])] };
    return { sought, seeker, reader };
  })
  .filter(({ seeker }) => seeker.offers.length > 0);

describe("what a firm is looking for", () => {
  it("is never credited as what it offers, however the list is punctuated and in every language", () => {
    fc.assert(
      fc.property(seekingPair, ({ sought, seeker, reader }) => {
        const rel = describedRelevance(seeker.description);
        for (const c of sought) expect(rel[CAPABILITIES.indexOf(c)], `${c} in ${JSON.stringify(seeker.description)}`).toBe(0);
        // The reader's side ("they offer", "their description speaks of") and the seeker's own
        // ("which your description speaks of") never name a sought capability as offered.
        for (const r of scorePair(reader, seeker).reasons)
          if (r.kind === "they_offer" || r.kind === "they_describe") expect(sought, JSON.stringify(seeker.description)).not.toContain(r.capability);
        for (const r of scorePair(seeker, reader).reasons)
          if (r.kind === "you_offer" || r.kind === "you_describe") expect(sought, JSON.stringify(seeker.description)).not.toContain(r.capability);
      }),
      { numRuns: 1500 },
    );
  });
});

describe("what does not fit", () => {
  const base: MatchProfile = {
    id: 1,
    country: "CN",
    sectors: ["cloud"],
    offers: ["cloud.iaas"],
    needs: ["role.distribution"],
    partnershipTypes: [],
    targetMarkets: ["VN"],
    languages: [],
    size: null,
    description: null,
  };
  const kinds = (a: MatchProfile, b: MatchProfile) =>
    scorePair(a, b)
      .reasons.filter((r) => r.tone === "negative")
      .map((r) => r.kind);

  it("names a likely competitor: the same listed offer to a market both target", () => {
    const rival: MatchProfile = { ...base, id: 2, country: "VN", offers: ["cloud.iaas", "role.distribution"], targetMarkets: ["VN"] };
    expect(scorePair(base, rival).reasons).toContainEqual({ kind: "likely_competitor", tone: "negative", capability: "cloud.iaas" });
    expect(kinds(base, { ...rival, targetMarkets: ["TH"] })).not.toContain("likely_competitor");
  });

  it("names no market in common instead of two half-truths", () => {
    const far: MatchProfile = { ...base, id: 2, country: "TH", offers: ["role.distribution"], needs: ["cloud.iaas"], targetMarkets: ["MY"] };
    expect(kinds(base, far)).toEqual(["no_common_market"]);
    expect(kinds(base, { ...far, targetMarkets: ["CN"] })).toEqual(["outside_your_markets"]);
  });

  it("says when only description words link the pair, or when their listed offers cover none of your needs", () => {
    const worded: MatchProfile = {
      ...base,
      id: 2,
      country: "VN",
      offers: ["ecommerce.consumer_products"],
      needs: ["cloud.data_center"],
      targetMarkets: ["CN"],
      description: "Nhà phân phối phần mềm doanh nghiệp tại Việt Nam.",
    };
    const reader: MatchProfile = { ...base, description: "We operate hyperscale data centres." };
    expect(kinds(reader, worded)).toEqual(["only_described"]);
    expect(kinds({ ...reader, offers: ["cloud.data_center"] }, worded)).toEqual(["no_listed_for_you"]);
  });
});
