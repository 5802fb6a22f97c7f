// The protections every response carries: the Origin check on state-changing requests, the
// security headers, a CSP nonce that matches the page's scripts, no caching of signed-in pages.
import { expect, test } from "./fixtures";
import { msg, newSignedInMember, ORIGIN, PASSWORD, signIn, signOut, signUp, switchLanguage } from "./helpers";

test.describe("cross-origin POSTs are refused", () => {
  for (const path of ["/login", "/signup", "/logout", "/set-language", "/no-such-path"]) {
    test(`POST ${path}`, async ({ request }) => {
      // A form without an address: it can never count as a failed sign-in.
      const form = { locale: "zh", redirectTo: "/" };
      const evil = await request.post(path, { headers: { Origin: "https://evil.example" }, form, maxRedirects: 0 });
      expect(evil.status()).toBe(403);
      expect(evil.headers()["set-cookie"]).toBeUndefined();

      const bare = await request.post(path, { form, maxRedirects: 0 });
      expect(bare.status(), "neither Origin nor Referer").toBe(403);

      const own = await request.post(path, { headers: { Origin: ORIGIN }, form, maxRedirects: 0 });
      expect(own.status()).not.toBe(403);
      expect(own.status()).toBeLessThan(500);
    });
  }
});

test("pages carry the security headers; only a signed-in user's pages are not stored", async ({ page }) => {
  const anonymous = await page.goto("/login");
  const headers = anonymous!.headers();
  const csp = headers["content-security-policy"];
  expect(csp).toMatch(/script-src [^;]*'nonce-[A-Za-z0-9+/]+={0,2}'/);
  for (const directive of ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) expect(csp).toContain(directive);
  expect(csp).not.toContain("unsafe-inline");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["cache-control"] ?? "").not.toContain("no-store");
  expect((await page.goto("/"))!.headers()["cache-control"] ?? "").not.toContain("no-store");

  await newSignedInMember(page);
  for (const path of ["/", "/account"]) {
    const signedIn = (await page.goto(path))!.headers();
    expect(signedIn["cache-control"], path).toContain("no-store");
    expect(signedIn["content-security-policy"], path).toContain("frame-ancestors 'none'");
  }
});

test("the nonce in the header is the nonce of every script on the page, and new each time", async ({ request }) => {
  const seen = new Set<string>();
  for (const path of ["/", "/login", "/signup", "/login"]) {
    const response = await request.get(path);
    expect(response.status()).toBe(200);
    const nonce = /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"])?.[1];
    expect(nonce, path).toBeTruthy();
    const scripts = (await response.text()).match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length, path).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, path).toContain(` nonce="${nonce}"`);
    seen.add(nonce!);
  }
  expect(seen.size).toBe(4);
});

test("using the pages causes no Content Security Policy violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (m.text().includes("Content Security Policy")) violations.push(m.text());
  });
  page.on("pageerror", (e) => violations.push(`page error: ${e.message}`));

  await page.goto("/");
  await switchLanguage(page, "zh");
  await page
    .locator("main")
    .getByRole("link", { name: msg("zh", "landing.ctaSignIn") })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(msg("zh", "login.title"));
  await switchLanguage(page, "en");
  const account = await signUp(page);
  await page.goto("/account");
  await page.getByLabel(msg("en", "account.currentPassword"), { exact: true }).fill(PASSWORD);
  await page.getByLabel(msg("en", "account.newPassword"), { exact: true }).fill("short");
  await page.getByRole("button", { name: msg("en", "account.changePasswordSubmit") }).click();
  await expect(page.locator("#field-newPassword-error")).toHaveText(msg("en", "errors.password.tooShort"));
  await page.getByRole("link", { name: msg("en", "brand.name") }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(msg("en", "landing.headline"));
  await signOut(page);
  await signIn(page, account);
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(msg("en", "error.notFound"));

  expect(violations).toEqual([]);
});
