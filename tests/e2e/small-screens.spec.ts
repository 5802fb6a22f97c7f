// Small screens (a manager on a phone, 390×844): the header is one row — the brand and a menu
// button that opens the navigation, with JavaScript and without; the match filters fold behind
// one button, so the first match shows without scrolling; the introductions and staff tables
// stack into cards instead of scrolling sideways. On a laptop (1280 px) the staff header keeps
// the language switcher on the navigation's row. In English and Chinese; axe-clean at both widths.
import { type Browser, type Locator, type Page } from "@playwright/test";
import { expectNoViolations } from "./axe";
import { expect, test } from "./fixtures";
import { createFirms, createStaffAccount, type Firm, type FirmProfile, msg, ORIGIN, signInAs, waitForMatch } from "./helpers";

const LOCALES = ["en", "zh"] as const;
const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 720 };
const stamp = Date.now().toString(36);

const firm = (label: string, country: "CN" | "ID" | "VN"): FirmProfile => ({
  name: `${label} ${stamp}`,
  country,
  languages: ["en"],
  sectors: ["cloud"],
  // Connectivity, which other specs' firms do not offer: this file's lists are its own.
  offers: country === "CN" ? ["cloud.iaas", "cloud.connectivity"] : ["role.distribution"],
  needs: country === "CN" ? ["role.distribution"] : ["cloud.connectivity"],
  partnershipTypes: ["distribution"],
  targetMarkets: country === "CN" ? ["ID", "VN"] : ["CN"],
  description: country === "CN" ? "区域公有云服务商。A regional public cloud with its own network." : "A software distributor looking for network capacity.",
  contactName: `${label} Contact ${stamp}`,
  contactEmail: `${label.toLowerCase().replace(/\W+/g, "-")}-${stamp}@contact.example`,
});

// X is the member on the phone; Y (Indonesia) and Z (Vietnam) are its matches, and X asked Y.
let X: Firm, Y: Firm, Z: Firm;
let STAFF: { email: string }, ADMIN: { email: string };

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  [X, Y, Z] = await createFirms([firm("Small Lanyun", "CN"), firm("Small Nusantara", "ID"), firm("Small Saigon", "VN")]);
  const context = await browser.newContext({ storageState: X.storageState });
  const page = await context.newPage();
  for (const partner of [Y, Z]) await waitForMatch(page, partner.companyId);
  const asked = await context.request.post(`/companies/${Y.companyId}`, {
    headers: { origin: ORIGIN },
    form: { intent: "request", targetCompanyId: String(Y.companyId), purpose: "distribution", message: `We would like to meet ${Y.name}.` },
    maxRedirects: 0,
  });
  expect(asked.status()).toBe(302);
  await context.close();
  STAFF = createStaffAccount("small-staff");
  ADMIN = createStaffAccount("small-admin", true);
});

async function phone(browser: Browser, storageState: Firm["storageState"] | undefined, javaScriptEnabled = true) {
  const context = await browser.newContext({ storageState, viewport: PHONE, javaScriptEnabled });
  return { context, page: await context.newPage() };
}

const menuButton = (page: Page) => page.locator("header details > summary");
const mainNav = (page: Page) => page.locator("header nav");

/** Opens the header menu and picks a language there; the page comes back in it. */
async function chooseLanguage(page: Page, locale: "en" | "zh") {
  if ((await page.locator("html").getAttribute("lang")) === locale) return;
  if (await menuButton(page).isVisible()) await menuButton(page).click();
  await page.locator(`header form[action="/set-language"] button[value="${locale}"]`).click();
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
}

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  expect(found, String(locator)).not.toBeNull();
  return found!;
}

/** Two boxes on one row: each one's vertical middle lies within the other. */
async function expectSameRow(a: Locator, b: Locator) {
  const [p, q] = [await box(a), await box(b)];
  const middle = (r: typeof p) => r.y + r.height / 2;
  expect(middle(p), `${a} beside ${b}`).toBeGreaterThan(q.y);
  expect(middle(p), `${a} beside ${b}`).toBeLessThan(q.y + q.height);
  expect(middle(q), `${b} beside ${a}`).toBeGreaterThan(p.y);
  expect(middle(q), `${b} beside ${a}`).toBeLessThan(p.y + p.height);
}

