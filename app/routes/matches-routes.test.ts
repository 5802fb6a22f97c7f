// "Not interested" and its undo, called as Remix calls the pages, against a real SQLite file:
// the notice names the firm and offers Undo (a form button), the dismissed firms' page restores
// one, the pair returns at the next sync, and nothing names a firm the company did not dismiss.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { matchDismissals } from "../../db/schema";
import { getDb } from "~/db.server";
import { getMinScore, getStoredList, setMinScore } from "~/modules/matching/store.server";
import { syncMatches } from "~/modules/matching/sync.server";
import { ctx, formRequest, getRequest, makeListedCompany, makeUser, signedInVerified, thrown } from "../../tests/factories";
import { renderPage } from "../../tests/render";
import DismissedMatches, { action as dismissedAction, loader as dismissedLoader } from "./matches.dismissed";
import Matches, { action as matchesAction, loader as matchesLoader } from "./matches._index";

const dismissals = (companyId: number) => getDb().select().from(matchDismissals).where(eq(matchDismissals.companyId, companyId)).all();

async function world() {
  const alice = await signedInVerified({ name: "Alice Wang" });
  const budi = await signedInVerified({ name: "Budi Santoso" });
  const a = makeListedCompany({
    profile: { name: "Lanyun Cloud", country: "CN", offers: ["cloud.iaas"], needs: ["role.distribution"] },
    members: [alice.user.id],
  });
  const b = makeListedCompany({
    profile: { name: "PT Nusantara Distribusi", localName: "努山塔拉", country: "ID", offers: ["role.distribution"], needs: ["cloud.iaas"] },
    members: [budi.user.id],
  });
  const c = makeListedCompany({ profile: { name: "Unrelated Firm", country: "TH" } });
  await syncMatches();
  return { alice, budi, a, b, c };
}
type World = Awaited<ReturnType<typeof world>>;

const list = (cookie: string, query = "") => matchesLoader({ request: getRequest(`/matches${query}`, { cookie }), ...ctx() });
const renderList = async (cookie: string, query = "", locale = "en") =>
  renderPage({ url: `/matches${query}`, routePath: "matches", Component: Matches, loaderData: await list(cookie, query), locale });
const onMatches = (cookie: string, fields: Record<string, string>, origin?: string) =>
  matchesAction({ request: formRequest("/matches", fields, { cookie, origin }), ...ctx() }) as Promise<Response>;
const dismissedPage = (cookie: string, query = "") => dismissedLoader({ request: getRequest(`/matches/dismissed${query}`, { cookie }), ...ctx() });
const renderDismissed = async (cookie: string, query = "", locale = "en") =>
  renderPage({
    url: `/matches/dismissed${query}`,
    routePath: "matches/dismissed",
    Component: DismissedMatches,
    loaderData: await dismissedPage(cookie, query),
    locale,
  });
const onDismissed = (cookie: string, fields: Record<string, string>, origin?: string) =>
  dismissedAction({ request: formRequest("/matches/dismissed", fields, { cookie, origin }), ...ctx() }) as Promise<Response>;

let w: World;
beforeEach(async () => {
  getDb().delete(matchDismissals).run();
  w = await world();
});

