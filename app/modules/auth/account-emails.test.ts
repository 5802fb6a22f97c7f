// The account e-mails end to end: queued with the change that causes them, delivered to a real
// SMTP server, and their links working in the routes they point to.
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import PostalMime from "postal-mime";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { emailVerificationTokens, jobs, loginLinkTokens, outbox, passwordResetTokens, sessions, users } from "../../../db/schema";
import { getDb, getSqlite } from "~/db.server";
import { resetEnv } from "~/env.server";
import { getT } from "~/modules/i18n/locales.server";
import { drainOutbox, smtpSender, type Sender } from "~/modules/notifications/delivery.server";
import { formRequest, getRequest, makeUser, ORIGIN, signedIn, TEST_PASSWORD } from "../../../tests/factories";
import { startSmtpSink, type Sink } from "../../../tests/smtp-sink";
import { action as accountAction } from "../../routes/account";
import { action as forgotAction } from "../../routes/forgot-password";
import { action as resetAction, loader as resetLoader } from "../../routes/reset-password";
import { action as loginAction } from "../../routes/login";
import { action as loginLinkAction, loader as loginLinkLoader } from "../../routes/login_.link";
import InvitePage, { action as inviteAction, loader as inviteLoader } from "../../routes/invite";
import SignupPage, { action as signupAction, loader as signupLoader } from "../../routes/signup";
import VerifyPage, { action as verifyAction, loader as verifyLoader } from "../../routes/verify-email";
import { inviteColleague } from "~/modules/companies/invitations.server";
import { makeListedCompany } from "../../../tests/factories";
import { renderPage } from "../../../tests/render";
import { confirmEmail, requestEmailChange, resendEmailVerification } from "./email-verification.server";
import { requireVerifiedUser } from "./guards.server";
import { getLoginLink, LOGIN_LINK_MINUTES, requestLoginLink } from "./login-link.server";
import { ACCOUNT_ATTACK, resetLoginLimits } from "./rate-limit.server";
import { runDueJobs } from "~/modules/jobs/runner.server";
import { JOB_HANDLERS } from "../../../scripts/background-work";
import { getPasswordReset, PASSWORD_RESET_JOB, requestPasswordReset, resetPassword, RESET_MINUTES } from "./password-reset.server";
import { createUserSession } from "./session.server";
import { authenticate, changePassword, getUserByEmail } from "./users.server";

// Links in e-mail point at the origin the test requests come from (tests/factories ORIGIN).
process.env.BASE_URL = ORIGIN;
resetEnv();

// A fresh load context per request, as the server makes one.
type DataResult = { data: Record<string, unknown>; init: { status: number } | null };
const ctx = (_params = {}, clientIp = "10.0.0.1") => ({ context: { cspNonce: "n", clientIp }, params: {} });

let sink: Sink;
let sender: Sender;
beforeAll(async () => {
  sink = await startSmtpSink();
  sender = smtpSender(sink.url);
});
afterAll(async () => {
  sender.close();
  await sink.close();
});
beforeEach(() => {
  resetLoginLimits();
  getDb().delete(outbox).run();
  sink.received.length = 0;
});

/** Delivers what is queued and takes the messages that reached `to` since the last look. */
async function inbox(to: string) {
  await drainOutbox({ sender });
  const mine = sink.received.filter((m) => m.to.includes(to));
  sink.received.splice(0, sink.received.length, ...sink.received.filter((m) => !mine.includes(m)));
  return Promise.all(mine.map((m) => PostalMime.parse(m.raw)));
}

function linkIn(text: string | undefined, path: string) {
  const match = new RegExp(`${ORIGIN.replace(/\./g, "\\.")}${path.replace("?", "\\?")}[A-Za-z0-9_-]*`).exec(text ?? "");
  if (!match) throw new Error(`no ${path} link in: ${text}`);
  return match[0];
}

/** A request to a link from an e-mail, as the browser of whoever clicks it sends it. */
const open = (link: string) => getRequest(link.slice(ORIGIN.length));

