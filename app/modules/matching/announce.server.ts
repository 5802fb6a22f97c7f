// New-match e-mails. When a sync puts a partner into a member company's shown list with a score
// of at least NEWS_MIN_SCORE, that is a *new match* (match_news), once per pair ever: a match
// that drops out and comes back is not news. Each user of the company hears of it by their
// choice — at once, in a daily or a weekly digest (the default), or not at all — and
// match_announcements records who was told of what, so no one is told twice.
import crypto from "node:crypto";
import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { companies, companyMembers, matchAnnouncements, matchEmailFrequencies, matchNews, users, type MATCH_EMAIL_FREQUENCIES } from "../../../db/schema";
import { getDb, preparedOnce, type DbOrTx } from "~/db.server";
import { queueEmail } from "~/modules/notifications/outbox.server";
import { isEmailCategoryEnabled, setEmailPreference } from "~/modules/notifications/preferences.server";
import type { NewMatchItem } from "~/modules/notifications/templates.server";
import { getSetting, setSetting } from "~/settings.server";
import { taxonomyLabel } from "~/modules/companies/taxonomy";
import { LIST_SHOWN } from "./engine";
import { reasonText, topReasons } from "./reasons";
import { decodeReasons } from "./reason-codes";
import { blockedPartners, getMinScore, getStoredList } from "./store.server";
import { nowSeconds } from "~/utils/time";

/** Partners entering a shown list at this score (tenths) or above are news. */
export const NEWS_MIN_SCORE = 550;

type DigestFrequency = (typeof MATCH_EMAIL_FREQUENCIES)[number];
type MatchEmailFrequency = DigestFrequency | "off";

// ---- preferences ----

/** How often a user hears of new matches: their choice, weekly by default, off if they unsubscribed. */
export function getMatchEmailFrequency({ userId }: { userId: string }): MatchEmailFrequency {
  // The on/off switch is the notifications module's, shared with its unsubscribe links.
  if (!isEmailCategoryEnabled({ userId, category: "new_matches" })) return "off";
  return frequencyQuery().get({ userId })?.frequency ?? "weekly";
}

// The match page asks on every visit: prepared once rather than built each time.
const frequencyQuery = preparedOnce(({ db }) =>
  db
    .select({ frequency: matchEmailFrequencies.frequency })
    .from(matchEmailFrequencies)
    .where(eq(matchEmailFrequencies.userId, sql.placeholder("userId")))
    .prepare(),
);

export function setMatchEmailFrequency(input: { userId: string; frequency: MatchEmailFrequency }) {
  if (input.frequency !== "off") {
    const updatedAt = nowSeconds();
    getDb()
      .insert(matchEmailFrequencies)
      .values({ userId: input.userId, frequency: input.frequency, updatedAt })
      .onConflictDoUpdate({ target: matchEmailFrequencies.userId, set: { frequency: input.frequency, updatedAt } })
      .run();
  }
  // The on/off switch is the notifications module's, shared with its unsubscribe links.
  setEmailPreference({ userId: input.userId, category: "new_matches", enabled: input.frequency !== "off" });
}

// ---- news ----

type News = { companyId: number; partnerId: number; scoreTenths: number };

/** Records which of these newcomers are news (score high enough, never news before). Call in the sync's transaction. */
export function recordNews(db: DbOrTx, candidates: News[], now: number): News[] {
  const out: News[] = [];
  for (const c of candidates) {
    if (c.scoreTenths < NEWS_MIN_SCORE) continue;
    const inserted = db
      .insert(matchNews)
      .values({ companyId: c.companyId, partnerId: c.partnerId, score: c.scoreTenths, foundAt: now })
      .onConflictDoNothing()
      .returning({ companyId: matchNews.companyId })
      .get();
    if (inserted) out.push(c);
  }
  return out;
}

type Recipient = { userId: string; email: string; name: string; locale: string; joinedAt: number };

/** Users of a company who may receive mail (enabled account, confirmed address). */
function recipients(db: DbOrTx, companyId: number): Recipient[] {
  return db
    .select({ userId: users.id, email: users.email, name: users.name, locale: users.locale, joinedAt: companyMembers.createdAt })
    .from(companyMembers)
    .innerJoin(users, eq(users.id, companyMembers.userId))
    .where(and(eq(companyMembers.companyId, companyId), isNull(users.disabledAt), isNotNull(users.emailVerifiedAt)))
    .all();
}

