// Who may open the admin pages: anonymous visitors sign in first, members get 403, staff get
// the overview only, administrators get everything.
import { type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E_ADMIN, E2E_STAFF } from "../../playwright.config";
import { msg, newSignedInMember, ORIGIN, signIn, signInAs } from "./helpers";

async function expectForbidden(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(msg("en", "error.forbidden"));
  await expect(page.locator("main")).toContainText(msg("en", "error.status", { status: 403 }));
}

async function expectAllowed(page: Page, path: string, titleKey: string) {
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(`${ORIGIN}${path}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(msg("en", titleKey));
}

test("an anonymous visitor on /admin is sent to sign in, and back afterwards", async ({ page }) => {
  await page.goto("/admin");
  await expect(page).toHaveURL(`${ORIGIN}/login?redirectTo=%2Fadmin`);
  await signIn(page, E2E_STAFF);
  await expect(page).toHaveURL(`${ORIGIN}/admin`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(msg("en", "admin.title"));
});

test("a member gets 403 on /admin and /admin/staff", async ({ page }) => {
  await newSignedInMember(page, { locale: "en" });
  await expectForbidden(page, "/admin");
  await expectForbidden(page, "/admin/staff");
  await expect(page.locator("header").getByRole("link", { name: msg("en", "nav.admin") })).toHaveCount(0);
});

test("staff get /admin but 403 on /admin/staff", async ({ page }) => {
  await signInAs(page, E2E_STAFF);
  await expectAllowed(page, "/admin", "admin.title");
  await expect(page.locator("main").getByRole("link", { name: msg("en", "nav.staffAccounts") })).toHaveCount(0);
  await expectForbidden(page, "/admin/staff");
});

test("an administrator gets /admin and /admin/staff", async ({ page }) => {
  await signInAs(page, E2E_ADMIN);
  await expectAllowed(page, "/admin", "admin.title");
  await page
    .locator("main")
    .getByRole("link", { name: msg("en", "nav.staffAccounts") })
    .click();
  await expect(page).toHaveURL(`${ORIGIN}/admin/staff`);
  await expectAllowed(page, "/admin/staff", "staff.title");
  await expect(page.getByRole("table")).toContainText(E2E_STAFF.email);
  await expect(page.getByRole("table")).toContainText(E2E_ADMIN.email);
});
