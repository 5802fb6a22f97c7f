// New-match e-mails end to end: syncs record news, e-mails go through the outbox to a real SMTP
// server on 127.0.0.1, in each recipient's language, and no one hears of a match twice.
import PostalMime from "postal-mime";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { companyMembers, matchAnnouncements, matchNews, outbox, users } from "../../../db/schema";
import { getDb } from "~/db.server";
import { resetEnv } from "~/env.server";
import { createCompany } from "~/modules/companies/companies.server";
import { insertCompany } from "~/modules/companies/listing.server";
import { approveProfile, restoreCompany, suspendCompany } from "~/modules/companies/moderation.server";
import { profileDraftSchema, type Profile } from "~/modules/companies/schemas";
import { getT } from "~/modules/i18n/locales.server";
import { drainOutbox, smtpSender, type Sender } from "~/modules/notifications/delivery.server";
import { unsubscribe, unsubscribeToken } from "~/modules/notifications/preferences.server";
import { makeUser } from "../../../tests/factories";
import { startSmtpSink, type Sink } from "../../../tests/smtp-sink";
import { getMatchEmailFrequency, lastDueAt, NEWS_MIN_SCORE, runDueDigests, sendDigests, setMatchEmailFrequency } from "./announce.server";
import { reasonText, topReasons } from "./reasons";
import { getMatch } from "./store.server";
import { syncMatches } from "./sync.server";

process.env.BASE_URL = "https://bridge.example.org";
resetEnv();

let n = 0;
function profile(overrides: Partial<Profile> = {}): Profile {
  n += 1;
  return profileDraftSchema.parse({
    name: `Announce Firm ${n}`,
    country: "VN",
    sectors: ["cloud"],
    offers: ["role.distribution", "role.market_access"],
    needs: ["cloud.iaas"],
    partnershipTypes: ["distribution"],
    languages: ["en"],
    size: "50-249",
    contactName: "Hidden Person",
    contactEmail: `hidden${n}@contact.example`,
    ...overrides,
  });
}

const partner = (overrides: Partial<Profile> = {}) =>
  getDb().transaction(() => insertCompany({ status: "approved", profile: profile(overrides), published: true }));

async function verifiedUser(locale: string) {
  const user = await makeUser({ locale });
  getDb().update(users).set({ emailVerifiedAt: 1 }).where(eq(users.id, user.id)).run();
  return user;
}

let staffId: string;
let sink: Sink;
let sender: Sender;

async function deliver() {
  await drainOutbox({ sender });
}
async function mailsTo(email: string) {
  return Promise.all(sink.received.filter((m) => m.to.includes(email)).map((m) => PostalMime.parse(m.raw)));
}

beforeAll(async () => {
  staffId = (await makeUser({ role: "staff" })).id;
});
beforeEach(async () => {
  sink = await startSmtpSink();
  sender = smtpSender(sink.url);
});
afterEach(async () => {
  sender.close();
  await sink.close();
});

