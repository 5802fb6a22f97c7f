// Proving that a user controls an e-mail address: the sign-up address, or a new address the
// user changes to. The link's token is stored hashed; the e-mail is queued in the same
// transaction as the token (and as the account, at sign-up).
import { and, desc, eq, gt, isNull, ne } from "drizzle-orm";
import { emailVerificationTokens, users } from "../../../db/schema";
import { getDb, type DbOrTx } from "~/db.server";
import { queueEmail } from "~/modules/notifications/outbox.server";
import { verifyPassword } from "./password.server";
import { hashEmailToken, newEmailToken } from "./tokens.server";
import { createUser, getUserById, type User } from "./users.server";
import { nowSeconds } from "~/utils/time";

const VERIFY_DAYS = 3;
const RESEND_AFTER_SECONDS = 60;

type Recipient = Pick<User, "id" | "name">;

function queueVerification(tx: DbOrTx, { user, email, kind, next }: { user: Recipient; email: string; kind: "signup" | "change"; next?: string }) {
  const { token, hash } = newEmailToken();
  tx.insert(emailVerificationTokens)
    .values({ tokenHash: hash, userId: user.id, email, expiresAt: nowSeconds() + VERIFY_DAYS * 24 * 3600 })
    .run();
  queueEmail(tx, {
    key: `verify-email:${hash}`,
    to: email,
    userId: user.id,
    category: "account",
    template: kind === "signup" ? "verify_email" : "confirm_new_email",
    params: { name: user.name, email, token, days: VERIFY_DAYS, ...(next ? { next: encodeURIComponent(next) } : {}) },
  });
}

/** One notice per account and hour at most, however often someone tries its address. */
const hourOf = () => Math.floor(nowSeconds() / 3600);

/**
 * Tells the owner of an address that someone tried to register it or to move another account to
 * it: the form that tried answers as for a free address, so only the owner learns it is taken.
 */
function queueAddressInUseNotice(tx: DbOrTx, owner: User, kind: "signup" | "change") {
  if (owner.disabledAt) return;
  queueEmail(tx, {
    key: `${kind === "signup" ? "signup-attempt" : "email-change-attempt"}:${owner.id}:${hourOf()}`,
    to: owner.email,
    userId: owner.id,
    category: "account",
    template: kind === "signup" ? "signup_attempt" : "email_change_attempt",
    params: { name: owner.name, email: owner.email },
  });
}

/**
 * Sign-up: the account and the e-mail that confirms its address, written together. For an
 * address that has an account already nothing is created and its owner gets a notice instead;
 * the result is the same `{ ok: true }` (`userId` null), so the page answers alike. `redirectTo`
 * (a checked same-site path: the invitation signed up from) rides on the confirmation link.
 */
export async function signUp({
  redirectTo,
  ...input
}: {
  email: string;
  name: string;
  password: string;
  locale: string;
  redirectTo?: string;
}): Promise<{ ok: true; userId: string | null } | { ok: false; reason: "common_password" }> {
  const next = redirectTo && redirectTo !== "/" ? redirectTo : undefined;
  const created = await createUser({
    ...input,
    onCreated: (tx, user) => queueVerification(tx, { user, email: user.email, kind: "signup", next }),
    onTaken: (tx, owner) => queueAddressInUseNotice(tx, owner, "signup"),
  });
  if (created.ok) return { ok: true, userId: created.user.id };
  if (created.reason === "email_taken") return { ok: true, userId: null };
  return { ok: false, reason: created.reason };
}

/** A new link for an unconfirmed address; at most one a minute. */
export function resendEmailVerification({ userId }: { userId: string }): { ok: true } | { ok: false; reason: "already_verified" | "too_soon" } {
  const user = getUserById({ userId });
  if (!user || user.emailVerifiedAt) return { ok: false, reason: "already_verified" };
  const db = getDb();
  return db.transaction((tx) => {
    const last = tx
      .select({ createdAt: emailVerificationTokens.createdAt })
      .from(emailVerificationTokens)
      .where(and(eq(emailVerificationTokens.userId, userId), eq(emailVerificationTokens.email, user.email)))
      .orderBy(desc(emailVerificationTokens.createdAt))
      .get();
    if (last && nowSeconds() - last.createdAt < RESEND_AFTER_SECONDS) return { ok: false as const, reason: "too_soon" as const };
    queueVerification(tx, { user, email: user.email, kind: "signup" });
    return { ok: true as const };
  });
}

function findUsable(db: DbOrTx, token: string | null | undefined) {
  if (!token || token.length > 100) return null;
  return (
    db
      .select()
      .from(emailVerificationTokens)
      .where(
        and(
          eq(emailVerificationTokens.tokenHash, hashEmailToken(token)),
          isNull(emailVerificationTokens.usedAt),
          gt(emailVerificationTokens.expiresAt, nowSeconds()),
        ),
      )
      .get() ?? null
  );
}

/** What a link would confirm, without using it (the page shows it before the click). */
export function getEmailVerification({ token }: { token: string | null | undefined }) {
  const row = findUsable(getDb(), token);
  return row ? { email: row.email } : null;
}

/**
 * Uses a link. For the account's own address it marks the address confirmed; for a new address
 * it makes the change and tells the old address, in one transaction.
 */
export function confirmEmail({ token }: { token: string | null | undefined }): { ok: true; email: string } | { ok: false; reason: "invalid" | "email_taken" } {
  return getDb().transaction((tx) => {
    const row = findUsable(tx, token);
    const user = row ? tx.select().from(users).where(eq(users.id, row.userId)).get() : undefined;
    if (!row || !user || user.disabledAt) return { ok: false as const, reason: "invalid" as const };
    const now = nowSeconds();
    if (row.email !== user.email) {
      const taken = tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.email, row.email), ne(users.id, user.id)))
        .get();
      if (taken) return { ok: false as const, reason: "email_taken" as const };
      queueEmail(tx, {
        key: `email-changed:${row.tokenHash}`,
        to: user.email,
        userId: user.id,
        category: "account",
        template: "email_changed",
        params: { name: user.name, oldEmail: user.email, newEmail: row.email },
      });
    }
    tx.update(users)
      .set({ email: row.email, emailVerifiedAt: user.emailVerifiedAt && row.email === user.email ? user.emailVerifiedAt : now, updatedAt: now })
      .where(eq(users.id, user.id))
      .run();
    // Every open link of this user ends: this one is used, older ones are superseded.
    tx.update(emailVerificationTokens)
      .set({ usedAt: now })
      .where(and(eq(emailVerificationTokens.userId, user.id), isNull(emailVerificationTokens.usedAt)))
      .run();
    return { ok: true as const, email: row.email };
  });
}

/**
 * Asks to move the account to a new address: needs the current password, and takes effect only
 * when the link sent to the new address is opened (the old address is told then).
 */
export async function requestEmailChange(input: {
  userId: string;
  currentPassword: string;
  newEmail: string;
}): Promise<{ ok: true } | { ok: false; reason: "wrong_password" | "same_email" }> {
  const user = getUserById({ userId: input.userId });
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) return { ok: false, reason: "wrong_password" };
  const email = input.newEmail.trim().toLowerCase();
  if (email === user.email) return { ok: false, reason: "same_email" };
  getDb().transaction((tx) => {
    // Another account's address: the same answer as for a free one; its owner hears of it instead.
    const owner = tx.select().from(users).where(eq(users.email, email)).get();
    if (owner) queueAddressInUseNotice(tx, owner, "change");
    else queueVerification(tx, { user, email, kind: "change" });
  });
  return { ok: true };
}
