// Company profiles end to end: a member describes the firm, staff review it, the directory shows
// it without contact details; rejection reasons; no access to another firm's profile; the
// import page; accessibility of every new page in English and Chinese.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expectNoViolations } from "./axe";
import { type Browser, type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E_STAFF } from "../../playwright.config";
import { msg, newSignedInMember, ORIGIN, signInAs, switchLanguage, uniqueEmail } from "./helpers";

let counter = 0;
const unique = (label: string) => `${label} ${Date.now().toString(36)}${(counter += 1)}`;

/** A new member in their own browser context. */
async function newMember(browser: Browser, locale: "en" | "zh" = "en") {
  const context = await browser.newContext();
  const page = await context.newPage();
  const account = await newSignedInMember(page, { locale });
  return { page, account, close: () => context.close() };
}

async function newStaff(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInAs(page, E2E_STAFF);
  return { page, close: () => context.close() };
}

type ProfileInput = { name: string; localName?: string; contactName: string; contactEmail: string; description?: string };

/** Fills the profile form (by field names, so it works in any language) and presses a button. */
async function fillProfile(page: Page, p: ProfileInput, intent: "save" | "submit") {
  await page.locator('main [name="name"]').fill(p.name);
  if (p.localName) await page.locator('main [name="localName"]').fill(p.localName);
  await page.locator('select[name="country"]').selectOption("CN");
  await page.locator('main [name="city"]').fill("南宁");
  await page.locator('input[name="sectors"][value="cloud"]').check();
  // The capability picker: filter, then tick by keyboard.
  const offersFilter = page.locator('fieldset:has(input[name="offers"]) input[type="search"]');
  await offersFilter.fill("IaaS");
  await expect(page.locator('input[name="offers"][value="ai.robotics"]')).toBeHidden();
  const iaas = page.locator('input[name="offers"][value="cloud.iaas"]');
  await iaas.focus();
  await page.keyboard.press("Space");
  await expect(iaas).toBeChecked();
  await offersFilter.fill("");
  await expect(page.locator('input[name="offers"][value="ai.robotics"]')).toBeVisible();
  await page.locator('input[name="needs"][value="role.distribution"]').check();
  await page.locator('input[name="partnershipTypes"][value="distribution"]').check();
  await page.locator('input[name="targetMarkets"][value="VN"]').check();
  await page.locator('main [name="description"]').fill(p.description ?? "Regional cloud provider — 区域云服务商 — ผู้ให้บริการคลาวด์ — nhà cung cấp đám mây.");
  await page.locator('main [name="contactName"]').fill(p.contactName);
  await page.locator('main [name="contactEmail"]').fill(p.contactEmail);
  await page.locator(`button[name="intent"][value="${intent}"]`).click();
}

