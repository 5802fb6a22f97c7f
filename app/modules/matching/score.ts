// The matching score: pure, no database. Given two company profiles, a score from 0 to 100 and
// the reasons for it. Client-safe.
//
// How two firms A and B are scored:
// - Direction A←B, "what B brings A": how much of A's needs B covers (an offer it lists counts
//   0.85, plus up to 0.15 when its description confirms it; a need its description alone speaks
//   to counts up to 0.5 — BM25 of the need's words against the description), scaled by whether
//   B is in a market A targets. Coverage is divided by √(number of needs): covering two of four
//   needs is as good as one of one, so a long list of needs is not a penalty.
// - The two directions are combined by their harmonic mean, which is high only when both are:
//   a mutual fit always ranks above a one-sided fit of the same strength, and a pair where one
//   side brings nothing scores on the symmetric signals alone (at most 25).
// - Symmetric signals: shared partnership types, shared sectors, a language in common, sizes
//   that suit each other.
// score = 100 × (0.75 × harmonic mean + 0.25 × symmetric), rounded to one decimal. Every step is
// symmetric in A and B and uses the same floating-point operations in the same order, so the
// pair scores identically from either side, every time.
import {
  CAPABILITIES,
  CAPABILITY_INFO,
  COUNTRIES,
  COUNTRY_INFO,
  LANGUAGES,
  PARTNERSHIP_TYPES,
  SECTORS,
  SIZES,
  type CapabilityCode,
  type CountryCode,
  type LanguageCode,
  type PartnershipTypeCode,
  type SectorCode,
  type SizeCode,
} from "~/modules/companies/taxonomy";
import { CAPABILITY_WORDS } from "./lexicon";
import { offerText, tokenize } from "./tokenize";

/** What the scorer reads of a company: the listing, without names or contacts. */
export type MatchProfile = {
  id: number;
  country: CountryCode;
  sectors: readonly SectorCode[];
  offers: readonly CapabilityCode[];
  needs: readonly CapabilityCode[];
  partnershipTypes: readonly PartnershipTypeCode[];
  targetMarkets: readonly CountryCode[];
  languages: readonly LanguageCode[];
  size: SizeCode | null;
  description: string | null;
};

export type EligibilityRules = { aseanPairs: boolean };
export const DEFAULT_RULES: EligibilityRules = { aseanPairs: false };

// ---- weights (changing any of them changes ALGORITHM_VERSION) ----
const W_MUTUAL = 0.75;
const W_SYMMETRIC = 0.25;
const OFFER_LISTED = 0.85;
const OFFER_CONFIRMED = 0.15; // × relevance, on top of a listed offer
const OFFER_DESCRIBED = 0.5; // × relevance, for a need met by the description alone
const MARKET_BASE = 0.7;
const MARKET_FIT = 0.3; // × 1 in a targeted market, × 0.5 when the firm targets none, × 0 otherwise
const W_PARTNERSHIP = 0.3;
const W_SECTOR = 0.3;
const W_LANGUAGE = 0.25;
const W_SIZE = 0.15;
const SIZE_FIT = [1, 1, 0.8, 0.5, 0.2];
/** Size bands this far apart are named as a drawback. */
const SIZE_GAP = 3;

// ---- text relevance (BM25 with fixed collection statistics) ----
// The "collection" is the capabilities' own word lists, not the firms' descriptions: a term's
// weight says how specific it is to one capability. Fixed statistics keep a pair's score
// independent of every other firm, so a stored list stays exact when unrelated firms change.
const BM25_K1 = 1.2;
const BM25_B = 0.75;
const AVERAGE_LENGTH = 60;
/** BM25 s becomes relevance s / (s + REL_HALF): one specific phrase ≈ 0.5. */
const REL_HALF = 6;
/** Relevance below this (in hundredths) does not count at all, and is not named. */
export const REL_MIN = 30;

if (CAPABILITIES.length > 31) throw new Error("matching: capability masks hold 31 codes; widen them first");

