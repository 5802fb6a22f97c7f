// A company's listing: what the directory, matching and exports read (plain columns, the code
// tables, the search index), its working copy awaiting review, and the writes of both. Call the
// writes inside a transaction.
import type Database from "better-sqlite3";
import { eq } from "drizzle-orm";
import * as schema from "../../../db/schema";
import { companies } from "../../../db/schema";
import { getSqlite, preparedOnce, type DbOrTx } from "~/db.server";
import { CHANNEL_FIELDS, profileSchema, type Profile } from "./schemas";
import { foldForSearch } from "~/utils/text";
import type { CapabilityCode, CountryCode, LanguageCode, PartnershipTypeCode, SectorCode, SizeCode } from "./taxonomy";
import { nowSeconds } from "~/utils/time";

/**
 * The profile awaiting review. Only saveProfile writes the column, from a parsed Profile; the
 * schema types it loosely because it imports nothing of the app.
 */
export function draftOf(row: { draft: Record<string, unknown> | null }): Profile | null {
  // A draft saved before the phone and handles existed has none of them.
  return row.draft ? ({ ...row.draft, ...Object.fromEntries(CHANNEL_FIELDS.map((f) => [f, row.draft![f] ?? null])) } as Profile) : null;
}

export type CompanyStatus = (typeof schema.COMPANY_STATUSES)[number];

// ---- the listing: plain columns, code tables and the search index ----

const CODE_TABLES = [
  { field: "sectors", table: "company_sectors", column: "sector" },
  { field: "offers", table: "company_offers", column: "capability" },
  { field: "needs", table: "company_needs", column: "capability" },
  { field: "partnershipTypes", table: "company_partnership_types", column: "partnership_type" },
  { field: "targetMarkets", table: "company_target_markets", column: "country" },
] as const;

type Statements = {
  insertCompany: Database.Statement;
  updateListing: Database.Statement;
  deleteCodes: Database.Statement[];
  insertCodes: Database.Statement[];
  setExternalId: Database.Statement;
  setImported: Database.Statement;
  deleteSearch: Database.Statement;
  insertSearch: Database.Statement;
};

// Listing writes run 20 statements per company; an import of 100,000 firms runs two million.
// Prepared once per connection and run directly, they cost microseconds each.
const statements = preparedOnce(({ sqlite }): Statements => ({
  insertCompany: sqlite.prepare(
    `insert into companies (external_id, status, name, local_name, country, city, website, founded_year, size,
       languages, description, contact_name, contact_email, phone, wechat, whatsapp, line, zalo, telegram,
       sort_name, visible, published_at, submitted_at, created_at, updated_at)
     values (@externalId, @status, @name, @localName, @country, @city, @website, @foundedYear, @size,
       @languages, @description, @contactName, @contactEmail, @phone, @wechat, @whatsapp, @line, @zalo, @telegram,
       @sortName, @visible, @publishedAt, @submittedAt, @now, @now)`,
  ),
  updateListing: sqlite.prepare(
    `update companies set name = @name, local_name = @localName, country = @country, city = @city, website = @website,
       founded_year = @foundedYear, size = @size, languages = @languages, description = @description,
       contact_name = @contactName, contact_email = @contactEmail, phone = @phone, wechat = @wechat,
       whatsapp = @whatsapp, line = @line, zalo = @zalo, telegram = @telegram, sort_name = @sortName
     where id = @id`,
  ),
  deleteCodes: CODE_TABLES.map((t) => sqlite.prepare(`delete from ${t.table} where company_id = ?`)),
  insertCodes: CODE_TABLES.map((t) => sqlite.prepare(`insert into ${t.table} (company_id, ${t.column}) values (?, ?)`)),
  setExternalId: sqlite.prepare("update companies set external_id = ? where id = ?"),
  setImported: sqlite.prepare(
    `update companies set status = @status, draft = @draft, published_at = @publishedAt, visible = @visible,
       submitted_at = @submittedAt, rejection_reason = null, updated_at = @now
     where id = @id`,
  ),
  deleteSearch: sqlite.prepare("delete from company_search where rowid = ?"),
  insertSearch: sqlite.prepare("insert into company_search (rowid, text) values (?, ?)"),
}));

