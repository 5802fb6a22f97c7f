import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { users } from "../../../db/schema";
import { getDb } from "~/db.server";
import { getRequest, makeUser, TEST_PASSWORD } from "../../../tests/factories";
import { readPendingLogin } from "./pending-login.server";
import { PAIR_LIMIT, recordTotpFailure } from "./rate-limit.server";
import { getSessionUser } from "./session.server";
import { signIn } from "./sign-in.server";

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
