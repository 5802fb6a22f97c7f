// Accessibility: axe finds nothing on any page of the foundation, in English and in Chinese,
// signed out and signed in, on error pages and on forms that show inline errors.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { E2E_ADMIN } from "../../playwright.config";
import { msg, signIn, signUp, switchLanguage } from "./helpers";

const LOCALES = ["en", "zh"] as const;

async function expectNoViolations(page: Page, label: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary, `${label} in ${await page.locator("html").getAttribute("lang")}`).toEqual([]);
}

async function visit(page: Page, path: string, status = 200) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(status);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
}

test("signed-out pages, the 404 page and forms with inline errors", async ({ page }) => {
  for (const locale of LOCALES) {
    await page.goto("/");
    await switchLanguage(page, locale);
    for (const path of ["/", "/login", "/signup"]) {
      await visit(page, path);
      await expectNoViolations(page, path);
    }
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
  }
});

test("a member's pages and the 403 page", async ({ page }) => {
  await signUp(page, { locale: "en" });
  for (const locale of LOCALES) {
    await switchLanguage(page, locale);
    await visit(page, "/");
    await expectNoViolations(page, "/ signed in");
    await visit(page, "/account");
    await expectNoViolations(page, "/account");
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

test("the admin pages", async ({ page }) => {
  await signIn(page, E2E_ADMIN);
  try {
    for (const locale of LOCALES) {
      await switchLanguage(page, locale);
      for (const path of ["/admin", "/admin/staff", "/account"]) {
        await visit(page, path);
        await expectNoViolations(page, path);
      }
    }
  } finally {
    // The language is the admin account's setting: leave it as other tests expect it.
    await switchLanguage(page, "en");
  }
});