function listingColumns(profile: Profile) {
  return {
    name: profile.name,
    localName: profile.localName,
    country: profile.country,
    city: profile.city,
    website: profile.website,
    foundedYear: profile.foundedYear,
    size: profile.size,
    languages: JSON.stringify(profile.languages),
    description: profile.description,
    contactName: profile.contactName,
    contactEmail: profile.contactEmail,
    phone: profile.phone ?? null,
    wechat: profile.wechat ?? null,
    whatsapp: profile.whatsapp ?? null,
    line: profile.line ?? null,
    zalo: profile.zalo ?? null,
    telegram: profile.telegram ?? null,
    sortName: sortKeyOf(profile),
  };
}

/** The directory's order and the haystack of short searches: folded name, then local name. */
export function sortKeyOf(profile: Pick<Profile, "name" | "localName">) {
  return foldForSearch(profile.localName ? `${profile.name} ${profile.localName}` : profile.name);
}

/** What search looks through: names in both scripts and the description, folded. */
function searchTextOf(profile: Pick<Profile, "name" | "localName" | "description">) {
  return foldForSearch([profile.name, profile.localName ?? "", profile.description ?? ""].join(" "));
}

function writeCodes(companyId: number, profile: Profile, fresh: boolean) {
  const s = statements();
  CODE_TABLES.forEach((t, i) => {
    if (!fresh) s.deleteCodes[i].run(companyId);
    for (const code of profile[t.field]) s.insertCodes[i].run(companyId, code);
  });
}

/** A listing whose search text is still to be written (see writeSearch). */
export type PendingSearch = { companyId: number; profile: Profile; fresh: boolean };

/**
 * Writes search rows. An import writes them all after its other rows: the full-text index
 * flushes its buffer to disk at every statement savepoint, so interleaving its inserts with
 * other tables' would write it a row at a time (3× slower at 100,000 companies).
 */
export function writeSearch(pending: PendingSearch[]) {
  const s = statements();
  for (const { companyId, profile, fresh } of pending) {
    if (!fresh) s.deleteSearch.run(companyId);
    s.insertSearch.run(companyId, searchTextOf(profile));
  }
}

/** Replaces the listing (columns, codes, search) of a company with `profile`. Call inside a transaction. */
export function writeListing(companyId: number, profile: Profile, later?: PendingSearch[]) {
  statements().updateListing.run({ id: companyId, ...listingColumns(profile) });
  writeCodes(companyId, profile, false);
  const search = { companyId, profile, fresh: false };
  if (later) later.push(search);
  else writeSearch([search]);
}

/**
 * Inserts a company whose listing is `profile`. Call inside a transaction. Companies made in the
 * app get the external id `bridge-<id>`, so an export can be imported again without duplicates.
 */
export function insertCompany(
  input: { externalId?: string; status: CompanyStatus; profile: Profile; published: boolean; now?: number },
  later?: PendingSearch[],
): number {
  const now = input.now ?? nowSeconds();
  const s = statements();
  const id = Number(
    s.insertCompany.run({
      externalId: input.externalId ?? `new-${crypto.randomUUID()}`,
      status: input.status,
      ...listingColumns(input.profile),
      visible: input.published ? 1 : 0,
      publishedAt: input.published ? now : null,
      submittedAt: input.status === "pending" ? now : null,
      now,
    }).lastInsertRowid,
  );
  if (!input.externalId) s.setExternalId.run(`bridge-${id}`, id);
  writeCodes(id, input.profile, true);
  const search = { companyId: id, profile: input.profile, fresh: true };
  if (later) later.push(search);
  else writeSearch([search]);
  return id;
}

/**
 * Creates or updates the company with this external id from an import. Call inside a transaction,
 * then writeSearch(later). `approved`: the profile is the listing at once. `pending`: it waits
 * for review and an earlier approved listing stays visible meanwhile.
 */
