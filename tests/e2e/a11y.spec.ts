// Accessibility: axe finds nothing on any page type, in English and in Chinese — signed out, as
// a member (with matches and introductions in each main state), as staff, as an administrator,
// on the two-factor pages, on error pages and on forms that show inline errors. No rule is
// disabled; the one element left out of a scan is named with its reason below.
import { expectNoViolations } from "./axe";
import { type Browser, type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { Secret, TOTP } from "otpauth";
import { E2E_STAFF } from "../../playwright.config";
import {
  createStaffAccount,
  createFirms,
  fillLogin,
  type Firm,
  type FirmProfile,
  msg,
  newSignedInMember,
  ORIGIN,
  signInAs,
  signOut,
  switchLanguage,
  uniqueEmail,
  waitForMail,
  waitForMatch,
} from "./helpers";

const LOCALES = ["en", "zh"] as const;
const stamp = Date.now().toString(36);

// The mail log's message preview is a sandboxed frame that runs no script, so axe cannot enter it
// and would report the whole page as unscannable; the frame is left out of that page's scan (its
// title is checked in mail.spec.ts, and the message's words are the e-mail's, not the page's).
const MAIL_PREVIEW = "iframe[sandbox]";

async function visit(page: Page, path: string, status = 200) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(status);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
}

/** Opens each page and scans it. */
async function scanAll(page: Page, paths: string[], exclude: Record<string, string> = {}) {
  for (const path of paths) {
    await visit(page, path);
    await expectNoViolations(page, path, { exclude: exclude[path] });
  }
}

async function newPage(browser: Browser, storageState?: Firm["storageState"]) {
  const context = await browser.newContext({ storageState });
  return { context, page: await context.newPage() };
}

// ---- a member's firm with matches and introductions in each main state ----

const firm = (label: string, country: "CN" | "ID", localName?: string): FirmProfile => ({
  name: `${label} ${stamp}`,
  localName,
  country,
  city: country === "CN" ? "南宁" : "Surabaya",
  languages: country === "CN" ? ["zh", "en"] : ["id", "en"],
  sectors: ["cloud"],
  offers: country === "CN" ? ["cloud.iaas", "cloud.data_center"] : ["role.distribution"],
  // Data centres, which other specs' firms do not offer: these distributors do not crowd their match lists.
  needs: country === "CN" ? ["role.distribution"] : ["cloud.data_center"],
  partnershipTypes: ["distribution"],
  targetMarkets: country === "CN" ? ["ID"] : ["CN"],
  description:
    country === "CN" ? "区域公有云服务商，自建数据中心。A regional public cloud with data centres." : "Distributor perangkat lunak. A software distributor.",
  contactName: `${label} Contact ${stamp}`,
  contactEmail: `${label.toLowerCase().replace(/\W+/g, "-")}-${stamp}@contact.example`,
});

// X is the member whose pages are scanned: X asked Y, and Y accepted (contacts shown); Z asked X,
// and the council approved it (waiting for X's answer); Y asked Z (waiting in the council's queue).
let X: Firm, Y: Firm, Z: Firm, W: Firm;
const intro = { accepted: 0, waiting: 0, requested: 0 };

