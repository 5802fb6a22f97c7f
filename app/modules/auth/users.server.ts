import crypto from "node:crypto";
import { and, eq, ne, sql } from "drizzle-orm";
import { sessions, users } from "../../../db/schema";
import { getDb } from "~/db.server";
import { queueEmail, type DbOrTx } from "~/modules/notifications/outbox.server";
import { hashPassword, isCommonPassword, verifyAgainstDummy, verifyPassword } from "./password.server";
import type { Role } from "./roles";

export type User = typeof users.$inferSelect;
export type PublicUser = Omit<User, "passwordHash">;

const nowSeconds = () => Math.floor(Date.now() / 1000);

export function getUserByEmail({ email }: { email: string }): User | null {
  return getDb().select().from(users).where(eq(users.email, email.trim().toLowerCase())).get() ?? null;
}

export function getUserById({ userId }: { userId: string }): User | null {
  return getDb().select().from(users).where(eq(users.id, userId)).get() ?? null;
}

export function listStaff(): PublicUser[] {
  return getDb()
    .select()
    .from(users)
    .where(ne(users.role, "member"))
    .all()
    .map(({ passwordHash: _, ...u }) => u);
}

export async function createUser(input: {
  email: string;
  name: string;
  password: string;
  locale: string;
  role?: Role;
  mustChangePassword?: boolean;
  /** Runs in the insert's transaction: what must happen with the account or not at all (its e-mail). */
  onCreated?: (tx: DbOrTx, user: User) => void;
}): Promise<{ ok: true; user: User } | { ok: false; reason: "email_taken" | "common_password" }> {
  if (isCommonPassword(input.password)) return { ok: false, reason: "common_password" };
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  const db = getDb();
  // The existence check and the insert are one transaction, so two sign-ups racing for one
  // address cannot both succeed (the unique index is the final word).
  return db.transaction((tx) => {
    if (tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) {
      return { ok: false as const, reason: "email_taken" as const };
    }
    const user = tx
      .insert(users)
      .values({
        id: crypto.randomUUID(),
        email,
        name: input.name.normalize("NFC"),
        passwordHash,
        locale: input.locale,
        role: input.role ?? "member",
        mustChangePassword: input.mustChangePassword ?? false,
      })
      .returning()
      .get();
    input.onCreated?.(tx, user);
    return { ok: true as const, user };
  });
}

/** Checks e-mail and password. Unknown, disabled and wrong all answer alike and take alike long. */
export async function authenticate({ email, password }: { email: string; password: string }) {
  const user = getUserByEmail({ email });
  if (!user) return verifyAgainstDummy(password).then(() => null);
  const ok = await verifyPassword(user.passwordHash, password);
  if (!ok || user.disabledAt) return null;
  return user;
}

export async function changePassword(input: {
  userId: string;
  currentSessionId: string;
  currentPassword: string;
  newPassword: string;
}): Promise<{ ok: true } | { ok: false; reason: "wrong_password" | "common_password" | "same_password" }> {
  const user = getUserById({ userId: input.userId });
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    return { ok: false, reason: "wrong_password" };
  }
  if (isCommonPassword(input.newPassword)) return { ok: false, reason: "common_password" };
  if (input.newPassword === input.currentPassword) return { ok: false, reason: "same_password" };
  const passwordHash = await hashPassword(input.newPassword);
  getDb().transaction((tx) => {
    tx.update(users)
      .set({ passwordHash, mustChangePassword: false, updatedAt: nowSeconds() })
      .where(eq(users.id, input.userId))
      .run();
    // Every other session ends: whoever else knew the old password is signed out everywhere.
    tx.delete(sessions)
      .where(and(eq(sessions.userId, input.userId), ne(sessions.id, input.currentSessionId)))
      .run();
    queuePasswordChangedNotice(tx, { user, passwordHash });
  });
  return { ok: true };
}

/**
 * Tells the owner that the password changed, in the change's transaction. The new hash (salted,
 * so unique to this change) names the event.
 */
export function queuePasswordChangedNotice(tx: DbOrTx, { user, passwordHash }: { user: User; passwordHash: string }) {
  queueEmail(tx, {
    key: `password-changed:${crypto.createHash("sha256").update(passwordHash).digest("hex").slice(0, 32)}`,
    to: user.email,
    userId: user.id,
    category: "account",
    template: "password_changed",
    params: { name: user.name, email: user.email },
  });
}

export function setUserLocale({ userId, locale }: { userId: string; locale: string }) {
  getDb().update(users).set({ locale, updatedAt: nowSeconds() }).where(eq(users.id, userId)).run();
}

export function disableUser({ userId }: { userId: string }) {
  getDb().transaction((tx) => {
    tx.update(users).set({ disabledAt: nowSeconds(), updatedAt: nowSeconds() }).where(eq(users.id, userId)).run();
    tx.delete(sessions).where(eq(sessions.userId, userId)).run();
  });
}

export function countUsersByRole(): Record<Role, number> {
  const counts: Record<Role, number> = { member: 0, staff: 0, admin: 0 };
  const rows = getDb().select({ role: users.role, n: sql<number>`count(*)` }).from(users).groupBy(users.role).all();
  for (const r of rows) counts[r.role] = r.n;
  return counts;
}
