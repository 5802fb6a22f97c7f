import crypto from "node:crypto";
import { eq, ne, sql } from "drizzle-orm";
import { sessions, users } from "../../../db/schema";
import { getDb, type DbOrTx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { queueEmail } from "~/modules/notifications/outbox.server";
import { hashPassword, isCommonPassword, verifyAgainstDummy, verifyPassword } from "./password.server";
import { createSessionIn } from "./session.server";
import type { Role } from "./roles";
import { nowSeconds } from "~/utils/time";

export type User = typeof users.$inferSelect;
type PublicUser = Omit<User, "passwordHash" | "totpSecret">;

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
    .orderBy(users.name, users.email)
    .all()
    .map(({ passwordHash: _p, totpSecret: _t, ...u }) => u);
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
  /** Runs in the same transaction when the address has an account already (a notice to its owner). */
  onTaken?: (tx: DbOrTx, existing: User) => void;
}): Promise<{ ok: true; user: User } | { ok: false; reason: "email_taken" | "common_password" }> {
  if (isCommonPassword(input.password)) return { ok: false, reason: "common_password" };
  const email = input.email.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  const db = getDb();
  // The existence check and the insert are one transaction, so two sign-ups racing for one
  // address cannot both succeed (the unique index is the final word).
  return db.transaction((tx) => {
    const existing = tx.select().from(users).where(eq(users.email, email)).get();
    if (existing) {
      input.onTaken?.(tx, existing);
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

/** A password shown once to whoever creates an account for someone else, to be changed at first sign-in. */
function oneTimePassword() {
  return crypto.randomBytes(15).toString("base64url");
}

/**
 * A council staff or admin account, made by an admin on the staff page (`actorUserId`) or by
 * `npm run staff:create` (null). Without a `password` one is generated: it is returned once, to
 * be handed to the person, and must be changed at first sign-in. The audit entry never holds it.
 */
export async function createStaffAccount(input: {
  name: string;
  email: string;
  role: "staff" | "admin";
  password?: string;
  locale?: string;
  actorUserId: string | null;
}): Promise<{ ok: true; user: PublicUser; oneTimePassword: string | null } | { ok: false; reason: "email_taken" | "common_password" }> {
  const generated = input.password === undefined ? oneTimePassword() : null;
  const created = await createUser({
    email: input.email,
    name: input.name,
    password: generated ?? input.password!,
    locale: input.locale ?? "en",
    role: input.role,
    mustChangePassword: generated !== null,
    onCreated: (tx, user) =>
      recordAudit(tx, {
        actorUserId: input.actorUserId,
        action: "staff.create",
        entityType: "user",
        entityId: user.id,
        after: { email: user.email, name: user.name, role: user.role, mustChangePassword: user.mustChangePassword },
      }),
  });
  if (!created.ok) return created;
  const { passwordHash: _, ...user } = created.user;
  return { ok: true, user, oneTimePassword: generated };
}

/** Checks e-mail and password. Unknown, disabled and wrong all answer alike and take alike long. */
export async function authenticate({ email, password }: { email: string; password: string }) {
  const user = getUserByEmail({ email });
  if (!user) return verifyAgainstDummy(password).then(() => null);
  const ok = await verifyPassword(user.passwordHash, password);
  if (!ok || user.disabledAt) return null;
  return user;
}

/**
 * Changes the password and rotates the session in one transaction: every session of the user
 * ends (whoever else knew the old password is signed out everywhere, and a copy of this
 * browser's cookie is worth nothing) and a fresh one is returned for this browser.
 */
export async function changePassword(input: {
  userId: string;
  currentPassword: string;
  newPassword: string;
}): Promise<{ ok: true; cookie: string; sessionId: string } | { ok: false; reason: "wrong_password" | "common_password" | "same_password" }> {
  const user = getUserById({ userId: input.userId });
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    return { ok: false, reason: "wrong_password" };
  }
  if (isCommonPassword(input.newPassword)) return { ok: false, reason: "common_password" };
  if (input.newPassword === input.currentPassword) return { ok: false, reason: "same_password" };
  const passwordHash = await hashPassword(input.newPassword);
  return getDb().transaction((tx) => {
    tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: nowSeconds() }).where(eq(users.id, input.userId)).run();
    tx.delete(sessions).where(eq(sessions.userId, input.userId)).run();
    const { session, cookie } = createSessionIn(tx, { userId: input.userId });
    queuePasswordChangedNotice(tx, { user, passwordHash });
    return { ok: true as const, cookie, sessionId: session.id };
  });
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

/** A person's own new name (already checked by changeNameSchema); e-mails greet them by it from now on. */
export function changeName({ userId, name }: { userId: string; name: string }) {
  getDb().update(users).set({ name, updatedAt: nowSeconds() }).where(eq(users.id, userId)).run();
}

export function setUserLocale({ userId, locale }: { userId: string; locale: string }) {
  getDb().update(users).set({ locale, updatedAt: nowSeconds() }).where(eq(users.id, userId)).run();
}

const statusAction = (role: Role, verb: "disable" | "enable") => `${role === "member" ? "user" : "staff"}.${verb}` as const;

/**
 * Disables an account and ends all its sessions at once. `staffUserId` is the admin doing it
 * (null or absent: no one signed in, as from a command line); nobody disables their own account.
 */
export function disableUser({
  userId,
  staffUserId = null,
}: {
  userId: string;
  staffUserId?: string | null;
}): { ok: true } | { ok: false; reason: "not_found" | "self" | "already_disabled" } {
  if (userId === staffUserId) return { ok: false, reason: "self" };
  return getDb().transaction((tx) => {
    const user = tx.select({ role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId)).get();
    if (!user) return { ok: false as const, reason: "not_found" as const };
    if (user.disabledAt !== null) return { ok: false as const, reason: "already_disabled" as const };
    const now = nowSeconds();
    tx.update(users).set({ disabledAt: now, updatedAt: now }).where(eq(users.id, userId)).run();
    const ended = tx.delete(sessions).where(eq(sessions.userId, userId)).run().changes;
    recordAudit(tx, {
      actorUserId: staffUserId,
      action: statusAction(user.role, "disable"),
      entityType: "user",
      entityId: userId,
      before: { disabled: false },
      after: { disabled: true, sessionsEnded: ended },
    });
    return { ok: true as const };
  });
}

/** Lets a disabled account sign in again (with its old password). */
export function enableUser({
  userId,
  staffUserId,
}: {
  userId: string;
  staffUserId: string | null;
}): { ok: true } | { ok: false; reason: "not_found" | "not_disabled" } {
  return getDb().transaction((tx) => {
    const user = tx.select({ role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId)).get();
    if (!user) return { ok: false as const, reason: "not_found" as const };
    if (user.disabledAt === null) return { ok: false as const, reason: "not_disabled" as const };
    tx.update(users).set({ disabledAt: null, updatedAt: nowSeconds() }).where(eq(users.id, userId)).run();
    recordAudit(tx, {
      actorUserId: staffUserId,
      action: statusAction(user.role, "enable"),
      entityType: "user",
      entityId: userId,
      before: { disabled: true },
      after: { disabled: false },
    });
    return { ok: true as const };
  });
}

export function countUsersByRole(): Record<Role, number> {
  const counts: Record<Role, number> = { member: 0, staff: 0, admin: 0 };
  const rows = getDb()
    .select({ role: users.role, n: sql<number>`count(*)` })
    .from(users)
    .groupBy(users.role)
    .all();
  for (const r of rows) counts[r.role] = r.n;
  return counts;
}