describe("sign-up", () => {
  it("queues the verification e-mail with the account; the link confirms the address once", async () => {
    const email = `new-${Date.now()}@firm.test`;
    const res = (await signupAction({
      request: formRequest("/signup", { name: "王芳", email, password: TEST_PASSWORD, locale: "zh" }),
      ...ctx(),
    })) as unknown as DataResult;
    expect(res.init).toBeNull(); // 200: "check your inbox", nobody signed in
    const [mail] = await inbox(email);
    expect(mail.subject).toBe(getT("zh")("email.verify.subject"));
    const link = linkIn(mail.text, "/verify-email?token=");
    expect(mail.html).toContain(`href="${link}"`);

    const page = await verifyLoader({ request: open(link), ...ctx() });
    expect(page.email).toBe(email);
    expect(getUserByEmail({ email })!.emailVerifiedAt).toBeNull(); // opening the link changes nothing
    const token = new URL(link).searchParams.get("token")!;
    const confirmed = await verifyAction({ request: formRequest("/verify-email", { token }), ...ctx() });
    expect(confirmed).toMatchObject({ ok: true, email });
    expect(getUserByEmail({ email })!.emailVerifiedAt).toBeGreaterThan(0);
    expect(confirmEmail({ token })).toEqual({ ok: false, reason: "invalid" });
  });

  it("answers a taken address exactly as a free one, creates nothing, and tells the address's owner", async () => {
    const owner = await makeUser({ locale: "zh" });
    const free = `free-${Date.now()}@firm.test`;
    const usersBefore = getDb().select().from(users).all().length;
    const post = (email: string) =>
      signupAction({
        request: formRequest("/signup", { name: "Someone", email, password: TEST_PASSWORD, locale: "en" }),
        ...ctx(),
      }) as unknown as Promise<DataResult>;
    const forFree = await post(free);
    const forTaken = await post(owner.email.toUpperCase());
    // Same status (200), same headers (no cookie: nobody is signed in), same words but the address.
    expect(forTaken.init).toEqual(forFree.init);
    expect(forFree.init).toBeNull();
    const shown = (r: DataResult) =>
      JSON.stringify(r.data).replaceAll(free, "ADDRESS").replaceAll(owner.email, "ADDRESS").replaceAll(owner.email.toUpperCase(), "ADDRESS");
    expect(shown(forTaken)).toBe(shown(forFree));
    expect(forTaken.data).toMatchObject({ sent: { email: owner.email } });
    expect(getDb().select().from(users).all().length).toBe(usersBefore + 1);
    expect(getDb().select().from(users).where(eq(users.email, owner.email)).get()).toMatchObject({ id: owner.id, name: owner.name });
    expect(getDb().select().from(emailVerificationTokens).where(eq(emailVerificationTokens.userId, owner.id)).all()).toEqual([]);

    // The free address gets its confirmation; the taken one a notice, in its owner's language.
    expect((await inbox(free)).map((m) => m.subject)).toEqual([getT("en")("email.verify.subject")]);
    const [notice, ...more] = await inbox(owner.email);
    expect(more).toEqual([]);
    expect(notice.subject).toBe(getT("zh")("email.signupAttempt.subject"));
    expect(notice.text).toContain(owner.email);
    expect(linkIn(notice.text, "/login")).toBe(`${ORIGIN}/login`);
    // A second try within the hour sends no second notice.
    await post(owner.email);
    expect(await inbox(owner.email)).toHaveLength(0);
  });

  it("keeps an unconfirmed user from what needs a confirmed address", async () => {
    const { user, cookie } = await signedIn();
    const attempt = () => requireVerifiedUser(formRequest("/introductions", {}, { cookie }), ctx().context);
    await expect(attempt()).rejects.toMatchObject({ status: 302, headers: expect.any(Headers) });
    expect(((await attempt().catch((r: Response) => r)) as Response).headers.get("location")).toBe("/account?verification=required");
    getDb().update(users).set({ emailVerifiedAt: 1 }).where(eq(users.id, user.id)).run();
    await expect(attempt()).resolves.toMatchObject({ user: { id: user.id } });
  });

  it("sends the link again on request, at most once a minute", async () => {
    const user = await makeUser();
    expect(resendEmailVerification({ userId: user.id })).toEqual({ ok: true });
    expect(resendEmailVerification({ userId: user.id })).toEqual({ ok: false, reason: "too_soon" });
    expect(await inbox(user.email)).toHaveLength(1);
  });
});

