// Introductions end to end, each firm and the council in a browser of its own: a Chinese cloud
// provider asks to meet an Indonesian distributor from its match page, staff review the request
// in their queue (both profiles, the score and its reasons) and approve it, the distributor
// accepts, and only then does each firm see the other's contact person — on the page and in the
// e-mail — and phone (in international format, in English and Chinese) and messaging handles. Staff decline another request with a reason the requester reads and the target never
// sees; the weekly cap refuses a request with the number in the message; asking and accepting
// work without JavaScript.
import { type Browser, type Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { E2E_ADMIN, E2E_STAFF } from "../../playwright.config";
import { createFirms, displayName, type Firm, type FirmProfile, msg, ORIGIN, signInAs, switchLanguage, waitForMail, waitForMatch } from "./helpers";

const stamp = Date.now().toString(36);

const contact = (label: string) => ({ contactName: `${label} Contact ${stamp}`, contactEmail: `${label.toLowerCase()}-${stamp}@contact.example` });

const cloudProvider = (label: string, localName: string): FirmProfile => ({
  name: `${label} Cloud ${stamp}`,
  localName,
  country: "CN",
  city: "南宁",
  languages: ["zh", "en"],
  sectors: ["cloud"],
  offers: ["cloud.iaas", "cloud.data_center"],
  needs: ["role.distribution", "role.market_access"],
  partnershipTypes: ["distribution"],
  targetMarkets: ["ID"],
  description:
    "区域公有云服务商，自建数据中心，寻找印度尼西亚的分销伙伴。A regional public cloud with its own data centres, looking for distribution in Indonesia.",
  ...contact(label),
  // Typed as dialled in China: shown as +86 138 0013 8000.
  phone: "138 0013 8000",
  wechat: `${label.toLowerCase()}_${stamp}`.slice(0, 20),
});

const distributor = (label: string): FirmProfile => ({
  name: `${label} Distribusi ${stamp}`,
  country: "ID",
  city: "Jakarta",
  languages: ["id", "en"],
  sectors: ["cloud"],
  offers: ["role.distribution", "role.market_access"],
  needs: ["cloud.data_center"],
  partnershipTypes: ["distribution"],
  targetMarkets: ["ID", "CN"],
  description: "Distributor perangkat lunak dengan 200 mitra di seluruh Indonesia; we resell cloud services to enterprises.",
  ...contact(label),
  // Typed as dialled in Indonesia: shown as +62 812 7654 3210 (not the form hint's example) and +62 813 9876 5432.
  phone: "0812 7654 3210",
  whatsapp: "0813-9876-5432",
});

/** A firm's phone as the accepted introduction shows it. */
const PHONE_SHOWN = { CN: ["+86 138 0013 8000", "tel:+8613800138000"], ID: ["+62 812 7654 3210", "tel:+6281276543210"] } as const;

// The distributors need data centres, which none of the other specs' firms offer: a cloud firm
// of matching.spec.ts that only rents servers brings them nothing, so they stay below the
// partners whose order that spec checks (one database serves the whole run).
// Each flow has firms of its own, so the tests do not depend on each other's order:
// happy path A → B, declined A → C, weekly cap D (→ B, then C), no JavaScript E → C.
let A: Firm, B: Firm, C: Firm, D: Firm, E: Firm;

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  [A, B, C, D, E] = await createFirms([
    cloudProvider("Lanyun", "蓝云科技"),
    distributor("Nusantara"),
    distributor("Jaya"),
    cloudProvider("Guiyun", "桂云数据"),
    cloudProvider("Beibu", "北部湾云"),
  ]);
  // The server's background sync brings the new firms into each other's lists within seconds.
  for (const [firm, partners] of [
    [A, [B, C]],
    [D, [B, C]],
    [E, [C]],
  ] as const) {
    const member = await as(browser, firm);
    for (const partner of partners) await waitForMatch(member.page, partner.companyId);
    await member.context.close();
  }
});

/** A browser of its own for a firm's member (signed in), or for someone not yet signed in (null). */
async function as(browser: Browser, firm: Firm | null, options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({ ...options, storageState: firm?.storageState });
  return { context, page: await context.newPage() };
}

async function asStaff(browser: Browser) {
  const staff = await as(browser, null);
  await signInAs(staff.page, E2E_STAFF);
  return staff;
}

/** Fills and sends the "ask for an introduction" form of the match page that is open. */
async function ask(page: Page, message: string) {
  await page.locator('#ask select[name="purpose"]').selectOption("distribution");
  await page.locator('#ask textarea[name="message"]').fill(message);
  await page.locator('#ask button[type="submit"]').click();
}

const introductionIdOf = (page: Page) => Number(/\/introductions\/(\d+)/.exec(page.url())![1]);