/** Asks for an introduction as the firm's member, from the partner's directory page. */
async function askFor(from: Firm, to: Firm, browser: Browser) {
  const { context } = await newPage(browser, from.storageState);
  const response = await context.request.post(`/companies/${to.companyId}`, {
    headers: { origin: ORIGIN },
    form: { intent: "request", targetCompanyId: String(to.companyId), purpose: "distribution", message: `您好！We would like to meet ${to.name}.` },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  await context.close();
  return Number(/\/introductions\/(\d+)/.exec(response.headers().location)![1]);
}

async function post(page: Page, path: string, form: Record<string, string>) {
  const response = await page.request.post(path, { headers: { origin: ORIGIN }, form, maxRedirects: 0 });
  expect(response.status(), path).toBe(302);
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  const staff = await newPage(browser);
  await signInAs(staff.page, E2E_STAFF);
  [X, Y, Z, W] = await createFirms([firm("Axe Lanyun", "CN", "蓝云科技"), firm("Axe Nusantara", "ID"), firm("Axe Surabaya", "ID"), firm("Axe Medan", "ID")]);
  const x = await newPage(browser, X.storageState);
  for (const partner of [Y, Z, W]) await waitForMatch(x.page, partner.companyId);
  await x.context.close();

  intro.accepted = await askFor(X, Y, browser);
  await post(staff.page, `/admin/introductions/${intro.accepted}`, { intent: "approve" });
  const y = await newPage(browser, Y.storageState);
  await post(y.page, `/introductions/${intro.accepted}`, { intent: "accept" });
  await y.context.close();
  intro.waiting = await askFor(Z, X, browser);
  await post(staff.page, `/admin/introductions/${intro.waiting}`, { intent: "approve" });
  intro.requested = await askFor(Y, Z, browser);
  await staff.context.close();
});

// ---- the tests ----

// The scans are most of the browser run's time: the tests of this file go to every worker, each
// of which makes the firms above on its own database (the modules make them in a second or two).
// Two scans at once on a small machine take up to twice as long each: the budgets below allow it.
test.describe.configure({ mode: "parallel" });

test("signed-out pages, the 404 page and forms with inline errors", async ({ page, browser }) => {
  test.setTimeout(240_000);
  // A real reset link, for the form that sets a new password.
  const member = await newPage(browser);
  const account = await newSignedInMember(member.page, { locale: "en" });
  await member.context.close();
  await page.goto("/forgot-password");
  await page.locator('main [name="email"]').fill(account.email);
  await page.locator('main button[type="submit"]').click();
  await expect(page.getByRole("status")).toBeVisible();
  const mail = await waitForMail(account.email, msg("en", "email.reset.subject"));
  const resetPath = /\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail.text ?? "")![0];

  for (const locale of LOCALES) {
    await page.goto("/");
    await switchLanguage(page, locale);
    await scanAll(page, [
      "/",
      "/login",
      "/signup",
      "/forgot-password",
      "/login/link",
      resetPath,
      "/reset-password?token=not-a-token",
      "/verify-email?token=not-a-token",
    ]);
    await visit(page, "/no-such-page", 404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(msg(locale, "error.notFound"));
    await expectNoViolations(page, "404");

    // Empty forms: every field shows its error (and an empty sign-in is no failed sign-in).
    await page.goto("/signup");
    await page.locator('main button[type="submit"]').click();
    await expect(page.locator("#field-password-error")).toHaveText(msg(locale, "errors.password.tooShort"));
    await expect(page.locator("#field-email-error")).toHaveText(msg(locale, "errors.email.required"));
    await expectNoViolations(page, "/signup with errors");
    await page.goto("/login");
    await page.locator('main button[type="submit"]').click();
    await expect(page.locator("#field-email-error")).toHaveText(msg(locale, "errors.email.required"));
    await expectNoViolations(page, "/login with errors");
    await page.goto("/forgot-password");
    await page.locator('main button[type="submit"]').click();
    await expect(page.locator("#field-email-error")).toBeVisible();
    await expectNoViolations(page, "/forgot-password with errors");
    // The page after asking (the same for any address).
    await page.locator('main [name="email"]').fill(uniqueEmail("nobody"));
    await page.locator('main button[type="submit"]').click();
    await expect(page.getByRole("status")).toBeVisible();
    await expectNoViolations(page, "/forgot-password sent");
    await page.goto(resetPath);
    await page.locator('main [name="newPassword"]').fill("short");
    await page.locator('main button[type="submit"]').click();
    await expect(page.locator("#field-newPassword-error")).toHaveText(msg(locale, "errors.password.tooShort"));
    await expectNoViolations(page, "/reset-password with errors");
  }
});

test("a member without a firm yet, account errors and the 403 page", async ({ page }) => {
  test.setTimeout(240_000);
  await newSignedInMember(page, { locale: "en" });
  for (const locale of LOCALES) {
    await switchLanguage(page, locale);
    await scanAll(page, ["/", "/account", "/account/notifications", "/companies/new", "/matches", "/introductions"]);
    await page.goto("/account");
    await page.locator('[name="currentPassword"]').fill("not the current password");
    await page.locator('[name="newPassword"]').fill("x");
    await page.locator('main form:has([name="newPassword"]) button[type="submit"]').click();
    await expect(page.locator("#field-newPassword-error")).toHaveText(msg(locale, "errors.password.tooShort"));
    await expectNoViolations(page, "/account with errors");
    await visit(page, "/admin", 403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(msg(locale, "error.forbidden"));
    await expectNoViolations(page, "403");
  }
});

test("a member's pages: matches, directory, own firm, team, introductions in each state, forms with errors", async ({ browser }) => {
  test.setTimeout(360_000);
  const { context, page } = await newPage(browser, X.storageState);
  await page.goto("/");
  for (const locale of LOCALES) {
    await switchLanguage(page, locale);
    await scanAll(page, [
      "/matches",
      `/matches/${Y.companyId}`,
      "/companies",
      `/companies/${Z.companyId}`,
      `/companies/${X.companyId}`,
      `/companies/${X.companyId}/edit`,
      `/companies/${X.companyId}/team`,
      "/account",
      "/account/notifications",
      "/introductions",
    ]);
    // Waiting for X's answer: the accept and decline forms, no contact yet.
    await visit(page, `/introductions/${intro.waiting}`);
    await expect(page.getByRole("button", { name: msg(locale, "intro.answer.accept") })).toBeVisible();
    await expectNoViolations(page, "an introduction waiting for the member's answer");
    // Accepted: the other firm's contact and the outcome form, here with its error.
    await visit(page, `/introductions/${intro.accepted}`);
    await expect(page.locator('section[aria-labelledby="contact-heading"]')).toContainText(Y.contactEmail);
    await expectNoViolations(page, "an accepted introduction");
    await page.getByRole("button", { name: msg(locale, "intro.record.submit") }).click();
    await expect(page.locator("#outcome-outcome-error")).toHaveText(msg(locale, "errors.intro.outcome"));
    await expectNoViolations(page, "an accepted introduction with errors");
    // The ask form of a match page, sent empty (W: a match with no introduction; an accepted pair cannot be asked again).
    await visit(page, `/matches/${W.companyId}`);
    await page.locator('#ask select[name="purpose"]').selectOption("");
    await page.locator('#ask button[type="submit"]').click();
    await expect(page.locator("#ask-message-error")).toHaveText(msg(locale, "errors.intro.messageRequired"));
    await expect(page.locator("#ask-purpose-error")).toHaveText(msg(locale, "errors.intro.purpose"));
    await expectNoViolations(page, "the ask form with errors");
  }
  await context.close();
});

test("the staff pages, forms with errors included", async ({ browser }) => {
  test.setTimeout(480_000);
  const staff = createStaffAccount("axe-staff");
  const { context, page } = await newPage(browser);
  await signInAs(page, staff);
  // One message of the mail log.
  await page.goto("/admin/mail");
  const message = await page.locator("main table tbody a[href^='/admin/mail/']").first().getAttribute("href");
  expect(message).toMatch(/^\/admin\/mail\/\d+$/);

  for (const locale of LOCALES) {
    await switchLanguage(page, locale);
    await scanAll(
      page,
      [
        "/admin",
        "/admin/introductions",
        `/admin/introductions/${intro.requested}`,
        `/admin/introductions/${intro.accepted}`,
        `/admin/introductions/new?companyId=${X.companyId}&partnerId=${Y.companyId}`,
        "/admin/reviews",
        "/admin/companies",
        `/admin/companies/${X.companyId}`,
        "/admin/matching",
        `/admin/matches/${X.companyId}`,
        `/admin/matches/${X.companyId}/${Y.companyId}`,
        "/admin/import",
        "/admin/jobs",
        "/admin/settings",
        "/admin/audit",
        "/admin/analytics",
        "/admin/mail",
        message!,
        "/account",
        "/account/notifications",
      ],
      { [message!]: MAIL_PREVIEW },
    );
    // Declining needs a reason; starting an introduction needs a purpose and a message.
    await page.goto(`/admin/introductions/${intro.requested}`);
    await page.getByRole("button", { name: msg(locale, "adminIntro.decide.decline") }).click();
    await expect(page.locator("#field-reason-error")).toHaveText(msg(locale, "errors.intro.reasonRequired"));
    await expectNoViolations(page, "the staff decision with errors");
    await page.goto(`/admin/introductions/new?companyId=${X.companyId}&partnerId=${Y.companyId}`);
    await page.getByRole("button", { name: msg(locale, "adminIntro.new.submit") }).click();
    await expect(page.locator("#field-purpose-error")).toBeVisible();
    await expect(page.locator("#field-message-error")).toBeVisible();
    await expectNoViolations(page, "a new staff introduction with errors");
  }
  await context.close();
});

test("the administrator's pages, forms with errors included", async ({ browser }) => {
  test.setTimeout(240_000);
  const admin = createStaffAccount("axe-admin", true);
  const { context, page } = await newPage(browser);
  await signInAs(page, admin);
  for (const locale of LOCALES) {
    await switchLanguage(page, locale);
    await scanAll(page, ["/admin", "/admin/staff", "/account", "/admin/settings"]);
    await page.locator("#field-cap").fill("0");
    await page.locator('form:has(#field-cap) button[type="submit"]').click();
    await expect(page.locator("#field-cap-error")).toBeVisible();
    await expectNoViolations(page, "/admin/settings with errors");
    await page.goto("/admin/staff");
    await page.locator('main form:has([name="role"]) button[type="submit"]').click();
    await expect(page.locator("#field-email-error")).toBeVisible();
    await expectNoViolations(page, "/admin/staff with errors");
  }
  await context.close();
});

test("two-factor sign-in: setting it up on the account page, and the code step of signing in", async ({ page }) => {
  test.setTimeout(240_000);
  const staff = createStaffAccount("axe-totp");
  await signInAs(page, staff);
  await page.goto("/account");
  await page.locator('main form:has(input[name="intent"][value="totp-start"]) button').click();
  const secret = page.getByTestId("totp-secret");
  await expect(secret).toBeVisible();
  for (const locale of LOCALES) {
    await switchLanguage(page, locale);
    await visit(page, "/account");
    await expect(secret).toBeVisible();
    await expectNoViolations(page, "/account, setting up two-factor");
    await page.locator('main form:has(input[name="intent"][value="totp-confirm"]) button[type="submit"]').click();
    await expect(page.locator("#field-code-error")).toBeVisible();
    await expectNoViolations(page, "/account, two-factor code with errors");
  }
  const totp = new TOTP({ secret: Secret.fromBase32((await secret.textContent())!.replace(/\s+/g, "")), algorithm: "SHA1", digits: 6, period: 30 });
  await page.locator('main [name="code"]').fill(totp.generate());
  await page.locator('main form:has(input[name="intent"][value="totp-confirm"]) button[type="submit"]').click();
  await expect(page.getByTestId("totp-status")).toHaveText(msg("zh", "totp.status.on"));
  await expectNoViolations(page, "/account with two-factor on");

  // Signing in again: the password, then the code step.
  await signOut(page);
  await fillLogin(page, staff);
  await expect(page).toHaveURL(`${ORIGIN}/login/verify`);
  for (const locale of LOCALES) {
    await switchLanguage(page, locale);
    await expect(page).toHaveURL(`${ORIGIN}/login/verify`);
    await expectNoViolations(page, "/login/verify");
    await page.locator('main button[type="submit"]').click();
    await expect(page.locator("#field-code-error")).toBeVisible();
    await expectNoViolations(page, "/login/verify with errors");
  }
});
