// The reasons of a match in the compact form stored with each list entry, and the readable
// reasons they decode to (reasons.ts turns those into sentences). Pure, no database. Client-safe.
import {
  CAPABILITIES,
  COUNTRIES,
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
import { bitsOf } from "./features";

/** Size bands this far apart are named as a drawback. */
export const SIZE_GAP = 3;

// The flags of a ReasonCode (its fifth number, below the countries and sizes).
export const F_IN_YOUR_MARKETS = 1;
export const F_OUTSIDE_YOUR_MARKETS = 2;
export const F_THEY_TARGET_YOU = 4;
export const F_NOT_THEIR_MARKET = 8;
export const F_NO_LANGUAGE = 16;
export const F_NO_PARTNERSHIP = 32;
export const F_SIZE_GAP = 64;
/** Both list the same offer and target a market in common; bits 25–29 hold that offer's index. */
export const F_COMPETITOR = 128;
/** Neither is in a market the other targets, and they target no market in common. */
export const F_NO_COMMON_MARKET = 1 << 24;
export const COMPETITOR_SHIFT = 25;

/**
 * The reasons of one pair from one side, compact: [listed offers of theirs that meet your needs,
 * your needs their description speaks to, your listed offers that meet their needs, their needs
 * your description speaks to, flags and both countries and sizes, shared partnership types,
 * shared sectors, shared languages]. The flags also say a likely competitor (with the offer both
 * list) and no market in common. Masks follow the taxonomy's order; ALGORITHM_VERSION
 * changes with that order, which rebuilds every stored list.
 */
export type ReasonCode = [number, number, number, number, number, number, number, number];

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
  | { kind: "only_described"; tone: "negative" }
  | { kind: "no_listed_for_you"; tone: "negative" }
  | { kind: "likely_competitor"; tone: "negative"; capability: CapabilityCode }
  | { kind: "no_common_market"; tone: "negative" }
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
  // What does not fit, what matters most first: nothing for you, a link of description words
  // only, their listed offers missing your needs, a likely competitor, then markets and the rest.
  if ((theyOffer | theyDescribe) === 0) out.push({ kind: "nothing_for_you", tone: "negative" });
  const onlyDescribed = theyOffer === 0 && youOffer === 0 && (theyDescribe | youDescribe) !== 0;
  if (onlyDescribed) out.push({ kind: "only_described", tone: "negative" });
  else if (theyOffer === 0 && theyDescribe !== 0) out.push({ kind: "no_listed_for_you", tone: "negative" });
  if (flags & F_COMPETITOR) {
    const capability = CAPABILITIES[(flags >>> COMPETITOR_SHIFT) & 31];
    if (capability) out.push({ kind: "likely_competitor", tone: "negative", capability });
  }
  if ((youOffer | youDescribe) === 0) out.push({ kind: "nothing_for_them", tone: "negative" });
  if (flags & F_NO_COMMON_MARKET) out.push({ kind: "no_common_market", tone: "negative" });
  else {
    if (flags & F_OUTSIDE_YOUR_MARKETS) out.push({ kind: "outside_your_markets", tone: "negative", country: theirCountry });
    if (flags & F_NOT_THEIR_MARKET) out.push({ kind: "not_their_market", tone: "negative", country: yourCountry });
  }
  if (flags & F_NO_LANGUAGE) out.push({ kind: "no_common_language", tone: "negative" });
  if (flags & F_NO_PARTNERSHIP) out.push({ kind: "no_shared_partnership", tone: "negative" });
  if (flags & F_SIZE_GAP) {
    const yours = SIZES[((flags >>> 16) & 15) - 1];
    const theirs = SIZES[((flags >>> 20) & 15) - 1];
    if (yours && theirs) out.push({ kind: "size_gap", tone: "negative", size: yours, theirSize: theirs });
  }
  return out;
}