/** The contact section of an introduction page, which only an accepted introduction has. */
const contactSection = (page: Page) => page.locator('section[aria-labelledby="contact-heading"]');

async function expectNoContactOf(page: Page, firm: Firm) {
  await expect(contactSection(page)).toHaveCount(0);
  const html = await page.content();
  expect(html).not.toContain(firm.contactEmail);
  expect(html).not.toContain(firm.contactName);
  for (const text of [...PHONE_SHOWN[firm.country as keyof typeof PHONE_SHOWN], firm.wechat, "+6281398765432", "+62 813 9876 5432"]) {
    if (text) expect(html).not.toContain(text);
  }
}

/** The accepted introduction's contact block names the phone in international format, with its tel: link. */
async function expectPhoneOf(page: Page, firm: Firm, locale: "en" | "zh") {
  const [shown, href] = PHONE_SHOWN[firm.country as keyof typeof PHONE_SHOWN];
  const channels = contactSection(page).getByTestId("contact-channels");
  await expect(channels).toContainText(msg(locale, "companies.field.phone"));
  await expect(channels.getByRole("link", { name: shown, exact: true })).toHaveAttribute("href", href);
}

test("A asks to meet B from the match page, staff approve, B accepts: then both see each other's contact", async ({ browser }) => {
  test.setTimeout(120_000);
  const a = await as(browser, A);
  const b = await as(browser, B);
  const staff = await asStaff(browser);
  const message = `我们是南宁的云服务商，希望通过贵公司在印度尼西亚分销云主机。We would like to meet your channel team. ${stamp}`;

  // A finds B among its matches in Indonesia and opens the match.
  await a.page.goto("/matches");
  await a.page.locator('main form[role="search"] select[name="country"]').selectOption("ID");
  await a.page.locator('main form[role="search"] button[type="submit"]').click();
  await expect(a.page).toHaveURL(/country=ID/);
  await a.page.getByRole("link", { name: B.name, exact: true }).click();
  await expect(a.page).toHaveURL(`${ORIGIN}/matches/${B.companyId}`);
  await expectNoContactOf(a.page, B);

  await ask(a.page, message);
  await expect(a.page).toHaveURL(/\/introductions\/\d+\?requested=1$/);
  const id = introductionIdOf(a.page);
  await expect(a.page.getByRole("status")).toHaveText(msg("en", "intro.done.requested"));
  await expect(a.page.locator('section[aria-labelledby="state-heading"]')).toContainText(msg("en", "intro.status.requested"));
  await expect(a.page.locator("blockquote")).toHaveText(message);
  await expectNoContactOf(a.page, B);
  // B is not told anything before the council decides.
  expect((await b.page.request.get(`/introductions/${id}`)).status()).toBe(404);

  // Staff find it in the queue and read both profiles, the score and its reasons side by side.
  await staff.page.goto("/admin/introductions");
  const queue = staff.page.locator('section[aria-labelledby="queue-heading"]');
  const row = queue.locator("tbody tr").filter({ hasText: A.name }).filter({ hasText: B.name });
  await expect(row).toContainText(msg("en", "intro.status.requested"));
  await row.getByRole("link").click();
  await expect(staff.page).toHaveURL(`${ORIGIN}/admin/introductions/${id}`);
  await expect(staff.page.locator("#firm-requester")).toContainText(A.name);
  await expect(staff.page.locator("#firm-target")).toContainText(B.name);
  await expect(staff.page.locator('section[aria-labelledby="firm-requester"]')).toContainText(A.contactEmail);
  await expect(staff.page.locator('section[aria-labelledby="firm-target"]')).toContainText(B.contactEmail);
  const forward = staff.page.locator('section[aria-labelledby="match-forward"]');
  await expect(forward).toContainText(msg("en", "matches.scoreLabel"));
  await expect(forward).toContainText(/\d+\.\d/);
  await expect(forward).toContainText("They offer Distribution, resale & sales channels, which you need");
  await expect(staff.page.locator('section[aria-labelledby="message-heading"]')).toContainText(message);
  await staff.page.getByRole("button", { name: msg("en", "adminIntro.decide.approve") }).click();
  await expect(staff.page.getByRole("status")).toHaveText(msg("en", "adminIntro.done.approved"));

  // B: the navigation's badge, the list's "waiting for your answer", the introduction itself.
  const forYou = await waitForMail(B.member.email, msg("en", "email.intro.forYou.subject", { requester: displayName(A) }));
  expect(forYou.text).toContain(message);
  expect(forYou.text).not.toContain(A.contactEmail);
  await b.page.goto("/");
  const navLink = b.page.locator('header nav a[href="/introductions"]');
  await expect(navLink).toContainText(msg("en", "intro.nav.waiting", { count: 1 }));
  await navLink.click();
  const waiting = b.page.locator('section[aria-labelledby="group-waiting"]');
  await expect(waiting.locator("#group-waiting")).toHaveText(msg("en", "intro.group.count", { group: msg("en", "intro.group.waiting"), count: 1 }));
  await waiting.getByRole("link", { name: A.name }).click();
  await expect(b.page).toHaveURL(`${ORIGIN}/introductions/${id}`);
  await expect(b.page.locator("blockquote")).toHaveText(message);
  await expectNoContactOf(b.page, A);
  await a.page.goto(`/introductions/${id}`);
  await expect(a.page.locator('section[aria-labelledby="state-heading"]')).toContainText(msg("en", "intro.status.approved"));
  await expectNoContactOf(a.page, B);

  await b.page.getByRole("button", { name: msg("en", "intro.answer.accept") }).click();
  await expect(b.page).toHaveURL(`${ORIGIN}/introductions/${id}?done=accepted`);
  await expect(b.page.getByRole("status")).toHaveText(msg("en", "intro.done.accepted", { name: A.name }));
  await expect(contactSection(b.page)).toContainText(A.contactName);
  await expect(contactSection(b.page).getByRole("link", { name: A.contactEmail })).toHaveAttribute("href", `mailto:${A.contactEmail}`);
  await expect(b.page.locator('header nav a[href="/introductions"]')).not.toContainText(msg("en", "intro.nav.waiting", { count: 1 }));

  await a.page.reload();
  await expect(a.page.locator('section[aria-labelledby="state-heading"]')).toContainText(msg("en", "intro.status.accepted"));
  await expect(contactSection(a.page)).toContainText(B.contactName);
  await expect(contactSection(a.page).getByRole("link", { name: B.contactEmail })).toHaveAttribute("href", `mailto:${B.contactEmail}`);
  // The phones and handles too, in international format, in English and in Chinese.
  await expectPhoneOf(a.page, B, "en");
  await expect(contactSection(a.page).getByRole("link", { name: "+62 813 9876 5432" })).toHaveAttribute("href", "https://wa.me/6281398765432");
  await expectPhoneOf(b.page, A, "en");
  await expect(contactSection(b.page)).toContainText(A.wechat!);
  await switchLanguage(a.page, "zh");
  await expectPhoneOf(a.page, B, "zh");
  await expect(contactSection(a.page)).toContainText(msg("zh", "companies.field.whatsapp"));
  await switchLanguage(a.page, "en");

  // Both firms' members are told, each with the other's contact.
  for (const [reader, other] of [
    [A, B],
    [B, A],
  ] as const) {
    const mail = await waitForMail(reader.member.email, msg("en", "email.intro.accepted.subject", { partner: displayName(other) }));
    expect(mail.text).toContain(msg("en", "email.intro.accepted.contact", { contactName: other.contactName, contactEmail: other.contactEmail }));
  }
  await Promise.all([a.context.close(), b.context.close(), staff.context.close()]);
});

