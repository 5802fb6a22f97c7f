// Two-factor sign-in through the routes, called as Remix calls them: the password step, the code
// step and its cookie, the account page's setup, the council's rule and the admin's reset.
import { Secret, TOTP } from "otpauth";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listAudit } from "~/modules/audit/audit.server";
import { PENDING_LOGIN_COOKIE, startPendingLogin } from "~/modules/auth/pending-login.server";
import { resetLoginLimits } from "~/modules/auth/rate-limit.server";
import { createUserSession, getSessionUser } from "~/modules/auth/session.server";
import { confirmTotpEnrolment, getTotpStatus, isStaffTotpRequired, setRequireStaffTotp, startTotpEnrolment, verifyTotp } from "~/modules/auth/totp.server";
import { getUserById } from "~/modules/auth/users.server";
import { formRequest, getRequest, makeUser, ORIGIN, signedIn, TEST_PASSWORD, thrown } from "../../tests/factories";
import { action as accountAction, loader as accountLoader } from "./account";
import { loader as adminLoader } from "./admin._index";
import { action as settingsAction, loader as settingsLoader } from "./admin.settings";
import { action as staffAction, loader as staffLoader } from "./admin.staff";
import { action as loginAction } from "./login";
import { action as verifyAction, loader as verifyLoader } from "./login_.verify";

// A fresh load context per request, as the server makes one.
const ctx = () => ({ context: { cspNonce: "n", clientIp: "10.0.0.7" }, params: {} });
const EVIL = "https://evil.example";
const code = (secret: string, timestamp = Date.now()) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp });
const wrongCode = (secret: string) => String((Number(code(secret)) + 500_000) % 1_000_000).padStart(6, "0");

type Returned = { data: { errors: { fieldErrors: Record<string, string[]>; formErrors: string[] } }; init: { status: number } };

/** The name=value part of a Set-Cookie header for this cookie, from a response with one or more. */
function cookieFrom(res: Response, name: string) {
  const found = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return found?.split(";")[0];
}

/** A staff member with two-factor sign-in on (through the module, as the account page does). */
async function enrolledStaff(role: "staff" | "admin" = "staff") {
  const user = await makeUser({ role });
  const started = startTotpEnrolment({ userId: user.id });
  if (!started.ok) throw new Error(started.reason);
  // The setup's code uses an earlier step, so the test's sign-in code (the current step) is fresh.
  expect(await confirmTotpEnrolment({ userId: user.id, code: code(started.secret, Date.now() - 30_000), now: Date.now() })).toEqual({ ok: true });
  return { user, secret: started.secret };
}

const login = (email: string, redirectTo = "/admin") =>
  loginAction({ request: formRequest("/login", { email, password: TEST_PASSWORD, redirectTo }), ...ctx() }) as Promise<Response>;

beforeEach(() => resetLoginLimits());