/** A member's firm, submitted for review; returns its id. */
async function submitProfile(page: Page, p: ProfileInput) {
  await page.goto("/company");
  await expect(page).toHaveURL(/\/companies\/new$/);
  await fillProfile(page, p, "submit");
  await expect(page).toHaveURL(/\/companies\/\d+\/edit\?saved=submitted$/);
  return Number(/\/companies\/(\d+)\//.exec(page.url())![1]);
}

function profileInput(label: string): ProfileInput {
  const name = unique(label);
  return { name, localName: `蓝云${name.slice(-6)}`, contactName: unique("Secret Contact"), contactEmail: uniqueEmail("secret-contact") };
}

test("a member's profile is approved by staff and listed without its contact details", async ({ browser }) => {
  const member = await newMember(browser);
  const p = profileInput("E2E Cloud");
  const companyId = await submitProfile(member.page, p);
  await expect(member.page.getByRole("status")).toHaveText(msg("en", "companies.edit.submitted"));
  await expect(member.page.locator("main")).toContainText(msg("en", "companies.state.pending"));

  const other = await newMember(browser, "zh");
  // Not listed before approval.
  await other.page.goto(`/companies?q=${encodeURIComponent(p.name)}`);
  await expect(other.page.locator("main")).toContainText(msg("zh", "directory.none"));
  expect((await other.page.goto(`/companies/${companyId}`))?.status()).toBe(404);

  const staff = await newStaff(browser);
  await staff.page.goto("/admin/reviews");
  await staff.page.getByRole("link", { name: p.name }).click();
  await expect(staff.page).toHaveURL(`${ORIGIN}/admin/companies/${companyId}`);
  await expect(staff.page.locator("main")).toContainText(p.contactEmail);
  await staff.page.locator('button[name="intent"][value="approve"]').click();
  await expect(staff.page.getByRole("status")).toHaveText(msg("en", "staffCompany.done.approved"));

  // Another firm finds it by a part of its Chinese name, by its English name and by filters.
  await other.page.goto(`/companies?q=${encodeURIComponent(p.localName!.slice(2))}`);
  await expect(other.page.getByRole("link", { name: p.name })).toBeVisible();
  await other.page.goto("/companies");
  await other.page.locator('main [name="q"]').fill(p.name);
  await other.page.locator('select[name="country"]').selectOption("CN");
  await other.page.locator('select[name="offers"]').selectOption("cloud.iaas");
  await other.page.locator('main form[role="search"] button[type="submit"]').click();
  await expect(other.page).toHaveURL(/offers=cloud\.iaas/);
  const directoryHtml = await other.page.content();
  await other.page.getByRole("link", { name: p.name }).click();
  await expect(other.page.getByRole("heading", { level: 1 })).toHaveText(p.name);
  await expect(other.page.locator("main")).toContainText("区域云服务商");

  // The contact is nowhere: not in the pages' HTML, not in their loader data.
  const pageHtml = await other.page.content();
  const source = await (await other.page.request.get(`/companies/${companyId}`)).text();
  const data = await (await other.page.request.get(`/companies/${companyId}.data`)).text();
  const directoryData = await (await other.page.request.get(`/companies.data?q=${encodeURIComponent(p.name)}`)).text();
  for (const [what, text] of Object.entries({ directoryHtml, pageHtml, source, data, directoryData })) {
    expect(text.length, what).toBeGreaterThan(100);
    expect(text, what).not.toContain(p.contactEmail);
    expect(text, what).not.toContain(p.contactName);
  }
  expect(source).toContain(p.name);
  expect(data).toContain(p.name);

  // Its own member sees the approved state and the contact in the form.
  await member.page.goto(`/companies/${companyId}/edit`);
  await expect(member.page.locator("main")).toContainText(msg("en", "companies.state.approved"));
  await expect(member.page.locator('main [name="contactEmail"]')).toHaveValue(p.contactEmail);
  await Promise.all([member.close(), other.close(), staff.close()]);
});

test("a rejected profile shows the firm the reason", async ({ browser }) => {
  const member = await newMember(browser, "zh");
  const p = profileInput("E2E Rejected");
  const companyId = await submitProfile(member.page, p);
  const reason = `请补充公司简介。Please describe your services ${unique("r")}.`;

  const staff = await newStaff(browser);
  await staff.page.goto(`/admin/companies/${companyId}`);
  // A rejection needs a reason.
  await staff.page.locator('form:has([name="reason"]) button[type="submit"]').click();
  await expect(staff.page.locator("#field-reason-error")).toBeVisible();
  await staff.page.locator('main [name="reason"]').fill(reason);
  await staff.page.locator('form:has([name="reason"]) button[type="submit"]').click();
  await expect(staff.page.getByRole("status")).toHaveText(msg("en", "staffCompany.done.rejected"));

  await member.page.goto("/company");
  await expect(member.page).toHaveURL(new RegExp(`/companies/${companyId}/edit$`));
  await expect(member.page.locator("main")).toContainText(msg("zh", "companies.state.rejected"));
  await expect(member.page.getByTestId("rejection-reason")).toHaveText(reason);
  await Promise.all([member.close(), staff.close()]);
});

test("a member cannot read or change another firm's draft or settings (404)", async ({ browser }) => {
  const owner = await newMember(browser);
  await owner.page.goto("/companies/new");
  const p = profileInput("E2E Private Draft");
  await fillProfile(owner.page, p, "save");
  await expect(owner.page).toHaveURL(/\/companies\/\d+\/edit\?saved=saved$/);
  const companyId = Number(/\/companies\/(\d+)\//.exec(owner.page.url())![1]);

  const intruder = await newMember(browser);
  for (const path of [`/companies/${companyId}`, `/companies/${companyId}/edit`, `/companies/${companyId}/team`, `/companies/${companyId}/edit.data`]) {
    const response = await intruder.page.request.get(path);
    expect(response.status(), path).toBe(404);
    expect(await response.text(), path).not.toContain(p.contactEmail);
  }
  const headers = { origin: ORIGIN };
  const change = await intruder.page.request.post(`/companies/${companyId}/edit`, {
    headers,
    form: { intent: "submit", name: "Hijacked", country: "TH", sectors: "cloud", offers: "cloud.iaas", needs: "role.distribution" },
  });
  expect(change.status()).toBe(404);
  const invite = await intruder.page.request.post(`/companies/${companyId}/team`, { headers, form: { email: "intruder@evil.test" }, maxRedirects: 0 });
  expect(invite.status()).toBe(404);
  // The same answer as for a company that does not exist.
  expect((await intruder.page.request.get("/companies/99999999/edit")).status()).toBe(404);

  await owner.page.goto(`/companies/${companyId}/edit`);
  await expect(owner.page.locator('main [name="name"]')).toHaveValue(p.name);
  await expect(owner.page.locator("main")).toContainText(msg("en", "companies.state.draft"));
  await Promise.all([owner.close(), intruder.close()]);
});

test("staff import a file with a progress bar, see every bad row, and export CSV", async ({ browser }) => {
  const staff = await newStaff(browser);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bridge-e2e-import-"));
  const stamp = Date.now().toString(36);
  const rows = Array.from({ length: 300 }, (_, i) => ({
    externalId: `e2e-${stamp}-${i}`,
    name: `E2E Imported ${stamp} ${i}`,
    localName: i === 0 ? `广西东盟${stamp}` : undefined,
    country: i % 2 ? "TH" : "VN",
    sectors: ["ecommerce"],
    offers: ["role.distribution"],
    needs: ["ecommerce.payments"],
    description: "Công ty thương mại điện tử — distributor for the Mekong region. ".repeat(20),
    contactEmail: `contact-${i}@imported.example`,
  }));
  const good = path.join(dir, "firms.json");
  fs.writeFileSync(good, JSON.stringify({ companies: rows }));
  const bad = path.join(dir, "bad.csv");
  fs.writeFileSync(
    bad,
    `externalId,name,country,sectors,offers,needs\nbad-${stamp}-1,Bad One,CN,cloud,cloud.iaasx,role.distribution\nbad-${stamp}-2,,XX,cloud,cloud.iaas,role.distribution\n`,
  );

  await staff.page.goto("/admin/import");
  await staff.page.locator('input[type="file"]').setInputFiles(good);
  // A slow connection (about 250 kB/s up), so that the upload's progress can be seen.
  const cdp = await staff.page.context().newCDPSession(staff.page);
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 250_000 });
  await staff.page.locator('main form[enctype="multipart/form-data"] button[type="submit"]').click();
  const progress = staff.page.locator("progress#upload-progress");
  await expect(progress).toBeVisible();
  await expect(staff.page.locator('label[for="upload-progress"]')).toContainText(/Uploading… \d+%|Checking/);
  // The upload done, the page follows the import job, which checks and writes off the page's thread.
  await expect(staff.page).toHaveURL(/\/admin\/jobs\/\d+$/, { timeout: 30_000 });
  await expect(staff.page.getByRole("status")).toHaveText(msg("en", "import.done", { count: 300, created: 300, updated: 0 }), { timeout: 30_000 });
  await expect(progress).toBeHidden();
  await expect(staff.page.locator("progress#job-progress")).toBeHidden();
  await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  await staff.page.getByRole("link", { name: msg("en", "import.another") }).click();
  await staff.page.locator('input[type="file"]').setInputFiles(bad);
  await staff.page.locator('main form[enctype="multipart/form-data"] button[type="submit"]').click();
  const problems = staff.page.locator("#problems-heading");
  await expect(problems).toHaveText(msg("en", "import.problems", { count: 3, rows: msg("en", "import.rows", { count: 2 }) }), { timeout: 30_000 });
  await expect(staff.page.locator("main table")).toContainText('Choose capabilities from the list ("cloud.iaasx" is not one)');
  await expect(staff.page.locator("main table")).toContainText('Choose a country from the list ("XX" is not one)');
  await expectNoViolations(staff.page, "/admin/jobs/:id, an import with problems");

  // Nothing of the bad file was written; the good file's companies are listed and exported.
  await staff.page.goto(`/admin/companies?q=bad-${stamp}`);
  await expect(staff.page.locator("main")).toContainText(msg("en", "directory.results", { count: 0 }));
  const csv = await (await staff.page.request.get("/admin/export.csv")).text();
  expect(csv.startsWith("\uFEFFexternalId,name,localName,country")).toBe(true);
  expect(csv).toContain(`e2e-${stamp}-0,E2E Imported ${stamp} 0,广西东盟${stamp},VN`);
  fs.rmSync(dir, { recursive: true, force: true });
  await staff.close();
});