describe("sign-up from an invitation", () => {
  it("keeps where the invitation was, through the form, the e-mail's link and the sign-in, to the invitation page", async () => {
    const owner = await makeUser();
    const companyId = makeListedCompany({ members: [owner.id] });
    const email = `invitee-${Date.now()}@firm.test`;
    expect(inviteColleague({ companyId, inviterUserId: owner.id, email })).toMatchObject({ ok: true });
    const inviteLink = linkIn((await inbox(email))[0].text, "/invite?token=");
    const invitePath = inviteLink.slice(ORIGIN.length);
    const inviteToken = new URL(inviteLink).searchParams.get("token")!;

    // The invitation page, for someone without an account: its sign-up link says where to come back.
    const invitePage = await inviteLoader({ request: open(inviteLink), ...ctx() });
    const inviteHtml = await renderPage({ url: invitePath, routePath: "invite", Component: InvitePage, loaderData: invitePage });
    const signupHref = /href="(\/signup\?[^"]+)"/.exec(inviteHtml)?.[1];
    expect(signupHref).toBe(`/signup?${new URLSearchParams({ redirectTo: invitePath })}`);

    // The sign-up form carries it ...
    const signupPage = await signupLoader({ request: getRequest(signupHref!), ...ctx() });
    expect(signupPage.redirectTo).toBe(invitePath);
    const form = await renderPage({ url: signupHref!, routePath: "signup", Component: SignupPage, loaderData: signupPage });
    expect(form).toContain(`name="redirectTo" value="${invitePath}"`);
    // ... the answer's sign-in link keeps it ...
    const res = (await signupAction({
      request: formRequest("/signup", { name: "New Colleague", email, password: TEST_PASSWORD, locale: "en", redirectTo: invitePath }),
      ...ctx(),
    })) as unknown as DataResult;
    expect(res.data).toMatchObject({ sent: { email, redirectTo: invitePath } });
    const sent = await renderPage({ url: "/signup", routePath: "signup", Component: SignupPage, loaderData: signupPage, actionData: res.data });
    const loginHref = `/login?${new URLSearchParams({ redirectTo: invitePath })}`;
    expect(sent).toContain(`href="${loginHref}"`);
    // ... and so does the confirmation link in the e-mail, whose page continues to the invitation.
    const [verifyMail] = await inbox(email);
    const verifyLink = new RegExp(`${ORIGIN.replace(/\./g, "\\.")}/verify-email\\?token=[\\w-]+&redirectTo=[\\w%.-]+`).exec(verifyMail.text ?? "")?.[0];
    expect(verifyLink).toBeDefined();
    expect(new URL(verifyLink!).searchParams.get("redirectTo")).toBe(invitePath);
    // The stored copy keeps neither the confirmation's token nor the invitation's.
    expect(JSON.stringify(getDb().select().from(outbox).all())).not.toContain(inviteToken);
    const verifyPage = await verifyLoader({ request: open(verifyLink!), ...ctx() });
    expect(verifyPage.next).toBe(invitePath);
    const token = new URL(verifyLink!).searchParams.get("token")!;
    const confirmed = await verifyAction({ request: formRequest(verifyLink!.slice(ORIGIN.length), { token }), ...ctx() });
    expect(confirmed).toMatchObject({ ok: true, email });
    const done = await renderPage({
      url: verifyLink!.slice(ORIGIN.length),
      routePath: "verify-email",
      Component: VerifyPage,
      loaderData: verifyPage,
      actionData: confirmed,
    });
    expect(done).toContain(`href="${invitePath}"`);

    // Signing in from there lands on the invitation, which the new member accepts.
    const login = (await loginAction({ request: formRequest(loginHref, { email, password: TEST_PASSWORD, redirectTo: invitePath }), ...ctx() })) as Response;
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe(invitePath);
    const cookie = login.headers.get("set-cookie")!.split(";")[0];
    const landed = await inviteLoader({ request: getRequest(invitePath, { cookie }), ...ctx() });
    expect(landed).toMatchObject({ user: { email }, invitation: { state: "valid" } });
    const accepted = (await inviteAction({ request: formRequest(invitePath, { token: inviteToken }, { cookie }), ...ctx() })) as Response;
    expect(accepted.headers.get("location")).toBe(`/companies/${companyId}/edit?joined=1`);
  });

  it("adds nothing to a plain sign-up, and keeps no target that leaves the site", async () => {
    expect((await signupLoader({ request: getRequest("/signup"), ...ctx() })).redirectTo).toBe("/");
    expect((await signupLoader({ request: getRequest(`/signup?redirectTo=${encodeURIComponent("//evil.example/x")}`), ...ctx() })).redirectTo).toBe("/");
    const email = `plain-${Date.now()}@firm.test`;
    const res = (await signupAction({
      request: formRequest("/signup", { name: "Plain", email, password: TEST_PASSWORD, locale: "en", redirectTo: "https://evil.example/" }),
      ...ctx(),
    })) as unknown as DataResult;
    expect(res.data).toMatchObject({ sent: { email, redirectTo: "/" } });
    const [mail] = await inbox(email);
    expect(mail.text).not.toContain("redirectTo");
    expect(linkIn(mail.text, "/verify-email?token=")).toBeDefined();
  });
});

