// The stored match lists as pages, the command line and other modules read them, and the few
// writes that do not need the engine (dismissals, settings; exclusions are exclusions.server.ts). SQL only: nothing here
// scores a pair. The engine and the work of keeping lists current live in sync.server.ts.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { companies, matchDismissals, matchLists, matchQueue, matchState } from "../../../db/schema";
import { getDb, preparedOnce, type DbOrTx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { isCompanySuspended } from "~/modules/companies/companies.server";
import { listCodes } from "~/modules/companies/listing.server";
import type { CapabilityCode, CountryCode, LanguageCode, PartnershipTypeCode, SectorCode, SizeCode } from "~/modules/companies/taxonomy";
import { queueJob } from "~/modules/jobs/jobs.server";
import { getSetting, setSetting } from "~/settings.server";
import { LIST_SHOWN } from "./engine";
import { DEFAULT_MIN_SCORE } from "./limits";
import { queueForSync } from "./exclusions.server";
import { decodeReasons, type Reason, type ReasonCode } from "./reason-codes";
import { ALGORITHM_VERSION, type EligibilityRules } from "./score";
import { nowSeconds } from "~/utils/time";

// ---- rules ----

const ASEAN_PAIRS_KEY = "matching.aseanPairs";

/** The job that rebuilds every list (its handler: sync.server.ts). */
export const REBUILD_JOB = "matching.rebuild";

export function getMatchingRules(db: DbOrTx = getDb()): EligibilityRules {
  return { aseanPairs: getSetting(db, ASEAN_PAIRS_KEY, false, (v): v is boolean => typeof v === "boolean") };
}

/** What the stored lists were built under; a different key means a full rebuild. */
export function rulesKey(rules: EligibilityRules) {
  return rules.aseanPairs ? "asean-pairs" : "china-asean";
}

/** Staff allow (or stop) ASEAN ↔ ASEAN matches. Every list is rebuilt, by a job queued with the change. */
export function setAseanPairs(input: { allowed: boolean; staffUserId: string }) {
  getDb().transaction((tx) => {
    const before = getMatchingRules(tx).aseanPairs;
    setSetting(tx, { key: ASEAN_PAIRS_KEY, value: input.allowed, userId: input.staffUserId });
    if (before !== input.allowed) queueJob(tx, { kind: REBUILD_JOB, coalesce: true, createdBy: input.staffUserId });
    recordAudit(tx, {
      actorUserId: input.staffUserId,
      action: "settings.asean_pairs",
      entityType: "setting",
      entityId: ASEAN_PAIRS_KEY,
      before: { allowed: before },
      after: { allowed: input.allowed },
    });
  });
}

// ---- the floor of what members are shown ----

const MIN_SCORE_KEY = "matching.minScore";
const isMinScore = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 100;

/**
 * The lowest score a member's list shows (and its counts and new-match e-mails count). The stored
 * lists keep every match, so a change applies at the next page view without a rebuild; staff's
 * own views and the command line read the whole list.
 */
export function getMinScore(db: DbOrTx = getDb()): number {
  return getSetting(db, MIN_SCORE_KEY, DEFAULT_MIN_SCORE, isMinScore);
}

export function setMinScore(input: { minScore: number; staffUserId: string }): { ok: true } | { ok: false; reason: "out_of_range" } {
  if (!isMinScore(input.minScore)) return { ok: false, reason: "out_of_range" };
  getDb().transaction((tx) => {
    const before = getMinScore(tx);
    setSetting(tx, { key: MIN_SCORE_KEY, value: input.minScore, userId: input.staffUserId });
    recordAudit(tx, {
      actorUserId: input.staffUserId,
      action: "settings.min_score",
      entityType: "setting",
      entityId: MIN_SCORE_KEY,
      before: { minScore: before },
      after: { minScore: input.minScore },
    });
  });
  return { ok: true };
}

const minScoreError = { error: "settings.errors.minScore" } as const;

// The admin settings page's field, server-only as only that page's action reads it (a schema in a
// client-safe file would name its message in every match page).
/** The settings page's floor of the members' match lists: a whole number from 0 to 100, as typed. */
export const minScoreFormSchema = z.strictObject({
  intent: z.literal("minScore"),
  minScore: z
    .string(minScoreError)
    .trim()
    .regex(/^\d{1,3}$/, minScoreError)
    .transform(Number)
    .pipe(z.number().int().min(0, minScoreError).max(100, minScoreError)),
});

/** Staff ask for every list to be rebuilt: the request is stored and a rebuild job queued with it. */
export function requestRebuild(input: { staffUserId: string }) {
  getDb().transaction((tx) => {
    const before = tx.select({ at: matchState.rebuildRequestedAt }).from(matchState).where(eq(matchState.id, 1)).get();
    const now = nowSeconds();
    tx.update(matchState).set({ rebuildRequestedAt: now, updatedAt: now }).where(eq(matchState.id, 1)).run();
    queueJob(tx, { kind: REBUILD_JOB, coalesce: true, createdBy: input.staffUserId });
    recordAudit(tx, {
      actorUserId: input.staffUserId,
      action: "matching.rebuild",
      entityType: "match_state",
      entityId: 1,
      before: { rebuildRequestedAt: before?.at ?? null },
      after: { rebuildRequestedAt: now },
    });
  });
}

/** For staff: how current the lists are. */
export function getMatchingStatus() {
  const db = getDb();
  const state = db.select().from(matchState).where(eq(matchState.id, 1)).get();
  const lists = db
    .select({ n: sql<number>`count(*)` })
    .from(matchLists)
    .get()!.n;
  const queued = db
    .select({ n: sql<number>`count(distinct ${matchQueue.companyId})` })
    .from(matchQueue)
    .get()!.n;
  return {
    lists,
    queued,
    algorithmVersion: state?.algorithmVersion ?? null,
    currentVersion: ALGORITHM_VERSION,
    rebuiltAt: state?.rebuiltAt ?? null,
    rebuildRequestedAt: state?.rebuildRequestedAt ?? null,
    rules: getMatchingRules(db),
  };
}

// ---- the stored form of a list ----

/** Ten int32 per entry: partner id, score in tenths, the eight numbers of the ReasonCode. */
const ENTRY_INTS = 10;

export type StoredEntry = { partnerId: number; scoreTenths: number; code: ReasonCode };

export function encodeEntries(entries: StoredEntry[]): Buffer {
  const ints = new Int32Array(entries.length * ENTRY_INTS);
  entries.forEach((e, i) => {
    ints[i * ENTRY_INTS] = e.partnerId;
    ints[i * ENTRY_INTS + 1] = e.scoreTenths;
    ints.set(e.code, i * ENTRY_INTS + 2);
  });
  return Buffer.from(ints.buffer, ints.byteOffset, ints.byteLength);
}

function decodeEntries(blob: Uint8Array): StoredEntry[] {
  const copy = new Uint8Array(blob); // aligned
  const ints = new Int32Array(copy.buffer, 0, Math.floor(copy.byteLength / 4));
  const out: StoredEntry[] = [];
  for (let i = 0; i + ENTRY_INTS <= ints.length; i += ENTRY_INTS) {
    out.push({ partnerId: ints[i], scoreTenths: ints[i + 1], code: Array.from(ints.subarray(i + 2, i + ENTRY_INTS)) as ReasonCode });
  }
  return out;
}

// The reads every match page makes, as statements prepared once per connection: through the
// query builder each costs more than the SQLite work itself. They run on the connection, so
// inside a caller's transaction too (better-sqlite3 transactions are per connection).
const reads = preparedOnce(({ sqlite }) => ({
  list: sqlite.prepare("select entries, complete, computed_at as computedAt, algorithm_version as algorithmVersion from match_lists where company_id = ?"),
  blocked: sqlite.prepare(
    `select company_id as a, partner_id as b from match_dismissals where company_id = @id or partner_id = @id
     union all select company_id as a, partner_id as b from match_exclusions where company_id = @id or partner_id = @id`,
  ),
  // "+visible" in the three reads of companies below: a lookup by primary key. Without the "+",
  // SQLite prefers the visible index and scans every listed company (10,000 rows for 50 wanted).
  partners: sqlite.prepare(
    `select id, external_id as externalId, name, local_name as localName, country, city, size, languages
     from companies where id in (select value from json_each(@ids)) and +visible = 1`,
  ),
  // What a card shows of each partner, its sectors included (in stored order): one statement.
  summaries: sqlite.prepare(
    `select c.id, c.external_id as externalId, c.name, c.local_name as localName, c.country, c.city,
       (select json_group_array(sector) from (select sector from company_sectors where company_id = c.id order by sector)) as sectors
     from companies c where c.id in (select value from json_each(@ids)) and +c.visible = 1`,
  ),
  // Which of a list's partners are still listed, and where: all a page needs to rank, count
  // and filter by country before it reads the summaries of the few it shows.
  listed: sqlite.prepare("select id, country from companies where id in (select value from json_each(@ids)) and +visible = 1"),
}));

/** A company's stored list as it is, best first; null when it has none (not visible, or not yet computed). */
export function getStoredList({ companyId }: { companyId: number }) {
  const row = reads().list.get(companyId) as { entries: Buffer; complete: number; computedAt: number; algorithmVersion: string } | undefined;
  if (!row) return null;
  return {
    entries: decodeEntries(row.entries),
    complete: row.complete === 1,
    computedAt: row.computedAt,
    algorithmVersion: row.algorithmVersion,
  };
}

// ---- what pages show ----

/** What a list of matches shows of a partner. */
type PartnerSummary = {
  id: number;
  externalId: string;
  name: string;
  localName: string | null;
  country: CountryCode;
  city: string | null;
  sectors: SectorCode[];
};

/** What any firm may see of another: never the contact person or address. */
export type PartnerProfile = PartnerSummary & {
  size: SizeCode | null;
  languages: LanguageCode[];
  partnershipTypes: PartnershipTypeCode[];
  website: string | null;
  description: string | null;
  offers: CapabilityCode[];
  needs: CapabilityCode[];
  targetMarkets: CountryCode[];
};

export type MatchCard = { partner: PartnerSummary; score: number; rank: number; reasons: Reason[] };

function loadPartnerRows(ids: number[]) {
  const rows = reads().partners.all({ ids: JSON.stringify(ids) }) as {
    id: number;
    externalId: string;
    name: string;
    localName: string | null;
    country: string;
    city: string | null;
    size: string | null;
    languages: string;
  }[];
  return rows.map((r) => ({ ...r, country: r.country as CountryCode, size: r.size as SizeCode | null, languages: JSON.parse(r.languages) as LanguageCode[] }));
}

/** What a list of matches shows of each partner, still listed; read for the shown cards only. */
function loadSummaries(ids: number[]): Map<number, PartnerSummary> {
  const out = new Map<number, PartnerSummary>();
  if (ids.length === 0) return out;
  const rows = reads().summaries.all({ ids: JSON.stringify(ids) }) as (Omit<PartnerSummary, "sectors"> & { sectors: string })[];
  for (const r of rows) out.set(r.id, { ...r, sectors: JSON.parse(r.sectors) as SectorCode[] });
  return out;
}

function loadPartners(db: DbOrTx, ids: number[]): Map<number, PartnerProfile> {
  const out = new Map<number, PartnerProfile>();
  if (ids.length === 0) return out;
  const rows = loadPartnerRows(ids);
  const texts = new Map(
    db
      .select({ id: companies.id, website: companies.website, description: companies.description })
      .from(companies)
      .where(
        inArray(
          companies.id,
          rows.map((r) => r.id),
        ),
      )
      .all()
      .map((t) => [t.id, t]),
  );
  const codes = listCodes(rows.map((r) => r.id));
  for (const r of rows) {
    const c = codes.get(r.id)!;
    const t = texts.get(r.id)!;
    out.set(r.id, { ...r, website: t.website, description: t.description, ...c });
  }
  return out;
}

/**
 * Partners a company must not be shown nor told of: dismissed or excluded by either side (read
 * now, before the next sync drops them from the stored lists).
 */
export function blockedPartners(companyId: number): Set<number> {
  const blocked = new Set<number>();
  for (const { a, b } of reads().blocked.all({ id: companyId }) as { a: number; b: number }[]) blocked.add(a === companyId ? b : a);
  return blocked;
}

type MatchFilters = { country?: CountryCode; sector?: SectorCode; partnershipType?: PartnershipTypeCode };

/**
 * A company's matches, best first: the stored list (at most 50), each partner's public summary
 * and the reasons from the company's side. Filters narrow by the partner's country, sector or
 * partnership type. Contact details are never selected.
 */
export function listMatchesForCompany(input: { companyId: number } & MatchFilters) {
  const page = listMatchPage({ ...input, page: 1, pageSize: LIST_SHOWN });
  return page && { computedAt: page.computedAt, algorithmVersion: page.algorithmVersion, total: page.total, matches: page.matches };
}

/**
 * One page of a company's matches (`pageSize` of them, the page clamped to those there are).
 * Ranks, the total and the filtered count cover the whole list, but only the shown partners'
 * summaries are read: the match page's cost stays that of the ten cards it shows.
 */
export function listMatchPage(input: { companyId: number; page: number; pageSize: number; minScore?: number } & MatchFilters) {
  const list = getStoredList({ companyId: input.companyId });
  if (!list) return null;
  const blocked = blockedPartners(input.companyId);
  const floorTenths = (input.minScore ?? 0) * 10;
  const entries = list.entries.filter((e) => !blocked.has(e.partnerId) && e.scoreTenths >= floorTenths).slice(0, LIST_SHOWN);
  const ids = entries.map((e) => e.partnerId);
  const country = new Map((reads().listed.all({ ids: JSON.stringify(ids) }) as { id: number; country: string }[]).map((r) => [r.id, r.country]));
  const ranked = entries.filter((e) => country.has(e.partnerId)).map((e, i) => ({ entry: e, rank: i + 1 }));
  const codeFields = [...(input.sector ? (["sectors"] as const) : []), ...(input.partnershipType ? (["partnershipTypes"] as const) : [])];
  const codes = codeFields.length
    ? listCodes(
        ranked.map((r) => r.entry.partnerId),
        codeFields,
      )
    : null;
  const chosen = ranked.filter(({ entry: { partnerId } }) => {
    const c = codes?.get(partnerId);
    return (
      (!input.country || country.get(partnerId) === input.country) &&
      (!input.sector || c!.sectors.includes(input.sector)) &&
      (!input.partnershipType || c!.partnershipTypes.includes(input.partnershipType))
    );
  });
  const pages = Math.max(1, Math.ceil(chosen.length / input.pageSize));
  const page = Math.min(pages, Math.max(1, input.page));
  const shown = chosen.slice((page - 1) * input.pageSize, page * input.pageSize);
  const partners = loadSummaries(shown.map((r) => r.entry.partnerId));
  const matches: MatchCard[] = [];
  for (const { entry, rank } of shown) {
    // A partner unlisted between the two reads is left out of this page rather than shown half.
    const partner = partners.get(entry.partnerId);
    if (partner) matches.push({ partner, score: entry.scoreTenths / 10, rank, reasons: decodeReasons(entry.code) });
  }
  return { computedAt: list.computedAt, algorithmVersion: list.algorithmVersion, total: ranked.length, filtered: chosen.length, page, pages, matches };
}

/** One match in full: the partner's public profile, the score and every reason; null unless it is in the company's list. */
export function getMatch(input: { companyId: number; partnerId: number }) {
  const db = getDb();
  const list = getStoredList({ companyId: input.companyId });
  if (!list || blockedPartners(input.companyId).has(input.partnerId)) return null;
  const index = list.entries.findIndex((e) => e.partnerId === input.partnerId);
  if (index < 0 || index >= LIST_SHOWN) return null;
  const partner = loadPartners(db, [input.partnerId]).get(input.partnerId);
  if (!partner) return null;
  const entry = list.entries[index];
  return {
    partner,
    score: entry.scoreTenths / 10,
    rank: index + 1,
    reasons: decodeReasons(entry.code),
    computedAt: list.computedAt,
    algorithmVersion: list.algorithmVersion,
  };
}

const companySummaryQuery = preparedOnce(({ db }) =>
  db
    .select({
      id: companies.id,
      name: companies.name,
      localName: companies.localName,
      country: companies.country,
      visible: companies.visible,
      externalId: companies.externalId,
    })
    .from(companies)
    .where(eq(companies.id, sql.placeholder("companyId")))
    .prepare(),
);

/** The company's public name and country, for headings (staff views of any company). */
export function getCompanySummary({ companyId }: { companyId: number }) {
  return companySummaryQuery().get({ companyId }) ?? null;
}

export function findCompanyByExternalId({ externalId }: { externalId: string }) {
  return getDb().select({ id: companies.id }).from(companies).where(eq(companies.externalId, externalId)).get() ?? null;
}

// ---- a write that the next sync turns into list changes (exclusions: exclusions.server.ts) ----

/**
 * "Not interested": the pair never matches again, from either side. The partner leaves the
 * company's page at once (reads skip dismissed pairs); the lists refill at the next sync.
 */
export function dismissMatch(input: {
  companyId: number;
  partnerId: number;
  userId: string;
}): { ok: true } | { ok: false; reason: "not_found" | "company_suspended" } {
  return getDb().transaction((tx) => {
    // A suspended firm cannot act (its list leaves at the next sync; until then it is not its to change).
    if (isCompanySuspended(tx, input.companyId)) return { ok: false as const, reason: "company_suspended" as const };
    const list = getStoredList({ companyId: input.companyId });
    if (!list?.entries.some((e) => e.partnerId === input.partnerId)) return { ok: false as const, reason: "not_found" as const };
    tx.insert(matchDismissals).values(input).onConflictDoNothing().run();
    queueForSync(tx, [input.companyId, input.partnerId]);
    return { ok: true as const };
  });
}

/**
 * Undoes the company's own "not interested": the pair may match again from the next sync (unless
 * the partner dismissed it too, or another exclusion holds). Dismissals are not audited; nor is this.
 */
export function restoreMatch(input: {
  companyId: number;
  partnerId: number;
  userId: string;
}): { ok: true } | { ok: false; reason: "not_found" | "company_suspended" } {
  return getDb().transaction((tx) => {
    if (isCompanySuspended(tx, input.companyId)) return { ok: false as const, reason: "company_suspended" as const };
    const removed = tx
      .delete(matchDismissals)
      .where(and(eq(matchDismissals.companyId, input.companyId), eq(matchDismissals.partnerId, input.partnerId)))
      .returning({ partnerId: matchDismissals.partnerId })
      .all();
    if (removed.length === 0) return { ok: false as const, reason: "not_found" as const };
    queueForSync(tx, [input.companyId, input.partnerId]);
    return { ok: true as const };
  });
}

/** The firms the company marked "not interested", newest first, with when. */
export function listDismissedMatches({ companyId }: { companyId: number }) {
  return (
    getDb()
      .select({
        partnerId: matchDismissals.partnerId,
        name: companies.name,
        localName: companies.localName,
        country: companies.country,
        dismissedAt: matchDismissals.createdAt,
      })
      .from(matchDismissals)
      .innerJoin(companies, eq(companies.id, matchDismissals.partnerId))
      .where(eq(matchDismissals.companyId, companyId))
      // rowid: the order of insertion, for firms dismissed within the same second.
      .orderBy(desc(matchDismissals.createdAt), desc(sql`${matchDismissals}.rowid`))
      .all()
      .map((r) => ({ ...r, country: r.country as CountryCode }))
  );
}

/**
 * The firm a "dismissed" or "restored" notice names (`?dismissed=<id>`, `?restored=<id>`): only
 * a firm the company dismissed, or a listed one it restored; null for any other id, since the
 * query string is anyone's to write.
 */
export function getDismissalNotice(input: { companyId: number; partnerId: number; restored: boolean }): { partnerId: number; name: string } | null {
  const db = getDb();
  const dismissed = db
    .select({ name: companies.name, visible: companies.visible })
    .from(matchDismissals)
    .innerJoin(companies, eq(companies.id, matchDismissals.partnerId))
    .where(and(eq(matchDismissals.companyId, input.companyId), eq(matchDismissals.partnerId, input.partnerId)))
    .get();
  if (!input.restored) return dismissed ? { partnerId: input.partnerId, name: dismissed.name } : null;
  if (dismissed) return null;
  const partner = getCompanySummary({ companyId: input.partnerId });
  return partner?.visible ? { partnerId: input.partnerId, name: partner.name } : null;
}
