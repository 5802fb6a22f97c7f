// Matching end to end: imported partners and a member's approved firm are matched by the server's
// own background sync; the member sees the list best first with reason chips, filters it, opens
// a breakdown, dismisses a match without JavaScript and with it, and picks how often to hear of new ones;
// nobody sees another firm's matches or any contact detail; staff see any company's matches.
// Every page is axe-clean in English and Chinese.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expectNoViolations } from "./axe";
import { type Browser, type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E_ADMIN, E2E_DIR, E2E_STAFF } from "../../playwright.config";
import { msg, newSignedInMember, ORIGIN, signInAs, switchLanguage, waitForMatch } from "./helpers";

const stamp = Date.now().toString(36);
const secret = (label: string) => `hidden-${label}-${stamp}@contact.example`;

const PARTNERS = {
  saoViet: {
    externalId: `e2e-match-saoviet-${stamp}`,
    name: `Sao Viet Channels ${stamp}`,
    localName: "Công ty Sao Việt",
    country: "VN",
    languages: ["vi", "en"],
    sectors: ["cloud"],
    offers: ["role.distribution", "role.market_access"],
    needs: ["cloud.iaas"],
    partnershipTypes: ["distribution"],
    targetMarkets: ["VN", "CN"],
    description: "Nhà phân phối phần mềm với 300 đại lý. We are looking for a cloud platform.",
    contactName: `Hidden Person ${stamp}`,
    contactEmail: secret("saoviet"),
  },
  siam: {
    externalId: `e2e-match-siam-${stamp}`,
    name: `Siam Resellers ${stamp}`,
    country: "TH",
    languages: ["th", "en"],
    sectors: ["cloud"],
    offers: ["role.distribution"],
    needs: ["cloud.iaas", "cloud.cybersecurity"],
    partnershipTypes: ["distribution"],
    description: "ตัวแทนจำหน่ายซอฟต์แวร์องค์กรทั่วประเทศไทย",
    contactEmail: secret("siam"),
  },
  rival: {
    externalId: `e2e-match-rival-${stamp}`,
    name: `Rival Cloud ${stamp}`,
    country: "CN",
    sectors: ["cloud"],
    offers: ["cloud.iaas"],
    needs: ["role.distribution"],
    contactEmail: secret("rival"),
  },
};

async function newContext(browser: Browser, options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext(options);
  return { context, page: await context.newPage() };
}