describe("password reset", () => {
  it("answers alike for known and unknown addresses and does the same work for both: one job each, the lookup in the job", async () => {
    const user = await makeUser({ locale: "en" });
    getDb().delete(jobs).run();
    const rows = () => ({
      jobs: getDb().select().from(jobs).all().length,
      outbox: getDb().select().from(outbox).all().length,
      tokens: getDb().select().from(passwordResetTokens).all().length,
    });
    const before = rows();
    const post = (email: string) => forgotAction({ request: formRequest("/forgot-password", { email }), ...ctx() }) as Promise<Record<string, unknown>>;
    // The address as typed: capitals and spaces, normalised by the form.
    const known = await post(` ${user.email.toUpperCase()} `);
    const afterKnown = rows();
    const unknown = await post("Nobody@Nowhere.test");
    const afterUnknown = rows();

    // The same answer but the address shown back: status, keys and words.
    expect({ ...unknown, values: undefined }).toEqual({ ...known, values: undefined });
    expect(known).toMatchObject({ sent: true, values: { email: user.email } });
    expect(unknown).toMatchObject({ sent: true, values: { email: "nobody@nowhere.test" } });
    // The same rows on the request: one job each, no token, no e-mail — for the known address too.
    expect(afterKnown).toEqual({ ...before, jobs: before.jobs + 1 });
    expect(afterUnknown).toEqual({ ...before, jobs: before.jobs + 2 });
    const queued = getDb().select().from(jobs).all();
    expect(queued.map((j) => ({ kind: j.kind, state: j.state, payload: j.payload }))).toEqual([
      { kind: PASSWORD_RESET_JOB, state: "queued", payload: { email: user.email } },
      { kind: PASSWORD_RESET_JOB, state: "queued", payload: { email: "nobody@nowhere.test" } },
    ]);
    // Asking again while its job waits is that job.
    await post(user.email);
    expect(rows().jobs).toBe(before.jobs + 2);

    // The runner (with the handlers the server and the worker register) mails the known address only.
    expect(await runDueJobs({ handlers: JOB_HANDLERS })).toBe(2);
    const done = getDb().select().from(jobs).all();
    expect(done.map((j) => [j.state, j.result])).toEqual([
      ["done", null],
      ["done", null],
    ]);
    expect(rows().tokens).toBe(before.tokens + 1);
    expect(await inbox("nobody@nowhere.test")).toHaveLength(0);
    const mails = await inbox(user.email);
    expect(mails.map((m) => m.subject)).toEqual([getT("en")("email.reset.subject")]);
    expect(sink.received).toHaveLength(0);
  });

  it("mails a link of at least 112 bits and stores only its hash", async () => {
    const user = await makeUser({ locale: "en" });
    getDb().delete(jobs).run();
    await forgotAction({ request: formRequest("/forgot-password", { email: user.email }), ...ctx() });
    expect(sink.received).toHaveLength(0);
    await runDueJobs({ handlers: JOB_HANDLERS });

    const [mail] = await inbox(user.email);
    expect(mail.subject).toBe(getT("en")("email.reset.subject"));
    const link = linkIn(mail.text, "/reset-password?token=");
    const token = new URL(link).searchParams.get("token")!;
    expect(Buffer.from(token, "base64url").length * 8).toBeGreaterThanOrEqual(112);

    const [row] = getDb().select().from(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id)).all();
    expect(row.tokenHash).toBe(crypto.createHash("sha256").update(token).digest("hex"));
    expect(row.expiresAt - row.createdAt).toBeLessThanOrEqual(3600);
    expect(row.expiresAt - row.createdAt).toBe(RESET_MINUTES * 60);
    // Nowhere in the database is the token itself: not the token table, not the sent message.
    const dump = getSqlite().prepare("select * from outbox").all();
    expect(JSON.stringify(dump)).not.toContain(token);

    expect(await resetLoader({ request: open(link), ...ctx() })).toEqual({ token, email: user.email });
  });

  it("sets the new password, ends every session, is single use, and tells the owner", async () => {
    const { user } = await signedIn();
    await createUserSession({ userId: user.id });
    requestPasswordReset({ email: user.email });
    const token = new URL(linkIn((await inbox(user.email))[0].text, "/reset-password?token=")).searchParams.get("token")!;

    const newPassword = "a brand new passphrase 2026";
    const res = (await resetAction({ request: formRequest("/reset-password", { token, newPassword }), ...ctx() })) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?reset=1");
    expect(getDb().select().from(sessions).where(eq(sessions.userId, user.id)).all()).toEqual([]);
    expect(await authenticate({ email: user.email, password: newPassword })).toMatchObject({ id: user.id });
    expect(await authenticate({ email: user.email, password: TEST_PASSWORD })).toBeNull();

    const again = (await resetAction({
      request: formRequest("/reset-password", { token, newPassword: "yet another passphrase 99" }),
      ...ctx(),
    })) as unknown as DataResult;
    expect(again.init?.status).toBe(400);
    expect(again.data).toMatchObject({ invalid: true });

    const notices = await inbox(user.email);
    expect(notices.map((m) => m.subject)).toEqual([getT("en")("email.passwordChanged.subject")]);
    expect(linkIn(notices[0].text, "/forgot-password")).toBe(`${ORIGIN}/forgot-password`);
  });

  it("refuses an expired link and a common password", async () => {
    const user = await makeUser();
    requestPasswordReset({ email: user.email });
    const token = new URL(linkIn((await inbox(user.email))[0].text, "/reset-password?token=")).searchParams.get("token")!;
    expect(await resetPassword({ token, newPassword: "password1234" })).toEqual({ ok: false, reason: "common_password" });
    getDb()
      .update(passwordResetTokens)
      .set({ expiresAt: Math.floor(Date.now() / 1000) - 1 })
      .where(eq(passwordResetTokens.userId, user.id))
      .run();
    expect(getPasswordReset({ token })).toBeNull();
    expect(await resetPassword({ token, newPassword: "a brand new passphrase 2026" })).toEqual({ ok: false, reason: "invalid" });
  });

  it("sends no more than three open links at once", async () => {
    const user = await makeUser();
    for (let i = 0; i < 5; i++) requestPasswordReset({ email: user.email });
    expect(await inbox(user.email)).toHaveLength(3);
  });
});

