// Shared steps of the end-to-end tests. Every account is created through the UI with a unique
// address, because one database serves the whole run.
import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { E2E_PORT } from "../../playwright.config";

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

/** Signs up a new member and waits until the home page greets them. */
export async function signUp(page: Page, a: { name?: string; email?: string; password?: string; locale?: string } = {}) {
  const account = { name: a.name ?? "Test Member", email: a.email ?? uniqueEmail("member"), password: a.password ?? PASSWORD, locale: a.locale };
  await fillSignup(page, account);
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
