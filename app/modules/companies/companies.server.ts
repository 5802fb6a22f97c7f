// Company profiles and their moderation: create and edit the working copy, submit it, approve or
// reject it, suspend and restore a firm. Every state change checks the current state inside the
// transaction that changes it.
import type Database from "better-sqlite3";
import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import * as schema from "../../../db/schema";
import { companies, companyMembers, profileReviews, users } from "../../../db/schema";
import { getDb, getSqlite, preparedOnce, type DbOrTx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { endSessionsOfUsers } from "~/modules/auth/session.server";
import { queueEmail } from "~/modules/notifications/outbox.server";
import { isMaterialChange, profileSchema, type Profile } from "./schemas";
import { foldForSearch } from "~/utils/text";
import type { CapabilityCode, CountryCode, LanguageCode, PartnershipTypeCode, SectorCode, SizeCode } from "./taxonomy";
import { nowSeconds } from "~/utils/time";

/**
 * The profile awaiting review. Only saveProfile writes the column, from a parsed Profile; the
 * schema types it loosely because it imports nothing of the app.
 */
function draftOf(row: { draft: Record<string, unknown> | null }): Profile | null {
  return row.draft as Profile | null;
}

export type CompanyStatus = (typeof schema.COMPANY_STATUSES)[number];
export type CompanyRow = typeof companies.$inferSelect;

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
const statements = preparedOnce((_db, sqlite): Statements => ({
  insertCompany: sqlite.prepare(
    `insert into companies (external_id, status, name, local_name, country, city, website, founded_year, size,
       languages, description, contact_name, contact_email, sort_name, visible, published_at, submitted_at, created_at, updated_at)
     values (@externalId, @status, @name, @localName, @country, @city, @website, @foundedYear, @size,
       @languages, @description, @contactName, @contactEmail, @sortName, @visible, @publishedAt, @submittedAt, @now, @now)`,
  ),
  updateListing: sqlite.prepare(
    `update companies set name = @name, local_name = @localName, country = @country, city = @city, website = @website,
       founded_year = @foundedYear, size = @size, languages = @languages, description = @description,
       contact_name = @contactName, contact_email = @contactEmail, sort_name = @sortName
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
    sortName: sortKeyOf(profile),
  };
}

/** The directory's order and the haystack of short searches: folded name, then local name. */
export function sortKeyOf(profile: Pick<Profile, "name" | "localName">) {
  return foldForSearch(profile.localName ? `${profile.name} ${profile.localName}` : profile.name);
}

/** What search looks through: names in both scripts and the description, folded. */
export function searchTextOf(profile: Pick<Profile, "name" | "localName" | "description">) {
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
  const codes = listCodes(db, [companyId]).get(companyId)!;
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
    ...codes,
  };
}

export type CodeLists = {
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
 * `fields` are read (the others stay empty). Reads through the connection itself (`db` only
 * names the transaction it runs in: better-sqlite3 transactions are per connection).
 */
export function listCodes(_db: DbOrTx, companyIds: number[], fields: readonly (keyof CodeLists)[] = CODE_LIST_FIELDS): Map<number, CodeLists> {
  const out = new Map<number, CodeLists>();
  for (const id of companyIds) out.set(id, { sectors: [], offers: [], needs: [], partnershipTypes: [], targetMarkets: [] });
  if (companyIds.length === 0 || fields.length === 0) return out;
  const rows = codesStatement(getSqlite(), fields).all({ ids: JSON.stringify(companyIds) }) as { f: number; c: number; code: string }[];
  for (const r of rows) (out.get(r.c)![CODE_LIST_FIELDS[r.f]] as string[]).push(r.code);
  return out;
}

// ---- membership ----

/** A user's firm and role in it; `suspended`: staff suspended the firm, whose members may then do nothing as it. */
export type Membership = { companyId: number; role: "owner" | "member"; suspended: boolean };

const membershipQuery = preparedOnce((db) =>
  db
    .select({ companyId: companyMembers.companyId, role: companyMembers.role, suspendedAt: companies.suspendedAt })
    .from(companyMembers)
    .innerJoin(companies, eq(companies.id, companyMembers.companyId))
    .where(eq(companyMembers.userId, sql.placeholder("userId")))
    .prepare(),
);

export function getMembership({ userId }: { userId: string }): Membership | null {
  const row = membershipQuery().get({ userId });
  return row ? { companyId: row.companyId, role: row.role, suspended: row.suspendedAt !== null } : null;
}

/** The company a user belongs to, read in the caller's transaction; null when none. */
export function getCompanyIdOfMember(db: DbOrTx, { userId }: { userId: string }): number | null {
  return db.select({ companyId: companyMembers.companyId }).from(companyMembers).where(eq(companyMembers.userId, userId)).get()?.companyId ?? null;
}

/**
 * Whether staff suspended the company. A suspended firm cannot act: every module function a
 * firm's member calls (introductions, profile, team, matches) refuses with `company_suspended`,
 * and its open introductions are held. Pass the transaction that acts, so the answer is current.
 */
export function isCompanySuspended(db: DbOrTx, companyId: number): boolean {
  return db.select({ suspendedAt: companies.suspendedAt }).from(companies).where(eq(companies.id, companyId)).get()?.suspendedAt != null;
}

/** The members of a company with the e-mail addresses and languages they receive mail in. */
export function listCompanyMembers(db: DbOrTx, { companyId }: { companyId: number }) {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, locale: users.locale, role: companyMembers.role })
    .from(companyMembers)
    .innerJoin(users, eq(users.id, companyMembers.userId))
    .where(eq(companyMembers.companyId, companyId))
    .orderBy(asc(companyMembers.createdAt), asc(users.name))
    .all();
}

/** The suspended firm of a member, for the page that tells them so; null when theirs is not suspended. */
export function getSuspendedCompanyOf({ userId }: { userId: string }): { id: number; name: string; localName: string | null; suspendedAt: number } | null {
  const row = getDb()
    .select({ id: companies.id, name: companies.name, localName: companies.localName, suspendedAt: companies.suspendedAt })
    .from(companyMembers)
    .innerJoin(companies, eq(companies.id, companyMembers.companyId))
    .where(eq(companyMembers.userId, userId))
    .get();
  return row && row.suspendedAt !== null ? { id: row.id, name: row.name, localName: row.localName, suspendedAt: row.suspendedAt } : null;
}

// ---- the firm's own view ----

export type OwnCompany = {
  id: number;
  externalId: string;
  status: CompanyStatus;
  profile: Profile;
  visible: boolean;
  published: boolean;
  suspended: boolean;
  rejectionReason: string | null;
  /** Whether the working copy differs from what the directory shows (a change awaiting review). */
  hasUnpublishedChanges: boolean;
  role: "owner" | "member";
};

/**
 * A company as one of its own users sees it, or null when the user is not a member of it.
 * Anyone else gets null too, so a route answers 404 whether the company exists or not.
 */
export function getOwnCompany({ companyId, userId }: { companyId: number; userId: string }): OwnCompany | null {
  const db = getDb();
  const membership = db
    .select({ role: companyMembers.role })
    .from(companyMembers)
    .where(and(eq(companyMembers.userId, userId), eq(companyMembers.companyId, companyId)))
    .get();
  if (!membership) return null;
  const row = db.select().from(companies).where(eq(companies.id, companyId)).get();
  if (!row) return null;
  return {
    id: row.id,
    externalId: row.externalId,
    status: row.status,
    profile: draftOf(row) ?? getListing(db, { companyId })!,
    visible: row.visible,
    published: row.publishedAt !== null,
    suspended: row.suspendedAt !== null,
    rejectionReason: row.status === "rejected" ? row.rejectionReason : null,
    hasUnpublishedChanges: row.draft !== null,
    role: membership.role,
  };
}

/** A member creates their firm's profile and becomes its owner. */
export function createCompany(input: {
  userId: string;
  profile: Profile;
  submit: boolean;
}): { ok: true; companyId: number } | { ok: false; reason: "already_member" } {
  return getDb().transaction((tx) => {
    const existing = tx.select().from(companyMembers).where(eq(companyMembers.userId, input.userId)).get();
    if (existing) return { ok: false as const, reason: "already_member" as const };
    const companyId = insertCompany({ status: input.submit ? "pending" : "draft", profile: input.profile, published: false });
    tx.insert(companyMembers).values({ userId: input.userId, companyId, role: "owner" }).run();
    return { ok: true as const, companyId };
  });
}

export type SaveOutcome = "saved" | "submitted" | "published";

/**
 * Saves the working copy of a company's profile, and submits it for review when asked.
 * Once a firm was approved, an edit that leaves name, country, offers and needs alone goes live
 * at once; an edit of any of those waits for review while the approved version stays listed.
 */
export function saveProfile(input: {
  companyId: number;
  userId: string;
  profile: Profile;
  submit: boolean;
}): { ok: true; outcome: SaveOutcome } | { ok: false; reason: "not_found" | "company_suspended" } {
  return getDb().transaction((tx) => {
    const member = tx
      .select()
      .from(companyMembers)
      .where(and(eq(companyMembers.userId, input.userId), eq(companyMembers.companyId, input.companyId)))
      .get();
    const row = member ? tx.select().from(companies).where(eq(companies.id, input.companyId)).get() : undefined;
    if (!row) return { ok: false as const, reason: "not_found" as const };
    if (row.suspendedAt !== null) return { ok: false as const, reason: "company_suspended" as const };
    const now = nowSeconds();
    let draft: Profile | null = null;
    if (row.publishedAt !== null) {
      const listing = getListing(tx, { companyId: row.id })!;
      if (!isMaterialChange(listing, input.profile) && isComplete(input.profile)) {
        tx.update(companies).set({ draft: null, status: "approved", rejectionReason: null, updatedAt: now }).where(eq(companies.id, row.id)).run();
        writeListing(row.id, input.profile);
        return { ok: true as const, outcome: "published" as const };
      }
      // The approved listing stays visible; the change waits beside it.
      draft = input.profile;
    } else {
      // Never approved: the listing is the working copy (hidden until approval).
      writeListing(row.id, input.profile);
    }
    const base = { draft, updatedAt: now, rejectionReason: null };
    tx.update(companies)
      .set(input.submit ? { ...base, status: "pending" as const, submittedAt: now } : { ...base, status: "draft" as const })
      .where(eq(companies.id, row.id))
      .run();
    return { ok: true as const, outcome: input.submit ? ("submitted" as const) : ("saved" as const) };
  });
}

// ---- moderation ----

type ReviewResult = { ok: true; companyId: number; members: ReturnType<typeof listCompanyMembers> } | { ok: false; reason: "not_found" | "not_pending" };

/** Staff approve a submitted profile: the working copy becomes the listing. */
export function approveProfile(input: { companyId: number; staffUserId: string }): ReviewResult {
  return getDb().transaction((tx) => {
    const row = tx.select().from(companies).where(eq(companies.id, input.companyId)).get();
    if (!row) return { ok: false as const, reason: "not_found" as const };
    if (row.status !== "pending") return { ok: false as const, reason: "not_pending" as const };
    const now = nowSeconds();
    const publishedAt = row.publishedAt ?? now;
    tx.update(companies)
      .set({
        status: "approved",
        publishedAt,
        visible: visibility({ publishedAt, suspendedAt: row.suspendedAt }),
        reviewedAt: now,
        reviewedByUserId: input.staffUserId,
        rejectionReason: null,
        draft: null,
        updatedAt: now,
      })
      .where(eq(companies.id, row.id))
      .run();
    if (row.draft) writeListing(row.id, draftOf(row)!);
    recordAudit(tx, {
      actorUserId: input.staffUserId,
      action: "company.approve",
      entityType: "company",
      entityId: row.id,
      before: { status: row.status, visible: row.visible, rejectionReason: row.rejectionReason },
      after: { status: "approved", visible: visibility({ publishedAt, suspendedAt: row.suspendedAt }), rejectionReason: null },
    });
    const review = tx
      .insert(profileReviews)
      .values({ companyId: row.id, decision: "approved", staffUserId: input.staffUserId, createdAt: now })
      .returning({ id: profileReviews.id })
      .get();
    const members = listCompanyMembers(tx, { companyId: row.id });
    const companyName = draftOf(row)?.name ?? row.name;
    // Each member in their own language (queueEmail reads it from the user).
    for (const m of members) {
      queueEmail(tx, {
        key: `company-approved:${review.id}:${m.userId}`,
        to: m.email,
        userId: m.userId,
        category: "account",
        template: "company_approved",
        params: { name: m.name, companyName, companyId: row.id },
      });
    }
    return { ok: true as const, companyId: row.id, members };
  });
}

/** Staff reject a submitted profile with a reason the firm sees; an earlier approved listing stays. */
export function rejectProfile(input: { companyId: number; staffUserId: string; reason: string }): ReviewResult {
  return getDb().transaction((tx) => {
    const row = tx.select().from(companies).where(eq(companies.id, input.companyId)).get();
    if (!row) return { ok: false as const, reason: "not_found" as const };
    if (row.status !== "pending") return { ok: false as const, reason: "not_pending" as const };
    const now = nowSeconds();
    tx.update(companies)
      .set({ status: "rejected", rejectionReason: input.reason, reviewedAt: now, reviewedByUserId: input.staffUserId, updatedAt: now })
      .where(eq(companies.id, row.id))
      .run();
    recordAudit(tx, {
      actorUserId: input.staffUserId,
      action: "company.reject",
      entityType: "company",
      entityId: row.id,
      before: { status: row.status, rejectionReason: row.rejectionReason },
      after: { status: "rejected", rejectionReason: input.reason },
    });
    const review = tx
      .insert(profileReviews)
      .values({ companyId: row.id, decision: "rejected", reason: input.reason, staffUserId: input.staffUserId, createdAt: now })
      .returning({ id: profileReviews.id })
      .get();
    const members = listCompanyMembers(tx, { companyId: row.id });
    const companyName = draftOf(row)?.name ?? row.name;
    for (const m of members) {
      queueEmail(tx, {
        key: `company-rejected:${review.id}:${m.userId}`,
        to: m.email,
        userId: m.userId,
        category: "account",
        template: "company_rejected",
        params: { name: m.name, companyName, companyId: row.id, reason: input.reason },
      });
    }
    return { ok: true as const, companyId: row.id, members };
  });
}

/** Hides a company everywhere and signs its users out. */
export function suspendCompany(input: { companyId: number; staffUserId: string }): { ok: true } | { ok: false; reason: "not_found" | "already_suspended" } {
  return getDb().transaction((tx) => {
    const row = tx.select().from(companies).where(eq(companies.id, input.companyId)).get();
    if (!row) return { ok: false as const, reason: "not_found" as const };
    if (row.suspendedAt !== null) return { ok: false as const, reason: "already_suspended" as const };
    const now = nowSeconds();
    tx.update(companies).set({ suspendedAt: now, visible: false, updatedAt: now }).where(eq(companies.id, row.id)).run();
    recordAudit(tx, {
      actorUserId: input.staffUserId,
      action: "company.suspend",
      entityType: "company",
      entityId: row.id,
      before: { suspended: false, visible: row.visible },
      after: { suspended: true, visible: false },
    });
    const userIds = tx.select({ userId: companyMembers.userId }).from(companyMembers).where(eq(companyMembers.companyId, row.id)).all();
    endSessionsOfUsers(tx, { userIds: userIds.map((u) => u.userId) });
    return { ok: true as const };
  });
}

export function restoreCompany(input: { companyId: number; staffUserId: string }): { ok: true } | { ok: false; reason: "not_found" | "not_suspended" } {
  return getDb().transaction((tx) => {
    const row = tx.select().from(companies).where(eq(companies.id, input.companyId)).get();
    if (!row) return { ok: false as const, reason: "not_found" as const };
    if (row.suspendedAt === null) return { ok: false as const, reason: "not_suspended" as const };
    const now = nowSeconds();
    const visible = visibility({ publishedAt: row.publishedAt, suspendedAt: null });
    tx.update(companies).set({ suspendedAt: null, visible, updatedAt: now }).where(eq(companies.id, row.id)).run();
    // Its open introductions, held while it was suspended, get back the time they were held:
    // a trigger does it in this transaction (migrations/0012_held_introductions_resume.sql).
    recordAudit(tx, {
      actorUserId: input.staffUserId,
      action: "company.restore",
      entityType: "company",
      entityId: row.id,
      before: { suspended: true, visible: row.visible },
      after: { suspended: false, visible },
    });
    return { ok: true as const };
  });
}

// ---- staff views ----

/** Submitted profiles, oldest first. */
export function listReviewQueue() {
  return getDb()
    .select({
      id: companies.id,
      name: companies.name,
      localName: companies.localName,
      country: companies.country,
      draft: companies.draft,
      published: sql<number>`${companies.publishedAt} is not null`,
      submittedAt: companies.submittedAt,
    })
    .from(companies)
    .where(eq(companies.status, "pending"))
    .orderBy(asc(companies.submittedAt), asc(companies.id))
    .all()
    .map(({ draft: stored, ...r }) => {
      const draft = draftOf({ draft: stored });
      return {
        ...r,
        name: draft?.name ?? r.name,
        localName: draft ? draft.localName : r.localName,
        country: draft?.country ?? r.country,
        published: !!r.published,
      };
    });
}

export function countReviewQueue() {
  return getDb()
    .select({ n: sql<number>`count(*)` })
    .from(companies)
    .where(eq(companies.status, "pending"))
    .get()!.n;
}

/** Everything staff need to review a company: working copy, listing, members, history. */
export function getCompanyForStaff({ companyId }: { companyId: number }) {
  const db = getDb();
  const row = db.select().from(companies).where(eq(companies.id, companyId)).get();
  if (!row) return null;
  const listing = getListing(db, { companyId })!;
  const reviews = db
    .select({ decision: profileReviews.decision, reason: profileReviews.reason, createdAt: profileReviews.createdAt, staffName: users.name })
    .from(profileReviews)
    .leftJoin(users, eq(users.id, profileReviews.staffUserId))
    .where(eq(profileReviews.companyId, companyId))
    .orderBy(desc(profileReviews.createdAt), desc(profileReviews.id))
    .all();
  return {
    id: row.id,
    externalId: row.externalId,
    status: row.status,
    profile: draftOf(row) ?? listing,
    // The approved listing, when a change to it awaits review.
    listing: row.draft ? listing : null,
    changedFields: row.draft ? changedFields(listing, draftOf(row)!) : [],
    visible: row.visible,
    suspended: row.suspendedAt !== null,
    rejectionReason: row.rejectionReason,
    submittedAt: row.submittedAt,
    members: listCompanyMembers(db, { companyId }).map(({ userId, name, email, role }) => ({ userId, name, email, role })),
    reviews,
  };
}

function changedFields(before: Profile, after: Profile): (keyof Profile)[] {
  return (Object.keys(after) as (keyof Profile)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

export const STAFF_PAGE_SIZE = 50;

/** All companies for staff, newest first, optionally by status or a name search. */
export function listCompaniesForStaff(input: { q?: string; status?: CompanyStatus | "suspended"; page?: number }) {
  const db = getDb();
  const conds: SQL[] = [];
  if (input.status === "suspended") conds.push(sql`${companies.suspendedAt} is not null`);
  else if (input.status) conds.push(eq(companies.status, input.status));
  const q = input.q ? foldForSearch(input.q) : "";
  if (q) conds.push(sql`(instr(${companies.sortName}, ${q}) > 0 or instr(lower(${companies.externalId}), ${q}) > 0)`);
  const where = conds.length ? and(...conds) : undefined;
  const total = db
    .select({ n: sql<number>`count(*)` })
    .from(companies)
    .where(where)
    .get()!.n;
  const page = Math.max(1, Math.min(input.page ?? 1, Math.max(1, Math.ceil(total / STAFF_PAGE_SIZE))));
  const rows = db
    .select({
      id: companies.id,
      externalId: companies.externalId,
      name: companies.name,
      localName: companies.localName,
      country: companies.country,
      status: companies.status,
      visible: companies.visible,
      suspendedAt: companies.suspendedAt,
      members: sql<number>`(select count(*) from company_members m where m.company_id = ${companies.id})`,
    })
    .from(companies)
    .where(where)
    .orderBy(desc(companies.id))
    .limit(STAFF_PAGE_SIZE)
    .offset((page - 1) * STAFF_PAGE_SIZE)
    .all()
    .map((r) => ({ ...r, suspended: r.suspendedAt !== null }));
  return { total, page, pageCount: Math.max(1, Math.ceil(total / STAFF_PAGE_SIZE)), companies: rows };
}