describe("signing in with two-factor", () => {
  it("gives no session after the right password, only a short signed cookie, and a session after the code", async () => {
    const { user, secret } = await enrolledStaff();
    const res = await login(user.email, "/admin/staff");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login/verify");
    expect(cookieFrom(res, "bridge_session")).toBeUndefined();
    const header = res.headers.getSetCookie().join("\n");
    expect(header).toMatch(new RegExp(`^${PENDING_LOGIN_COOKIE}=`));
    expect(header).toMatch(/Max-Age=300/);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).toMatch(/Path=\/login/);
    expect(header).not.toContain(user.id);
    const pending = cookieFrom(res, PENDING_LOGIN_COOKIE)!;

    expect(await verifyLoader({ request: getRequest("/login/verify", { cookie: pending }), ...ctx() })).toBeNull();
    const wrong = (await verifyAction({
      request: formRequest("/login/verify", { code: wrongCode(secret) }, { cookie: pending }),
      ...ctx(),
    })) as unknown as Returned;
    expect(wrong.init.status).toBe(400);
    expect(wrong.data.errors.fieldErrors.code).toEqual(["totp.errors.invalid"]);

    const ok = (await verifyAction({ request: formRequest("/login/verify", { code: code(secret) }, { cookie: pending }), ...ctx() })) as Response;
    expect(ok.status).toBe(302);
    expect(ok.headers.get("location")).toBe("/admin/staff");
    const session = cookieFrom(ok, "bridge_session")!;
    expect(session).toBeDefined();
    expect(ok.headers.getSetCookie().find((c) => c.startsWith(`${PENDING_LOGIN_COOKIE}=`))).toMatch(/Max-Age=0/);
    expect((await getSessionUser(getRequest("/", { cookie: session }))).user?.id).toBe(user.id);
  });

  it("leaves members and staff without two-factor as they were", async () => {
    for (const role of ["member", "staff"] as const) {
      const user = await makeUser({ role });
      const res = await login(user.email, "/account");
      expect(res.headers.get("location")).toBe("/account");
      expect(cookieFrom(res, "bridge_session")).toBeDefined();
      expect(cookieFrom(res, PENDING_LOGIN_COOKIE)).toBeUndefined();
    }
  });

  it("sends an altered pending cookie back to /login", async () => {
    const { user, secret } = await enrolledStaff();
    const other = await enrolledStaff();
    const pending = cookieFrom(await login(user.email), PENDING_LOGIN_COOKIE)!;
    const value = decodeURIComponent(pending.slice(PENDING_LOGIN_COOKIE.length + 1));
    const signature = value.slice(value.lastIndexOf("."));
    const payload = JSON.parse(Buffer.from(value.slice(0, value.lastIndexOf(".")), "base64").toString());
    expect(payload.userId).toBe(user.id);
    // Someone else's user id under the old signature, and a flipped signature character.
    const forged = Buffer.from(JSON.stringify({ ...payload, userId: other.user.id })).toString("base64") + signature;
    const at = value.length - 10;
    const flipped = value.slice(0, at) + (value[at] === "A" ? "B" : "A") + value.slice(at + 1);
    for (const bad of [forged, flipped, "garbage"]) {
      const cookie = `${PENDING_LOGIN_COOKIE}=${encodeURIComponent(bad)}`;
      const viaLoader = await thrown(verifyLoader({ request: getRequest("/login/verify", { cookie }), ...ctx() }));
      expect(viaLoader.headers.get("location")).toBe("/login?twoFactor=expired");
      const viaAction = (await verifyAction({ request: formRequest("/login/verify", { code: code(other.secret) }, { cookie }), ...ctx() })) as Response;
      expect(viaAction.status).toBe(302);
      expect(viaAction.headers.get("location")).toBe("/login?twoFactor=expired");
      expect(cookieFrom(viaAction, "bridge_session")).toBeUndefined();
    }
    // No cookie at all: the same.
    expect((await thrown(verifyLoader({ request: getRequest("/login/verify"), ...ctx() }))).headers.get("location")).toBe("/login?twoFactor=expired");
    // The genuine one still works.
    const ok = (await verifyAction({ request: formRequest("/login/verify", { code: code(secret) }, { cookie: pending }), ...ctx() })) as Response;
    expect(cookieFrom(ok, "bridge_session")).toBeDefined();
  });

  it("lets the pending cookie expire after five minutes", async () => {
    const { user, secret } = await enrolledStaff();
    const request = getRequest("/login");
    const stale = (await startPendingLogin(request, { userId: user.id, redirectTo: "/admin", now: Date.now() - 5 * 60_000 - 1000 })).split(";")[0];
    const res = (await verifyAction({ request: formRequest("/login/verify", { code: code(secret) }, { cookie: stale }), ...ctx() })) as Response;
    expect(res.headers.get("location")).toBe("/login?twoFactor=expired");
    expect(cookieFrom(res, "bridge_session")).toBeUndefined();
    const fresh = (await startPendingLogin(request, { userId: user.id, redirectTo: "/admin", now: Date.now() - 4 * 60_000 })).split(";")[0];
    expect(await verifyLoader({ request: getRequest("/login/verify", { cookie: fresh }), ...ctx() })).toBeNull();
  });

  it("sends the user back to /login after 5 wrong codes, and the password step then answers 429", async () => {
    const { user, secret } = await enrolledStaff();
    const pending = cookieFrom(await login(user.email), PENDING_LOGIN_COOKIE)!;
    const attempt = (c: string) => verifyAction({ request: formRequest("/login/verify", { code: c }, { cookie: pending }), ...ctx() });
    for (let i = 0; i < 4; i++) expect(((await attempt(wrongCode(secret))) as unknown as Returned).init.status).toBe(400);
    const fifth = (await attempt(wrongCode(secret))) as Response;
    expect(fifth.headers.get("location")).toBe("/login?twoFactor=locked");
    expect(((await attempt(code(secret))) as Response).headers.get("location")).toBe("/login?twoFactor=locked");
    const again = (await login(user.email)) as unknown as Returned;
    expect(again.init.status).toBe(429);
    expect(again.data.errors.formErrors).toEqual(["errors.login.tooMany"]);
  });

  it("sends a user whose password must change to /account after the code", async () => {
    const { user, secret } = await enrolledStaff();
    const pending = (await startPendingLogin(getRequest("/login"), { userId: user.id, redirectTo: "/account" })).split(";")[0];
    const res = (await verifyAction({ request: formRequest("/login/verify", { code: code(secret) }, { cookie: pending }), ...ctx() })) as Response;
    expect(res.headers.get("location")).toBe("/account");
  });

  it("marks the cookie Secure on https", async () => {
    const header = await startPendingLogin(new Request("https://bridge.example/login"), { userId: "u", redirectTo: "/" });
    expect(header).toMatch(/Secure/);
    expect(await startPendingLogin(new Request(`${ORIGIN}/login`), { userId: "u", redirectTo: "/" })).not.toMatch(/Secure/);
  });
});

