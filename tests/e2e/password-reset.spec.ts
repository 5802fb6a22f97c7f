// Password reset end to end: asked for on the sign-in page, the link read from the .eml file the
// server's own delivery worker wrote (no SMTP_URL in e2e, MAIL_DIR=data/e2e/mail), a new password
// set, and signing in with it.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import PostalMime, { type Email } from "postal-mime";
import { E2E_DIR, E2E_PORT } from "../../playwright.config";
import { msg, newSignedInMember, ORIGIN, signIn, signOut } from "./helpers";

const MAIL_DIR = path.join(E2E_DIR, "mail");

/** Waits for the worker to deliver a message to `to` whose subject is `subject`. */
async function waitForMail(to: string, subject: string, timeoutMs = 20_000): Promise<Email> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const files = fs.existsSync(MAIL_DIR) ? fs.readdirSync(MAIL_DIR).filter((f) => f.endsWith(".eml")) : [];
    for (const file of files) {
      const raw = fs.readFileSync(path.join(MAIL_DIR, file));
      if (!raw.includes(to)) continue;
      const mail = await PostalMime.parse(raw);
      if (mail.to?.some((a) => a.address === to) && mail.subject === subject) return mail;
    }
    if (Date.now() > end) throw new Error(`no message "${subject}" to ${to} in ${MAIL_DIR}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test("a forgotten password is reset through the link in the e-mail", async ({ page }) => {
  const account = await newSignedInMember(page, { name: "Reset Tester", locale: "en" });
  await signOut(page);

  await page.goto("/login");
  await page.getByRole("link", { name: msg("en", "login.forgot") }).click();
  await expect(page).toHaveURL(`${ORIGIN}/forgot-password`);
  await page.getByLabel(msg("en", "forgot.email"), { exact: true }).fill(account.email);
  await page.getByRole("button", { name: msg("en", "forgot.submit") }).click();
  await expect(page.getByRole("status")).toHaveText(msg("en", "forgot.sent", { email: account.email, minutes: 30 }));

  const mail = await waitForMail(account.email, msg("en", "email.reset.subject"));
  // Absolute links from the configured base (here the server's own port), in both parts.
  const link = /http:\/\/localhost:\d+\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail.text ?? "")?.[0];
  expect(link, mail.text).toBeTruthy();
  expect(link!.startsWith(`http://localhost:${E2E_PORT}/`)).toBe(true);
  expect(mail.html).toContain(`href="${link}"`);

  const url = new URL(link!);
  await page.goto(`${url.pathname}${url.search}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(msg("en", "reset.title"));
  const newPassword = "a fresh harbour passphrase 2027";
  await page.getByLabel(msg("en", "reset.newPassword"), { exact: true }).fill(newPassword);
  await page.getByRole("button", { name: msg("en", "reset.submit") }).click();
  await expect(page).toHaveURL(`${ORIGIN}/login?reset=1`);
  await expect(page.getByRole("status")).toHaveText(msg("en", "login.resetDone"));

  await signIn(page, { email: account.email, password: newPassword });
  await expect(page.locator('header form[action="/logout"]')).toBeVisible();

  // The link works once.
  await signOut(page);
  await page.goto(`${url.pathname}${url.search}`);
  await expect(page.getByRole("alert")).toHaveText(msg("en", "reset.invalid"));

  // And the owner is told that the password changed.
  await waitForMail(account.email, msg("en", "email.passwordChanged.subject"));
});
