// Shared steps of the end-to-end tests. Every account is created through the UI with a unique
// address, because one database serves the whole run.
import fs from "node:fs";
import path from "node:path";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import PostalMime, { type Email } from "postal-mime";
import { E2E_DIR, E2E_PORT } from "../../playwright.config";

export const ORIGIN = `http://127.0.0.1:${E2E_PORT}`;
export const PASSWORD = "violet harbour lanterns 2026";

let counter = 0;
/** An address no other test (nor an earlier run) has used. */
export function uniqueEmail(label: string) {
  counter += 1;
  return `${label}-${Date.now()}-${counter}@firm.test`;
}

type Messages = Record<string, string>;
const LOCALES_DIR = path.join(process.cwd(), "app", "modules", "i18n", "locales");
const cache = new Map<string, Messages>();

/** The text of a message key in a language, read from the same files the app serves. */
export function msg(locale: "en" | "zh", key: string, params: Record<string, string | number> = {}) {
  if (!cache.has(locale)) cache.set(locale, JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, `${locale}.json`), "utf8")));
  const text = cache.get(locale)![key] ?? cache.get("en")?.[key];
  if (text === undefined) throw new Error(`no message ${key} in ${locale}`);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

// Fields are found by name, not label, so the helpers work in every language.
const submitOf = (page: Page, field: string) => page.locator(`main form:has([name="${field}"]) button[type="submit"]`);

export async function fillSignup(page: Page, a: { name: string; email: string; password: string; locale?: string }) {
  await page.goto("/signup");
  await page.locator('[name="name"]').fill(a.name);
  await page.locator('[name="email"]').fill(a.email);
  await page.locator('[name="password"]').fill(a.password);
  if (a.locale) await page.locator('main [name="locale"]').selectOption(a.locale);
  await submitOf(page, "locale").click();
}

/**
 * Signs up a new member, then signs in (sign-up itself signs no one in: it answers "check your
 * inbox" alike for a free and a taken address) and waits until the home page greets them.
 */
export async function signUp(page: Page, a: { name?: string; email?: string; password?: string; locale?: string } = {}) {
  const account = { name: a.name ?? "Test Member", email: a.email ?? uniqueEmail("member"), password: a.password ?? PASSWORD, locale: a.locale };
  await fillSignup(page, account);
  await expect(page.locator("main").getByRole("status")).toContainText(account.email);
  await signIn(page, account);
  await expect(page).toHaveURL(`${ORIGIN}/`);
  await expect(page.locator('header form[action="/logout"]')).toBeVisible();
  return account;
}

/** Fills and submits the sign-in form; stays on a sign-in page already open (keeps its redirectTo). */
export async function fillLogin(page: Page, a: { email: string; password: string }) {
  if (new URL(page.url(), ORIGIN).pathname !== "/login") await page.goto("/login");
  await page.locator('[name="email"]').fill(a.email);
  await page.locator('[name="password"]').fill(a.password);
  await submitOf(page, "password").click();
}

/** Signs in and waits until the header shows the sign-out button. */
export async function signIn(page: Page, a: { email: string; password: string }) {
  await fillLogin(page, a);
  await expect(page.locator('header form[action="/logout"]')).toBeVisible();
  await expect(page).not.toHaveURL(/\/login/);
}

export async function signOut(page: Page) {
  await page.locator('header form[action="/logout"] button').click();
  await expect(page.locator('header a[href="/login"]')).toBeVisible();
}

/** Clicks a language button of the header switcher and waits for the page to be in it. */
export async function switchLanguage(page: Page, locale: "en" | "zh") {
  await page.locator(`header form[action="/set-language"] button[value="${locale}"]`).click();
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
}

// ---- e-mail: the .eml files the server's own delivery worker writes (no SMTP_URL in e2e) ----

export const MAIL_DIR = path.join(E2E_DIR, "mail");

async function findMail(to: string, subject: string) {
  const files = fs.existsSync(MAIL_DIR) ? fs.readdirSync(MAIL_DIR).filter((f) => f.endsWith(".eml")) : [];
  for (const file of files) {
    const raw = fs.readFileSync(path.join(MAIL_DIR, file));
    if (!raw.includes(to)) continue;
    const mail = await PostalMime.parse(raw);
    if (mail.to?.some((a) => a.address === to) && mail.subject === subject) return mail;
  }
  return null;
}

/** Waits until the worker has delivered a message to `to` whose subject is `subject`, and returns it. */
export async function waitForMail(to: string, subject: string, timeout = 20_000): Promise<Email> {
  let found: Email | null = null;
  await expect
    .poll(async () => (found = await findMail(to, subject)) !== null, { message: `a message "${subject}" to ${to} in ${MAIL_DIR}`, timeout })
    .toBe(true);
  return found!;
}

