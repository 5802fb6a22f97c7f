// The language: the header switcher, the cookie it sets, the account setting, Accept-Language.
import { type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { msg, newSignedInMember, ORIGIN, signIn, signUp } from "./helpers";

const h1 = (page: Page) => page.getByRole("heading", { level: 1 });
const html = (page: Page) => page.locator("html");

test("the header switcher turns the pages Chinese, and the choice stays while you move around", async ({ page }) => {
  await page.goto("/");
  await expect(html(page)).toHaveAttribute("lang", "en");
  await expect(h1(page)).toHaveText(msg("en", "landing.headline"));

  await page.getByRole("button", { name: "中文" }).click();
  await expect(html(page)).toHaveAttribute("lang", "zh");
  await expect(page).toHaveURL(`${ORIGIN}/`);
  await expect(h1(page)).toHaveText(msg("zh", "landing.headline"));
  await expect(page.getByRole("button", { name: "中文" })).toHaveAttribute("aria-pressed", "true");
  await expect(page).toHaveTitle(msg("zh", "landing.title"));

  // A link in the page, then a fresh page load: still Chinese.
  await page
    .locator("main")
    .getByRole("link", { name: msg("zh", "landing.ctaSignIn") })
    .click();
  await expect(page).toHaveURL(`${ORIGIN}/login`);
  await expect(h1(page)).toHaveText(msg("zh", "login.title"));
  await page.goto("/signup");
  await expect(html(page)).toHaveAttribute("lang", "zh");
  await expect(h1(page)).toHaveText(msg("zh", "signup.title"));
  await expect(page.getByLabel(msg("zh", "signup.password"), { exact: true })).toBeVisible();

  // Back to English, on the same page.
  await page.getByRole("button", { name: "English" }).click();
  await expect(html(page)).toHaveAttribute("lang", "en");
  await expect(page).toHaveURL(`${ORIGIN}/signup`);
  await expect(h1(page)).toHaveText(msg("en", "signup.title"));
});

test("a signed-in user's choice is stored on the account and follows them to a new browser", async ({ page, browser }) => {
  const account = await newSignedInMember(page, { locale: "en" });
  await expect(html(page)).toHaveAttribute("lang", "en");
  await page.getByRole("button", { name: "中文" }).click();
  await expect(html(page)).toHaveAttribute("lang", "zh");
  await expect(page.getByRole("button", { name: msg("zh", "nav.signOut") })).toBeVisible();

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto("/");
  await expect(html(other)).toHaveAttribute("lang", "en");
  await signIn(other, account);
  await expect(html(other)).toHaveAttribute("lang", "zh");
  await expect(other.getByRole("button", { name: msg("zh", "nav.signOut") })).toBeVisible();
  await fresh.close();
});

test("the preferred language chosen at sign-up is used at once", async ({ page }) => {
  await signUp(page, { name: "王芳", locale: "zh" });
  await expect(html(page)).toHaveAttribute("lang", "zh");
  await expect(page.getByText(msg("zh", "landing.next.title", { name: "王芳" }))).toBeVisible();
});

test("Accept-Language decides for a new visitor", async ({ browser }) => {
  const zh = await browser.newContext({ locale: "zh-CN" });
  const zhPage = await zh.newPage();
  await zhPage.goto("/");
  await expect(html(zhPage)).toHaveAttribute("lang", "zh");
  await expect(h1(zhPage)).toHaveText(msg("zh", "landing.headline"));
  await zh.close();

  const en = await browser.newContext({ locale: "en-GB" });
  const enPage = await en.newPage();
  await enPage.goto("/login");
  await expect(html(enPage)).toHaveAttribute("lang", "en");
  await expect(h1(enPage)).toHaveText(msg("en", "login.title"));
  await en.close();
});
