// Signing in, the whole policy in one place: the throttle (rate-limit.server.ts), the failure
// counts and the owner's link under attack, the two-factor step and the pending login. The
// sign-in routes parse the form, call one of these, and turn the answer into a response.
import { logAuthEvent } from "~/log.server";
import { safeRedirect } from "~/utils/redirect";
import { consumeLoginLink, requestLoginLink } from "./login-link.server";
import { endPendingLogin, readPendingLogin, startPendingLogin } from "./pending-login.server";
import { clearLoginFailures, loginBlockedFor, recordLoginFailure, totpBlockedFor } from "./rate-limit.server";
import { isStaffRole } from "./roles";
import { createUserSession } from "./session.server";
import { mustEnrolTotp, verifyTotp } from "./totp.server";
import { authenticate, type User } from "./users.server";

type SignInResult =
  /** Signed in: `cookie` is the session's Set-Cookie header. */
  | { outcome: "signed_in"; cookie: string; redirectTo: string }
  /** The password (or link) was right; `cookie` starts the wait for the code at /login/verify. */
  | { outcome: "two_factor"; cookie: string }
  /** Wrong password, unknown or disabled account (all alike), or an unusable link. */
  | { outcome: "refused"; reason: "invalid" }
  /** Too many failures: try again after `retryAfter` seconds. */
  | { outcome: "throttled"; retryAfter: number };

/**
 * Where a user goes once signed in: a forced password change first, then the two-factor setup
 * the council requires of staff (straight there, not via a page the guard would bounce); without
 * a target, staff to their desk.
 */
const targetOf = (user: User, redirectTo: string | undefined) =>
  user.mustChangePassword ? "/account" : mustEnrolTotp(user) ? "/account#two-factor" : safeRedirect(redirectTo, isStaffRole(user.role) ? "/admin" : "/");

/** The step after the password or the link: the address starts afresh, then the code or the session. */
async function finish(request: Request, input: { user: User; ip: string; target: string; event: "login" | "login_link"; checkCodeThrottle: boolean }) {
  const { user, ip, target, event } = input;
  clearLoginFailures({ email: user.email, ip });
  if (user.totpEnabledAt !== null) {
    // The password was right; the session waits for the code from the user's app.
    if (input.checkCodeThrottle) {
      const codeWait = await totpBlockedFor({ userId: user.id });
      if (codeWait > 0) {
        logAuthEvent(event, { userId: user.id, ip, outcome: "totp_rate_limited" });
        return { outcome: "throttled" as const, retryAfter: codeWait };
      }
    }
    logAuthEvent(event, { userId: user.id, ip, outcome: "totp_required" });
    return { outcome: "two_factor" as const, cookie: await startPendingLogin(request, { userId: user.id, redirectTo: target }) };
  }
  const { cookie } = await createUserSession({ userId: user.id });
  logAuthEvent(event, { userId: user.id, ip, outcome: "ok" });
  return { outcome: "signed_in" as const, cookie, redirectTo: target };
}

/**
 * E-mail and password from `ip`. Blocked are this address for this account (its own failures)
 * and an address with too many failures on any accounts; never the account as such, so no one
 * locks its owner out. `request` is the one the pending-login cookie is made for.
 */
export async function signIn(input: { request: Request; email: string; password: string; ip: string; redirectTo?: string }): Promise<SignInResult> {
  const { email, ip } = input;
  const wait = loginBlockedFor({ email, ip });
  if (wait > 0) {
    logAuthEvent("login", { ip, outcome: "rate_limited" });
    return { outcome: "throttled", retryAfter: wait };
  }
  const user = await authenticate({ email, password: input.password });
  if (!user) {
    const { attackStarted } = recordLoginFailure({ email, ip });
    // Many failures from anywhere: the owner (if there is one) gets a one-time sign-in link.
    if (attackStarted) requestLoginLink({ email, attack: true });
    logAuthEvent("login", { ip, outcome: attackStarted ? "failed_attack" : "failed" });
    return { outcome: "refused", reason: "invalid" };
  }
  return finish(input.request, { user, ip, target: targetOf(user, input.redirectTo), event: "login", checkCodeThrottle: true });
}

/**
 * A one-time link from the e-mail stands in for the password, not for the second factor, and no
 * counter blocks it (it is how a blocked owner gets in).
 */
export async function signInWithLink(input: { request: Request; token: string | null; ip: string }): Promise<SignInResult> {
  const used = input.token === null ? ({ ok: false } as const) : consumeLoginLink({ token: input.token });
  if (!used.ok) {
    logAuthEvent("login_link", { ip: input.ip, outcome: "invalid" });
    return { outcome: "refused", reason: "invalid" };
  }
  return finish(input.request, { user: used.user, ip: input.ip, target: targetOf(used.user, undefined), event: "login_link", checkCodeThrottle: false });
}

type SignInCodeResult =
  /** The code was right: `cookies` are the session's Set-Cookie and the end of the pending login. */
  | { outcome: "signed_in"; cookies: string[]; redirectTo: string }
  /** Wrong code: type it again. */
  | { outcome: "invalid" }
  /** The wait is over: no pending login (expired, altered), too many codes, or two-factor turned off meanwhile. `cookie` ends the pending login. */
  | { outcome: "ended"; why: "expired" | "locked"; cookie: string };

/**
 * The two-factor step of signing in (/login/verify): the code of the user whose password was
 * right (the pending-login cookie of `request` names them) makes the session and ends the wait.
 */
export async function verifySignInCode(input: { request: Request; code: string; ip?: string }): Promise<SignInCodeResult> {
  const pending = await readPendingLogin(input.request);
  const ended = async (why: "expired" | "locked"): Promise<SignInCodeResult> => ({ outcome: "ended", why, cookie: await endPendingLogin(input.request) });
  if (!pending) return ended("expired");
  const result = await verifyTotp({ userId: pending.userId, code: input.code, ip: input.ip });
  if (result.ok) {
    const { cookie } = await createUserSession({ userId: pending.userId });
    return { outcome: "signed_in", cookies: [cookie, await endPendingLogin(input.request)], redirectTo: pending.redirectTo };
  }
  if (result.reason === "rate_limited") return ended("locked");
  if (result.reason === "not_enabled") return ended("expired");
  return { outcome: "invalid" };
}
