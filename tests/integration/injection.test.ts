// Injection and cross-site scripting against the production server: what firms type (names,
// descriptions, messages, searches) is data everywhere — in SQL, in pages, in e-mail — never code.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db.server";
import { createUserSession } from "~/modules/auth/session.server";
import { requestIntroduction } from "~/modules/introductions/workflow.server";
import { renderEmail } from "~/modules/notifications/templates.server";
import { companies } from "../../db/schema";
import { makeListedCompany, makeVerifiedUser } from "../factories";
import { startServer, type ServerHandle } from "../server-process";

const SCRIPT = `<script>alert("x")</script>`;
const IMG = `<img src=x onerror=alert(1)>`;
const SQL = `'; DROP TABLE companies; --`;

let server: ServerHandle;
let cookie: string;
let hostileId: number;

beforeAll(async () => {
  const member = await makeVerifiedUser({ name: `${SCRIPT} 张伟` });
  makeListedCompany({ members: [member.id], profile: { name: "Plain Cloud", country: "CN" } });
  hostileId = makeListedCompany({
    profile: { name: `${SCRIPT} Evil Co`, localName: `${IMG}บริษัท`, country: "ID", description: `${IMG} ${SQL} "quoted" & more`, city: `${SQL}` },
  });
  const r = requestIntroduction({ userId: member.id, targetCompanyId: hostileId, purpose: "distribution", message: `${SCRIPT}\n${SQL}` });
  if (!r.ok) throw new Error(r.reason);
  cookie = (await createUserSession({ userId: member.id })).cookie.split(";")[0];
  server = await startServer();
});
afterAll(() => server?.stop());

const get = (path: string) => fetch(`${server.url}${path}`, { headers: { cookie } });

/** Markup a browser would run: a script element or an event-handler attribute from the payloads. */
function assertInert(html: string) {
  expect(html).not.toContain(SCRIPT);
  expect(html).not.toContain(IMG);
  expect(html).not.toMatch(/<img[^>]*onerror/i);
}

describe("cross-site scripting", () => {
  it("shows hostile names and descriptions as text in the directory and on the profile", async () => {
    for (const path of ["/companies", `/companies?q=${encodeURIComponent("Evil")}`, `/companies/${hostileId}`]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      assertInert(html);
      expect(html, path).toContain("&lt;script&gt;");
    }
  });

  it("shows a hostile introduction message and user name as text", async () => {
    const res = await get("/introductions");
    expect(res.status).toBe(200);
    assertInert(await res.text());
  });

  it("escapes them in e-mail HTML too", () => {
    const mail = renderEmail({
      template: "intro_for_you",
      params: { name: SCRIPT, requester: `${IMG} Co`, purpose: () => "Distribution", message: SCRIPT, introductionId: 1, days: 14 },
      locale: "en",
      category: "introductions",
    });
    assertInert(mail.html);
    expect(mail.html).toContain("&lt;script&gt;");
  });
});

describe("SQL injection", () => {
  it("treats SQL in a search as words to look for, and changes nothing", async () => {
    const before = getDb().select().from(companies).all().length;
    for (const q of [SQL, `' OR '1'='1`, `%`, `_`, `" OR ""="`, `1; SELECT * FROM users`, `\\`, `蓝云' OR 1=1 --`]) {
      const res = await get(`/companies?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      const html = await res.text();
      // No query matches every firm: the plain one never appears for these words.
      expect(html, q).not.toContain("Plain Cloud");
    }
    expect(getDb().select().from(companies).all().length).toBe(before);
  });

  it("stores SQL in a profile as text", () => {
    const row = getDb()
      .select({ city: companies.city })
      .from(companies)
      .all()
      .find((c) => c.city === SQL);
    expect(row).toBeDefined();
  });
});