/** A member's Chinese cloud firm, submitted through the profile form and approved by staff. */
async function approvedMemberFirm(member: Page, staff: Page) {
  const name = `Lanyun Match ${stamp}`;
  await member.goto("/companies/new");
  await member.locator('main [name="name"]').fill(name);
  await member.locator('select[name="country"]').selectOption("CN");
  await member.locator('input[name="sectors"][value="cloud"]').check();
  await member.locator('input[name="offers"][value="cloud.iaas"]').check();
  await member.locator('input[name="needs"][value="role.distribution"]').check();
  await member.locator('input[name="needs"][value="role.market_access"]').check();
  await member.locator('input[name="partnershipTypes"][value="distribution"]').check();
  await member.locator('input[name="targetMarkets"][value="VN"]').check();
  await member.locator('input[name="targetMarkets"][value="TH"]').check();
  await member.locator('input[name="languages"][value="en"]').check();
  await member.locator('main [name="description"]').fill("区域公有云服务商，提供云主机与上云迁移服务。");
  await member.locator('main [name="contactEmail"]').fill(secret("member"));
  await member.locator('button[name="intent"][value="submit"]').click();
  await expect(member).toHaveURL(/\/companies\/\d+\/edit\?saved=submitted$/);
  const companyId = Number(/\/companies\/(\d+)\//.exec(member.url())![1]);
  await staff.goto(`/admin/companies/${companyId}`);
  await staff.locator('button[name="intent"][value="approve"]').click();
  await expect(staff.getByRole("status")).toBeVisible();
  return { companyId, name };
}

/** The company id behind an external id, through the staff lookup. */
async function idOf(staff: Page, externalId: string) {
  await staff.goto(`/admin/matching?company=${encodeURIComponent(externalId)}`);
  await expect(staff).toHaveURL(/\/admin\/matches\/\d+$/);
  return Number(/\/admin\/matches\/(\d+)$/.exec(staff.url())![1]);
}

test.beforeAll(() => {
  // Partners arrive as an import would bring them, into the server's own database.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bridge-e2e-match-"));
  const file = path.join(dir, "partners.json");
  fs.writeFileSync(file, JSON.stringify({ companies: Object.values(PARTNERS) }));
  execFileSync("node", ["--import", "tsx", "scripts/import.ts", file], {
    env: { ...process.env, DATABASE_URL: `${E2E_DIR}/e2e.db`, LOG_LEVEL: "silent" },
    stdio: "pipe",
  });
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a member sees their matches best first, filters them, reads why, dismisses one and chooses e-mails", async ({ browser }) => {
  const member = await newContext(browser);
  await newSignedInMember(member.page, { locale: "en" });
  const staff = await newContext(browser);
  await signInAs(staff.page, E2E_STAFF);
  const firm = await approvedMemberFirm(member.page, staff.page);
  const saoViet = await idOf(staff.page, PARTNERS.saoViet.externalId);
  const siam = await idOf(staff.page, PARTNERS.siam.externalId);
  const rival = await idOf(staff.page, PARTNERS.rival.externalId);

  // The server's background sync brings the new firm into the lists within seconds.
  const page = member.page;
  await expect(async () => {
    await page.goto("/matches");
    await expect(page.getByRole("link", { name: PARTNERS.saoViet.name, exact: true })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(msg("en", "matches.title"));

  // Best first: the two complementary partners lead; the competitor from China is not there.
  // (Other specs add firms to the same database at the same time, so only this spec's partners are
  // compared with each other.)
  const cards = page.locator("main ol > li");
  const ours = new Set(Object.values(PARTNERS).map((p) => p.name));
  const shown = (await cards.locator("h3 a").allTextContents()).filter((name) => ours.has(name));
  expect(shown.slice(0, 2).sort()).toEqual([PARTNERS.saoViet.name, PARTNERS.siam.name].sort());
  await expect(page.getByRole("link", { name: PARTNERS.rival.name })).toHaveCount(0);
  const first = cards.filter({ hasText: PARTNERS.saoViet.name });
  await expect(first.getByRole("list", { name: msg("en", "matches.reasonsOf", { name: PARTNERS.saoViet.name }) })).toContainText(
    "They offer Distribution, resale & sales channels, which you need",
  );
  await expect(first).toContainText(msg("en", "matches.scoreLabel"));
  await expectNoViolations(page, "/matches");

  // Filters: by country, by partnership type (plain GET forms).
  await page.locator('select[name="country"]').selectOption("TH");
  await page.locator('main form[role="search"] button[type="submit"]').click();
  await expect(page).toHaveURL(/country=TH/);
  await expect(page.getByRole("link", { name: PARTNERS.siam.name, exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: PARTNERS.saoViet.name, exact: true })).toHaveCount(0);
  await page.goto("/matches?partnershipType=joint_venture");
  await expect(page.getByRole("link", { name: PARTNERS.siam.name, exact: true })).toHaveCount(0);
  await expectNoViolations(page, "/matches filtered");

  // The breakdown of one match: every reason, the partner's public profile, no contact. The
  // cards' links navigate within the app (no page load), the heading's and "See why" alike.
  await page.goto("/matches");
  await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
  // Ctrl/Cmd-click is the browser's (a new tab), as with any link.
  const [tab] = await Promise.all([
    page.context().waitForEvent("page"),
    page.getByRole("link", { name: PARTNERS.saoViet.name, exact: true }).click({ modifiers: ["ControlOrMeta"] }),
  ]);
  await expect(tab).toHaveURL(`${ORIGIN}/matches/${saoViet}`);
  await tab.close();
  await expect(page).toHaveURL(`${ORIGIN}/matches`);
  await page.getByRole("link", { name: PARTNERS.saoViet.name, exact: true }).click();
  await expect(page).toHaveURL(`${ORIGIN}/matches/${saoViet}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(PARTNERS.saoViet.name);
  await page.goBack();
  await page.getByRole("link", { name: msg("en", "matches.why.of", { name: PARTNERS.saoViet.name }) }).click();
  await expect(page).toHaveURL(`${ORIGIN}/matches/${saoViet}`);
  expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(PARTNERS.saoViet.name);
  await expect(page.locator("#fits-heading + ul")).toContainText("They need Cloud infrastructure (IaaS/PaaS), which you offer");
  await expect(page.locator("#fits-heading + ul")).toContainText("They want to enter China, where you are");
  await expectNoViolations(page, "/matches/:id");
  const html = await page.content();
  const loaderData = await (await page.request.get(`/matches/${saoViet}.data`)).text();
  const listData = await (await page.request.get("/matches.data")).text();
  for (const [what, text] of Object.entries({ html, loaderData, listData })) {
    expect(text, what).toContain(PARTNERS.saoViet.name);
    expect(text, what).not.toContain(PARTNERS.saoViet.contactEmail);
    expect(text, what).not.toContain(PARTNERS.saoViet.contactName);
  }

  // Chinese pages, axe-clean too.
  await switchLanguage(page, "zh");
  await expect(page.locator("#fits-heading")).toHaveText(msg("zh", "matches.breakdown.fits"));
  await expect(page.locator("#fits-heading + ul")).toContainText("对方需要云基础设施（IaaS/PaaS），正是您所提供的");
  await expectNoViolations(page, "/matches/:id");
  await page.goto("/matches");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(msg("zh", "matches.title"));
  await expectNoViolations(page, "/matches");
  await switchLanguage(page, "en");

  // Only partners in the firm's own list can be opened: everything else is 404.
  for (const p of [`/matches/${rival}`, `/matches/${firm.companyId}`, "/matches/99999999", "/matches/abc"]) {
    expect((await page.request.get(p)).status(), p).toBe(404);
  }
  const stranger = await newContext(browser);
  await newSignedInMember(stranger.page);
  expect((await stranger.page.request.get(`/matches/${saoViet}`)).status()).toBe(404);
  expect(
    (await stranger.page.request.post("/matches", { headers: { origin: ORIGIN }, form: { intent: "dismiss", partnerId: String(saoViet) } })).status(),
  ).toBe(404);
  expect((await stranger.page.request.get(`/admin/matches/${firm.companyId}`)).status()).toBe(403);
  await stranger.page.goto("/matches");
  await expect(stranger.page.locator("main")).toContainText(msg("en", "matches.noCompany"));
  await stranger.context.close();

  // "Not interested" works without JavaScript, and the partner is gone.
  const noJs = await newContext(browser, { javaScriptEnabled: false });
  await noJs.context.addCookies(await member.context.cookies());
  await noJs.page.goto("/matches");
  await noJs.page.getByRole("button", { name: msg("en", "matches.dismiss.of", { name: PARTNERS.siam.name }) }).click();
  await expect(noJs.page).toHaveURL(`${ORIGIN}/matches?dismissed=${siam}`);
  await expect(noJs.page.getByRole("status")).toContainText(msg("en", "matches.dismissed.notice", { name: PARTNERS.siam.name }));
  await expect(noJs.page.getByRole("link", { name: PARTNERS.siam.name, exact: true })).toHaveCount(0);
  // The notice's Undo is a form button: it works without JavaScript too.
  await noJs.page
    .getByRole("status")
    .getByRole("button", { name: msg("en", "matches.dismissed.undo") })
    .click();
  await expect(noJs.page).toHaveURL(`${ORIGIN}/matches?restored=${siam}`);
  await expect(noJs.page.getByRole("status")).toHaveText(msg("en", "matches.restored.notice", { name: PARTNERS.siam.name }));
  // Not interested after all (once the next update has brought the pair back).
  await waitForMatch(noJs.page, siam);
  await noJs.page.goto("/matches");
  await noJs.page.getByRole("button", { name: msg("en", "matches.dismiss.of", { name: PARTNERS.siam.name }) }).click();
  await expect(noJs.page).toHaveURL(`${ORIGIN}/matches?dismissed=${siam}`);
  expect((await page.request.get(`/matches/${siam}`)).status()).toBe(404);
  // …from both sides, once the lists have caught up.
  await expect(async () => {
    await staff.page.goto(`/admin/matches/${siam}`);
    await expect(staff.page.locator("main h1")).toBeVisible();
    await expect(staff.page.getByRole("link", { name: firm.name, exact: true })).toHaveCount(0, { timeout: 500 });
  }).toPass({ timeout: 20_000 });

  // How often to hear of new matches (the default is weekly).
  await noJs.page.goto("/matches");
  await expect(noJs.page.locator('input[name="frequency"][value="weekly"]')).toBeChecked();
  await noJs.page.locator('input[name="frequency"][value="daily"]').check();
  await noJs.page.getByRole("button", { name: msg("en", "matches.email.submit") }).click();
  await expect(noJs.page.getByRole("status")).toHaveText(msg("en", "matches.email.saved"));
  await expect(noJs.page.locator('input[name="frequency"][value="daily"]')).toBeChecked();

  // With JavaScript the list's one form submits in place (no page load), sending the clicked card's partner.
  await page.goto("/matches");
  await page.evaluate(() => ((window as unknown as { samePage: boolean }).samePage = true));
  await page.getByRole("button", { name: msg("en", "matches.dismiss.of", { name: PARTNERS.saoViet.name }) }).click();
  await expect(page).toHaveURL(`${ORIGIN}/matches?dismissed=${saoViet}`);
  await expect(page.getByRole("status")).toContainText(msg("en", "matches.dismissed.notice", { name: PARTNERS.saoViet.name }));
  await expect(page.getByRole("link", { name: PARTNERS.saoViet.name, exact: true })).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { samePage?: boolean }).samePage)).toBe(true);
  expect((await page.request.get(`/matches/${saoViet}`)).status()).toBe(404);

  // The firm's dismissed list, linked from the matches page: each can be restored.
  await page.getByRole("link", { name: msg("en", "matches.dismissedList.link") }).click();
  await expect(page).toHaveURL(`${ORIGIN}/matches/dismissed`);
  await expect(page.locator("main")).toContainText(PARTNERS.siam.name);
  await expect(page.locator("main")).toContainText(PARTNERS.saoViet.name);
  await expectNoViolations(page, "/matches/dismissed");
  await page.getByRole("button", { name: msg("en", "matches.restore.of", { name: PARTNERS.saoViet.name }) }).click();
  await expect(page).toHaveURL(`${ORIGIN}/matches/dismissed?restored=${saoViet}`);
  await expect(page.getByRole("status")).toHaveText(msg("en", "matches.restored.notice", { name: PARTNERS.saoViet.name }));
  await expect(page.getByRole("button", { name: msg("en", "matches.restore.of", { name: PARTNERS.saoViet.name }) })).toHaveCount(0);
  await Promise.all([member.context.close(), staff.context.close(), noJs.context.close()]);
});

test("staff see any company's matches and breakdowns, and the matching settings", async ({ browser }) => {
  const staff = await newContext(browser);
  await signInAs(staff.page, E2E_STAFF);
  const page = staff.page;
  const saoViet = await idOf(page, PARTNERS.saoViet.externalId);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(msg("en", "matching.admin.companyTitle", { name: PARTNERS.saoViet.name }));
  const firstLink = page.locator("main ol > li h3 a").first();
  await expect(firstLink).toBeVisible();
  await expectNoViolations(page, "/admin/matches/:companyId");
  await firstLink.click();
  await expect(page).toHaveURL(new RegExp(`/admin/matches/${saoViet}/\\d+$`));
  await expect(page.locator("#fits-heading")).toHaveText(msg("en", "matches.breakdown.fits"));
  await expectNoViolations(page, "/admin/matches/:companyId/:partnerId");
  expect((await page.request.get(`/admin/matches/${saoViet}/99999999`)).status()).toBe(404);
  expect((await page.request.get("/admin/matches/99999999")).status()).toBe(404);

  for (const locale of ["en", "zh"] as const) {
    await switchLanguage(page, locale);
    await page.goto("/admin/matching");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(msg(locale, "matching.admin.title"));
    await expectNoViolations(page, "/admin/matching");
    await page.goto("/admin/matching?company=no-such-company");
    await expect(page.locator("#lookup-company-error")).toHaveText(msg(locale, "matching.admin.lookup.notFound"));
    await expectNoViolations(page, "/admin/matching with an error");
    await page.goto(`/admin/matches/${saoViet}`);
    await expectNoViolations(page, "/admin/matches/:companyId");
  }
  await switchLanguage(page, "en");

  // ASEAN ↔ ASEAN matching lives on the settings page: staff see it, an admin changes it (on,
  // then off again; each rebuilds the lists).
  await page.goto("/admin/settings");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(msg("en", "settings.title"));
  await expect(page.locator("#asean-pairs")).toHaveCount(0);
  await expectNoViolations(page, "/admin/settings for staff");
  await staff.context.close();
  const admin = await newContext(browser);
  await signInAs(admin.page, E2E_ADMIN);
  await admin.page.goto("/admin/settings");
  await admin.page.locator("#asean-pairs").check();
  await admin.page.locator('form:has(#asean-pairs) button[type="submit"]').click();
  await expect(admin.page.getByRole("status")).toHaveText(msg("en", "settings.saved.aseanPairs"));
  await expect(admin.page.locator("#asean-pairs")).toBeChecked();
  await expectNoViolations(admin.page, "/admin/settings");
  await admin.page.locator("#asean-pairs").uncheck();
  await admin.page.locator('form:has(#asean-pairs) button[type="submit"]').click();
  await expect(admin.page.locator("#asean-pairs")).not.toBeChecked();
  await admin.context.close();
});