describe("the account page", () => {
  it("shows members no two-factor section and refuses them the actions", async () => {
    const member = await signedIn();
    const page = await accountLoader({ request: getRequest("/account", { cookie: member.cookie }), ...ctx() });
    expect(page.twoFactor).toBeNull();
    const res = await thrown(accountAction({ request: formRequest("/account", { intent: "totp-start" }, { cookie: member.cookie }), ...ctx() }));
    expect(res.status).toBe(403);
  });

  it("lets staff set up with the QR code and key, confirm with a code, and turn it off with one", async () => {
    const staff = await signedIn({ role: "staff" });
    const before = await accountLoader({ request: getRequest("/account", { cookie: staff.cookie }), ...ctx() });
    expect(before.twoFactor).toMatchObject({ enabled: false, pending: null });

    const started = (await accountAction({ request: formRequest("/account", { intent: "totp-start" }, { cookie: staff.cookie }), ...ctx() })) as Response;
    expect(started.headers.get("location")).toBe("/account#two-factor");
    const page = await accountLoader({ request: getRequest("/account", { cookie: staff.cookie }), ...ctx() });
    const secret = page.twoFactor!.pending!.secret;
    expect(page.twoFactor!.pending!.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);

    const wrong = (await accountAction({
      request: formRequest("/account", { intent: "totp-confirm", code: wrongCode(secret) }, { cookie: staff.cookie }),
      ...ctx(),
    })) as unknown as Returned;
    expect(wrong.init.status).toBe(400);
    expect(wrong.data.errors.fieldErrors.code).toEqual(["totp.errors.invalid"]);
    const confirmed = (await accountAction({
      request: formRequest("/account", { intent: "totp-confirm", code: code(secret, Date.now() - 30_000) }, { cookie: staff.cookie }),
      ...ctx(),
    })) as Response;
    expect(confirmed.headers.get("location")).toBe("/account?twoFactor=enabled#two-factor");
    expect((await getTotpStatus({ userId: staff.user.id }))!.enabled).toBe(true);

    const off = (await accountAction({
      request: formRequest("/account", { intent: "totp-disable", code: code(secret) }, { cookie: staff.cookie }),
      ...ctx(),
    })) as Response;
    expect(off.headers.get("location")).toBe("/account?twoFactor=disabled#two-factor");
    expect(getUserById({ userId: staff.user.id })!.totpEnabledAt).toBeNull();
  });

  it("refuses the two-factor actions from another site", async () => {
    const staff = await signedIn({ role: "staff" });
    const forms: Record<string, string>[] = [
      { intent: "totp-start" },
      { intent: "totp-confirm", code: "123456" },
      { intent: "totp-disable", code: "123456" },
      { intent: "totp-cancel" },
    ];
    for (const fields of forms) {
      const res = await thrown(accountAction({ request: formRequest("/account", fields, { cookie: staff.cookie, origin: EVIL }), ...ctx() }));
      expect(res.status).toBe(403);
    }
    const res = await thrown(verifyAction({ request: formRequest("/login/verify", { code: "123456" }, { origin: EVIL }), ...ctx() }));
    expect(res.status).toBe(403);
    expect(getUserById({ userId: staff.user.id })!.totpSecret).toBeNull();
  });
});

