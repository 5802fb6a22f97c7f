// The mail pages in a browser: the staff mail log (a test message through the server's own
// worker, read as the recipient sees it), the one-click unsubscribe from its List-Unsubscribe
// header, the preferences page, and axe on each of them in English and Chinese.
import fs from "node:fs";
import path from "node:path";
import { expectNoViolations } from "./axe";
import { expect, test } from "./fixtures";
import PostalMime from "postal-mime";
import { E2E_DIR, E2E_STAFF } from "../../playwright.config";
import { msg, signInAs, switchLanguage } from "./helpers";

const MAIL_DIR = path.join(E2E_DIR, "mail");
// The message preview is a sandboxed frame that runs no script: axe cannot enter it (tests/e2e/axe.ts).
const MAIL_PREVIEW = "iframe[sandbox]";

async function newestMailTo(to: string, after: Set<string>, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    for (const file of fs.existsSync(MAIL_DIR) ? fs.readdirSync(MAIL_DIR) : []) {
      if (!file.endsWith(".eml") || after.has(file)) continue;
      const mail = await PostalMime.parse(fs.readFileSync(path.join(MAIL_DIR, file)));
      if (mail.to?.some((a) => a.address === to)) return mail;
    }
    if (Date.now() > end) throw new Error(`no new message to ${to}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test("staff send a test message, read it in the mail log, and unsubscribe with one click", async ({ page }) => {
  const cspViolations: string[] = [];
  page.on("console", (m) => {
    if (/Content.Security.Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await signInAs(page, E2E_STAFF);
  const before = new Set(fs.existsSync(MAIL_DIR) ? fs.readdirSync(MAIL_DIR) : []);
  try {
    await page.goto("/admin/mail");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(msg("en", "mail.title"));
    await page.getByRole("button", { name: msg("en", "mail.test.submit") }).click();
    await expect(page.getByRole("status")).toHaveText(msg("en", "mail.test.queued"));

    const mail = await newestMailTo(E2E_STAFF.email, before);
    expect(mail.subject).toBe(msg("en", "email.test.subject"));
    const unsubscribe = mail.headers.find((h) => h.key === "list-unsubscribe")!.value.slice(1, -1);
    expect(mail.headers.find((h) => h.key === "list-unsubscribe-post")?.value).toBe("List-Unsubscribe=One-Click");

    // The log lists it as sent; its page shows the HTML in a sandboxed frame and the text part.
    await page.goto("/admin/mail?status=sent");
    await page
      .getByRole("link", { name: msg("en", "email.test.subject") })
      .first()
      .click();
    await expect(page.locator("iframe[sandbox]")).toHaveAttribute("src", /\/admin\/mail\/\d+\/preview$/);
    await expect(page.locator("iframe[sandbox]")).toHaveAttribute("title", msg("en", "mail.detail.html"));
    const frame = page.frameLocator("iframe[sandbox]");
    await expect(frame.getByRole("heading", { level: 1 })).toHaveText(msg("en", "email.test.subject"));
    await expect(page.locator("pre")).toContainText(msg("en", "email.test.action"));
    // The frame's own policy lets its inline styles through; nothing on the page breaks a policy.
    expect(cspViolations).toEqual([]);
    const messagePage = new URL(page.url()).pathname;

    for (const locale of ["en", "zh"] as const) {
      await switchLanguage(page, locale);
      for (const p of ["/admin/mail", messagePage, "/account/notifications"]) {
        await page.goto(p);
        await expectNoViolations(page, p, { exclude: MAIL_PREVIEW });
      }
      const link = new URL(unsubscribe);
      await page.goto(`${link.pathname}${link.search}`);
      await expect(page.getByRole("button", { name: msg(locale, "unsubscribe.submit") })).toBeVisible();
      await expectNoViolations(page, "/unsubscribe");
    }
    await switchLanguage(page, "en");

    // A mail provider's one-click POST: no Origin, no cookie, just the address from the header.
    const link = new URL(unsubscribe);
    const response = await page.request.fetch(`${link.pathname}${link.search}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: "" },
      data: "List-Unsubscribe=One-Click",
    });
    expect(response.status()).toBe(200);
    await page.goto("/account/notifications");
    await expect(page.getByLabel(msg("en", "notifications.category.staff_digest"))).not.toBeChecked();
    await page.goto("/admin/mail");
    await page.getByRole("button", { name: msg("en", "mail.test.submit") }).click();
    await expect(page.getByRole("status")).toHaveText(msg("en", "mail.test.optedOut"));
  } finally {
    // Leave the staff account as it was: digests on, English.
    await page.goto("/account/notifications");
    await page.getByLabel(msg("en", "notifications.category.staff_digest")).check();
    await page.getByRole("button", { name: msg("en", "notifications.submit") }).click();
    await expect(page.getByRole("status")).toHaveText(msg("en", "notifications.saved"));
  }
});
