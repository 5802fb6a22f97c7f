import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "../../../db/schema";
import { getDb } from "~/db.server";
import { getRequest, makeUser, TEST_PASSWORD } from "../../../tests/factories";
import { Secret, TOTP } from "otpauth";
import { readPendingLogin, startPendingLogin } from "./pending-login.server";
import { PAIR_LIMIT, recordTotpFailure } from "./rate-limit.server";
import { getSessionUser } from "./session.server";
import { signIn, verifySignInCode } from "./sign-in.server";
import { confirmTotpEnrolment, startTotpEnrolment } from "./totp.server";

const request = () => getRequest("/login");
const cookieHeader = (setCookie: string) => setCookie.split(";")[0];
let ipCount = 0;
const freshIp = () => `198.51.100.${++ipCount}`;

describe("signIn", () => {
  it("signs in with a session cookie and the safe target", async () => {
    const user = await makeUser();
    const result = await signIn({ request: request(), email: user.email, password: TEST_PASSWORD, ip: freshIp(), redirectTo: "//evil.test" });
    if (result.outcome !== "signed_in") throw new Error(result.outcome);
    expect(result.redirectTo).toBe("/");
    expect((await getSessionUser(getRequest("/", { cookie: cookieHeader(result.cookie) }))).user?.id).toBe(user.id);
  });

  it("sends a user who must change the password to the account page", async () => {
    const user = await makeUser();
    getDb().update(users).set({ mustChangePassword: true }).where(eq(users.id, user.id)).run();
    const result = await signIn({ request: request(), email: user.email, password: TEST_PASSWORD, ip: freshIp(), redirectTo: "/matches" });
    expect(result).toMatchObject({ outcome: "signed_in", redirectTo: "/account" });
  });

  it("refuses a wrong password and an unknown address alike, then throttles the address with a retry-after", async () => {
    const user = await makeUser();
    const ip = freshIp();
    expect(await signIn({ request: request(), email: "nobody@firm.test", password: TEST_PASSWORD, ip })).toEqual({ outcome: "refused", reason: "invalid" });
    for (let i = 0; i < PAIR_LIMIT; i++) {
      expect(await signIn({ request: request(), email: user.email, password: "not the password", ip })).toEqual({ outcome: "refused", reason: "invalid" });
    }
    const blocked = await signIn({ request: request(), email: user.email, password: TEST_PASSWORD, ip });
    expect(blocked.outcome).toBe("throttled");
    expect(blocked.outcome === "throttled" && blocked.retryAfter).toBeGreaterThan(0);
    // Another address with no failures still gets in: the account as such is never blocked.
    expect((await signIn({ request: request(), email: user.email, password: TEST_PASSWORD, ip: freshIp() })).outcome).toBe("signed_in");
  });

  it("asks for the code when two-factor is on (a pending login, no session), and throttles while codes are blocked", async () => {
    const user = await makeUser({ role: "staff" });
    getDb().update(users).set({ totpEnabledAt: 1, totpSecret: "JBSWY3DPEHPK3PXP" }).where(eq(users.id, user.id)).run();
    const result = await signIn({ request: request(), email: user.email, password: TEST_PASSWORD, ip: freshIp(), redirectTo: "/admin" });
    if (result.outcome !== "two_factor") throw new Error(result.outcome);
    const pending = await readPendingLogin(getRequest("/login/verify", { cookie: cookieHeader(result.cookie) }));
    expect(pending).toEqual({ userId: user.id, redirectTo: "/admin" });
    for (let i = 0; i < 5; i++) recordTotpFailure({ userId: user.id });
    const blocked = await signIn({ request: request(), email: user.email, password: TEST_PASSWORD, ip: freshIp() });
    expect(blocked.outcome).toBe("throttled");
  });
});

describe("verifySignInCode", () => {
  const totpCode = (secret: string, timestamp = Date.now()) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp });
  async function pendingFor(redirectTo = "/admin/staff") {
    const user = await makeUser({ role: "staff" });
    const started = startTotpEnrolment({ userId: user.id });
    if (!started.ok) throw new Error(started.reason);
    expect(await confirmTotpEnrolment({ userId: user.id, code: totpCode(started.secret, Date.now() - 30_000), now: Date.now() })).toEqual({ ok: true });
    const cookie = cookieHeader(await startPendingLogin(getRequest("/login"), { userId: user.id, redirectTo }));
    return { user, secret: started.secret, verifyRequest: getRequest("/login/verify", { cookie }) };
  }

  it("makes the session and ends the wait on the right code; a wrong code is only invalid", async () => {
    const { user, secret, verifyRequest } = await pendingFor();
    const wrong = String((Number(totpCode(secret)) + 500_000) % 1_000_000).padStart(6, "0");
    expect(await verifySignInCode({ request: verifyRequest, code: wrong, ip: freshIp() })).toEqual({ outcome: "invalid" });
    const ok = await verifySignInCode({ request: verifyRequest, code: totpCode(secret), ip: freshIp() });
    if (ok.outcome !== "signed_in") throw new Error(ok.outcome);
    expect(ok.redirectTo).toBe("/admin/staff");
    expect(ok.cookies).toHaveLength(2);
    expect((await getSessionUser(getRequest("/", { cookie: cookieHeader(ok.cookies[0]) }))).user?.id).toBe(user.id);
    // The second cookie ends the pending login: nothing is waiting any more.
    expect(await readPendingLogin(getRequest("/login/verify", { cookie: cookieHeader(ok.cookies[1]) }))).toBeNull();
  });

  it("ends the wait without a pending login, and after too many codes", async () => {
    expect(await verifySignInCode({ request: getRequest("/login/verify"), code: "123456", ip: freshIp() })).toMatchObject({ outcome: "ended", why: "expired" });
    const { verifyRequest } = await pendingFor();
    const ip = freshIp();
    let last: Awaited<ReturnType<typeof verifySignInCode>> = { outcome: "invalid" };
    for (let i = 0; i < 20 && last.outcome === "invalid"; i++) last = await verifySignInCode({ request: verifyRequest, code: "000000", ip });
    expect(last).toMatchObject({ outcome: "ended", why: "locked" });
  });
});