describe("new-match e-mails", () => {
  it("tell each user once, when they chose, in their language, with the top reasons and links", async () => {
    // A Chinese cloud firm with four users: weekly (the default), immediately, daily in Chinese, off.
    const weekly = await verifiedUser("en");
    const immediate = await verifiedUser("en");
    const dailyZh = await verifiedUser("zh");
    const off = await verifiedUser("en");
    const created = createCompany({
      userId: weekly.id,
      profile: profile({
        name: "Lanyun Cloud",
        country: "CN",
        offers: ["cloud.iaas", "cloud.managed_services"],
        needs: ["role.distribution", "role.market_access"],
        targetMarkets: ["VN", "ID"],
        size: "250-999",
      }),
      submit: true,
    });
    if (!created.ok) throw new Error();
    const cloud = created.companyId;
    for (const u of [immediate, dailyZh, off]) getDb().insert(companyMembers).values({ userId: u.id, companyId: cloud, role: "member" }).run();
    setMatchEmailFrequency({ userId: immediate.id, frequency: "immediately" });
    setMatchEmailFrequency({ userId: dailyZh.id, frequency: "daily" });
    setMatchEmailFrequency({ userId: off.id, frequency: "off" });
    expect(getMatchEmailFrequency({ userId: weekly.id })).toBe("weekly");

    const first = partner({ name: "Sao Viet Distribution", localName: "Công ty Sao Việt" });
    const second = partner({ name: "PT Mitra Cloud", country: "ID" });
    approveProfile({ companyId: cloud, staffUserId: staffId });
    getDb().delete(outbox).run(); // the approval notice is not under test
    await syncMatches();
    const news = getDb().select().from(matchNews).where(eq(matchNews.companyId, cloud)).all();
    expect(news.map((r) => r.partnerId).sort()).toEqual([first, second].sort());
    for (const r of news) expect(r.score).toBeGreaterThanOrEqual(NEWS_MIN_SCORE);

    // The immediate user hears at once, in the sync's transaction.
    await deliver();
    const now = await mailsTo(immediate.email);
    expect(now).toHaveLength(1);
    const t = getT("en");
    expect(now[0].subject).toBe(t("email.newMatches.subject", { count: 2 }));
    const match = getMatch({ companyId: cloud, partnerId: first })!;
    for (const r of topReasons(match.reasons)) expect(now[0].text).toContain(reasonText(r, t, "en"));
    expect(now[0].text).toContain("They offer Distribution, resale & sales channels, which you need");
    expect(now[0].text).toContain(`https://bridge.example.org/matches/${first}`);
    expect(now[0].html).toContain(`href="https://bridge.example.org/matches/${second}"`);
    expect(now[0].text).toContain("Sao Viet Distribution (Công ty Sao Việt)");
    expect(now[0].text).not.toMatch(/hidden|Hidden Person/);
    expect(now[0].headers.find((h) => h.key === "list-unsubscribe")?.value).toContain("/unsubscribe?token=");
    expect(await mailsTo(weekly.email)).toHaveLength(0);

    // Weekly digest: the weekly user, once; nobody else.
    expect(sendDigests({ frequency: "weekly" })).toEqual({ emails: 1, matches: 2 });
    await deliver();
    const digest = await mailsTo(weekly.email);
    expect(digest).toHaveLength(1);
    expect(digest[0].subject).toBe(t("email.newMatches.digestSubject", { count: 2 }));
    expect(digest[0].text).toContain(t("email.newMatches.why.weekly"));
    expect(sendDigests({ frequency: "weekly" })).toEqual({ emails: 0, matches: 0 });

    // Daily digest in Chinese.
    expect(sendDigests({ frequency: "daily" })).toEqual({ emails: 1, matches: 2 });
    await deliver();
    const zh = await mailsTo(dailyZh.email);
    expect(zh).toHaveLength(1);
    const tz = getT("zh");
    expect(zh[0].subject).toBe(tz("email.newMatches.digestSubject", { count: 2 }));
    expect(zh[0].text).toContain("对方提供分销、转售与销售渠道，正是您所需要的");
    expect(zh[0].html).toContain('<html lang="zh">');
    expect(await mailsTo(off.email)).toHaveLength(0);

    // A match that drops out and comes back is not news: no one is told again.
    suspendCompany({ companyId: first, staffUserId: staffId });
    await syncMatches();
    expect(getMatch({ companyId: cloud, partnerId: first })).toBeNull();
    restoreCompany({ companyId: first, staffUserId: staffId });
    await syncMatches();
    expect(getMatch({ companyId: cloud, partnerId: first })).not.toBeNull();
    expect(sendDigests({ frequency: "weekly" }).emails).toBe(0);
    expect(sendDigests({ frequency: "daily" }).emails).toBe(0);
    await deliver();
    expect(sink.received).toHaveLength(3);

    // A new partner later: one more e-mail to the immediate user, naming only it.
    const third = partner({ name: "Hong Ha Channels" });
    await syncMatches();
    await deliver();
    const later = await mailsTo(immediate.email);
    expect(later).toHaveLength(2);
    expect(later[1].text).toContain("Hong Ha Channels");
    expect(later[1].text).not.toContain("Sao Viet Distribution");
    expect(later[1].subject).toBe(t("email.newMatches.subject", { count: 1 }));

    // Each user was told of each match at most once.
    const told = getDb().select().from(matchAnnouncements).where(eq(matchAnnouncements.companyId, cloud)).all();
    const keys = told.map((r) => `${r.userId}:${r.partnerId}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(
      told
        .filter((r) => r.userId === immediate.id)
        .map((r) => r.partnerId)
        .sort(),
    ).toEqual([first, second, third].sort());
    expect(told.filter((r) => r.userId === off.id)).toHaveLength(0);
  });

  it("stop when the user unsubscribes from the e-mail's link", async () => {
    const user = await verifiedUser("en");
    const created = createCompany({
      userId: user.id,
      profile: profile({ country: "CN", offers: ["ai.platform"], needs: ["role.rnd"], targetMarkets: ["TH"] }),
      submit: true,
    });
    if (!created.ok) throw new Error();
    approveProfile({ companyId: created.companyId, staffUserId: staffId });
    getDb().delete(outbox).run();
    partner({ country: "TH", offers: ["role.rnd"], needs: ["ai.platform"] });
    await syncMatches();
    expect(unsubscribe({ token: unsubscribeToken({ userId: user.id, category: "new_matches" }) })).toMatchObject({ ok: true });
    expect(getMatchEmailFrequency({ userId: user.id })).toBe("off");
    sendDigests({ frequency: "weekly" });
    await deliver();
    expect(await mailsTo(user.email)).toHaveLength(0);
    // Choosing a frequency again turns the category back on.
    setMatchEmailFrequency({ userId: user.id, frequency: "weekly" });
    expect(sendDigests({ frequency: "weekly" }).emails).toBe(1);
    const rows = getDb()
      .select()
      .from(matchAnnouncements)
      .where(and(eq(matchAnnouncements.userId, user.id), eq(matchAnnouncements.via, "weekly")))
      .all();
    expect(rows).toHaveLength(1);
  });
});

describe("the digest schedule", () => {
  it("is due daily at 08:00 UTC and weekly on Mondays", () => {
    const at = (iso: string) => Date.parse(iso) / 1000;
    expect(lastDueAt("daily", at("2026-03-04T09:00:00Z"))).toBe(at("2026-03-04T08:00:00Z"));
    expect(lastDueAt("daily", at("2026-03-04T07:59:00Z"))).toBe(at("2026-03-03T08:00:00Z"));
    // 2026-03-04 is a Wednesday; the Monday before is 2026-03-02.
    expect(lastDueAt("weekly", at("2026-03-04T09:00:00Z"))).toBe(at("2026-03-02T08:00:00Z"));
    expect(lastDueAt("weekly", at("2026-03-02T07:00:00Z"))).toBe(at("2026-02-23T08:00:00Z"));
  });

  it("runs each digest once per period", () => {
    const at = (iso: string) => Date.parse(iso) / 1000;
    expect(Object.keys(runDueDigests(at("2026-03-04T09:00:00Z")))).toEqual(["daily", "weekly"]);
    expect(runDueDigests(at("2026-03-04T10:00:00Z"))).toEqual({});
    expect(Object.keys(runDueDigests(at("2026-03-05T08:01:00Z")))).toEqual(["daily"]);
    expect(Object.keys(runDueDigests(at("2026-03-09T08:01:00Z")))).toEqual(["daily", "weekly"]);
  });
});
