// Pairs that must not match: another module's exclusions (a declined introduction, a match staff
// hid), each written in the transaction of the change that causes it, and the excluded pairs the
// engine reads (dismissals included). The next sync turns each change into list changes.
import { aliasedTable, and, desc, eq, inArray, or, sql } from "drizzle-orm";
import { companies, matchDismissals, matchExclusions, matchQueue, users, type MATCH_EXCLUSION_REASONS } from "../../../db/schema";
import { getDb, type DbOrTx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";

/** Asks the next sync to recompute these companies' lists and every list they are in. */
export function queueForSync(db: DbOrTx, companyIds: number[]) {
  for (const companyId of companyIds) db.insert(matchQueue).values({ companyId }).run();
}

type ExclusionReason = (typeof MATCH_EXCLUSION_REASONS)[number];

/**
 * Another module's "these two must not match": a declined introduction, a match staff hid.
 * Call inside the transaction of the change that causes it.
 */
export function excludePair(
  tx: DbOrTx,
  input: { companyId: number; partnerId: number; reason: ExclusionReason; note?: string | null; userId?: string | null },
) {
  const [low, high] = input.companyId < input.partnerId ? [input.companyId, input.partnerId] : [input.partnerId, input.companyId];
  tx.insert(matchExclusions)
    .values({ companyId: low, partnerId: high, reason: input.reason, note: input.note ?? null, createdByUserId: input.userId ?? null })
    .onConflictDoNothing()
    .run();
  queueForSync(tx, [low, high]);
}

/** Lifts an exclusion (staff undo a hidden match); the pair may match again from the next sync. */
export function removeExclusion(tx: DbOrTx, input: { companyId: number; partnerId: number; reason: ExclusionReason }) {
  const [low, high] = input.companyId < input.partnerId ? [input.companyId, input.partnerId] : [input.partnerId, input.companyId];
  tx.delete(matchExclusions)
    .where(and(eq(matchExclusions.companyId, low), eq(matchExclusions.partnerId, high), eq(matchExclusions.reason, input.reason)))
    .run();
  queueForSync(tx, [low, high]);
}

/** Whether the pair is excluded for this reason (either order). Pass the transaction that acts on it. */
export function isExcluded(db: DbOrTx, input: { companyId: number; partnerId: number; reason: ExclusionReason }) {
  const [low, high] = input.companyId < input.partnerId ? [input.companyId, input.partnerId] : [input.partnerId, input.companyId];
  return !!db
    .select({ a: matchExclusions.companyId })
    .from(matchExclusions)
    .where(and(eq(matchExclusions.companyId, low), eq(matchExclusions.partnerId, high), eq(matchExclusions.reason, input.reason)))
    .get();
}

/** Every excluded pair (dismissals and exclusions), as company ids; or only those involving some companies. */
export function listExcludedPairs(db: DbOrTx, companyIds?: number[]): [number, number][] {
  const read = (ids?: number[]) => [
    ...db
      .select({ a: matchDismissals.companyId, b: matchDismissals.partnerId })
      .from(matchDismissals)
      .where(ids ? or(inArray(matchDismissals.companyId, ids), inArray(matchDismissals.partnerId, ids)) : undefined)
      .all(),
    ...db
      .select({ a: matchExclusions.companyId, b: matchExclusions.partnerId })
      .from(matchExclusions)
      .where(ids ? or(inArray(matchExclusions.companyId, ids), inArray(matchExclusions.partnerId, ids)) : undefined)
      .all(),
  ];
  if (!companyIds) return read().map((r) => [r.a, r.b]);
  const out: [number, number][] = [];
  for (let i = 0; i < companyIds.length; i += 400) for (const r of read(companyIds.slice(i, i + 400))) out.push([r.a, r.b]);
  return out;
}

// ---- staff moderation: hidden matches ----

const HIDDEN = "hidden_by_staff" as const;

const pairOf = (a: number, b: number) => (a < b ? [a, b] : [b, a]) as [number, number];

function hiddenRow(db: DbOrTx, companyId: number, partnerId: number) {
  const [low, high] = pairOf(companyId, partnerId);
  return db
    .select()
    .from(matchExclusions)
    .where(and(eq(matchExclusions.companyId, low), eq(matchExclusions.partnerId, high), eq(matchExclusions.reason, HIDDEN)))
    .get();
}

/**
 * Staff hide a match that should not be shown, with the reason other staff read. The pair leaves
 * both firms' pages at once and is never announced; the lists refill at the next sync.
 */
export function hideMatch(input: {
  companyId: number;
  partnerId: number;
  staffUserId: string;
  reason: string;
}): { ok: true } | { ok: false; reason: "not_found" | "already_hidden" } {
  if (input.companyId === input.partnerId) return { ok: false, reason: "not_found" };
  return getDb().transaction((tx) => {
    const found = tx
      .select({ id: companies.id })
      .from(companies)
      .where(inArray(companies.id, [input.companyId, input.partnerId]))
      .all();
    if (found.length !== 2) return { ok: false as const, reason: "not_found" as const };
    if (hiddenRow(tx, input.companyId, input.partnerId)) return { ok: false as const, reason: "already_hidden" as const };
    excludePair(tx, { companyId: input.companyId, partnerId: input.partnerId, reason: HIDDEN, note: input.reason, userId: input.staffUserId });
    const [low, high] = pairOf(input.companyId, input.partnerId);
    recordAudit(tx, {
      actorUserId: input.staffUserId,
      action: "match.hide",
      entityType: "match",
      entityId: `${low}:${high}`,
      before: { hidden: false },
      after: { hidden: true, companyId: input.companyId, partnerId: input.partnerId, reason: input.reason },
    });
    return { ok: true as const };
  });
}

/** Staff undo a hidden match: the pair may match again from the next sync. */
export function unhideMatch(input: { companyId: number; partnerId: number; staffUserId: string }): { ok: true } | { ok: false; reason: "not_hidden" } {
  return getDb().transaction((tx) => {
    const row = hiddenRow(tx, input.companyId, input.partnerId);
    if (!row) return { ok: false as const, reason: "not_hidden" as const };
    removeExclusion(tx, { companyId: input.companyId, partnerId: input.partnerId, reason: HIDDEN });
    recordAudit(tx, {
      actorUserId: input.staffUserId,
      action: "match.unhide",
      entityType: "match",
      entityId: `${row.companyId}:${row.partnerId}`,
      before: { hidden: true, reason: row.note },
      after: { hidden: false, companyId: input.companyId, partnerId: input.partnerId },
    });
    return { ok: true as const };
  });
}

type HiddenMatch = {
  companyId: number;
  companyName: string;
  partnerId: number;
  partnerName: string;
  partnerLocalName: string | null;
  reason: string | null;
  hiddenAt: number;
  hiddenBy: string | null;
};

/**
 * Matches staff hid, newest first; with `companyId`, those of that company, each seen from its
 * side (`partnerId` is the other firm).
 */
export function listHiddenMatches(input: { companyId?: number } = {}): HiddenMatch[] {
  const low = aliasedTable(companies, "low");
  const high = aliasedTable(companies, "high");
  const rows = getDb()
    .select({
      lowId: matchExclusions.companyId,
      highId: matchExclusions.partnerId,
      lowName: low.name,
      lowLocalName: low.localName,
      highName: high.name,
      highLocalName: high.localName,
      note: matchExclusions.note,
      createdAt: matchExclusions.createdAt,
      hiddenBy: users.email,
    })
    .from(matchExclusions)
    .innerJoin(low, eq(low.id, matchExclusions.companyId))
    .innerJoin(high, eq(high.id, matchExclusions.partnerId))
    .leftJoin(users, eq(users.id, matchExclusions.createdByUserId))
    .where(
      and(
        eq(matchExclusions.reason, HIDDEN),
        input.companyId === undefined ? undefined : or(eq(matchExclusions.companyId, input.companyId), eq(matchExclusions.partnerId, input.companyId)),
      ),
    )
    // rowid: the order of insertion, for pairs hidden within the same second.
    .orderBy(desc(matchExclusions.createdAt), desc(sql`${matchExclusions}.rowid`))
    .all();
  return rows.map((r) => {
    const flip = input.companyId !== undefined && r.highId === input.companyId;
    return {
      companyId: flip ? r.highId : r.lowId,
      companyName: flip ? r.highName : r.lowName,
      partnerId: flip ? r.lowId : r.highId,
      partnerName: flip ? r.lowName : r.highName,
      partnerLocalName: flip ? r.lowLocalName : r.highLocalName,
      reason: r.note,
      hiddenAt: r.createdAt,
      hiddenBy: r.hiddenBy,
    };
  });
}
