// Who gets which e-mail: a switch per user and category, and the signed one-click unsubscribe
// links that flip one switch without signing in.
import crypto from "node:crypto";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { EMAIL_CATEGORIES, emailPreferences, staffAlertFrequencies, users } from "../../../db/schema";
import { getDb, preparedOnce, type DbOrTx } from "~/db.server";
import { appSecret } from "~/secret.server";
import { absoluteUrl } from "./mail-config.server";
import type { EmailCategory } from "./templates.server";
import { nowSeconds } from "~/utils/time";

/** Account e-mail (verification, resets, security notices) cannot be turned off. */
const ESSENTIAL_CATEGORY: EmailCategory = "account";
const STAFF_ONLY: EmailCategory[] = ["staff_digest"];

function isEmailCategory(value: unknown): value is EmailCategory {
  return typeof value === "string" && (EMAIL_CATEGORIES as readonly string[]).includes(value);
}

// Asked for every e-mail queued and on every match page: prepared once per connection. It runs
// on the connection, so inside a caller's transaction too.
const enabledQuery = preparedOnce(({ db }) =>
  db
    .select({ enabled: emailPreferences.enabled })
    .from(emailPreferences)
    .where(and(eq(emailPreferences.userId, sql.placeholder("userId")), eq(emailPreferences.category, sql.placeholder("category"))))
    .prepare(),
);

export function isEmailCategoryEnabled({ userId, category }: { userId: string; category: EmailCategory }) {
  if (category === ESSENTIAL_CATEGORY) return true;
  return enabledQuery().get({ userId, category })?.enabled ?? true;
}

/** The categories a user may choose among (staff digests only for staff), with their state. */
export function listEmailPreferences({ userId }: { userId: string }, db: DbOrTx = getDb()) {
  const user = db.select({ role: users.role }).from(users).where(eq(users.id, userId)).get();
  const isStaff = user?.role === "staff" || user?.role === "admin";
  const stored = new Map(
    db
      .select()
      .from(emailPreferences)
      .where(eq(emailPreferences.userId, userId))
      .all()
      .map((r) => [r.category, r.enabled]),
  );
  return EMAIL_CATEGORIES.filter((c) => isStaff || !STAFF_ONLY.includes(c)).map((category) => ({
    category,
    essential: category === ESSENTIAL_CATEGORY,
    enabled: category === ESSENTIAL_CATEGORY ? true : (stored.get(category) ?? true),
  }));
}

export function setEmailPreference(input: { userId: string; category: EmailCategory; enabled: boolean }): { ok: true } | { ok: false; reason: "essential" } {
  return writePreference(getDb(), input);
}

function writePreference(db: DbOrTx, input: { userId: string; category: EmailCategory; enabled: boolean }): { ok: true } | { ok: false; reason: "essential" } {
  if (input.category === ESSENTIAL_CATEGORY) return { ok: false, reason: "essential" };
  const updatedAt = nowSeconds();
  db.insert(emailPreferences)
    .values({ ...input, updatedAt })
    .onConflictDoUpdate({
      target: [emailPreferences.userId, emailPreferences.category],
      set: { enabled: input.enabled, updatedAt },
    })
    .run();
  return { ok: true };
}

/**
 * The preferences form: every category the user may choose is on when ticked and off when not,
 * written in one transaction (a failure half-way leaves the old choices). Account e-mail stays on.
 */
export function setEmailPreferences({ userId, enabled }: { userId: string; enabled: readonly EmailCategory[] }) {
  const ticked = new Set(enabled);
  getDb().transaction((tx) => {
    for (const p of listEmailPreferences({ userId }, tx)) {
      if (!p.essential) writePreference(tx, { userId, category: p.category, enabled: ticked.has(p.category) });
    }
  });
}

// ---- one-click unsubscribe ----
// A token is `<userId>.<category>.<mac>`: it names what it stops, and the HMAC (keyed with the
// app secret) proves that Bridge wrote it. It never expires: an old e-mail's link must still work.

function mac(userId: string, category: string) {
  return crypto.createHmac("sha256", appSecret()).update(`unsubscribe:${userId}:${category}`).digest("base64url").slice(0, 32);
}

