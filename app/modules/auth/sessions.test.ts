import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sessions } from "../../../db/schema";
import { getDb } from "~/db.server";
import { ctx, formRequest, signedIn, getRequest, TEST_PASSWORD } from "../../../tests/factories";
import { SESSION_LIMITS } from "./lucia.server";
import { createUserSession, getSessionUser, deleteExpiredSessions, invalidateSession } from "./session.server";
import { authenticate, changePassword, createUser, disableUser } from "./users.server";

const now = () => Math.floor(Date.now() / 1000);
const age = (sessionId: string, fields: { createdAt?: number; lastActiveAt?: number }) =>
  getDb().update(sessions).set(fields).where(eq(sessions.id, sessionId)).run();
const sessionExists = (id: string) => !!getDb().select().from(sessions).where(eq(sessions.id, id)).get();

describe("accounts", () => {
  it("stores e-mail in lower case, refuses a second account for it, and round-trips names in any script", async () => {
    const a = await createUser({ email: "Wei.Zhang@Lanyun.CN", name: "张伟", password: TEST_PASSWORD, locale: "zh" });
    expect(a.ok && a.user.email).toBe("wei.zhang@lanyun.cn");
    expect(a.ok && a.user.name).toBe("张伟");
    const again = await createUser({ email: "wei.zhang@lanyun.cn", name: "x", password: TEST_PASSWORD, locale: "en" });
    expect(again).toEqual({ ok: false, reason: "email_taken" });
  });

  it("refuses a common password", async () => {
    const r = await createUser({ email: "c@firm.test", name: "C", password: "password1234", locale: "en" });
    expect(r).toEqual({ ok: false, reason: "common_password" });
  });

  it("authenticates the right password only, and never a disabled user", async () => {
    const r = await createUser({ email: "nguyen@firm.vn", name: "Nguyễn Văn An", password: TEST_PASSWORD, locale: "en" });
    if (!r.ok) throw new Error(r.reason);
    expect((await authenticate({ email: "NGUYEN@firm.vn", password: TEST_PASSWORD }))?.id).toBe(r.user.id);
    expect(await authenticate({ email: "nguyen@firm.vn", password: "wrong password here" })).toBeNull();
    expect(await authenticate({ email: "nobody@firm.vn", password: TEST_PASSWORD })).toBeNull();
    disableUser({ userId: r.user.id });
    expect(await authenticate({ email: "nguyen@firm.vn", password: TEST_PASSWORD })).toBeNull();
  });
});

describe("sessions", () => {
  it("gives a new session id at every sign-in", async () => {
    const { user, session } = await signedIn();
    const second = await createUserSession({ userId: user.id });
    expect(second.session.id).not.toBe(session.id);
  });

  it("looks a page's session up once: its loaders share the load context, each with its own Request", async () => {
    const { user, session, cookie } = await signedIn();
    const other = await signedIn();
    const page = ctx().context;
    expect((await getSessionUser(getRequest("/matches", { cookie }), page)).user?.id).toBe(user.id);
    await invalidateSession({ sessionId: session.id });
    // The route's loader (Remix gives it a copy of the Request) gets the page's one answer...
    expect((await getSessionUser(getRequest("/matches", { cookie }), page)).user?.id).toBe(user.id);
    // ...another cookie in the same context is looked up on its own...
    expect((await getSessionUser(getRequest("/matches", { cookie: other.cookie }), page)).user?.id).toBe(other.user.id);
    // ...and the next page, an action, or a call without a context look again.
    expect((await getSessionUser(getRequest("/matches", { cookie }), ctx().context)).user).toBeNull();
    expect((await getSessionUser(formRequest("/matches", {}, { cookie }), page)).user).toBeNull();
    expect((await getSessionUser(getRequest("/matches", { cookie }))).user).toBeNull();
  });

  it("resolves the user from the cookie", async () => {
    const { user, cookie } = await signedIn();
    const found = await getSessionUser(getRequest("/", { cookie }));
    expect(found.user?.id).toBe(user.id);
  });

  it("ends a member session after the idle limit and after the absolute limit", async () => {
    const idle = await signedIn();
    age(idle.session.id, { lastActiveAt: now() - SESSION_LIMITS.member.idle - 5 });
    expect((await getSessionUser(getRequest("/", { cookie: idle.cookie }))).user).toBeNull();
    expect(sessionExists(idle.session.id)).toBe(false);

    const old = await signedIn();
    age(old.session.id, { createdAt: now() - SESSION_LIMITS.member.absolute - 5 });
    expect((await getSessionUser(getRequest("/", { cookie: old.cookie }))).user).toBeNull();
  });

  it("gives staff shorter limits than members", async () => {
    expect(SESSION_LIMITS.staff.idle).toBeLessThan(SESSION_LIMITS.member.idle);
    expect(SESSION_LIMITS.staff.absolute).toBeLessThan(SESSION_LIMITS.member.absolute);
    const staff = await signedIn({ role: "staff" });
    const member = await signedIn();
    const threeHoursIdle = now() - 3 * 3600;
    age(staff.session.id, { lastActiveAt: threeHoursIdle });
    age(member.session.id, { lastActiveAt: threeHoursIdle });
    expect((await getSessionUser(getRequest("/", { cookie: staff.cookie }))).user).toBeNull();
    expect((await getSessionUser(getRequest("/", { cookie: member.cookie }))).user?.id).toBe(member.user.id);
  });

  it("ends every session when the password changes and hands this browser a fresh one, in the change's transaction", async () => {
    const { user, session, cookie } = await signedIn();
    const other = await createUserSession({ userId: user.id });
    const wrong = await changePassword({
      userId: user.id,
      currentPassword: "not it at all",
      newPassword: "a brand new passphrase",
    });
    expect(wrong).toEqual({ ok: false, reason: "wrong_password" });
    expect(sessionExists(other.session.id)).toBe(true);
    expect(sessionExists(session.id)).toBe(true);

    const ok = await changePassword({ userId: user.id, currentPassword: TEST_PASSWORD, newPassword: "a brand new passphrase" });
    if (!ok.ok) throw new Error(ok.reason);
    expect(sessionExists(other.session.id)).toBe(false);
    // The current session is rotated too: a copy of the old cookie is worth nothing now.
    expect(sessionExists(session.id)).toBe(false);
    expect((await getSessionUser(getRequest("/", { cookie }))).user).toBeNull();
    expect(ok.sessionId).not.toBe(session.id);
    expect(sessionExists(ok.sessionId)).toBe(true);
    expect((await getSessionUser(getRequest("/", { cookie: ok.cookie }))).user?.id).toBe(user.id);
    expect(await authenticate({ email: user.email, password: "a brand new passphrase" })).not.toBeNull();
    expect(await authenticate({ email: user.email, password: TEST_PASSWORD })).toBeNull();
  });

  it("ends the sessions of a disabled user", async () => {
    const { user, cookie } = await signedIn({ role: "staff" });
    disableUser({ userId: user.id });
    expect((await getSessionUser(getRequest("/", { cookie }))).user).toBeNull();
  });

  it("cleans up sessions past their absolute limit", async () => {
    const { session } = await signedIn();
    age(session.id, { createdAt: now() - SESSION_LIMITS.member.absolute - 5 });
    await deleteExpiredSessions();
    expect(sessionExists(session.id)).toBe(false);
  });
});
