// The mail system through the real production server: its in-process worker writes .eml files,
// the one-click unsubscribe passes the Origin check (and nothing else does), and the mail log's
// preview carries its own CSP instead of the site's.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import PostalMime from "postal-mime";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { isEmailCategoryEnabled, unsubscribeUrl } from "~/modules/notifications/preferences.server";
import { queueEmail } from "~/modules/notifications/outbox.server";
import { makeUser, signedIn } from "../factories";
import { startServer, type ServerHandle } from "../server-process";

let server: ServerHandle;
const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), "bridge-server-mail-"));

beforeAll(async () => {
  server = await startServer({ MAIL_DIR: mailDir, MAIL_POLL_MS: "100" });
});
afterAll(async () => {
  await server?.stop();
  fs.rmSync(mailDir, { recursive: true, force: true });
});

async function waitForFile(dir: string, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".eml"));
    if (files.length) return path.join(dir, files[0]);
    if (Date.now() > end) throw new Error("no .eml file written");
    await new Promise((r) => setTimeout(r, 100));
  }
}

it("delivers through the server's own worker into MAIL_DIR, and takes a one-click unsubscribe without Origin", async () => {
  const user = await makeUser();
  queueEmail(getDb(), {
    key: "server:1",
    to: user.email,
    userId: user.id,
    category: "new_matches",
    template: "test_message",
    params: { name: user.name, senderName: "x" },
  });
  const mail = await PostalMime.parse(fs.readFileSync(await waitForFile(mailDir)));
  expect(mail.to?.[0].address).toBe(user.email);
  const header = mail.headers.find((h) => h.key === "list-unsubscribe")!.value;
  // The server's links use its own base URL; the token is what matters, so replay it on this port.
  const token = new URL(header.slice(1, -1)).searchParams.get("token")!;
  expect(unsubscribeUrl({ userId: user.id, category: "new_matches" })).toContain(token);

  const post = (p: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${p}`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: "List-Unsubscribe=One-Click",
    });
  // Neither Origin nor Referer, as a mail provider sends it: refused everywhere but here.
  expect((await post("/login")).status).toBe(403);
  expect((await post(`/unsubscribe.data?token=${token}`)).status).toBe(403);
  expect((await post(`/unsubscribe/?token=${token}`)).status).toBe(403);
  expect(isEmailCategoryEnabled({ userId: user.id, category: "new_matches" })).toBe(true);
  expect((await post(`/unsubscribe?token=${token}x`)).status).toBe(400);
  const ok = await post(`/unsubscribe?token=${token}`);
  expect(ok.status).toBe(200);
  expect(isEmailCategoryEnabled({ userId: user.id, category: "new_matches" })).toBe(false);
  expect(isEmailCategoryEnabled({ userId: user.id, category: "introductions" })).toBe(true);
});

it("serves the mail log's preview with its own strict CSP only, and the log itself with the site's", async () => {
  const staff = await signedIn({ role: "staff" });
  const { id } = queueEmail(getDb(), {
    key: "server:2",
    to: staff.user.email,
    userId: staff.user.id,
    category: "account",
    template: "password_changed",
    params: { name: "S", email: staff.user.email },
  }) as { id: number };
  const preview = await fetch(`${server.url}/admin/mail/${id}/preview`, { headers: { cookie: staff.cookie } });
  expect(preview.status).toBe(200);
  const csp = preview.headers.get("content-security-policy")!;
  expect(csp.startsWith("default-src 'none'")).toBe(true);
  expect(csp).toContain("sandbox");
  expect(csp).not.toContain("nonce-");
  const page = await fetch(`${server.url}/admin/mail/${id}`, { headers: { cookie: staff.cookie } });
  expect(page.status).toBe(200);
  expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  expect(await page.text()).toContain(`src="/admin/mail/${id}/preview"`);
});
