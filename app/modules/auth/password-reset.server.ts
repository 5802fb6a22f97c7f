// "Forgot your password?": a link by e-mail whose token is 256 random bits, stored as SHA-256,
// valid for RESET_MINUTES and once. Asking answers the same whether or not the address exists,
// and takes the same work: the form queues a job for any address, and the job looks it up.
import { and, count, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { passwordResetTokens, sessions, users } from "../../../db/schema";
import { getDb } from "~/db.server";
import { queueJob } from "~/modules/jobs/jobs.server";
import { PermanentJobError, type JobHandler } from "~/modules/jobs/runner.server";
import { queueEmail } from "~/modules/notifications/outbox.server";
import { hashPassword, isCommonPassword } from "./password.server";
import { hashEmailToken, newEmailToken } from "./tokens.server";
import { getUserByEmail, queuePasswordChangedNotice } from "./users.server";
import { nowSeconds } from "~/utils/time";

export const RESET_MINUTES = 30;
// More requests than this within RESET_MINUTES send nothing more: no one floods an inbox.
const MAX_OPEN_REQUESTS = 3;

export const PASSWORD_RESET_JOB = "auth.password_reset";

const resetJobPayload = z.strictObject({ email: z.string().min(1).max(254) });

/**
 * The forgot-password form's whole work on the request: one job keyed by the normalised address,
 * the same row for an address with an account as for one without, so the answer takes the same
 * time and says nothing. A second request for an address whose job still waits is that job.
 */
export function queuePasswordResetRequest({ email }: { email: string }): void {
  const payload = { email: email.trim().toLowerCase() };
  getDb().transaction((tx) => queueJob(tx, { kind: PASSWORD_RESET_JOB, payload, coalesce: true, maxAttempts: 3 }));
}

/** The job: the lookup, the token and the e-mail. It returns nothing, so the job's row does not tell staff whether the address has an account. */
export const passwordResetJobHandler: JobHandler = (job) => {
  const parsed = resetJobPayload.safeParse(job.payload);
  if (!parsed.success) throw new PermanentJobError("a password reset job without an address");
  requestPasswordReset({ email: parsed.data.email });
};

/** Queues a reset link when the address belongs to an active account; otherwise does nothing. No result either way. */
export function requestPasswordReset({ email }: { email: string }): void {
  const user = getUserByEmail({ email });
  if (!user || user.disabledAt) return;
  const now = nowSeconds();
  getDb().transaction((tx) => {
    const [{ open }] = tx
      .select({ open: count() })
      .from(passwordResetTokens)
      .where(and(eq(passwordResetTokens.userId, user.id), gt(passwordResetTokens.expiresAt, now)))
      .all();
    if (open >= MAX_OPEN_REQUESTS) return;
    const { token, hash } = newEmailToken();
    tx.insert(passwordResetTokens)
      .values({ tokenHash: hash, userId: user.id, expiresAt: now + RESET_MINUTES * 60 })
      .run();
    queueEmail(tx, {
      key: `password-reset:${hash}`,
      to: user.email,
      userId: user.id,
      category: "account",
      template: "password_reset",
      params: { name: user.name, email: user.email, token, minutes: RESET_MINUTES },
    });
  });
}

function findUsable(token: string | null | undefined) {
  if (!token || token.length > 100) return null;
  const row = getDb()
    .select({ tokenHash: passwordResetTokens.tokenHash, userId: passwordResetTokens.userId, email: users.email })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(
      and(
        eq(passwordResetTokens.tokenHash, hashEmailToken(token)),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, nowSeconds()),
        isNull(users.disabledAt),
      ),
    )
    .get();
  return row ?? null;
}

/** The account a link would reset, or null when the link is unknown, used or expired. */
export function getPasswordReset({ token }: { token: string | null | undefined }) {
  const row = findUsable(token);
  return row ? { email: row.email } : null;
}

/**
 * Sets the new password and uses the link. Every session of the account ends, every other open
 * link dies, the owner is told — all in one transaction. A link that a parallel request used
 * first fails here.
 */
export async function resetPassword(input: {
  token: string | null | undefined;
  newPassword: string;
}): Promise<{ ok: true; userId: string } | { ok: false; reason: "invalid" | "common_password" }> {
  const found = findUsable(input.token);
  if (!found) return { ok: false, reason: "invalid" };
  if (isCommonPassword(input.newPassword)) return { ok: false, reason: "common_password" };
  const passwordHash = await hashPassword(input.newPassword);
  const now = nowSeconds();
  const ok = getDb().transaction((tx) => {
    const used = tx
      .update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.tokenHash, found.tokenHash), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)))
      .run().changes;
    if (!used) return false;
    tx.update(passwordResetTokens)
      .set({ usedAt: now })
      .where(and(eq(passwordResetTokens.userId, found.userId), isNull(passwordResetTokens.usedAt)))
      .run();
    // The link came by e-mail, so the address is proven too.
    const user = tx.update(users).set({ passwordHash, mustChangePassword: false, updatedAt: now }).where(eq(users.id, found.userId)).returning().get();
    if (!user.emailVerifiedAt) tx.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, user.id)).run();
    tx.delete(sessions).where(eq(sessions.userId, found.userId)).run();
    queuePasswordChangedNotice(tx, { user, passwordHash });
    return true;
  });
  if (!ok) return { ok: false, reason: "invalid" };
  return { ok: true, userId: found.userId };
}