/**
 * The matches to tell a user of, as the company's list shows them now: partners still in the
 * shown list (a match that dropped out again is not sent), with their current score and reasons.
 * A pair dismissed or hidden by staff since the last sync is not sent either, though the stored
 * list still holds it until the next sync.
 */
function items(db: DbOrTx, companyId: number, partnerIds: number[]): NewMatchItem[] {
  const list = getStoredList({ companyId });
  if (!list || partnerIds.length === 0) return [];
  // As the member's page shows the list: from the staff's floor up.
  const floorTenths = getMinScore(db) * 10;
  const shown = new Map(
    list.entries
      .filter((e) => e.scoreTenths >= floorTenths)
      .slice(0, LIST_SHOWN)
      .map((e) => [e.partnerId, e]),
  );
  const blocked = blockedPartners(companyId);
  const wanted = partnerIds.filter((id) => shown.has(id) && !blocked.has(id));
  if (wanted.length === 0) return [];
  const partners = db
    .select({ id: companies.id, name: companies.name, localName: companies.localName, country: companies.country })
    .from(companies)
    // "+visible": a lookup by primary key. Without the "+", SQLite prefers the visible index and
    // scans every listed company (10,000 rows for 50 wanted).
    .where(and(inArray(companies.id, wanted), sql`+${companies.visible} = 1`))
    .all();
  const byId = new Map(partners.map((p) => [p.id, p]));
  return wanted
    .filter((id) => byId.has(id))
    .map((id) => {
      const p = byId.get(id)!;
      const e = shown.get(id)!;
      const reasons = topReasons(decodeReasons(e.code));
      return {
        partnerId: id,
        name: p.name,
        localName: p.localName,
        country: (_t, locale) => taxonomyLabel("country", p.country, locale),
        score: e.scoreTenths / 10,
        reasons: (t, locale) => reasons.map((r) => reasonText(r, t, locale)),
      } satisfies NewMatchItem;
    })
    .sort((a, b) => b.score - a.score || a.partnerId - b.partnerId);
}

function companyName(db: DbOrTx, companyId: number) {
  return db.select({ name: companies.name }).from(companies).where(eq(companies.id, companyId)).get()?.name ?? "";
}

/** Queues one e-mail telling one user of some matches, and records that they were told. */
function tell(db: DbOrTx, input: { user: Recipient; companyId: number; frequency: DigestFrequency; matches: NewMatchItem[] }) {
  if (input.matches.length === 0) return false;
  const ids = input.matches.map((m) => m.partnerId).sort((a, b) => a - b);
  const digest = crypto.createHash("sha256").update(ids.join(",")).digest("hex").slice(0, 16);
  const key = `new-matches:${input.user.userId}:${input.companyId}:${digest}`;
  const result = queueEmail(db, {
    key,
    to: input.user.email,
    userId: input.user.userId,
    category: "new_matches",
    template: "new_matches",
    params: { name: input.user.name, companyName: companyName(db, input.companyId), frequency: input.frequency, matches: input.matches },
  });
  if (!result.queued && result.reason === "opted_out") return false;
  const now = nowSeconds();
  for (const m of input.matches) {
    db.insert(matchAnnouncements)
      .values({ userId: input.user.userId, companyId: input.companyId, partnerId: m.partnerId, via: input.frequency, outboxKey: key, announcedAt: now })
      .onConflictDoNothing()
      .run();
  }
  return true;
}

function alreadyTold(db: DbOrTx, userId: string, companyId: number): Set<number> {
  return new Set(
    db
      .select({ partnerId: matchAnnouncements.partnerId })
      .from(matchAnnouncements)
      .where(and(eq(matchAnnouncements.userId, userId), eq(matchAnnouncements.companyId, companyId)))
      .all()
      .map((r) => r.partnerId),
  );
}

