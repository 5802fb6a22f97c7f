// Shared steps of the end-to-end tests. Every account has a unique address, because one
// database serves every test of a worker. The forms that sign up, sign in, submit a profile and
// approve it are exercised by tests of their own (auth, companies, matching); the other tests
// start from members and firms that the app's own modules write (fixtures.ts).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, type BrowserContext, type Page } from "@playwright/test";
import PostalMime, { type Email } from "postal-mime";
import { E2E_DIR, E2E_ORIGIN, E2E_STAFF } from "../../playwright.config";
import type { Profile } from "~/modules/companies/schemas";
import { createT } from "~/modules/i18n/i18n";
import { nowSeconds } from "~/utils/time";
import { sessionCookie, signedInState } from "./fixtures";

export const ORIGIN = E2E_ORIGIN;
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
  for (const code of new Set(["en", locale])) {
    if (!cache.has(code)) cache.set(code, JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, `${code}.json`), "utf8")));
  }
  const messages = { ...cache.get("en"), ...cache.get(locale) };
  // A count's message is named by its base key, its form picked by the language's plural rules (as the app's `t`).
  const form = typeof params.count === "number" && !(key in messages) ? `${key}.${new Intl.PluralRules(locale).select(params.count)}` : key;
  const text = messages[form] ?? messages[`${key}.other`];
  if (text === undefined) throw new Error(`no message ${key} in ${locale}`);
  // Filled as the app fills it (Chinese spacing around Latin values included).
  return createT({ [key]: text }, locale)(key as never, params);
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

/**
 * A new member as the sign-up form leaves them (the account and the e-mail that confirms its
 * address, written by the auth module's sign-up), signed in by a session cookie instead of the
 * sign-in form, on the home page. The forms themselves are tested in auth.spec.ts.
 */
export async function newSignedInMember(page: Page, a: { name?: string; email?: string; password?: string; locale?: string } = {}) {
  const account = { name: a.name ?? "Test Member", email: a.email ?? uniqueEmail("member"), password: a.password ?? PASSWORD, locale: a.locale ?? "en" };
  const { signUp: signUpAccount } = await import("~/modules/auth/email-verification.server");
  const created = await signUpAccount(account);
  if (!created.ok || !created.userId) throw new Error(`newSignedInMember: ${created.ok ? "address taken" : created.reason}`);
  await page.context().addCookies([await sessionCookie(created.userId)]);
  await page.goto("/");
  await expect(page.locator('header form[action="/logout"]')).toBeVisible();
  return account;
}

/** Signs an existing account in by a session cookie (not the form) and opens the home page. */
export async function signInAs(page: Page, a: { email: string }) {
  const { getUserByEmail } = await import("~/modules/auth/users.server");
  const user = getUserByEmail({ email: a.email });
  if (!user) throw new Error(`signInAs: no account ${a.email}`);
  await page.context().addCookies([await sessionCookie(user.id)]);
  await page.goto("/");
  await expect(page.locator('header form[action="/logout"]')).toBeVisible();
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
  phone?: string;
  wechat?: string;
  whatsapp?: string;
  telegram?: string;
};

/** A firm whose member signed up, confirmed the address and submitted the profile; staff approved it. */
export type Firm = FirmProfile & {
  companyId: number;
  member: { name: string; email: string; password: string; locale: "en" | "zh" };
  /** The member's signed-in browser state: `browser.newContext({ storageState })` is that member. */
  storageState: Awaited<ReturnType<BrowserContext["storageState"]>>;
};

/**
 * Firms as the forms would leave them, written by the app's own modules: each member signed up
 * and confirmed the address, created the profile and submitted it; staff (E2E_STAFF) approved it.
 * Each member's browser state is a session made by the auth module.
 */
export async function createFirms(profiles: (FirmProfile & { locale?: "en" | "zh" })[]): Promise<Firm[]> {
  const { getUserByEmail } = await import("~/modules/auth/users.server");
  const { createCompany } = await import("~/modules/companies/companies.server");
  const { approveProfile } = await import("~/modules/companies/moderation.server");
  const { profileSchema } = await import("~/modules/companies/schemas");
  const staff = getUserByEmail({ email: E2E_STAFF.email })!;
  const firms: Firm[] = [];
  for (const { locale = "en", ...profile } of profiles) {
    const member = { name: `Member of ${profile.name}`, email: uniqueEmail("member"), password: PASSWORD, locale };
    const user = await createVerifiedUser(member);
    const created = createCompany({ userId: user.id, profile: profileSchema.parse(profile) as Profile, submit: true });
    if (!created.ok) throw new Error(`createFirms: ${created.reason}`);
    const approved = approveProfile({ companyId: created.companyId, staffUserId: staff.id });
    if (!approved.ok) throw new Error(`createFirms: ${approved.reason}`);
    firms.push({ ...profile, companyId: created.companyId, member, storageState: await signedInState(user.id) });
  }
  return firms;
}

/** An account whose address is confirmed, as sign-up and the link in its e-mail leave it. */
async function createVerifiedUser(a: { name: string; email: string; password: string; locale: string }) {
  const { createUser } = await import("~/modules/auth/users.server");
  const created = await createUser(a);
  if (!created.ok) throw new Error(`createVerifiedUser: ${created.reason}`);
  const { getDb } = await import("~/db.server");
  const { users } = await import("../../db/schema");
  const { eq } = await import("drizzle-orm");
  getDb().update(users).set({ emailVerifiedAt: nowSeconds() }).where(eq(users.id, created.user.id)).run();
  return created.user;
}

/** Waits until the server's background sync has put `partner` in the list of the firm whose page this is. */
export async function waitForMatch(page: Page, partnerId: number) {
  await expect.poll(async () => (await page.request.get(`/matches/${partnerId}`)).status(), { message: `match with ${partnerId}`, timeout: 30_000 }).toBe(200);
}

/** `name (localName)`, as e-mails name a firm. */
export const displayName = (f: { name: string; localName?: string | null }) => (f.localName ? `${f.name} (${f.localName})` : f.name);

/**
 * A staff (or admin) account of the calling spec's own, made as the deployment script makes one
 * (so its language is the spec's to change); `label` keeps accounts of different specs apart.
 */
export function createStaffAccount(label: string, admin = false) {
  const stamp = Date.now().toString(36);
  const account = { email: `${label}-${stamp}@e2e.test`, name: `${label} ${stamp}`, password: PASSWORD };
  execFileSync("node", ["--import", "tsx", "scripts/staff-create.ts", "--email", account.email, "--name", account.name, ...(admin ? ["--admin"] : [])], {
    env: { ...process.env, DATABASE_URL: `${E2E_DIR}/e2e.db`, LOG_LEVEL: "silent" },
    input: account.password,
    stdio: ["pipe", "pipe", "pipe"],
  });
  return account;
}
