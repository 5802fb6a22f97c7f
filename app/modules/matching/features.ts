// What the scorer reads of a company, and the same as bit masks and relevance: the features the
// engine keeps in memory per firm. Pure, no database. Client-safe.
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
import { describedRelevance } from "./relevance";

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

if (CAPABILITIES.length > 31) throw new Error("matching: capability masks hold 31 codes; widen them first");

const CAP_INDEX = new Map<string, number>(CAPABILITIES.map((c, i) => [c, i]));
const COUNTRY_INDEX = new Map<string, number>(COUNTRIES.map((c, i) => [c, i]));
const SECTOR_INDEX = new Map<string, number>(SECTORS.map((c, i) => [c, i]));
const PT_INDEX = new Map<string, number>(PARTNERSHIP_TYPES.map((c, i) => [c, i]));
const LANGUAGE_INDEX = new Map<string, number>(LANGUAGES.map((c, i) => [c, i]));
const SIZE_INDEX = new Map<string, number>(SIZES.map((c, i) => [c, i]));

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