/** In the sync's transaction: users who want to hear at once get one e-mail with this batch's news. */
export function announceImmediately(db: DbOrTx, news: News[]): number {
  const byCompany = new Map<number, number[]>();
  for (const n of news) byCompany.set(n.companyId, [...(byCompany.get(n.companyId) ?? []), n.partnerId]);
  let sent = 0;
  for (const [companyId, partnerIds] of byCompany) {
    for (const user of recipients(db, companyId)) {
      if (getMatchEmailFrequency({ userId: user.userId }) !== "immediately") continue;
      const told = alreadyTold(db, user.userId, companyId);
      const matches = items(
        db,
        companyId,
        partnerIds.filter((id) => !told.has(id)),
      );
      if (tell(db, { user, companyId, frequency: "immediately", matches })) sent += 1;
    }
  }
  return sent;
}

/**
 * Queues the digests of one frequency now: every user who chose it gets one e-mail listing the
 * news of their company they were not told of yet (found since they joined it, still in the
 * list). Safe to run twice: the second run finds nothing untold.
 */
export function sendDigests(input: { frequency: "daily" | "weekly" }): { emails: number; matches: number } {
  const db = getDb();
  return db.transaction((tx) => {
    const pending = tx
      .select({ companyId: matchNews.companyId, partnerId: matchNews.partnerId, userId: companyMembers.userId })
      .from(matchNews)
      .innerJoin(companyMembers, eq(companyMembers.companyId, matchNews.companyId))
      .leftJoin(
        matchAnnouncements,
        and(
          eq(matchAnnouncements.userId, companyMembers.userId),
          eq(matchAnnouncements.companyId, matchNews.companyId),
          eq(matchAnnouncements.partnerId, matchNews.partnerId),
        ),
      )
      .where(and(isNull(matchAnnouncements.userId), sql`${matchNews.foundAt} >= ${companyMembers.createdAt}`))
      .all();
    const byUser = new Map<string, Map<number, number[]>>();
    for (const p of pending) {
      const companiesOfUser = byUser.get(p.userId) ?? new Map<number, number[]>();
      companiesOfUser.set(p.companyId, [...(companiesOfUser.get(p.companyId) ?? []), p.partnerId]);
      byUser.set(p.userId, companiesOfUser);
    }
    let emails = 0;
    let matches = 0;
    for (const [userId, byCompany] of byUser) {
      if (getMatchEmailFrequency({ userId }) !== input.frequency) continue;
      for (const [companyId, partnerIds] of byCompany) {
        const user = recipients(tx, companyId).find((r) => r.userId === userId);
        if (!user) continue;
        const list = items(tx, companyId, partnerIds);
        if (tell(tx, { user, companyId, frequency: input.frequency, matches: list })) {
          emails += 1;
          matches += list.length;
        }
      }
    }
    return { emails, matches };
  });
}

// ---- the schedule ----

/** Daily digests go out at this hour (UTC), weekly ones on Mondays at the same hour. */
const DIGEST_HOUR_UTC = 8;

const LAST_RUN_KEY = { daily: "matching.digest.daily.lastRunAt", weekly: "matching.digest.weekly.lastRunAt" } as const;

/** The most recent scheduled time of a digest at or before `now` (seconds). */
export function lastDueAt(frequency: "daily" | "weekly", now: number): number {
  const d = new Date(now * 1000);
  const due = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), DIGEST_HOUR_UTC) / 1000;
  let at = due <= now ? due : due - 86400;
  if (frequency === "weekly") {
    // Monday is day 1.
    while (new Date(at * 1000).getUTCDay() !== 1) at -= 86400;
  }
  return at;
}

/** For the server's schedule: sends each kind of digest once per period, when it is due. */
export function runDueDigests(now = nowSeconds()) {
  const db = getDb();
  const sent: Record<string, { emails: number; matches: number }> = {};
  for (const frequency of ["daily", "weekly"] as const) {
    const due = lastDueAt(frequency, now);
    const last = getSetting(db, LAST_RUN_KEY[frequency], 0, (v): v is number => typeof v === "number");
    if (last >= due) continue;
    sent[frequency] = sendDigests({ frequency });
    setSetting(db, { key: LAST_RUN_KEY[frequency], value: now });
  }
  return sent;
}