/** Opens the link of the sign-up e-mail and confirms the address (the click is a POST). */
export async function confirmEmail(page: Page, a: { email: string; locale?: string }) {
  const mail = await waitForMail(a.email, msg(a.locale === "zh" ? "zh" : "en", "email.verify.subject"));
  const link = /\/verify-email\?token=[A-Za-z0-9_-]+/.exec(mail.text ?? "")?.[0];
  expect(link, mail.text).toBeTruthy();
  await page.goto(link!);
  await page.locator('main form:has([name="token"]) button[type="submit"]').click();
  await expect(page.getByRole("status")).toContainText(a.email);
}

// ---- firms: members with confirmed addresses and approved, listed profiles ----

export type FirmProfile = {
  name: string;
  localName?: string;
  country: string;
  city?: string;
  languages?: string[];
  sectors: string[];
  offers: string[];
  needs: string[];
  partnershipTypes?: string[];
  targetMarkets?: string[];
  description: string;
  contactName: string;
  contactEmail: string;
};

/** A firm whose member signed up, confirmed the address and submitted the profile; staff approved it. */
export type Firm = FirmProfile & {
  companyId: number;
  member: { name: string; email: string; password: string; locale: "en" | "zh" };
  /** The member's signed-in browser state: `browser.newContext({ storageState })` is that member. */
  storageState: Awaited<ReturnType<BrowserContext["storageState"]>>;
};

/** Fills the profile form by field names (so in any language) and submits it for review. */
export async function submitProfile(page: Page, p: FirmProfile) {
  await page.goto("/companies/new");
  await page.locator('main [name="name"]').fill(p.name);
  if (p.localName) await page.locator('main [name="localName"]').fill(p.localName);
  await page.locator('select[name="country"]').selectOption(p.country);
  if (p.city) await page.locator('main [name="city"]').fill(p.city);
  const tick = async (field: string, codes: string[] = []) => {
    for (const code of codes) await page.locator(`input[name="${field}"][value="${code}"]`).check();
  };
  await tick("languages", p.languages);
  await tick("sectors", p.sectors);
  await tick("offers", p.offers);
  await tick("needs", p.needs);
  await tick("partnershipTypes", p.partnershipTypes);
  await tick("targetMarkets", p.targetMarkets);
  await page.locator('main [name="description"]').fill(p.description);
  await page.locator('main [name="contactName"]').fill(p.contactName);
  await page.locator('main [name="contactEmail"]').fill(p.contactEmail);
  await page.locator('button[name="intent"][value="submit"]').click();
  await expect(page).toHaveURL(/\/companies\/\d+\/edit\?saved=submitted$/);
  return Number(/\/companies\/(\d+)\//.exec(page.url())![1]);
}

/** Staff approve a submitted profile on its staff page. */
export async function approveCompany(staff: Page, companyId: number) {
  await staff.goto(`/admin/companies/${companyId}`);
  await staff.locator('button[name="intent"][value="approve"]').click();
  await expect(staff.getByRole("status")).toHaveText(msg("en", "staffCompany.done.approved"));
}

/**
 * Firms as members make them, all at once: each signs up in its own browser, confirms the
 * address from the e-mail and submits its profile; then `staff` (an English-speaking staff page)
 * approves them one by one.
 */
export async function createFirms(browser: Browser, staff: Page, profiles: (FirmProfile & { locale?: "en" | "zh" })[]): Promise<Firm[]> {
  const drafts = await Promise.all(
    profiles.map(async ({ locale = "en", ...profile }) => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const member = { ...(await signUp(page, { name: `Member of ${profile.name}`, locale })), locale };
      await confirmEmail(page, member);
      const companyId = await submitProfile(page, profile);
      return { ...profile, companyId, member, context };
    }),
  );
  const firms: Firm[] = [];
  for (const { context, ...draft } of drafts) {
    await approveCompany(staff, draft.companyId);
    firms.push({ ...draft, storageState: await context.storageState() });
    await context.close();
  }
  return firms;
}

/** Waits until the server's background sync has put `partner` in the list of the firm whose page this is. */
export async function waitForMatch(page: Page, partnerId: number) {
  await expect.poll(async () => (await page.request.get(`/matches/${partnerId}`)).status(), { message: `match with ${partnerId}`, timeout: 30_000 }).toBe(200);
}

/** `name (localName)`, as e-mails name a firm. */
export const displayName = (f: { name: string; localName?: string | null }) => (f.localName ? `${f.name} (${f.localName})` : f.name);