test("staff decline a request with a reason: the requester reads it, the target never sees the request", async ({ browser }) => {
  const a = await as(browser, A);
  const c = await as(browser, C);
  const staff = await asStaff(browser);
  const reason = `请先补充贵公司在印尼的客户案例。Please add your Indonesian customer references first. ${stamp}`;

  await a.page.goto(`/matches/${C.companyId}`);
  await ask(a.page, `希望与贵公司合作。We would like to work with ${C.name}.`);
  await expect(a.page).toHaveURL(/\/introductions\/\d+\?requested=1$/);
  const id = introductionIdOf(a.page);

  await staff.page.goto(`/admin/introductions/${id}`);
  // A decline needs a reason: the form says so inline.
  const decline = staff.page.getByRole("button", { name: msg("en", "adminIntro.decide.decline") });
  await decline.click();
  await expect(staff.page.locator("#field-reason-error")).toHaveText(msg("en", "errors.intro.reasonRequired"));
  await expect(staff.page.locator("#field-reason")).toHaveAttribute("aria-invalid", "true");
  await staff.page.locator("#field-reason").fill(reason);
  await decline.click();
  await expect(staff.page.getByRole("status")).toHaveText(msg("en", "adminIntro.done.declined"));

  await a.page.goto(`/introductions/${id}`);
  const state = a.page.locator('section[aria-labelledby="state-heading"]');
  await expect(state).toContainText(msg("en", "intro.status.declined_by_staff"));
  await expect(state).toContainText(msg("en", "intro.next.declinedByStaff", { name: C.name }));
  await expect(state).toContainText(reason);
  await expectNoContactOf(a.page, C);
  const mail = await waitForMail(A.member.email, msg("en", "email.intro.declinedByStaff.subject", { partner: displayName(C) }));
  expect(mail.text).toContain(reason);

  // C: not its page (the same 404 as for one that does not exist), nor in its list.
  const response = await c.page.goto(`/introductions/${id}`);
  expect(response?.status()).toBe(404);
  await expect(c.page.getByRole("heading", { level: 1 })).toHaveText(msg("en", "error.notFound"));
  expect((await c.page.request.get(`/introductions/${id}.data`)).status()).toBe(404);
  await c.page.goto("/introductions");
  await expect(c.page.getByRole("heading", { level: 1 })).toHaveText(msg("en", "intro.list.title"));
  await expect(c.page.locator("main")).not.toContainText(A.name);
  await Promise.all([a.context.close(), c.context.close(), staff.context.close()]);
});