describe("changes to the account", () => {
  it("tells the owner when the password changes, in the change's transaction", async () => {
    const { user } = await signedIn({ locale: "zh" });
    const result = await changePassword({
      userId: user.id,
      currentPassword: TEST_PASSWORD,
      newPassword: "一个新的很长的密码短语 2026",
    });
    expect(result).toMatchObject({ ok: true });
    const [mail] = await inbox(user.email);
    expect(mail.subject).toBe(getT("zh")("email.passwordChanged.subject"));
    expect(mail.text).toContain(user.email);
  });

  it("changes the address only through a link sent to the new one, then tells the old one", async () => {
    const { user, cookie } = await signedIn();
    const newEmail = `moved-${Date.now()}@firm.test`;
    const wrong = (await accountAction({
      request: formRequest("/account", { intent: "change-email", newEmail, password: "not my password" }, { cookie }),
      ...ctx(),
    })) as unknown as DataResult;
    expect(wrong.init?.status).toBe(400);
    expect(await requestEmailChange({ userId: user.id, currentPassword: TEST_PASSWORD, newEmail: user.email })).toEqual({ ok: false, reason: "same_email" });

    const res = (await accountAction({
      request: formRequest("/account", { intent: "change-email", newEmail, password: TEST_PASSWORD }, { cookie }),
      ...ctx(),
    })) as Response;
    expect(res.status).toBe(302);
    expect(getUserByEmail({ email: user.email })).not.toBeNull(); // nothing changed yet
    const [confirm] = await inbox(newEmail);
    expect(confirm.subject).toBe(getT("en")("email.confirmNew.subject"));
    const token = new URL(linkIn(confirm.text, "/verify-email?token=")).searchParams.get("token")!;

    expect(confirmEmail({ token })).toEqual({ ok: true, email: newEmail });
    const moved = getDb().select().from(users).where(eq(users.id, user.id)).get()!;
    expect(moved.email).toBe(newEmail);
    expect(moved.emailVerifiedAt).toBeGreaterThan(0);
    const [notice] = await inbox(user.email);
    expect(notice.subject).toBe(getT("en")("email.emailChanged.subject"));
    expect(notice.text).toContain(newEmail);
    expect(
      getDb()
        .select()
        .from(emailVerificationTokens)
        .where(eq(emailVerificationTokens.userId, user.id))
        .all()
        .every((t) => t.usedAt),
    ).toBe(true);
  });

  it("answers a change to a taken address as to a free one, changes nothing, and tells that address's owner", async () => {
    const { user, cookie } = await signedIn();
    const owner = await makeUser({ locale: "zh" });
    const free = `free-move-${Date.now()}@firm.test`;
    const post = (newEmail: string) =>
      accountAction({
        request: formRequest("/account", { intent: "change-email", newEmail, password: TEST_PASSWORD }, { cookie }),
        ...ctx(),
      }) as Promise<Response>;
    const forFree = await post(free);
    const forTaken = await post(owner.email);
    expect(forTaken.status).toBe(forFree.status);
    expect(forFree.status).toBe(302);
    const where = (r: Response, email: string) => r.headers.get("location")!.replace(encodeURIComponent(email), "ADDRESS");
    expect(where(forTaken, owner.email)).toBe(where(forFree, free));
    expect([...forTaken.headers.keys()]).toEqual([...forFree.headers.keys()]);

    // No link for the taken address: nothing could ever move this account there.
    const tokens = getDb().select().from(emailVerificationTokens).where(eq(emailVerificationTokens.userId, user.id)).all();
    expect(tokens.map((t) => t.email)).toEqual([free]);
    expect(getDb().select().from(users).where(eq(users.id, user.id)).get()!.email).toBe(user.email);
    expect(await inbox(free)).toHaveLength(1);
    const [notice, ...more] = await inbox(owner.email);
    expect(more).toEqual([]);
    expect(notice.subject).toBe(getT("zh")("email.emailChangeAttempt.subject"));
    expect(notice.text).toContain(owner.email);
    expect(notice.text).not.toContain(user.email);
  });
});

