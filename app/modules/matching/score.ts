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
import { CAPABILITIES, COUNTRIES, LANGUAGES, PARTNERSHIP_TYPES, SECTORS, SIZES } from "~/modules/companies/taxonomy";
import { popcount, toFeatures, type Features, type MatchProfile } from "./features";
import { CAPABILITY_WORDS } from "./lexicon";
import {
  decodeReasons,
  COMPETITOR_SHIFT,
  F_COMPETITOR,
  F_IN_YOUR_MARKETS,
  F_NO_COMMON_MARKET,
  F_NO_LANGUAGE,
  F_NO_PARTNERSHIP,
  F_NOT_THEIR_MARKET,
  F_OUTSIDE_YOUR_MARKETS,
  F_SIZE_GAP,
  F_THEY_TARGET_YOU,
  SIZE_GAP,
  type Reason,
  type ReasonCode,
} from "./reason-codes";
import { REL_HALF, REL_MIN } from "./relevance";

export type EligibilityRules = { aseanPairs: boolean };
const DEFAULT_RULES: EligibilityRules = { aseanPairs: false };

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
    // What a description offers (tokenize.ts offerText: "looking for" lists, Southeast Asian
    // phrases) and the reason flags (competitor, no common market): stored lists are rebuilt.
    "t2.f2",
  ].join("|"),
)}`;

function fingerprint(s: string): string {
  // FNV-1a, enough to notice that the vocabulary or the weights changed.
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

const CHINA = COUNTRIES.indexOf("CN");

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
    if (ta !== 0 && tb !== 0 && (ta & tb) === 0 && (flags & (F_IN_YOUR_MARKETS | F_THEY_TARGET_YOU)) === 0) flags |= F_NO_COMMON_MARKET;
    // The same listed offer to a market both target: a likely competitor (the first such offer is named).
    const sameOffers = d[oa + R_OFFERS] & d[ob + R_OFFERS];
    if (sameOffers !== 0 && (ta & tb) !== 0) flags |= F_COMPETITOR | ((31 - Math.clz32(sameOffers & -sameOffers)) << COMPETITOR_SHIFT);
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

/** China ↔ ASEAN always; ASEAN ↔ ASEAN (two different states) when the council allows it. */
export function regionsMatch(countryA: number, countryB: number, rules: EligibilityRules): boolean {
  if (countryA === countryB) return false;
  if (countryA === CHINA || countryB === CHINA) return true;
  return rules.aseanPairs;
}

type PairScore = { score: number; reasons: Reason[]; code: ReasonCode };

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
