// The directory: approved, visible companies, searched and filtered, one page at a time.
// Contact name and e-mail are never selected here: they cannot leak into a page by accident.
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import { companies, companyNeeds, companyOffers, companyPartnershipTypes, companySectors } from "../../../db/schema";
import { getDb } from "~/db.server";
import { listCodes } from "./listing.server";
import { foldForSearch } from "~/utils/text";
import type { CapabilityCode, CountryCode, LanguageCode, PartnershipTypeCode, SectorCode, SizeCode } from "./taxonomy";

const DIRECTORY_PAGE_SIZE = 20;
const MAX_QUERY_CHARS = 100;

type DirectoryFilters = {
  q?: string;
  country?: CountryCode;
  sector?: SectorCode;
  offers?: CapabilityCode;
  needs?: CapabilityCode;
  partnershipType?: PartnershipTypeCode;
  page?: number;
};

// The public columns of a listing: what any signed-in firm may see.
const publicColumns = {
  id: companies.id,
  name: companies.name,
  localName: companies.localName,
  country: companies.country,
  city: companies.city,
  size: companies.size,
  description: companies.description,
};

/**
 * The words a query looks for: each short word (one or two characters: a Vietnamese syllable,
 * "PT") joins the next word into one phrase, or the last phrase at the end, so that "vi dien tu"
 * looks for that phrase. `phrases` go to the trigram index of names and descriptions. A query of
 * short words only (a two-character Chinese name) looks through the names.
 */
export function searchTerms(q: string): { phrases: string[]; nameWords: string[] } {
  const words = foldForSearch(q).slice(0, MAX_QUERY_CHARS).split(" ").filter(Boolean);
  const isShort = (w: string) => [...w].length < 3;
  if (words.every(isShort)) return { phrases: [], nameWords: [...new Set(words)] };
  const phrases: string[] = [];
  let pending: string[] = [];
  for (const w of words) {
    pending.push(w);
    if (!isShort(w)) {
      phrases.push(pending.join(" "));
      pending = [];
    }
  }
  if (pending.length) phrases[phrases.length - 1] += ` ${pending.join(" ")}`;
  return { phrases: [...new Set(phrases)], nameWords: [] };
}

function searchCondition(q: string): SQL | null {
  const { phrases, nameWords } = searchTerms(q);
  if (nameWords.length) return and(...nameWords.map((w) => sql`instr(${companies.sortName}, ${w}) > 0`))!;
  if (phrases.length === 0) return null;
  const match = phrases.map((p) => `"${p.replace(/"/g, '""')}"`).join(" AND ");
  return sql`${companies.id} in (select rowid from company_search where company_search match ${match})`;
}

function codeFilter(table: typeof companySectors, code: string | undefined): SQL | null {
  if (!code) return null;
  return sql`${companies.id} in (select ${table.companyId} from ${table} where ${table.code} = ${code})`;
}

type DirectoryCompany = {
  id: number;
  name: string;
  localName: string | null;
  country: CountryCode;
  city: string | null;
  size: SizeCode | null;
  description: string | null;
  sectors: SectorCode[];
  offers: CapabilityCode[];
  needs: CapabilityCode[];
  partnershipTypes: PartnershipTypeCode[];
};

/** One page of the directory and the number of matches, ordered by name. */
export function listDirectory(filters: DirectoryFilters, pageSize = DIRECTORY_PAGE_SIZE) {
  const db = getDb();
  const conds = [
    eq(companies.visible, true),
    filters.country ? eq(companies.country, filters.country) : null,
    codeFilter(companySectors, filters.sector),
    codeFilter(companyOffers, filters.offers),
    codeFilter(companyNeeds, filters.needs),
    codeFilter(companyPartnershipTypes, filters.partnershipType),
    filters.q ? searchCondition(filters.q) : null,
  ].filter((c): c is SQL => c !== null);
  const where = and(...conds);
  const total = db
    .select({ n: sql<number>`count(*)` })
    .from(companies)
    .where(where)
    .get()!.n;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(filters.page ?? 1)), pageCount);
  const rows = db
    .select(publicColumns)
    .from(companies)
    .where(where)
    .orderBy(asc(companies.sortName), asc(companies.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  const codes = listCodes(rows.map((r) => r.id));
  const list: DirectoryCompany[] = rows.map((r) => {
    const c = codes.get(r.id)!;
    return {
      ...r,
      country: r.country as CountryCode,
      size: r.size as SizeCode | null,
      sectors: c.sectors,
      offers: c.offers,
      needs: c.needs,
      partnershipTypes: c.partnershipTypes,
    };
  });
  return { total, page, pageCount, pageSize, companies: list };
}

export type CompanyPage = DirectoryCompany & {
  website: string | null;
  foundedYear: number | null;
  languages: LanguageCode[];
  targetMarkets: CountryCode[];
};

/** A visible company's public page, or null (not found, not approved, or suspended). */
export function getCompanyPage({ companyId }: { companyId: number }): CompanyPage | null {
  const db = getDb();
  const row = db
    .select({ ...publicColumns, website: companies.website, foundedYear: companies.foundedYear, languages: companies.languages })
    .from(companies)
    .where(and(eq(companies.id, companyId), eq(companies.visible, true)))
    .get();
  if (!row) return null;
  const c = listCodes([row.id]).get(row.id)!;
  return {
    ...row,
    country: row.country as CountryCode,
    size: row.size as SizeCode | null,
    languages: row.languages as LanguageCode[],
    ...c,
  };
}
