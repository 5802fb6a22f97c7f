// Malformed input never gives a 500, and the error pages speak the visitor's language: broken
// percent-encoding in a path or a cookie, and a real 500 (a database missing a table) in English
// and Chinese; a 403 thrown by a page's action on a plain form post. The 503 page during a held
// lock is in database-busy.test.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSqlite } from "~/db.server";
import enMessages from "~/modules/i18n/locales/en.json";
import { getT } from "~/modules/i18n/locales.server";
import { makeUser, signedIn, TEST_PASSWORD } from "../factories";
import { startServer, type ServerHandle } from "../server-process";

const en = getT("en");
const zh = getT("zh");
// A message key as text on a page: "error.unexpected", "errors.busy.title", …
const RAW_KEY = />\s*errors?\.[a-zA-Z]+(\.[a-zA-Z]+)*\s*</;

let server: ServerHandle;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server?.stop());

const h1 = (html: string) => /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1];
const title = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];
// Any key of en.json standing as text (the inline data scripts left out: they carry the messages).
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const KEY_AS_TEXT = new RegExp(`(?<![\\w.$/-])(${Object.keys(enMessages).map(escape).join("|")})(?![\\w-]|\\.\\w)`);
const visible = (html: string) => html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "");

describe("malformed input", () => {
  it("answers paths with broken percent-encoding with the 404 page in the visitor's language, never a 500", async () => {
    // The language is the signed-in user's own setting.
    const cookies = { en: (await signedIn({ locale: "en" })).cookie, zh: (await signedIn({ locale: "zh" })).cookie };
    for (const p of ["/%FF", "/x%C0%AF", "/companies/%FF%FE", "/build/%FF", "/admin/%E0%A4%A"]) {
      for (const [lang, t] of [
        ["en", en],
        ["zh", zh],
      ] as const) {
        const res = await fetch(`${server.url}${p}`, { headers: { cookie: cookies[lang] }, redirect: "manual" });
        expect([400, 404], `${p} ${lang}`).toContain(res.status);
        expect(res.headers.get("content-type")).toContain("text/html");
        const html = await res.text();
        expect(h1(html), `${p} ${lang}`).toBe(t(res.status === 404 ? "error.notFound" : "error.badRequest"));
        expect(html).not.toMatch(RAW_KEY);
      }
    }
    // Anonymous visitors too (a page for members sends them to sign in, or is not found).
    for (const p of ["/%FF", "/x%C0%AF", "/companies/%FF%FE"]) {
      const res = await fetch(`${server.url}${p}`, { redirect: "manual" });
      expect([302, 400, 404], p).toContain(res.status);
    }
  });

  it("ignores cookies with broken percent-encoding instead of failing", async () => {
    for (const cookie of ["bridge_lang=%FF", "bridge_session=%FF%FE", "other=%E0%A4%A; bridge_lang=zh"]) {
      const res = await fetch(`${server.url}/`, { headers: { cookie } });
      expect(res.status, cookie).toBe(200);
      await res.arrayBuffer();
    }
    const entries = server.logs().map((l) => JSON.parse(l));
    expect(entries.filter((e) => e.type === "request" && e.status >= 500)).toEqual([]);
    expect(entries.filter((e) => e.type === "server-error")).toEqual([]);
  });

  it("shows an unreadable form as the 400 page in the visitor's language", async () => {
    // A multipart body whose boundary is not the one announced: the page's action cannot read it,
    // and the page shows its error page with words (the root loader's data is there).
    const res = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { origin: server.url, "content-type": "multipart/form-data; boundary=zzz", "accept-language": "zh" },
      body: "--x\r\nbroken",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(h1(html)).toBe(zh("error.badRequest"));
    expect(html).toContain('<html lang="zh"');
    expect(html).not.toMatch(RAW_KEY);
  });
});

describe("the 403 page", () => {
  it("shows a 403 thrown by a page's action on a plain form post in words, in the user's language, never a message key", async () => {
    for (const [lang, t] of [
      ["en", en],
      ["zh", zh],
    ] as const) {
      // A member's session: the account page opens for them, but its two-factor actions are for
      // staff (the action throws 403); the mail log's action is for staff (its guard throws 403).
      const member = await signedIn({ locale: lang });
      for (const [path, fields] of [
        ["/account", { intent: "totp-start" }],
        ["/admin/mail", { intent: "test" }],
      ] as const) {
        const res = await fetch(`${server.url}${path}`, {
          method: "POST",
          redirect: "manual",
          headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded", cookie: member.cookie },
          body: new URLSearchParams(fields).toString(),
        });
        expect(res.status, `${path} ${lang}`).toBe(403);
        expect(res.headers.get("content-type")).toContain("text/html");
        const html = await res.text();
        expect(h1(html), `${path} ${lang}`).toBe(t("error.forbidden"));
        expect(title(html), `${path} ${lang}`).toContain(t("error.forbidden"));
        expect(html).toContain(t("error.status", { status: 403 }));
        expect(html).toContain(t("error.home"));
        expect(html).toContain(`<html lang="${lang}"`);
        expect(html).not.toMatch(RAW_KEY);
        expect(KEY_AS_TEXT.exec(visible(html))?.[0], `${path} ${lang}`).toBeUndefined();
        // The layout around it has its words too (navigation, footer).
        expect(html).toContain(t("nav.account"));
      }
    }
  });
});

describe("the 500 page", () => {
  let broken: ServerHandle;
  let dir: string;
  let user: Awaited<ReturnType<typeof makeUser>>;
  beforeAll(async () => {
    user = await makeUser();
    // A real fault: a copy of the database whose sessions table is gone.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bridge-500-"));
    const file = path.join(dir, "broken.db");
    getSqlite().exec(`VACUUM INTO '${file}'`);
    const db = new Database(file);
    db.exec("DROP TABLE sessions");
    db.close();
    broken = await startServer({ DATABASE_URL: file });
  });
  afterAll(async () => {
    await broken?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("shows a failing page load as the 500 page in English and Chinese, never a message key", async () => {
    for (const [lang, t] of [
      ["en", en],
      ["zh", zh],
    ] as const) {
      const res = await fetch(`${broken.url}/companies`, { headers: { cookie: "bridge_session=abc", "accept-language": lang } });
      expect(res.status).toBe(500);
      const html = await res.text();
      expect(h1(html), lang).toBe(t("error.unexpected"));
      expect(html).toContain(`<html lang="${lang}"`);
      expect(html).toContain(t("error.home"));
      expect(html).not.toMatch(RAW_KEY);
      expect(html).not.toMatch(/SqliteError|no such table|at .+\.(js|ts):\d+/);
    }
  });

  it("shows a failing form post as the 500 page in the visitor's language, never a message key", async () => {
    for (const [lang, t] of [
      ["en", en],
      ["zh", zh],
    ] as const) {
      // Signing in writes a session: the table is gone.
      const res = await fetch(`${broken.url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { origin: broken.url, "content-type": "application/x-www-form-urlencoded", cookie: `bridge_lang=${lang}` },
        body: new URLSearchParams({ email: user.email, password: TEST_PASSWORD }).toString(),
      });
      expect(res.status).toBe(500);
      const html = await res.text();
      expect(h1(html), lang).toBe(t("error.unexpected"));
      expect(html).not.toMatch(RAW_KEY);
    }
  });
});
