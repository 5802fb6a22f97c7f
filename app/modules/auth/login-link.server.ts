// A one-time sign-in link by e-mail: how the owner of an account gets in while someone else's
// failed sign-ins keep their address blocked (a shared office address, an attack). The token is
// 256 random bits, only its SHA-256 is stored, it works once and for LOGIN_LINK_MINUTES. It is
// proof of the mailbox instead of the password, so no sign-in counter blocks it; two-factor
// sign-in still asks for the code after it. Asking answers the same whether or not the address
// has an account.
import { and, count, eq, gt, isNull } from "drizzle-orm";
import { loginLinkTokens, users } from "../../../db/schema";
import { getDb } from "~/db.server";
import { queueEmail } from "~/modules/notifications/outbox.server";
import { hashEmailToken, newEmailToken } from "./tokens.server";
import { getUserByEmail, type User } from "./users.server";
import { nowSeconds } from "~/utils/time";

export const LOGIN_LINK_MINUTES = 15;
// More requests than this within LOGIN_LINK_MINUTES send nothing more: no one floods an inbox.
const MAX_OPEN_LINKS = 3;

/**
 * Queues a sign-in link when the address belongs to an active account; otherwise does nothing.
 * `attack`: sent unasked, because the account has collected many failed sign-ins.
 */
export function requestLoginLink({ email, attack = false }: { email: string; attack?: boolean }): void {
  const user = getUserByEmail({ email });
  if (!user || user.disabledAt) return;
  const now = nowSeconds();
  getDb().transaction((tx) => {
    const [{ open }] = tx
      .select({ open: count() })
      .from(loginLinkTokens)
      .where(and(eq(loginLinkTokens.userId, user.id), isNull(loginLinkTokens.usedAt), gt(loginLinkTokens.expiresAt, now)))
      .all();
    if (open >= MAX_OPEN_LINKS) return;
    const { token, hash } = newEmailToken();
    tx.insert(loginLinkTokens)
      .values({ tokenHash: hash, userId: user.id, expiresAt: now + LOGIN_LINK_MINUTES * 60 })
      .run();
    queueEmail(tx, {
      key: `login-link:${hash}`,
      to: user.email,
      userId: user.id,
      category: "account",
      template: "login_link",
      params: { name: user.name, email: user.email, token, minutes: LOGIN_LINK_MINUTES, attack },
    });
  });
}

function findUsable(token: string | null | undefined, now: number) {
  if (!token || token.length > 100) return null;
  return (
    getDb()
      .select({ tokenHash: loginLinkTokens.tokenHash, userId: loginLinkTokens.userId, email: users.email })
      .from(loginLinkTokens)
      .innerJoin(users, eq(users.id, loginLinkTokens.userId))
      .where(
        and(eq(loginLinkTokens.tokenHash, hashEmailToken(token)), isNull(loginLinkTokens.usedAt), gt(loginLinkTokens.expiresAt, now), isNull(users.disabledAt)),
      )
      .get() ?? null
  );
}

/** The account a link would sign in to, or null when it is unknown, used or expired. */
export function getLoginLink({ token }: { token: string | null | undefined }) {
  const row = findUsable(token, nowSeconds());
  return row ? { email: row.email } : null;
}

/**
 * Uses a link: marks it and every other open link of the account used, confirms the address (the
 * link came by e-mail), and returns the user to sign in. A link a parallel request used first
 * fails here.
 */
export function consumeLoginLink({ token }: { token: string | null | undefined }): { ok: true; user: User } | { ok: false } {
  const now = nowSeconds();
  const found = findUsable(token, now);
  if (!found) return { ok: false };
  return getDb().transaction((tx) => {
    const used = tx
      .update(loginLinkTokens)
      .set({ usedAt: now })
      .where(and(eq(loginLinkTokens.tokenHash, found.tokenHash), isNull(loginLinkTokens.usedAt), gt(loginLinkTokens.expiresAt, now)))
      .run().changes;
    if (!used) return { ok: false as const };
    tx.update(loginLinkTokens)
      .set({ usedAt: now })
      .where(and(eq(loginLinkTokens.userId, found.userId), isNull(loginLinkTokens.usedAt)))
      .run();
    const user = tx.select().from(users).where(eq(users.id, found.userId)).get();
    if (!user || user.disabledAt) return { ok: false as const };
    if (!user.emailVerifiedAt) {
      tx.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, user.id)).run();
      user.emailVerifiedAt = now;
    }
    return { ok: true as const, user };
  });
}