test("at the weekly cap a member is refused with the cap in the message, and no request is made", async ({ browser }) => {
  const d = await as(browser, D);
  const admin = await as(browser, null);
  await signInAs(admin.page, E2E_ADMIN);
  await admin.page.goto("/admin/settings");
  const capField = admin.page.locator("#field-cap");
  const before = await capField.inputValue();
  const setCap = async (cap: string) => {
    await admin.page.goto("/admin/settings");
    await capField.fill(cap);
    await admin.page.locator('form:has(#field-cap) button[type="submit"]').click();
    await expect(admin.page.getByRole("status")).toHaveText(msg("en", "settings.saved.weeklyCap"));
    await expect(capField).toHaveValue(cap);
  };

  // D has one open request already.
  await d.page.goto(`/matches/${B.companyId}`);
  await ask(d.page, "我们希望在印度尼西亚找到分销商。");
  await expect(d.page).toHaveURL(/\/introductions\/\d+\?requested=1$/);
  const sent = () => d.page.request.get("/introductions").then((r) => r.text());
  const sentBefore = (await sent()).match(/href="\/introductions\/\d+"/g)?.length;

  // The form for a second firm is open when the council lowers the cap to 1.
  await d.page.goto(`/matches/${C.companyId}`);
  await expect(d.page.locator("#ask")).toContainText(msg("en", "intro.ask.after", { remaining: Number(before) - 1, cap: Number(before) }));
  try {
    await setCap("1");
    await ask(d.page, "第二个请求。A second request.");
    const cap = msg("en", "errors.intro.weeklyCap", { cap: 1 });
    await expect(d.page.locator("#ask").getByRole("alert")).toHaveText(cap);
    await expect(d.page).toHaveURL(`${ORIGIN}/matches/${C.companyId}`);
    // The page itself now explains instead of offering the form.
    await d.page.reload();
    await expect(d.page.locator("#ask")).toContainText(cap);
    await expect(d.page.locator("#ask form")).toHaveCount(0);
    // Nothing was created: D's list is as it was, and C's firm is in no introduction of D.
    expect((await sent()).match(/href="\/introductions\/\d+"/g)?.length).toBe(sentBefore);
    await d.page.goto("/introductions");
    await expect(d.page.locator("main")).toContainText(B.name);
    await expect(d.page.locator("main")).not.toContainText(C.name);
  } finally {
    await setCap(before);
  }
  await Promise.all([d.context.close(), admin.context.close()]);
});

test("asking and accepting work without JavaScript", async ({ browser }) => {
  const e = await as(browser, E, { javaScriptEnabled: false });
  const c = await as(browser, C, { javaScriptEnabled: false });
  const staff = await asStaff(browser);

  await e.page.goto(`/matches/${C.companyId}`);
  await ask(e.page, "没有脚本也可以。Asked without JavaScript.");
  await expect(e.page).toHaveURL(/\/introductions\/\d+\?requested=1$/);
  const id = introductionIdOf(e.page);
  await expect(e.page.getByRole("status")).toHaveText(msg("en", "intro.done.requested"));

  await staff.page.goto(`/admin/introductions/${id}`);
  await staff.page.getByRole("button", { name: msg("en", "adminIntro.decide.approve") }).click();
  await expect(staff.page.getByRole("status")).toHaveText(msg("en", "adminIntro.done.approved"));

  await c.page.goto(`/introductions/${id}`);
  await expectNoContactOf(c.page, E);
  await c.page.getByRole("button", { name: msg("en", "intro.answer.accept") }).click();
  await expect(c.page).toHaveURL(`${ORIGIN}/introductions/${id}?done=accepted`);
  await expect(contactSection(c.page)).toContainText(E.contactName);
  await expect(contactSection(c.page)).toContainText(E.contactEmail);
  await e.page.goto(`/introductions/${id}`);
  await expect(contactSection(e.page)).toContainText(C.contactEmail);
  await Promise.all([e.context.close(), c.context.close(), staff.context.close()]);
});