describe("not interested, and undo", () => {
  it("the notice names the firm and undoes the dismissal with a plain form button", async () => {
    expect((await list(w.alice.cookie)).notice).toBeNull();
    expect(await renderList(w.alice.cookie)).toContain('href="/matches/dismissed"');

    const dismissed = await onMatches(w.alice.cookie, { intent: "dismiss", partnerId: String(w.b) });
    expect(dismissed.headers.get("location")).toBe(`/matches?dismissed=${w.b}`);
    expect(dismissals(w.a)).toHaveLength(1);
    const page = await list(w.alice.cookie, `?dismissed=${w.b}`);
    expect(page.notice).toEqual({ partnerId: w.b, name: "PT Nusantara Distribusi", restored: false });
    const html = await renderList(w.alice.cookie, `?dismissed=${w.b}`);
    expect(html).toContain("PT Nusantara Distribusi is out of your matches, and you are out of theirs.");
    expect(html).toMatch(
      /<form method="post" action="\/matches"[^>]*><input type="hidden" name="intent" value="restore"\/><input type="hidden" name="partnerId" value="\d+"\/><button type="submit"[^>]*>Undo<\/button><\/form>/,
    );
    const zh = await renderList(w.alice.cookie, `?dismissed=${w.b}`, "zh");
    expect(zh).toContain("PT Nusantara Distribusi 已从您的匹配中移除");
    expect(zh).toContain(">撤销</button>");

    const undone = await onMatches(w.alice.cookie, { intent: "restore", partnerId: String(w.b) });
    expect(undone.headers.get("location")).toBe(`/matches?restored=${w.b}`);
    expect(dismissals(w.a)).toHaveLength(0);
    expect(await renderList(w.alice.cookie, `?restored=${w.b}`)).toContain("PT Nusantara Distribusi may appear among your matches again");
    await syncMatches();
    expect((await list(w.alice.cookie)).result?.matches.map((m) => m.partner.id)).toContain(w.b);
  });

  it("names no firm the company did not dismiss, whatever the query says", async () => {
    expect((await list(w.alice.cookie, `?dismissed=${w.c}`)).notice).toBeNull();
    expect((await list(w.alice.cookie, "?dismissed=abc&restored=-1")).notice).toBeNull();
    await onMatches(w.budi.cookie, { intent: "dismiss", partnerId: String(w.a) });
    // Budi's firm dismissed Alice's: Alice's firm cannot name it nor undo it.
    expect((await list(w.alice.cookie, `?dismissed=${w.b}`)).notice).toBeNull();
    expect((await thrown(onMatches(w.alice.cookie, { intent: "restore", partnerId: String(w.b) }))).status).toBe(404);
    expect((await thrown(onDismissed(w.alice.cookie, { intent: "restore", partnerId: String(w.b) }))).status).toBe(404);
    expect(dismissals(w.b)).toHaveLength(1);
  });

  it("the dismissed firms' page lists them and restores one; the pair returns at the next sync", async () => {
    expect((await dismissedPage(w.alice.cookie)).dismissed).toEqual([]);
    expect(await renderDismissed(w.alice.cookie)).toContain("You have not marked any firm “Not interested”.");
    await onMatches(w.alice.cookie, { intent: "dismiss", partnerId: String(w.b) });
    await syncMatches();
    expect((await list(w.alice.cookie)).result?.matches.map((m) => m.partner.id) ?? []).not.toContain(w.b);

    const html = await renderDismissed(w.alice.cookie);
    expect(html).toContain("PT Nusantara Distribusi");
    expect(html).toContain('<span lang="zh"');
    expect(html).toContain('aria-label="Restore PT Nusantara Distribusi to your matches"');
    expect(await renderDismissed(w.alice.cookie, "", "zh")).toContain("恢复：PT Nusantara Distribusi");

    const restored = await onDismissed(w.alice.cookie, { intent: "restore", partnerId: String(w.b) });
    expect(restored.headers.get("location")).toBe(`/matches/dismissed?restored=${w.b}`);
    const after = await dismissedPage(w.alice.cookie, `?restored=${w.b}`);
    expect(after).toEqual({ dismissed: [], notice: { partnerId: w.b, name: "PT Nusantara Distribusi", restored: true } });
    await syncMatches();
    expect((await list(w.alice.cookie)).result?.matches.map((m) => m.partner.id)).toContain(w.b);
  });

  it("refuses a cross-origin POST and a form it does not know", async () => {
    await onMatches(w.alice.cookie, { intent: "dismiss", partnerId: String(w.b) });
    const evil = "https://evil.example";
    expect((await thrown(onMatches(w.alice.cookie, { intent: "restore", partnerId: String(w.b) }, evil))).status).toBe(403);
    expect((await thrown(onDismissed(w.alice.cookie, { intent: "restore", partnerId: String(w.b) }, evil))).status).toBe(403);
    const bad = (await onDismissed(w.alice.cookie, { intent: "dismiss", partnerId: String(w.b) })) as unknown as { init: ResponseInit | null };
    expect(bad.init?.status).toBe(400);
    expect(dismissals(w.a)).toHaveLength(1);
    // Signed out: to the sign-in page.
    expect((await thrown(dismissedLoader({ request: getRequest("/matches/dismissed"), ...ctx() }))).status).toBe(302);
  });
});

describe("the staff's floor", () => {
  it("shows a member only matches from the floor up, counts only those, and says so in both languages", async () => {
    const staff = await makeUser({ role: "admin" });
    expect(getMinScore()).toBe(20);
    const score = getStoredList({ companyId: w.a })!.entries.find((e) => e.partnerId === w.b)!.scoreTenths / 10;
    expect(score).toBeGreaterThanOrEqual(20);
    try {
      // At its score the match is shown; one point above, it is gone from the list and the counts.
      expect(setMinScore({ minScore: Math.floor(score), staffUserId: staff.id })).toEqual({ ok: true });
      const at = await list(w.alice.cookie);
      expect(at.result?.matches.map((m) => m.partner.id)).toContain(w.b);
      expect(at.result?.matches.every((m) => m.score >= Math.floor(score))).toBe(true);
      setMinScore({ minScore: Math.floor(score) + 1, staffUserId: staff.id });
      const above = await list(w.alice.cookie);
      expect(above.result?.matches.map((m) => m.partner.id)).not.toContain(w.b);
      expect(above.result?.total).toBe(above.result?.matches.filter((m) => m.score >= Math.floor(score) + 1).length);
      const en = await renderList(w.alice.cookie);
      expect(en).toContain(`Only matches with a score of ${Math.floor(score) + 1} or more are shown`);
      expect(await renderList(w.alice.cookie, "", "zh")).toContain(`仅显示匹配度不低于 ${Math.floor(score) + 1} 的匹配`);
      // No floor: every stored match, and no sentence about it.
      setMinScore({ minScore: 0, staffUserId: staff.id });
      expect((await list(w.alice.cookie)).result?.matches.map((m) => m.partner.id)).toContain(w.b);
      expect(await renderList(w.alice.cookie)).not.toContain('data-testid="match-floor"');
      expect(setMinScore({ minScore: 101, staffUserId: staff.id })).toEqual({ ok: false, reason: "out_of_range" });
    } finally {
      setMinScore({ minScore: 20, staffUserId: staff.id });
    }
  });
});
