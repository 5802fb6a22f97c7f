// npm run --silent audit:lighthouse
// Seeds the demo data into a fresh database, starts the production server (built first if
// missing), and runs Lighthouse (mobile, Debian Chromium at /usr/bin/chromium or CHROME_PATH) on
// the landing page, sign-in, the signed-in matches page and the staff overview. Prints one JSON
// line per page with the four category scores (0–100), then a summary line saying which targets
// were met: performance ≥ 90, accessibility 100, best practices ≥ 95, SEO ≥ 90 on public pages.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { startProductionServer } from "./production-server";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bridge-lighthouse-"));
process.env.DATABASE_URL = path.join(dir, "lighthouse.db");
process.env.MAIL_DIR = path.join(dir, "mail");
process.env.LOG_LEVEL = "silent";

const { closeDb } = await import("../app/db.server");
const { runMigrations } = await import("../db/migrate");
const { seedDemo } = await import("./seed");
const { getUserByEmail } = await import("../app/modules/auth/users.server");
const { createUserSession } = await import("../app/modules/auth/session.server");
const { syncMatches } = await import("../app/modules/matching/sync.server");

runMigrations();
await seedDemo();
await syncMatches({ rebuild: true });
const session = async (email: string) => (await createUserSession({ userId: getUserByEmail({ email })!.id })).cookie.split(";")[0];
const firmCookie = await session("firm@demo.bridge.test");
const staffCookie = await session("staff@demo.bridge.test");
closeDb();

// "localhost": Chromium treats it as a secure context, so the Secure session cookie is sent.
const localhost = (port: number) => `http://localhost:${port}`;
const server = await startProductionServer((port) => ({ BASE_URL: localhost(port) }));
const base = localhost(server.port);

const PAGES = [
  { name: "landing", path: "/", cookie: null, public: true },
  { name: "sign-in", path: "/login", cookie: null, public: true },
  { name: "matches", path: "/matches", cookie: firmCookie, public: false },
  { name: "admin", path: "/admin", cookie: staffCookie, public: false },
] as const;

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
  chromeFlags: [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
const results: { page: string; performance: number; accessibility: number; bestPractices: number; seo: number; public: boolean }[] = [];
try {
  for (const page of PAGES) {
    const run = await lighthouse(`${base}${page.path}`, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
      extraHeaders: page.cookie ? { Cookie: page.cookie } : undefined,
    });
    if (!run) throw new Error(`lighthouse gave no result for ${page.path}`);
    const c = run.lhr.categories;
    const score = (k: string) => Math.round((c[k]?.score ?? 0) * 100);
    const row = {
      page: page.name,
      performance: score("performance"),
      accessibility: score("accessibility"),
      bestPractices: score("best-practices"),
      seo: score("seo"),
      public: page.public,
    };
    results.push(row);
    const failing = Object.values(run.lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
      .map((a) => a.id);
    const ms = (id: string) => Math.round(run.lhr.audits[id]?.numericValue ?? 0);
    const metrics = {
      fcpMs: ms("first-contentful-paint"),
      lcpMs: ms("largest-contentful-paint"),
      tbtMs: ms("total-blocking-time"),
      cls: Math.round((run.lhr.audits["cumulative-layout-shift"]?.numericValue ?? 0) * 1000) / 1000,
      siMs: ms("speed-index"),
    };
    console.log(
      JSON.stringify({
        page: page.name,
        url: page.path,
        performance: row.performance,
        accessibility: row.accessibility,
        bestPractices: row.bestPractices,
        seo: row.seo,
        metrics,
        failing,
      }),
    );
  }
} finally {
  await chrome.kill();
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
const met = results.every((r) => r.performance >= 90 && r.accessibility === 100 && r.bestPractices >= 95 && (!r.public || r.seo >= 90));
console.log(JSON.stringify({ targetsMet: met, targets: { performance: 90, accessibility: 100, bestPractices: 95, seoPublic: 90 } }));