async function expectNoSidewaysScroll(page: Page, path: string) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path} at ${PHONE.width} px`).toBeLessThanOrEqual(PHONE.width);
}

for (const locale of LOCALES) {
  test(`${locale}: at 390 px the header is one row and its menu opens and leads on, with JavaScript`, async ({ browser }) => {
    const { context, page } = await phone(browser, X.storageState);
    await page.goto("/matches");
    await chooseLanguage(page, locale);
    await expect(menuButton(page)).toHaveText(new RegExp(msg(locale, "nav.menu")));
    await expect(mainNav(page)).toBeHidden();
    await expectSameRow(page.locator("header a[href='/']"), menuButton(page));
    // One row: the header is no taller than the menu button and its padding.
    expect((await box(page.locator("header"))).height).toBeLessThan((await box(menuButton(page))).height + 40);

    await menuButton(page).click();
    await expect(page.locator("header details")).toHaveAttribute("open", "");
    await expect(mainNav(page)).toBeVisible();
    await expect(page.locator('header form[action="/set-language"]')).toBeVisible();
    await expect(page.locator('header form[action="/logout"] button')).toHaveText(msg(locale, "nav.signOut"));
    await expectNoViolations(page, "/matches with the menu open");
    // Escape closes it and gives the focus back to its button.
    await mainNav(page).getByRole("link").first().focus();
    await page.keyboard.press("Escape");
    await expect(mainNav(page)).toBeHidden();
    await expect(menuButton(page)).toBeFocused();
    // The keyboard opens it again; a link there leads on, and the menu is closed on the new page.
    await page.keyboard.press("Enter");
    await expect(mainNav(page)).toBeVisible();
    await mainNav(page)
      .getByRole("link", { name: msg(locale, "intro.nav") })
      .click();
    await expect(page).toHaveURL(`${ORIGIN}/introductions`);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(mainNav(page)).toBeHidden();
    await context.close();
  });

  test(`${locale}: at 390 px the header menu works without JavaScript`, async ({ browser }) => {
    // The language is picked with JavaScript first (it is kept on the account), then a page without it.
    const withJs = await phone(browser, X.storageState);
    await withJs.page.goto("/");
    await chooseLanguage(withJs.page, locale);
    const storageState = await withJs.context.storageState();
    await withJs.context.close();

    const { context, page } = await phone(browser, storageState, false);
    await page.goto("/introductions");
    await expect(page.locator("html")).toHaveAttribute("lang", locale);
    await expect(mainNav(page)).toBeHidden();
    await expectSameRow(page.locator("header a[href='/']"), menuButton(page));
    await menuButton(page).click();
    await expect(mainNav(page)).toBeVisible();
    await mainNav(page)
      .getByRole("link", { name: msg(locale, "nav.matches") })
      .click();
    await expect(page).toHaveURL(`${ORIGIN}/matches`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(msg(locale, "matches.title"));
    // The filters open and narrow the list without JavaScript too.
    await page.locator("main details > summary").click();
    await page.locator('select[name="country"]').selectOption("VN");
    await page.locator('main form[role="search"] button[type="submit"]').click();
    await expect(page).toHaveURL(/country=VN/);
    await expect(page.locator("main ol > li").filter({ hasText: Z.name })).toBeVisible();
    await expect(page.locator("main ol > li").filter({ hasText: Y.name })).toHaveCount(0);
    await context.close();
  });

  test(`${locale}: at 390 px the first match is above the fold and the filters fold behind one button`, async ({ browser }) => {
    const { context, page } = await phone(browser, X.storageState);
    await page.goto("/matches");
    await chooseLanguage(page, locale);
    const filters = page.locator('main form[role="search"]');
    const toggle = page.locator("main details > summary");
    await expect(toggle).toHaveText(msg(locale, "matches.filter.toggle"));
    await expect(filters).toBeHidden();
    const first = await box(page.locator("main ol > li").first());
    expect(first.y, "the first match card's top").toBeGreaterThanOrEqual(0);
    expect(first.y, "the first match card's top").toBeLessThan(PHONE.height);
    await expectNoViolations(page, "/matches");

    await toggle.click();
    await expect(filters).toBeVisible();
    await filters.locator('select[name="country"]').selectOption("ID");
    await filters.getByRole("button", { name: msg(locale, "matches.filter.submit") }).click();
    await expect(page).toHaveURL(/country=ID/);
    await expect(page.locator("main ol > li").filter({ hasText: Y.name })).toBeVisible();
    await expect(page.locator("main ol > li").filter({ hasText: Z.name })).toHaveCount(0);
    // While a filter is on, the filters stay open and the button says how many are on.
    await expect(filters).toBeVisible();
    await expect(toggle).toContainText(msg(locale, "matches.filter.active", { count: 1 }));
    await expectNoViolations(page, "/matches?country=ID");
    await filters.getByRole("link", { name: msg(locale, "matches.filter.clear") }).click();
    await expect(page).toHaveURL(`${ORIGIN}/matches`);
    await expect(filters).toBeHidden();
    await expect(page.locator("main ol > li").filter({ hasText: Z.name })).toBeVisible();

    // Wider than a phone, the filters show without the button.
    await page.setViewportSize(LAPTOP);
    await expect(toggle).toBeHidden();
    await expect(filters).toBeVisible();
    await context.close();
  });

  test(`${locale}: at 390 px the introductions and staff tables stack into cards`, async ({ browser }) => {
    const member = await phone(browser, X.storageState);
    await member.page.goto("/introductions");
    await chooseLanguage(member.page, locale);
    const row = member.page.locator("main table tbody tr").filter({ hasText: Y.name });
    await expect(row).toBeVisible();
    expect(await row.evaluate((tr) => getComputedStyle(tr).display)).toBe("block");
    // Each cell says its column's name.
    const country = row.locator("td").first();
    expect(await country.evaluate((td) => getComputedStyle(td, "::before").content)).toBe(JSON.stringify(msg(locale, "intro.col.country")));
    await expectNoSidewaysScroll(member.page, "/introductions");
    await expectNoViolations(member.page, "/introductions");
    // Wider, it is a table again.
    await member.page.setViewportSize(LAPTOP);
    expect(await row.evaluate((tr) => getComputedStyle(tr).display)).toBe("table-row");
    await member.context.close();

    // Signed in on a wide screen (the helper waits for the header's sign-out button), then on the phone.
    const staff = await phone(browser, undefined);
    await staff.page.setViewportSize(LAPTOP);
    await signInAs(staff.page, STAFF);
    await staff.page.setViewportSize(PHONE);
    await chooseLanguage(staff.page, locale);
    for (const path of ["/admin/introductions", "/admin/companies", "/admin/mail", "/admin/audit"]) {
      await staff.page.goto(path);
      await expect(staff.page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(staff.page.locator("main table tbody tr").first()).toBeVisible();
      await expectNoSidewaysScroll(staff.page, path);
    }
    await staff.page.goto("/admin/introductions");
    await expect(staff.page.locator("main table tbody tr").filter({ hasText: X.name }).first()).toBeVisible();
    await expectNoViolations(staff.page, "/admin/introductions");
    await staff.page.goto("/admin/companies");
    await expectNoViolations(staff.page, "/admin/companies");
    await staff.context.close();
  });

  test(`${locale}: at 1280 px the staff header keeps the language switcher on the navigation's row`, async ({ browser }) => {
    for (const account of [STAFF, ADMIN]) {
      const context = await browser.newContext({ viewport: LAPTOP });
      const page = await context.newPage();
      await signInAs(page, account);
      await chooseLanguage(page, locale);
      await page.goto("/admin");
      await expect(menuButton(page)).toBeHidden();
      const links = mainNav(page).getByRole("link");
      const switcher = page.locator('header form[action="/set-language"]');
      await expectSameRow(links.first(), switcher);
      await expectSameRow(links.last(), switcher);
      await expectSameRow(page.locator('header form[action="/logout"]'), switcher);
      await expectSameRow(page.locator("header a[href='/']"), switcher);
      await context.close();
    }
  });
}
