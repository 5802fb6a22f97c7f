// Penetration-test findings: one anonymous 1 MB form with a hundred thousand distinct field names
// once froze the whole server for minutes. Every route with an action gets such bodies here
// (derived from app/routes, so a new form route is covered without editing this file), while a
// page load on another connection is made while it is in flight: the server must keep answering
// (the page load gives up after 5 s), and the hostile post must be refused with 413 (or 400) by the
// count made before any parsing, never a 500. No duration is asserted: the refusal by count is
// what keeps the work linear (app/utils/form-limits.ts has the unit tests of the counting).
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyLimitFor } from "~/modules/companies/upload-limit";
import { signedIn } from "../factories";
import { startServer, type ServerHandle } from "../server-process";

const DEFAULT_MAX_BODY = 1024 * 1024;

let server: ServerHandle;
let staffCookie = "";
beforeAll(async () => {
  server = await startServer();
  staffCookie = (await signedIn({ role: "admin" })).cookie;
});
afterAll(() => server?.stop());

/** `admin.companies.$companyId.tsx` → `/admin/companies/1`, with sample values for parameters. */
function routeUrl(file: string): string {
  const segments = file
    .replace(/\.tsx$/, "")
    .replace(/\[\.\]/g, "\u0000")
    .split(".")
    .filter((s) => s !== "_index" && !/^_[^.]/.test(s))
    .map((s) => (s === "$" ? "no-such-page" : s.startsWith("$") ? "1" : s.replace(/_$/, "")))
    .map((s) => s.replace(/\u0000/g, "."));
  return `/${segments.join("/")}`;
}

const ROUTES_DIR = path.resolve("app/routes");
const formRoutes = fs
  .readdirSync(ROUTES_DIR)
  .filter((f) => f.endsWith(".tsx") && /export\s+(async\s+)?(function|const)\s+action\b/.test(fs.readFileSync(path.join(ROUTES_DIR, f), "utf8")))
  .map((f) => routeUrl(f))
  // The two the penetration test reported first.
  .sort((a, b) => Number(!["/login", "/forgot-password"].includes(a)) - Number(!["/login", "/forgot-password"].includes(b)));

// ~875 KB: 125,000 distinct names, under the default 1 MiB body limit.
const manyNames = Array.from({ length: 125_000 }, (_, i) => `${i.toString(36)}=1`).join("&");
const BOUNDARY = "----bridgehostile";
const manyParts =
  Array.from({ length: 12_000 }, (_, i) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\n1\r\n`).join("") + `--${BOUNDARY}--\r\n`;

type Outcome = { status: number | string };

async function fetchWithin(url: string, init: RequestInit, timeoutMs: number): Promise<Outcome> {
  try {
    const res = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return { status: res.status };
  } catch (err) {
    return { status: `${(err as Error).name} ${String((err as { cause?: unknown }).cause ?? "")}` };
  }
}

/** The hostile post, and a page load on another connection started while it is in flight. */
async function attack(route: string, body: string, contentType: string) {
  // The import pages read a body only for staff (and allow large files): there the attacker is signed in.
  const cookie = bodyLimitFor(route, DEFAULT_MAX_BODY) > DEFAULT_MAX_BODY ? staffCookie : "";
  const post = fetchWithin(
    `${server.url}${route}`,
    { method: "POST", headers: { "content-type": contentType, origin: server.url, ...(cookie ? { cookie } : {}) }, body },
    20_000,
  );
  await new Promise((r) => setTimeout(r, 30));
  const page = await fetchWithin(`${server.url}/`, {}, 5_000);
  return { route, post: await post, page };
}

describe("hostile forms", () => {
  it("finds the form routes in app/routes", () => {
    expect(formRoutes).toContain("/login");
    expect(formRoutes).toContain("/forgot-password");
    expect(formRoutes).toContain("/admin/import/upload");
    expect(formRoutes).toContain("/account/notifications");
    expect(formRoutes).toContain("/companies/1");
    expect(formRoutes.length).toBeGreaterThan(25);
  });

  it("refuses 125,000 urlencoded field names at once on every form route, while GET / keeps answering", async () => {
    for (const route of formRoutes) {
      const { post, page } = await attack(route, manyNames, "application/x-www-form-urlencoded");
      expect([400, 413], `${route}: ${post.status}`).toContain(post.status);
      expect(page.status, route).toBe(200);
    }
  }, 300_000);

  it("refuses 12,000 multipart parts at once on every form route, the import upload included", async () => {
    for (const route of formRoutes) {
      const { post, page } = await attack(route, manyParts, `multipart/form-data; boundary=${BOUNDARY}`);
      expect([400, 413], `${route}: ${post.status}`).toContain(post.status);
      expect(page.status, route).toBe(200);
    }
    const entries = server.logs().map((l) => JSON.parse(l));
    expect(entries.filter((e) => e.type === "request" && e.status >= 500)).toEqual([]);
    expect(entries.filter((e) => e.type === "server-error")).toEqual([]);
  }, 300_000);
});