test("the import works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signInAs(page, E2E_STAFF);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bridge-e2e-nojs-"));
  const file = path.join(dir, "firm.csv");
  const id = `nojs-${Date.now().toString(36)}`;
  fs.writeFileSync(
    file,
    `\uFEFFexternalId,name,localName,country,sectors,offers,needs\n${id},Siam NoJS Co.,บริษัท สยาม จำกัด,TH,cloud,role.distribution,cloud.iaas\n`,
  );
  await page.goto("/admin/import");
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.locator('input[name="status"][value="pending"]').check();
  await page.locator('main form[enctype="multipart/form-data"] button[type="submit"]').click();
  // The form leads to the import job's page; without JavaScript its Refresh link follows the job.
  await expect(page).toHaveURL(/\/admin\/jobs\/\d+$/);
  const done = page.getByRole("status");
  await expect
    .poll(
      async () => {
        if (await done.isVisible()) return true;
        await page.getByRole("link", { name: msg("en", "jobs.detail.refresh") }).click();
        return false;
      },
      { timeout: 30_000, intervals: [500] },
    )
    .toBe(true);
  await expect(done).toHaveText(msg("en", "import.done", { count: 1, created: 1, updated: 0 }));
  await page.goto("/admin/reviews");
  await expect(page.getByRole("link", { name: "Siam NoJS Co." })).toBeVisible();
  fs.rmSync(dir, { recursive: true, force: true });
  await context.close();
});

