// Failed sign-ins, counted in SQLite (table auth_throttle) so that a restart does not reset them.
//
// - Per (account, address): 5 failures within 15 minutes block that address for that account
//   for 15 minutes. While the account is under attack (ACCOUNT_ATTACK failures from anywhere in
//   the window) an address gets 2 instead of 5.
// - Per address: LOGIN_ADDRESS_LIMIT (20) failures within 15 minutes, on any accounts, block the
//   address for 15 minutes.
// - Nothing blocks an account as such: the owner's correct password from an address with no
//   failures for the account gets in while it is attacked from elsewhere, and an owner who is
//   blocked (a shared address, their own typos) signs in with an e-mailed one-time link
//   (login-link.server.ts), which no counter blocks.
// Unknown and known e-mail addresses are counted alike, so the answer reveals nothing.
// Wrong two-factor codes count on their own key, per account: 5, then a 15-minute block.
import crypto from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import { authThrottle } from "../../../db/schema";
import { getDb, type DbOrTx } from "~/db.server";
import { nowSeconds } from "~/utils/time";

const LOGIN_WINDOW_SECONDS = 15 * 60;
const BLOCK_SECONDS = 15 * 60;
export const PAIR_LIMIT = 5;
export const PAIR_LIMIT_UNDER_ATTACK = 2;
export const ACCOUNT_ATTACK = 10;
const TOTP_LIMIT = 5;
// Per network address; LOGIN_ADDRESS_LIMIT raises it where many people share one address (the
// end-to-end tests sign everyone in from 127.0.0.1).
const addressLimit = () => (Number(process.env.LOGIN_ADDRESS_LIMIT) > 0 ? Number(process.env.LOGIN_ADDRESS_LIMIT) : 20);

const keyHash = (...parts: string[]) => crypto.createHash("sha256").update(parts.join("\u0000")).digest("hex");
const pairKey = (email: string, ip: string) => keyHash("login-pair", email, ip);
const addressKey = (ip: string) => keyHash("login-address", ip);
const accountKey = (email: string) => keyHash("login-account", email);
const totpKey = (userId: string) => keyHash("totp-account", userId);

type Row = typeof authThrottle.$inferSelect;

function read(db: DbOrTx, key: string): Row | null {
  return db.select().from(authThrottle).where(eq(authThrottle.keyHash, key)).get() ?? null;
}

/** Seconds a key stays blocked, or 0. */
const blockedFor = (row: Row | null, now: number) => (row && row.blockedUntil > now ? row.blockedUntil - now : 0);

/** Failures of a key in the current window. */
const failuresOf = (row: Row | null, now: number) => (row && row.windowStart > now - LOGIN_WINDOW_SECONDS ? row.failures : 0);

/** One more failure for a key; reaching `limit` blocks it and starts a fresh window after the block. */
function bump(db: DbOrTx, key: string, limit: number, now: number): number {
  const row = read(db, key);
  const failures = failuresOf(row, now) + 1;
  const windowStart = row && failures > 1 ? row.windowStart : now;
  const blocked = failures >= limit;
  const values = blocked
    ? { failures: 0, windowStart: now + BLOCK_SECONDS, blockedUntil: now + BLOCK_SECONDS }
    : { failures, windowStart, blockedUntil: row?.blockedUntil ?? 0 };
  db.insert(authThrottle)
    .values({ keyHash: key, ...values })
    .onConflictDoUpdate({ target: authThrottle.keyHash, set: values })
    .run();
  return failures;
}

/** Rows whose window and block are both over say nothing any more. */
function sweep(db: DbOrTx, now: number) {
  db.delete(authThrottle)
    .where(and(lt(authThrottle.windowStart, now - LOGIN_WINDOW_SECONDS), lt(authThrottle.blockedUntil, now)))
    .run();
}

/** Seconds until this address may try this account again, or 0 when it may now. */
export function loginBlockedFor({ email, ip, now = nowSeconds() }: { email: string; ip: string; now?: number }) {
  const db = getDb();
  return Math.max(blockedFor(read(db, pairKey(email, ip)), now), blockedFor(read(db, addressKey(ip)), now));
}

/**
 * Counts a wrong password (or an unknown address) from `ip`. `attackStarted` is true for the one
 * failure that puts the account under attack, so the owner can be told once per window.
 */
export function recordLoginFailure({ email, ip, now = nowSeconds() }: { email: string; ip: string; now?: number }): { attackStarted: boolean } {
  return getDb().transaction((tx) => {
    sweep(tx, now);
    // The account's own count never blocks (its limit is never reached); it only tightens the pair.
    const accountFailures = bump(tx, accountKey(email), Number.POSITIVE_INFINITY, now);
    bump(tx, pairKey(email, ip), accountFailures >= ACCOUNT_ATTACK ? PAIR_LIMIT_UNDER_ATTACK : PAIR_LIMIT, now);
    bump(tx, addressKey(ip), addressLimit(), now);
    return { attackStarted: accountFailures === ACCOUNT_ATTACK };
  });
}

/** After a right password (or a used sign-in link) from `ip`: that address starts afresh for the account. */
export function clearLoginFailures({ email, ip }: { email: string; ip: string }) {
  getDb()
    .delete(authThrottle)
    .where(eq(authThrottle.keyHash, pairKey(email, ip)))
    .run();
}

/** Seconds until the next two-factor code of this account is checked, or 0. */
export function totpBlockedFor({ userId, now = nowSeconds() }: { userId: string; now?: number }) {
  return blockedFor(read(getDb(), totpKey(userId)), now);
}

export function recordTotpFailure({ userId, now = nowSeconds() }: { userId: string; now?: number }) {
  getDb().transaction((tx) => {
    if (blockedFor(read(tx, totpKey(userId)), now) === 0) bump(tx, totpKey(userId), TOTP_LIMIT, now);
  });
}

export function clearTotpFailures({ userId }: { userId: string }) {
  getDb()
    .delete(authThrottle)
    .where(eq(authThrottle.keyHash, totpKey(userId)))
    .run();
}

/** Tests: forget every counter. */
export function resetLoginLimits() {
  getDb().run(sql`DELETE FROM auth_throttle`);
}