describe("one-time sign-in links", () => {
  const post = (fields: Record<string, string>, ip = "10.0.0.1") =>
    loginLinkAction({ request: formRequest("/login/link", fields), ...ctx({}, ip) }) as unknown as Promise<DataResult | Response>;

  it("answers alike for known and unknown addresses, and mails a single-use, short-lived link stored as its hash", async () => {
    const user = await makeUser({ locale: "zh" });
    const known = (await post({ intent: "request", email: user.email })) as DataResult;
    const unknown = (await post({ intent: "request", email: "nobody@nowhere.test" })) as DataResult;
    expect(unknown.init).toEqual(known.init);
    expect({ ...unknown.data, email: "" }).toEqual({ ...known.data, email: "" });
    expect(await inbox("nobody@nowhere.test")).toHaveLength(0);

    const [mail] = await inbox(user.email);
    expect(mail.subject).toBe(getT("zh")("email.loginLink.subject"));
    const link = linkIn(mail.text, "/login/link?token=");
    const token = new URL(link).searchParams.get("token")!;
    expect(Buffer.from(token, "base64url").length * 8).toBeGreaterThanOrEqual(128);
    const [row] = getDb().select().from(loginLinkTokens).where(eq(loginLinkTokens.userId, user.id)).all();
    expect(row.tokenHash).toBe(crypto.createHash("sha256").update(token).digest("hex"));
    expect(row.expiresAt - row.createdAt).toBe(LOGIN_LINK_MINUTES * 60);
    expect(JSON.stringify(getSqlite().prepare("select * from outbox").all())).not.toContain(token);

    // Opening it changes nothing; the click signs in, once.
    expect(await loginLinkLoader({ request: open(link), ...ctx() })).toEqual({ mode: "use", token, email: user.email });
    const used = (await post({ intent: "use", token })) as Response;
    expect(used.status).toBe(302);
    expect(used.headers.get("location")).toBe("/");
    expect(used.headers.get("set-cookie")).toMatch(/^bridge_session=/);
    expect(getDb().select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(1);
    expect(getDb().select().from(users).where(eq(users.id, user.id)).get()!.emailVerifiedAt).toBeGreaterThan(0);
    const again = (await post({ intent: "use", token })) as DataResult;
    expect(again.init?.status).toBe(400);
    expect(getDb().select().from(sessions).where(eq(sessions.userId, user.id)).all()).toHaveLength(1);
  });

  it("refuses an expired link and asks two-factor users for their code after it", async () => {
    const user = await makeUser();
    requestLoginLink({ email: user.email });
    const token = new URL(linkIn((await inbox(user.email))[0].text, "/login/link?token=")).searchParams.get("token")!;
    getDb()
      .update(loginLinkTokens)
      .set({ expiresAt: Math.floor(Date.now() / 1000) - 1 })
      .where(eq(loginLinkTokens.userId, user.id))
      .run();
    expect(getLoginLink({ token })).toBeNull();
    expect(((await post({ intent: "use", token })) as DataResult).init?.status).toBe(400);

    getDb().update(users).set({ totpEnabledAt: 1, totpSecret: "x" }).where(eq(users.id, user.id)).run();
    requestLoginLink({ email: user.email });
    const second = new URL(linkIn((await inbox(user.email))[0].text, "/login/link?token=")).searchParams.get("token")!;
    const res = (await post({ intent: "use", token: second })) as Response;
    expect(res.headers.get("location")).toBe("/login/verify");
    expect(res.headers.get("set-cookie")).toMatch(/^bridge_2fa=/);
    expect(getDb().select().from(sessions).where(eq(sessions.userId, user.id)).all()).toEqual([]);
  });

  it("mails the owner a link, once, when failed sign-ins from elsewhere put the account under attack; the link gets in past a blocked address", async () => {
    const user = await makeUser();
    const signIn = (password: string, ip: string) =>
      loginAction({ request: formRequest("/login", { email: user.email, password, redirectTo: "/" }), ...ctx({}, ip) }) as unknown as Promise<
        DataResult | Response
      >;
    for (let i = 0; i < ACCOUNT_ATTACK + 3; i++) await signIn("wrong password!!", `10.5.${i % 3}.1`);
    const mails = await inbox(user.email);
    expect(mails.map((m) => m.subject)).toEqual([getT("en")("email.loginLink.subject")]);
    expect(mails[0].text).toContain(getT("en")("email.loginLink.attack", { email: user.email }).slice(0, 40));
    // The owner shares an attacked address: the password is refused there, the link is not.
    expect(((await signIn(TEST_PASSWORD, "10.5.0.1")) as DataResult).init?.status).toBe(429);
    const token = new URL(linkIn(mails[0].text, "/login/link?token=")).searchParams.get("token")!;
    expect(((await post({ intent: "use", token }, "10.5.0.1")) as Response).status).toBe(302);
  });
});
