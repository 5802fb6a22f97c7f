// Accounts and sessions through a real browser: sign-up, sign-in, sign-out, password change,
// sign-in limits, and the same forms without JavaScript.
//
// The server allows 5 failed sign-ins per account and address and 20 per address (the end-to-end
// server raises that to LOGIN_ADDRESS_LIMIT=1000, since every test runs from 127.0.0.1) per 15
// minutes: this file makes 10 failures in all, 5 on each of two accounts.
import { type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { confirmEmail, fillLogin, fillSignup, msg, newSignedInMember, ORIGIN, PASSWORD, signIn, signOut, signUp, uniqueEmail, waitForMail } from "./helpers";

test("sign up, sign out, sign in, change password: the old session and other devices are signed out", async ({ page, browser }) => {
  const account = await signUp(page, { name: "Lin Wei", locale: "en" });
  await expect(page.getByText(msg("en", "landing.next.title", { name: "Lin Wei" }))).toBeVisible();
  // The address is confirmed from the link in the sign-up e-mail (the other tests' members and
  // firms are written by the modules: this is the one test of the link).
  await confirmEmail(page, account);

  await signOut(page);
  await expect(page.getByText(msg("en", "landing.next.title", { name: "Lin Wei" }))).toHaveCount(0);
  await page.goto("/account");
  await expect(page).toHaveURL(`${ORIGIN}/login?redirectTo=%2Faccount`);

  await signIn(page, account);
  await expect(page).toHaveURL(`${ORIGIN}/account`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(msg("en", "account.title"));
  await expect(page.locator("main dl")).toContainText(account.email);

  // A second browser that holds the same (old) session, e.g. a stolen cookie.
  const other = await browser.newContext();
  await other.addCookies(await page.context().cookies());
  const otherPage = await other.newPage();
  await otherPage.goto("/account");
  await expect(otherPage).toHaveURL(`${ORIGIN}/account`);
  await expect(otherPage.getByRole("heading", { level: 1 })).toHaveText(msg("en", "account.title"));
  // And another device with a session of its own.
  const device = await browser.newContext();
  const devicePage = await device.newPage();
  await signIn(devicePage, account);

  const newPassword = "amber river compass 7781";
  await page.getByLabel(msg("en", "account.currentPassword"), { exact: true }).fill(account.password);
  await page.getByLabel(msg("en", "account.newPassword"), { exact: true }).fill(newPassword);
  await page.getByRole("button", { name: msg("en", "account.changePasswordSubmit") }).click();
  await expect(page).toHaveURL(`${ORIGIN}/account?changed=1`);
  await expect(page.getByRole("status")).toHaveText(msg("en", "account.passwordChanged"));

  // The session that changed the password stays; the other one is gone.
  await page.reload();
  await expect(page).toHaveURL(`${ORIGIN}/account?changed=1`);
  await otherPage.goto("/account");
  await expect(otherPage).toHaveURL(`${ORIGIN}/login?redirectTo=%2Faccount`);
  await devicePage.goto("/account");
  await expect(devicePage).toHaveURL(`${ORIGIN}/login?redirectTo=%2Faccount`);
  await other.close();
  await device.close();

  await signOut(page);
  await signIn(page, { email: account.email, password: newPassword });
  await expect(page.getByText(msg("en", "landing.next.title", { name: "Lin Wei" }))).toBeVisible();
});

/** Submits the sign-in form in the browser and returns the HTTP status of that POST. */
async function loginStatus(page: Page, a: { email: string; password: string }) {
  const post = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/login"));
  await fillLogin(page, a);
  return (await post).status();
}

test("a wrong password keeps you on /login; repeated failures give 429 alike for known and unknown addresses", async ({ page, browser, request }) => {
  const account = await newSignedInMember(page);
  await signOut(page);

  // Failure 1, in the browser: the message, and still on /login with the address kept.
  expect(await loginStatus(page, { email: account.email, password: "not my password at all" })).toBe(400);
  await expect(page).toHaveURL(`${ORIGIN}/login`);
  await expect(page.locator("main").getByRole("alert")).toHaveText(msg("en", "errors.login.invalid"));
  await expect(page.locator('[name="email"]')).toHaveValue(account.email);
  await expect(page.locator('header form[action="/logout"]')).toHaveCount(0);

  // Failures 2–5 of the known account and 1–5 of an unknown one, as plain form posts.
  const unknown = uniqueEmail("nobody");
  const post = (email: string, password: string) =>
    request.post("/login", { headers: { Origin: ORIGIN }, form: { email, password, redirectTo: "/" }, maxRedirects: 0 });
  for (let i = 2; i <= 5; i++) expect((await post(account.email, `wrong password number ${i}`)).status()).toBe(400);
  for (let i = 1; i <= 5; i++) expect((await post(unknown, `wrong password number ${i}`)).status()).toBe(400);

  // The sixth attempt is blocked, even with the right password, and says so the same way.
  const blocked = await post(account.email, account.password);
  expect(blocked.status()).toBe(429);
  expect(Number(blocked.headers()["retry-after"])).toBeGreaterThan(0);

  const expected = msg("en", "errors.login.tooMany", { minutes: 15 });
  const texts: string[] = [];
  for (const email of [account.email, unknown]) {
    const context = await browser.newContext();
    const p = await context.newPage();
    expect(await loginStatus(p, { email, password: "yet another wrong one" })).toBe(429);
    await expect(p).toHaveURL(`${ORIGIN}/login`);
    const alert = p.locator("main").getByRole("alert");
    await expect(alert).toHaveText(expected);
    texts.push(await alert.innerText());
    await context.close();
  }
  expect(texts[0]).toBe(texts[1]);
});

test("the forms work without JavaScript, inline errors included", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const email = uniqueEmail("nojs");
  const submitSignup = async (password: string) => {
    const response = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/signup");
    await fillSignup(page, { name: "Nguyen Thi Mai", email, password });
    return (await response).status();
  };
  const passwordField = page.locator('[name="password"]');
  const expectPasswordError = async (key: string) => {
    const error = page.locator("#field-password-error");
    await expect(error).toHaveText(msg("en", key));
    await expect(passwordField).toHaveAttribute("aria-invalid", "true");
    await expect(passwordField).toHaveAttribute("aria-describedby", /field-password-error/);
    // The submitted values come back, the password does not.
    await expect(page.locator('[name="name"]')).toHaveValue("Nguyen Thi Mai");
    await expect(page.locator('[name="email"]')).toHaveValue(email);
    await expect(passwordField).toHaveValue("");
  };

  expect(await submitSignup("too short")).toBe(400);
  await expect(page).toHaveURL(`${ORIGIN}/signup`);
  await expectPasswordError("errors.password.tooShort");

  expect(await submitSignup("password1234")).toBe(400);
  await expectPasswordError("errors.password.common");

  // Sign-up signs no one in: "check your inbox", then the sign-in page.
  expect(await submitSignup(PASSWORD)).toBe(200);
  await expect(page.locator("main").getByRole("status")).toHaveText(msg("en", "signup.sent", { email }));
  await expect(page.locator('header form[action="/logout"]')).toHaveCount(0);
  await page
    .locator("main")
    .getByRole("link", { name: msg("en", "signup.sentSignIn") })
    .click();
  await expect(page).toHaveURL(`${ORIGIN}/login`);

  await fillLogin(page, { email, password: "" });
  await expect(page.locator("#field-password-error")).toHaveText(msg("en", "errors.password.required"));
  await signIn(page, { email, password: PASSWORD });
  await expect(page.getByText(msg("en", "landing.next.title", { name: "Nguyen Thi Mai" }))).toBeVisible();
  await context.close();
});

test("a sign-in with redirectTo=/%09/localhost:9999/pwned ends on this site", async ({ page }) => {
  const account = await newSignedInMember(page);
  await signOut(page);
  // The tab (%09) is what browsers strip: unchecked, the target read as //localhost:9999/pwned.
  await page.goto("/login?redirectTo=/%09/localhost:9999/pwned");
  await fillLogin(page, account);
  await expect(page.locator('header form[action="/logout"]')).toBeVisible();
  await expect(page).toHaveURL(`${ORIGIN}/`);
  expect(new URL(page.url()).origin).toBe(ORIGIN);
});

test("sign-up answers a taken address as a free one, and the address's owner is told", async ({ browser }) => {
  const ownerContext = await browser.newContext();
  const owner = await signUp(await ownerContext.newPage(), { name: "Owner Of The Address", locale: "zh" });
  await ownerContext.close();
  const texts: string[] = [];
  for (const email of [uniqueEmail("free"), owner.email]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/signup"));
    await fillSignup(page, { name: "Someone Else", email, password: PASSWORD });
    const answer = await response;
    expect(answer.status()).toBe(200);
    expect(answer.headers()["set-cookie"]).toBeUndefined();
    const status = page.locator("main").getByRole("status");
    await expect(status).toHaveText(msg("en", "signup.sent", { email }));
    texts.push((await page.locator("main").innerText()).replace(email, "ADDRESS"));
    await context.close();
  }
  expect(texts[1]).toBe(texts[0]);
  const notice = await waitForMail(owner.email, msg("zh", "email.signupAttempt.subject"));
  expect(notice.text).toContain(owner.email);
});
