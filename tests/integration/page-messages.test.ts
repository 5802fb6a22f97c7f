// Each page carries only its routes' messages (docs/decisions/0008-messages-per-route.md), and
// still shows words, never keys: real pages of the production build, in English and Chinese, are
// searched for any key of en.json as text (the inline data scripts left out: they hold the
// dictionary), and a client navigation's data brings the new page's words.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import en from "~/modules/i18n/locales/en.json";
import { getT } from "~/modules/i18n/locales.server";
import { syncMatches } from "~/modules/matching/sync.server";
import { makeListedCompany, signedIn, signedInVerified } from "../factories";
import { startServer, type ServerHandle } from "../server-process";

let server: ServerHandle;
const cookies: Record<"member" | "staff" | "memberZh", string> = { member: "", staff: "", memberZh: "" };

beforeAll(async () => {
  server = await startServer();
  const member = await signedInVerified({ name: "Mei Lin" });
  const memberZh = await signedInVerified({ name: "Lin Zh", locale: "zh" });
  makeListedCompany({ members: [member.user.id, memberZh.user.id] });
  makeListedCompany({ profile: { name: "PT Nusantara", country: "ID", offers: ["role.distribution"], needs: ["cloud.iaas"] } });
  await syncMatches();
  cookies.member = member.cookie;
  cookies.memberZh = memberZh.cookie;
  cookies.staff = (await signedIn({ role: "staff" })).cookie;
});
afterAll(() => server?.stop());

const KEYS = Object.keys(en);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const KEY_AS_TEXT = new RegExp(`(?<![\\w.$/-])(${KEYS.map(escape).join("|")})(?![\\w-]|\\.\\w)`);

async function page(path: string, cookie?: string, lang = "en") {
  const res = await fetch(`${server.url}${path}`, { headers: { ...(cookie ? { cookie } : {}), "accept-language": lang }, redirect: "manual" });
  return { status: res.status, html: await res.text() };
}
const visible = (html: string) => html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, "");

describe("pages carry their own words", () => {
  it("shows words, not keys, on the landing, sign-in, matches, staff and error pages", async () => {
    const cases: [string, string | undefined, number, string][] = [
      ["/", undefined, 200, "en"],
      ["/", undefined, 200, "zh"],
      ["/login", undefined, 200, "en"],
      ["/forgot-password", undefined, 200, "zh"],
      ["/matches", cookies.member, 200, "en"],
      ["/matches", cookies.memberZh, 200, "zh"],
      ["/matches/dismissed", cookies.memberZh, 200, "zh"],
      ["/introductions", cookies.member, 200, "en"],
      ["/companies", cookies.member, 200, "en"],
      ["/admin", cookies.staff, 200, "en"],
      ["/admin/introductions", cookies.staff, 200, "en"],
      ["/no-such-page", undefined, 404, "en"],
      ["/companies/999999", cookies.member, 404, "zh"],
    ];
    for (const [path, cookie, status, lang] of cases) {
      const { status: got, html } = await page(path, cookie, lang);
      expect(got, path).toBe(status);
      expect(KEY_AS_TEXT.exec(visible(html))?.[0], `${path} (${lang})`).toBeUndefined();
      expect(html, path).toContain(`lang="${lang}"`);
    }
    expect(visible((await page("/no-such-page")).html)).toContain(getT("en")("error.notFound"));
  });

  it("keeps the landing page light and free of other pages' words", async () => {
    for (const lang of ["en", "zh"]) {
      const { html } = await page("/", undefined, lang);
      expect(Buffer.byteLength(html), lang).toBeLessThan(30_000);
      for (const key of ["email.footer", "adminIntro.title", "matches.title", "totp.title"]) expect(html, key).not.toContain(`"${key}"`);
    }
    // The switcher names each language in itself.
    const { html } = await page("/", undefined, "zh");
    expect(html).toMatch(/<button[^>]*lang="en"[^>]*>English<\/button>/);
    expect(html).toMatch(/<button[^>]*lang="zh"[^>]*>中文<\/button>/);
  });

  it("brings a page's words with its data on a client navigation", async () => {
    const res = await fetch(`${server.url}/matches.data`, { headers: { cookie: cookies.memberZh } });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain("__messages");
    expect(body).toContain(getT("zh")("matches.title"));
    expect(body).not.toContain(getT("zh")("landing.headline"));
  });
});