export function unsubscribeToken({ userId, category }: { userId: string; category: EmailCategory }) {
  return `${userId}.${category}.${mac(userId, category)}`;
}

export function unsubscribeUrl(input: { userId: string; category: EmailCategory }) {
  return absoluteUrl(`/unsubscribe?token=${unsubscribeToken(input)}`);
}

export function readUnsubscribeToken(token: string | null | undefined): { userId: string; category: EmailCategory } | null {
  if (!token || token.length > 200) return null;
  const [userId, category, given, ...rest] = token.split(".");
  if (rest.length || !userId || !given || !isEmailCategory(category) || category === ESSENTIAL_CATEGORY) return null;
  const expected = Buffer.from(mac(userId, category));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !crypto.timingSafeEqual(actual, expected)) return null;
  return { userId, category };
}

/** What the unsubscribe page shows before the click: whose address, which category. */
export function describeUnsubscribe(token: string | null | undefined, db: DbOrTx = getDb()) {
  const target = readUnsubscribeToken(token);
  if (!target) return null;
  const user = db.select({ email: users.email }).from(users).where(eq(users.id, target.userId)).get();
  if (!user) return null;
  return { ...target, email: user.email, enabled: isEmailCategoryEnabled(target) };
}

/** Stops one category for one user, the check and the write one transaction. Idempotent: a second click changes nothing. */
export function unsubscribe({ token }: { token: string | null | undefined }): { ok: true; category: EmailCategory; email: string } | { ok: false } {
  return getDb().transaction((tx) => {
    const target = describeUnsubscribe(token, tx);
    if (!target) return { ok: false as const };
    writePreference(tx, { userId: target.userId, category: target.category, enabled: false });
    return { ok: true as const, category: target.category, email: target.email };
  });
}

// ---- staff alerts: at once (default) or a daily digest (introductions/digests.server.ts) ----

export type StaffAlertFrequency = "immediately" | "daily";

export function getStaffAlertFrequency({ userId }: { userId: string }): StaffAlertFrequency {
  return (
    getDb().select({ f: staffAlertFrequencies.frequency }).from(staffAlertFrequencies).where(eq(staffAlertFrequencies.userId, userId)).get()?.f ?? "immediately"
  );
}

export function setStaffAlertFrequency(input: { userId: string; frequency: StaffAlertFrequency; now?: number }) {
  const at = input.now ?? nowSeconds();
  getDb()
    .insert(staffAlertFrequencies)
    .values({ userId: input.userId, frequency: input.frequency, lastDigestAt: at, updatedAt: at })
    .onConflictDoUpdate({ target: staffAlertFrequencies.userId, set: { frequency: input.frequency, updatedAt: at } })
    .run();
}

/** Daily digest hour (UTC), the same as the match digests'. */
export const STAFF_DIGEST_HOUR_UTC = 8;

/** Active staff with how they hear of new introduction requests. Pass the transaction that mails them. */
export function listStaffAlertRecipients(tx: DbOrTx) {
  return tx
    .select({ userId: users.id, name: users.name, email: users.email, frequency: staffAlertFrequencies.frequency })
    .from(users)
    .leftJoin(staffAlertFrequencies, eq(staffAlertFrequencies.userId, users.id))
    .where(and(ne(users.role, "member"), isNull(users.disabledAt)))
    .all()
    .map((s) => ({ ...s, frequency: s.frequency ?? ("immediately" as const) }));
}

/** When the staff member's last digest went out (0: never). The row exists for everyone who chose the digest. */
export function getStaffDigestSince(tx: DbOrTx, { userId }: { userId: string }): number {
  const pref = tx.select().from(staffAlertFrequencies).where(eq(staffAlertFrequencies.userId, userId)).get()!;
  return pref.lastDigestAt ?? 0;
}

export function markStaffDigestSent(tx: DbOrTx, { userId, now }: { userId: string; now: number }) {
  tx.update(staffAlertFrequencies).set({ lastDigestAt: now }).where(eq(staffAlertFrequencies.userId, userId)).run();
}