export function upsertImportedCompany(
  existing: { id: number; publishedAt: number | null; suspendedAt: number | null } | undefined,
  input: { externalId: string; profile: Profile; status: "approved" | "pending"; now: number },
  later: PendingSearch[],
): "created" | "updated" {
  const approved = input.status === "approved";
  if (!existing) {
    insertCompany({ externalId: input.externalId, status: input.status, profile: input.profile, published: approved, now: input.now }, later);
    return "created";
  }
  const publishedAt = approved ? (existing.publishedAt ?? input.now) : existing.publishedAt;
  // A pending import of an approved company waits beside its listing, like a member's edit.
  const asDraft = !approved && existing.publishedAt !== null;
  statements().setImported.run({
    id: existing.id,
    status: input.status,
    draft: asDraft ? JSON.stringify(input.profile) : null,
    publishedAt,
    visible: visibility({ publishedAt, suspendedAt: existing.suspendedAt }) ? 1 : 0,
    submittedAt: approved ? null : input.now,
    now: input.now,
  });
  if (!asDraft) writeListing(existing.id, input.profile, later);
  return "updated";
}

/** Approved once and not suspended: the only companies anyone but their own users and staff see. */
export function visibility(row: { publishedAt: number | null; suspendedAt: number | null }) {
  return row.publishedAt !== null && row.suspendedAt === null;
}

export function isComplete(profile: Profile) {
  return profileSchema.safeParse(profile).success;
}

/** The listing as a Profile: the last approved version (or the working copy if none was ever approved). */
export function getListing(db: DbOrTx, { companyId }: { companyId: number }): Profile | null {
  const row = db.select().from(companies).where(eq(companies.id, companyId)).get();
  if (!row) return null;
  const codes = listCodes([companyId]).get(companyId)!;
  return {
    name: row.name,
    localName: row.localName,
    country: row.country as CountryCode,
    city: row.city,
    website: row.website,
    foundedYear: row.foundedYear,
    size: row.size as SizeCode | null,
    languages: row.languages as LanguageCode[],
    description: row.description,
    contactName: row.contactName,
    contactEmail: row.contactEmail,
    phone: row.phone,
    wechat: row.wechat,
    whatsapp: row.whatsapp,
    line: row.line,
    zalo: row.zalo,
    telegram: row.telegram,
    ...codes,
  };
}

type CodeLists = {
  sectors: SectorCode[];
  offers: CapabilityCode[];
  needs: CapabilityCode[];
  partnershipTypes: PartnershipTypeCode[];
  targetMarkets: CountryCode[];
};

const CODE_LIST_FIELDS = ["sectors", "offers", "needs", "partnershipTypes", "targetMarkets"] as const;

// One statement for the code tables asked for, the ids passed as one JSON array: prepared once
// per connection and choice of lists (pages read the codes of 50 partners on every request).
const CODE_LIST_TABLES: Record<(typeof CODE_LIST_FIELDS)[number], [table: string, column: string]> = {
  sectors: ["company_sectors", "sector"],
  offers: ["company_offers", "capability"],
  needs: ["company_needs", "capability"],
  partnershipTypes: ["company_partnership_types", "partnership_type"],
  targetMarkets: ["company_target_markets", "country"],
};
const codesStatements = preparedOnce(() => new Map<string, Database.Statement>());
function codesStatement(sqlite: Database.Database, fields: readonly (keyof CodeLists)[]) {
  const cache = codesStatements();
  const key = fields.join(",");
  let st = cache.get(key);
  if (!st) {
    const parts = fields.map((field) => {
      const [table, column] = CODE_LIST_TABLES[field];
      return `select ${CODE_LIST_FIELDS.indexOf(field)} as f, company_id as c, ${column} as code from ${table} where company_id in (select value from json_each(@ids))`;
    });
    st = sqlite.prepare(`${parts.join(" union all ")} order by f, c, code`);
    cache.set(key, st);
  }
  return st;
}

/**
 * The code lists of several companies' listings, in taxonomy-independent stored order; only
 * `fields` are read (the others stay empty). Reads through the connection itself, so inside a
 * caller's transaction too (better-sqlite3 transactions are per connection).
 */
export function listCodes(companyIds: number[], fields: readonly (keyof CodeLists)[] = CODE_LIST_FIELDS): Map<number, CodeLists> {
  const out = new Map<number, CodeLists>();
  for (const id of companyIds) out.set(id, { sectors: [], offers: [], needs: [], partnershipTypes: [], targetMarkets: [] });
  if (companyIds.length === 0 || fields.length === 0) return out;
  const rows = codesStatement(getSqlite(), fields).all({ ids: JSON.stringify(companyIds) }) as { f: number; c: number; code: string }[];
  for (const r of rows) (out.get(r.c)![CODE_LIST_FIELDS[r.f]] as string[]).push(r.code);
  return out;
}