// The pages' other states are scanned in a11y.spec.ts (an approved firm's own pages, the directory,
// every staff page): here, only what that spec does not reach — a firm waiting in the review queue,
// a directory search, a bad invitation link and the profile forms with their errors.
test("a firm under review, a search and the profile forms with errors have no accessibility violations, in English and Chinese", async ({ browser }) => {
  test.setTimeout(240_000);
  const member = await newMember(browser);
  const p = profileInput("E2E Axe");
  const companyId = await submitProfile(member.page, p);
  const staff = await newStaff(browser);

  for (const locale of ["en", "zh"] as const) {
    // The staff account is shared by the whole run: its language is put back to English.
    await switchLanguage(staff.page, locale);
    try {
      for (const path of ["/admin/reviews", `/admin/companies/${companyId}`]) {
        const response = await staff.page.goto(path);
        expect(response?.status(), path).toBe(200);
        await expect(staff.page.locator("main")).toContainText(p.name);
        await expectNoViolations(staff.page, `${path} (under review)`);
      }
    } finally {
      if (locale !== "en") await switchLanguage(staff.page, "en");
    }

    await switchLanguage(member.page, locale);
    for (const path of [`/companies?q=${encodeURIComponent("蓝云")}&sector=cloud`, `/companies/${companyId}/edit`, "/invite?token=nope"]) {
      const response = await member.page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expectNoViolations(member.page, path);
    }
    // The form with errors shown inline.
    await member.page.goto(`/companies/${companyId}/edit`);
    await member.page.locator('main [name="name"]').fill("");
    await member.page.locator('main [name="website"]').fill("not a website");
    await member.page.locator('button[name="intent"][value="submit"]').click();
    await expect(member.page.locator("#field-name-error")).toBeVisible();
    await expect(member.page.locator("#field-website-error")).toBeVisible();
    await expectNoViolations(member.page, "profile form with errors");
  }
  const fresh = await newMember(browser, "zh");
  await fresh.page.goto("/companies/new");
  await fresh.page.locator('button[name="intent"][value="submit"]').click();
  await expect(fresh.page.locator("#field-name-error")).toHaveText(msg("zh", "errors.company.required.name"));
  await expectNoViolations(fresh.page, "/companies/new with errors");
  await Promise.all([member.close(), staff.close(), fresh.close()]);
});