describe("the council's rule and the admin's reset", () => {
  // The rule is one row for the whole file's database: each test leaves it off.
  let requiredBy: string | undefined;
  afterEach(() => {
    if (requiredBy && isStaffTotpRequired()) setRequireStaffTotp({ adminUserId: requiredBy, required: false });
  });

  it("lets an admin who uses two-factor require it for staff in the settings, audited, and refuses it from another site", async () => {
    const admin = await signedIn({ role: "admin" });
    requiredBy = admin.user.id;
    const unenrolled = (await settingsAction({
      request: formRequest("/admin/settings", { intent: "requireStaffTotp", required: "on" }, { cookie: admin.cookie }),
      ...ctx(),
    })) as unknown as Returned;
    expect(unenrolled.init.status).toBe(400);
    expect(unenrolled.data.errors.formErrors).toEqual(["totp.settings.enrolFirst"]);
    const started = startTotpEnrolment({ userId: admin.user.id });
    if (!started.ok) throw new Error(started.reason);
    await confirmTotpEnrolment({ userId: admin.user.id, code: code(started.secret) });

    const evil = await thrown(
      settingsAction({
        request: formRequest("/admin/settings", { intent: "requireStaffTotp", required: "on" }, { cookie: admin.cookie, origin: EVIL }),
        ...ctx(),
      }),
    );
    expect(evil.status).toBe(403);
    const staff = await signedIn({ role: "staff" });
    const forbidden = await thrown(
      settingsAction({ request: formRequest("/admin/settings", { intent: "requireStaffTotp", required: "on" }, { cookie: staff.cookie }), ...ctx() }),
    );
    expect(forbidden.status).toBe(403);
    expect(isStaffTotpRequired()).toBe(false);

    const res = (await settingsAction({
      request: formRequest("/admin/settings", { intent: "requireStaffTotp", required: "on" }, { cookie: admin.cookie }),
      ...ctx(),
    })) as Response;
    expect(res.headers.get("location")).toBe("/admin/settings?saved=requireStaffTotp");
    expect(isStaffTotpRequired()).toBe(true);
    expect(listAudit({ action: "settings.require_staff_totp" }).entries[0]).toMatchObject({ actorUserId: admin.user.id, after: { required: true } });
    expect((await settingsLoader({ request: getRequest("/admin/settings", { cookie: admin.cookie }), ...ctx() })).requireStaffTotp).toBe(true);

    const off = (await settingsAction({
      request: formRequest("/admin/settings", { intent: "requireStaffTotp" }, { cookie: admin.cookie }),
      ...ctx(),
    })) as Response;
    expect(off.status).toBe(302);
    expect(isStaffTotpRequired()).toBe(false);
  });

  it("sends unenrolled staff from /admin to /account#two-factor until they set it up; members are unaffected", async () => {
    const { user: admin } = await enrolledStaff("admin");
    requiredBy = admin.id;
    const staff = await signedIn({ role: "staff" });
    const member = await signedIn();
    expect(setRequireStaffTotp({ adminUserId: admin.id, required: true })).toEqual({ ok: true });

    const res = await thrown(adminLoader({ request: getRequest("/admin", { cookie: staff.cookie }), ...ctx() }));
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/account#two-factor");
    const page = await accountLoader({ request: getRequest("/account", { cookie: staff.cookie }), ...ctx() });
    expect(page.twoFactor).toMatchObject({ required: true, enabled: false });
    expect((await accountLoader({ request: getRequest("/account", { cookie: member.cookie }), ...ctx() })).twoFactor).toBeNull();

    await accountAction({ request: formRequest("/account", { intent: "totp-start" }, { cookie: staff.cookie }), ...ctx() });
    const secret = (await getTotpStatus({ userId: staff.user.id }))!.pending!.secret;
    await accountAction({ request: formRequest("/account", { intent: "totp-confirm", code: code(secret) }, { cookie: staff.cookie }), ...ctx() });
    expect(await adminLoader({ request: getRequest("/admin", { cookie: staff.cookie }), ...ctx() })).toBeDefined();

    // Now it cannot be turned off.
    const off = (await accountAction({
      request: formRequest("/account", { intent: "totp-disable", code: code(secret, Date.now() + 30_000) }, { cookie: staff.cookie }),
      ...ctx(),
    })) as unknown as Returned;
    expect(off.init.status).toBe(409);
    expect(off.data.errors.formErrors).toEqual(["totp.errors.required"]);
  });

  it("signs unenrolled staff in straight to the setup page, not via the page they asked for; members and enrolled staff as asked", async () => {
    const { user: admin, secret } = await enrolledStaff("admin");
    requiredBy = admin.id;
    const staff = await makeUser({ role: "staff" });
    const member = await makeUser();
    expect(setRequireStaffTotp({ adminUserId: admin.id, required: true })).toEqual({ ok: true });

    for (const asked of ["/", "/admin/introductions"]) {
      const res = await login(staff.email, asked);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/account#two-factor");
      expect(cookieFrom(res, "bridge_session")).toBeDefined();
    }
    expect((await login(member.email, "/matches")).headers.get("location")).toBe("/matches");
    // Staff who have set it up go where they asked, after the code.
    const pending = await login(admin.email, "/admin/staff");
    expect(pending.headers.get("location")).toBe("/login/verify");
    const verified = (await verifyAction({
      request: formRequest("/login/verify", { code: code(secret) }, { cookie: cookieFrom(pending, PENDING_LOGIN_COOKIE) }),
      ...ctx(),
    })) as Response;
    expect(verified.headers.get("location")).toBe("/admin/staff");
  });

  it("shows each staff member's two-factor status and lets an admin reset it, ending their sessions, audited", async () => {
    const admin = await signedIn({ role: "admin" });
    const { user, secret } = await enrolledStaff();
    const { cookie } = await createUserSession({ userId: user.id });
    const staffCookie = cookie.split(";")[0];

    const page = await staffLoader({ request: getRequest("/admin/staff", { cookie: admin.cookie }), ...ctx() });
    expect(page.staff.find((s) => s.id === user.id)).toMatchObject({ twoFactor: true });
    expect(page.staff.find((s) => s.id === admin.user.id)).toMatchObject({ twoFactor: false });

    const evil = await thrown(
      staffAction({ request: formRequest("/admin/staff", { intent: "reset-totp", userId: user.id }, { cookie: admin.cookie, origin: EVIL }), ...ctx() }),
    );
    expect(evil.status).toBe(403);
    const byStaff = await thrown(
      staffAction({ request: formRequest("/admin/staff", { intent: "reset-totp", userId: user.id }, { cookie: staffCookie }), ...ctx() }),
    );
    expect(byStaff.status).toBe(403);
    expect(getUserById({ userId: user.id })!.totpEnabledAt).not.toBeNull();

    const res = (await staffAction({
      request: formRequest("/admin/staff", { intent: "reset-totp", userId: user.id }, { cookie: admin.cookie }),
      ...ctx(),
    })) as Response;
    expect(res.headers.get("location")).toBe("/admin/staff?done=totpReset");
    expect(getUserById({ userId: user.id })!.totpEnabledAt).toBeNull();
    expect((await getSessionUser(getRequest("/", { cookie: staffCookie }))).user).toBeNull();
    expect(listAudit({ action: "staff.totp_reset", entityId: user.id }).entries[0]).toMatchObject({ actorUserId: admin.user.id, after: { enabled: false } });
    // Signing in now needs the password only; the old app's codes are worthless.
    const signIn = await login(user.email);
    expect(cookieFrom(signIn, "bridge_session")).toBeDefined();
    expect(await verifyTotp({ userId: user.id, code: code(secret) })).toEqual({ ok: false, reason: "not_enabled" });

    const self = (await staffAction({
      request: formRequest("/admin/staff", { intent: "reset-totp", userId: admin.user.id }, { cookie: admin.cookie }),
      ...ctx(),
    })) as unknown as Returned;
    expect(self.init.status).toBe(409);
    expect(self.data.errors.formErrors).toEqual(["totp.staff.errors.self"]);
  });
});