export const ALGORITHM_VERSION = `m1.${fingerprint(
  [
    CAPABILITIES.join(","),
    COUNTRIES.join(","),
    SECTORS.join(","),
    PARTNERSHIP_TYPES.join(","),
    LANGUAGES.join(","),
    SIZES.join(","),
    JSON.stringify(CAPABILITY_WORDS),
    [W_MUTUAL, OFFER_LISTED, OFFER_CONFIRMED, OFFER_DESCRIBED, MARKET_BASE, W_PARTNERSHIP, W_SECTOR, W_LANGUAGE, W_SIZE, REL_HALF, REL_MIN].join(","),
    // The FeatureTable record layout (STRIDE.REL_BYTE): stored records of another are not read back.
    "r16.32",
  ].join("|"),
)}`;

function fingerprint(s: string): string {
  // FNV-1a, enough to notice that the vocabulary or the weights changed.
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

const CAP_INDEX = new Map<string, number>(CAPABILITIES.map((c, i) => [c, i]));
const COUNTRY_INDEX = new Map<string, number>(COUNTRIES.map((c, i) => [c, i]));
const SECTOR_INDEX = new Map<string, number>(SECTORS.map((c, i) => [c, i]));
const PT_INDEX = new Map<string, number>(PARTNERSHIP_TYPES.map((c, i) => [c, i]));
const LANGUAGE_INDEX = new Map<string, number>(LANGUAGES.map((c, i) => [c, i]));
const SIZE_INDEX = new Map<string, number>(SIZES.map((c, i) => [c, i]));
const CHINA = COUNTRY_INDEX.get("CN")!;

export const capabilityAt = (i: number) => CAPABILITIES[i];

function maskOf(codes: readonly string[], index: Map<string, number>): number {
  let m = 0;
  for (const c of codes) {
    const i = index.get(c);
    if (i !== undefined) m |= 1 << i;
  }
  return m;
}

export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Bit positions set in a mask, lowest first. */
export function bitsOf(mask: number): number[] {
  const out: number[] = [];
  for (let m = mask; m; m &= m - 1) out.push(31 - Math.clz32(m & -m));
  return out;
}

// Each capability's phrases as token lists, each token's weight (idf over the capabilities: a
// token in few capabilities' words is specific), and which phrases each token occurs in.
type Lexicon = {
  phrases: { cap: number; tokens: string[] }[];
  byToken: Map<string, number[]>;
  idf: Map<string, number>;
};
let lexicon: Lexicon | null = null;

function getLexicon(): Lexicon {
  if (lexicon) return lexicon;
  const phrases: Lexicon["phrases"] = [];
  const capTokens = CAPABILITIES.map(() => new Set<string>());
  CAPABILITIES.forEach((c, cap) => {
    const info = CAPABILITY_INFO[c];
    for (const phrase of new Set([info.en, info.zh, ...CAPABILITY_WORDS[c]])) {
      const tokens = [...new Set(tokenize(phrase))];
      if (tokens.length === 0) continue;
      phrases.push({ cap, tokens });
      for (const t of tokens) capTokens[cap].add(t);
    }
  });
  const df = new Map<string, number>();
  for (const s of capTokens) for (const t of s) df.set(t, (df.get(t) ?? 0) + 1);
  const n = CAPABILITIES.length;
  const idf = new Map<string, number>();
  for (const [t, d] of df) idf.set(t, Math.log(1 + (n - d + 0.5) / (d + 0.5)));
  const byToken = new Map<string, number[]>();
  phrases.forEach((p, i) => {
    for (const t of p.tokens) {
      if (!byToken.has(t)) byToken.set(t, []);
      byToken.get(t)!.push(i);
    }
  });
  lexicon = { phrases, byToken, idf };
  return lexicon;
}

/**
 * How much a description speaks of each capability as something the firm does, as whole
 * hundredths in [0, 100); below REL_MIN it is 0. BM25 of the capability's words against the
 * description without its "we are looking for" sentences, where a token counts only as part of
 * a whole phrase of the capability that the description contains: "计算" alone (from 云计算)
 * does not make a text about computer vision (计算机视觉).
 */
export function describedRelevance(description: string | null): Uint8Array {
  const rel = new Uint8Array(32);
  if (!description) return rel;
  const tokens = tokenize(offerText(description));
  if (tokens.length === 0) return rel;
  const tf = new Map<string, number>();
  for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
  const lex = getLexicon();
  const hits = new Map<number, number>();
  for (const t of tf.keys()) for (const p of lex.byToken.get(t) ?? []) hits.set(p, (hits.get(p) ?? 0) + 1);
  const matched = CAPABILITIES.map(() => new Set<string>());
  for (const [p, n] of hits) {
    const phrase = lex.phrases[p];
    if (n === phrase.tokens.length) for (const t of phrase.tokens) matched[phrase.cap].add(t);
  }
  const norm = BM25_K1 * (1 - BM25_B + (BM25_B * tokens.length) / AVERAGE_LENGTH);
  matched.forEach((terms, cap) => {
    let s = 0;
    for (const t of terms) {
      const f = tf.get(t)!;
      s += (lex.idf.get(t)! * (f * (BM25_K1 + 1))) / (f + norm);
    }
    const r = Math.floor((100 * s) / (s + REL_HALF));
    rel[cap] = r >= REL_MIN ? r : 0;
  });
  return rel;
}

/** A profile as bit masks and relevance: what the engine keeps in memory per firm. */
export type Features = {
  id: number;
  country: number;
  offers: number;
  needs: number;
  targets: number;
  partnershipTypes: number;
  sectors: number;
  languages: number;
  size: number;
  rel: Uint8Array;
};

export function toFeatures(p: MatchProfile): Features {
  return {
    id: p.id,
    country: COUNTRY_INDEX.get(p.country) ?? 0,
    offers: maskOf(p.offers, CAP_INDEX),
    needs: maskOf(p.needs, CAP_INDEX),
    targets: maskOf(p.targetMarkets, COUNTRY_INDEX),
    partnershipTypes: maskOf(p.partnershipTypes, PT_INDEX),
    sectors: maskOf(p.sectors, SECTOR_INDEX),
    languages: maskOf(p.languages, LANGUAGE_INDEX),
    size: p.size === null ? -1 : (SIZE_INDEX.get(p.size) ?? -1),
    rel: describedRelevance(p.description),
  };
}

// One firm's record in a FeatureTable: 8 int32 fields, then 32 relevance bytes — 64 bytes, one
// cache line. A pair is scored from two records: at 100,000 firms the records do not fit in the
// processor's cache, and reading separate arrays per field cost more than the arithmetic.
const STRIDE = 16; // int32s per record
const REL_BYTE = 32; // byte offset of the relevance bytes in a record
const R_ID = 0;
const R_OFFERS = 1;
const R_PROVIDES = 2;
const R_NEEDS = 3;
const R_TARGETS = 4;
const R_LANGS = 5;
const R_SMALL = 6; // partnership types | sectors << 8 | country << 12 | (size + 1) << 16
const R_COUNTS = 7; // needs | partnership types << 8 | sectors << 16 (how many of each)
const ROOT = Array.from({ length: 33 }, (_, n) => Math.sqrt(n));

/**
 * Features of many firms in one flat typed array, addressed by a slot number: the engine scores
 * millions of pairs from here without allocating. The one implementation of the score.
 */
export class FeatureTable {
  capacity = 0;
  data: Int32Array<ArrayBufferLike> = new Int32Array(0);
  bytes: Uint8Array<ArrayBufferLike> = new Uint8Array(0);

  constructor(capacity = 16, shared = false) {
    if (shared) {
      this.data = new Int32Array(new SharedArrayBuffer(capacity * STRIDE * 4));
      this.bytes = new Uint8Array(this.data.buffer);
      this.capacity = capacity;
    } else this.grow(capacity);
  }

  /** A table over existing records (another thread's, shared): no copy. */
  static over(data: Int32Array): FeatureTable {
    const table = new FeatureTable(0);
    table.data = data;
    table.bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    table.capacity = data.length / STRIDE;
    return table;
  }

  /** One firm's record, as stored beside its list (match_lists.features). */
  record(slot: number): Int32Array {
    return this.data.slice(slot * STRIDE, (slot + 1) * STRIDE);
  }

  /** Puts a stored record back; false when it is not a record of this layout. */
  setRecord(slot: number, record: Int32Array): boolean {
    if (record.length !== STRIDE) return false;
    if (slot >= this.capacity) this.grow(Math.max(slot + 1, this.capacity * 2));
    this.data.set(record, slot * STRIDE);
    return true;
  }

  /** Copies one record (all features of a firm) from another table. */
  copy(from: FeatureTable, fromSlot: number, toSlot: number) {
    if (toSlot >= this.capacity) this.grow(Math.max(toSlot + 1, this.capacity * 2));
    this.data.set(from.data.subarray(fromSlot * STRIDE, (fromSlot + 1) * STRIDE), toSlot * STRIDE);
  }

  grow(capacity: number) {
    if (capacity <= this.capacity) return;
    const data = new Int32Array(capacity * STRIDE);
    data.set(this.data);
    this.data = data;
    this.bytes = new Uint8Array(data.buffer);
    this.capacity = capacity;
  }

  set(slot: number, f: Features) {
    if (slot >= this.capacity) this.grow(Math.max(slot + 1, this.capacity * 2));
    const d = this.data;
    const o = slot * STRIDE;
    let described = 0;
    for (let i = 0; i < 32; i++) if (f.rel[i] > 0) described |= 1 << i;
    d[o + R_ID] = f.id;
    d[o + R_OFFERS] = f.offers;
    d[o + R_PROVIDES] = f.offers | described;
    d[o + R_NEEDS] = f.needs;
    d[o + R_TARGETS] = f.targets;
    d[o + R_LANGS] = f.languages;
    d[o + R_SMALL] = f.partnershipTypes | (f.sectors << 8) | (f.country << 12) | ((f.size + 1) << 16);
    d[o + R_COUNTS] = popcount(f.needs) | (popcount(f.partnershipTypes) << 8) | (popcount(f.sectors) << 16);
    this.bytes.set(f.rel.subarray(0, 32), o * 4 + REL_BYTE);
  }

  id(slot: number) {
    return this.data[slot * STRIDE + R_ID];
  }
  country(slot: number) {
    return (this.data[slot * STRIDE + R_SMALL] >>> 12) & 15;
  }
  needs(slot: number) {
    return this.data[slot * STRIDE + R_NEEDS];
  }
  /** Offers listed or described: what the candidate index files a firm under. */
  provides(slot: number) {
    return this.data[slot * STRIDE + R_PROVIDES];
  }
  /** Makes a slot match nothing (a firm on its way out of the index). */
  clear(slot: number) {
    this.data[slot * STRIDE + R_NEEDS] = 0;
    this.data[slot * STRIDE + R_PROVIDES] = 0;
    this.data[slot * STRIDE + R_OFFERS] = 0;
  }

  /** What b brings a, in [0, 1]. */
  direction(a: number, b: number): number {
    const d = this.data;
    const oa = a * STRIDE;
    const ob = b * STRIDE;
    const needs = d[oa + R_NEEDS];
    if (needs === 0) return 0;
    const offers = d[ob + R_OFFERS];
    const bytes = this.bytes;
    const rel = ob * 4 + REL_BYTE;
    let sum = 0;
    for (let m = needs; m; m &= m - 1) {
      const bit = m & -m;
      const r = bytes[rel + 31 - Math.clz32(bit)];
      sum += offers & bit ? OFFER_LISTED + OFFER_CONFIRMED * 0.01 * r : OFFER_DESCRIBED * 0.01 * r;
    }
    if (sum === 0) return 0;
    const cover = Math.min(1, sum / ROOT[d[oa + R_COUNTS] & 255]);
    const t = d[oa + R_TARGETS];
    const market = t === 0 ? 0.5 : (t >>> ((d[ob + R_SMALL] >>> 12) & 15)) & 1;
    return cover * (MARKET_BASE + MARKET_FIT * market);
  }

  symmetric(a: number, b: number): number {
    const d = this.data;
    const oa = a * STRIDE;
    const ob = b * STRIDE;
    const xa = d[oa + R_SMALL];
    const xb = d[ob + R_SMALL];
    const ca = d[oa + R_COUNTS];
    const cb = d[ob + R_COUNTS];
    const pa = xa & 127;
    const pb = xb & 127;
    const pt = pa === 0 || pb === 0 ? 0.5 : popcount(pa & pb) / Math.min((ca >>> 8) & 255, (cb >>> 8) & 255);
    const sa = (xa >>> 8) & 15;
    const sb = (xb >>> 8) & 15;
    const sec = sa === 0 || sb === 0 ? 0.5 : popcount(sa & sb) / Math.min(ca >>> 16, cb >>> 16);
    const la = d[oa + R_LANGS];
    const lb = d[ob + R_LANGS];
    const lang = la === 0 || lb === 0 ? 0.5 : (la & lb) !== 0 ? 1 : 0;
    const za = ((xa >>> 16) & 7) - 1;
    const zb = ((xb >>> 16) & 7) - 1;
    const size = za < 0 || zb < 0 ? 0.5 : SIZE_FIT[Math.abs(za - zb)];
    return W_PARTNERSHIP * pt + W_SECTOR * sec + W_LANGUAGE * lang + W_SIZE * size;
  }

  /** The score in tenths (0…1000): integers compare exactly and order lists the same everywhere. */
  score(a: number, b: number): number {
    const da = this.direction(a, b);
    const db = this.direction(b, a);
    const mutual = da + db > 0 ? (2 * da * db) / (da + db) : 0;
    return Math.round(1000 * (W_MUTUAL * mutual + W_SYMMETRIC * this.symmetric(a, b)));
  }

  /** The score of a pair where one side brings the other nothing: exactly score(a, b) then. */
  oneSidedScore(a: number, b: number): number {
    return Math.round(1000 * (W_MUTUAL * 0 + W_SYMMETRIC * this.symmetric(a, b)));
  }

  /** Whether either firm brings the other anything (listed or described): the index's test. */
  complements(a: number, b: number): boolean {
    return (this.needs(a) & this.provides(b)) !== 0 || (this.needs(b) & this.provides(a)) !== 0;
  }

  /** Whether the pair may be matched at all, before exclusions: never itself, the right regions, a complement. */
  eligible(a: number, b: number, rules: EligibilityRules): boolean {
    return a !== b && this.id(a) !== this.id(b) && regionsMatch(this.country(a), this.country(b), rules) && this.complements(a, b);
  }

  /** The reasons of the pair as seen by a, in the compact form that is stored with the list. */
  encode(a: number, b: number): ReasonCode {
    const d = this.data;
    const oa = a * STRIDE;
    const ob = b * STRIDE;
    const relA = oa * 4 + REL_BYTE;
    const relB = ob * 4 + REL_BYTE;
    let theyDescribe = 0;
    for (let m = d[oa + R_NEEDS]; m; m &= m - 1) {
      const bit = m & -m;
      if (this.bytes[relB + 31 - Math.clz32(bit)] > 0) theyDescribe |= bit;
    }
    let youDescribe = 0;
    for (let m = d[ob + R_NEEDS]; m; m &= m - 1) {
      const bit = m & -m;
      if (this.bytes[relA + 31 - Math.clz32(bit)] > 0) youDescribe |= bit;
    }
    const xa = d[oa + R_SMALL];
    const xb = d[ob + R_SMALL];
    const ca = (xa >>> 12) & 15;
    const cb = (xb >>> 12) & 15;
    const ta = d[oa + R_TARGETS];
    const tb = d[ob + R_TARGETS];
    let flags = 0;
    if (ta !== 0) flags |= (ta >>> cb) & 1 ? F_IN_YOUR_MARKETS : F_OUTSIDE_YOUR_MARKETS;
    if (tb !== 0) flags |= (tb >>> ca) & 1 ? F_THEY_TARGET_YOU : F_NOT_THEIR_MARKET;
    const la = d[oa + R_LANGS];
    const lb = d[ob + R_LANGS];
    if (la !== 0 && lb !== 0 && (la & lb) === 0) flags |= F_NO_LANGUAGE;
    const pa = xa & 127;
    const pb = xb & 127;
    if (pa !== 0 && pb !== 0 && (pa & pb) === 0) flags |= F_NO_PARTNERSHIP;
    const za = ((xa >>> 16) & 7) - 1;
    const zb = ((xb >>> 16) & 7) - 1;
    if (za >= 0 && zb >= 0 && Math.abs(za - zb) >= SIZE_GAP) flags |= F_SIZE_GAP;
    flags |= (ca << 8) | (cb << 12) | ((za + 1) << 16) | ((zb + 1) << 20);
    return [
      d[oa + R_NEEDS] & d[ob + R_OFFERS],
      theyDescribe,
      d[ob + R_NEEDS] & d[oa + R_OFFERS],
      youDescribe,
      flags,
      pa & pb,
      (xa >>> 8) & 15 & ((xb >>> 8) & 15),
      la & lb,
    ];
  }
}

const F_IN_YOUR_MARKETS = 1;
const F_OUTSIDE_YOUR_MARKETS = 2;
const F_THEY_TARGET_YOU = 4;
const F_NOT_THEIR_MARKET = 8;
const F_NO_LANGUAGE = 16;
const F_NO_PARTNERSHIP = 32;
const F_SIZE_GAP = 64;

/** China ↔ ASEAN always; ASEAN ↔ ASEAN (two different states) when the council allows it. */
export function regionsMatch(countryA: number, countryB: number, rules: EligibilityRules): boolean {
  if (countryA === countryB) return false;
  if (countryA === CHINA || countryB === CHINA) return true;
  return rules.aseanPairs;
}

export function isAsean(country: CountryCode) {
  return COUNTRY_INFO[country].region === "asean";
}

/**
 * The reasons of one pair from one side, compact: [listed offers of theirs that meet your needs,
 * your needs their description speaks to, your listed offers that meet their needs, their needs
 * your description speaks to, flags and both countries and sizes, shared partnership types,
 * shared sectors, shared languages]. Masks follow the taxonomy's order; ALGORITHM_VERSION
 * changes with that order, which rebuilds every stored list.
 */
export type ReasonCode = [number, number, number, number, number, number, number, number];

export type Tone = "positive" | "negative";

export type Reason =
  | { kind: "they_offer"; tone: "positive"; capability: CapabilityCode; described: boolean }
  | { kind: "they_describe"; tone: "positive"; capability: CapabilityCode }
  | { kind: "you_offer"; tone: "positive"; capability: CapabilityCode; described: boolean }
  | { kind: "you_describe"; tone: "positive"; capability: CapabilityCode }
  | { kind: "in_your_markets"; tone: "positive"; country: CountryCode }
  | { kind: "they_target_you"; tone: "positive"; country: CountryCode }
  | { kind: "shared_partnership"; tone: "positive"; partnershipType: PartnershipTypeCode }
  | { kind: "shared_sector"; tone: "positive"; sector: SectorCode }
  | { kind: "shared_language"; tone: "positive"; language: LanguageCode }
  | { kind: "nothing_for_you"; tone: "negative" }
  | { kind: "nothing_for_them"; tone: "negative" }
  | { kind: "outside_your_markets"; tone: "negative"; country: CountryCode }
  | { kind: "not_their_market"; tone: "negative"; country: CountryCode }
  | { kind: "no_common_language"; tone: "negative" }
  | { kind: "no_shared_partnership"; tone: "negative" }
  | { kind: "size_gap"; tone: "negative"; size: SizeCode; theirSize: SizeCode };

export type ReasonKind = Reason["kind"];

/** The readable reasons from the compact form: what fits first, then what does not. */
export function decodeReasons(code: readonly number[]): Reason[] {
  const [theyOffer, theyDescribe, youOffer, youDescribe, flags, pts, sectors, langs] = code;
  const out: Reason[] = [];
  const yourCountry = COUNTRIES[(flags >>> 8) & 15];
  const theirCountry = COUNTRIES[(flags >>> 12) & 15];
  for (const i of bitsOf(theyOffer))
    out.push({ kind: "they_offer", tone: "positive", capability: CAPABILITIES[i], described: ((theyDescribe >>> i) & 1) === 1 });
  for (const i of bitsOf(theyDescribe & ~theyOffer)) out.push({ kind: "they_describe", tone: "positive", capability: CAPABILITIES[i] });
  for (const i of bitsOf(youOffer)) out.push({ kind: "you_offer", tone: "positive", capability: CAPABILITIES[i], described: ((youDescribe >>> i) & 1) === 1 });
  for (const i of bitsOf(youDescribe & ~youOffer)) out.push({ kind: "you_describe", tone: "positive", capability: CAPABILITIES[i] });
  if (flags & F_THEY_TARGET_YOU) out.push({ kind: "they_target_you", tone: "positive", country: yourCountry });
  if (flags & F_IN_YOUR_MARKETS) out.push({ kind: "in_your_markets", tone: "positive", country: theirCountry });
  for (const i of bitsOf(pts)) out.push({ kind: "shared_partnership", tone: "positive", partnershipType: PARTNERSHIP_TYPES[i] });
  for (const i of bitsOf(sectors)) out.push({ kind: "shared_sector", tone: "positive", sector: SECTORS[i] });
  for (const i of bitsOf(langs)) out.push({ kind: "shared_language", tone: "positive", language: LANGUAGES[i] });
  if ((theyOffer | theyDescribe) === 0) out.push({ kind: "nothing_for_you", tone: "negative" });
  if ((youOffer | youDescribe) === 0) out.push({ kind: "nothing_for_them", tone: "negative" });
  if (flags & F_OUTSIDE_YOUR_MARKETS) out.push({ kind: "outside_your_markets", tone: "negative", country: theirCountry });
  if (flags & F_NOT_THEIR_MARKET) out.push({ kind: "not_their_market", tone: "negative", country: yourCountry });
  if (flags & F_NO_LANGUAGE) out.push({ kind: "no_common_language", tone: "negative" });
  if (flags & F_NO_PARTNERSHIP) out.push({ kind: "no_shared_partnership", tone: "negative" });
  if (flags & F_SIZE_GAP) {
    const yours = SIZES[((flags >>> 16) & 15) - 1];
    const theirs = SIZES[((flags >>> 20) & 15) - 1];
    if (yours && theirs) out.push({ kind: "size_gap", tone: "negative", size: yours, theirSize: theirs });
  }
  return out;
}

/** The capabilities that made up the score, both ways: each must be named by a reason. */
export function countedCapabilities(code: readonly number[]): { theirs: CapabilityCode[]; yours: CapabilityCode[] } {
  const [theyOffer, theyDescribe, youOffer, youDescribe] = code;
  return {
    theirs: bitsOf(theyOffer | theyDescribe).map((i) => CAPABILITIES[i]),
    yours: bitsOf(youOffer | youDescribe).map((i) => CAPABILITIES[i]),
  };
}

export type PairScore = { score: number; reasons: Reason[]; code: ReasonCode };

/** Scores one pair from a's side: the score (0–100, one decimal) and the reasons a reads. */
export function scorePair(a: MatchProfile, b: MatchProfile): PairScore {
  const table = new FeatureTable(2);
  table.set(0, toFeatures(a));
  table.set(1, toFeatures(b));
  const code = table.encode(0, 1);
  return { score: table.score(0, 1) / 10, reasons: decodeReasons(code), code };
}

/** Whether two profiles may be matched under the rules (exclusions such as dismissals aside). */
export function isEligiblePair(a: MatchProfile, b: MatchProfile, rules: EligibilityRules = DEFAULT_RULES): boolean {
  const table = new FeatureTable(2);
  table.set(0, toFeatures(a));
  table.set(1, toFeatures(b));
  return table.eligible(0, 1, rules);
}
