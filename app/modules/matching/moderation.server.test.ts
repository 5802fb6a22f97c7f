// Matches staff hide: gone from both firms' pages at once, never in a new-match e-mail (at once
// or in a digest, even before the next sync drops the pair from the stored lists), and back
// after staff undo it and a sync runs. E-mails go through a real SMTP server on 127.0.0.1.
import PostalMime from "postal-mime";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { companyMembers, outbox } from "../../../db/schema";
import { getDb } from "~/db.server";
import { resetEnv } from "~/env.server";
import { createUserSession } from "~/modules/auth/session.server";
import { createCompany } from "~/modules/companies/companies.server";
import { approveProfile } from "~/modules/companies/moderation.server";
import type { Profile } from "~/modules/companies/schemas";
import { drainOutbox, smtpSender, type Sender } from "~/modules/notifications/delivery.server";
import { ctx, getRequest, makeListedCompany, makeUser, makeVerifiedUser, testProfile } from "../../../tests/factories";
import { startSmtpSink, type Sink } from "../../../tests/smtp-sink";
import { loader as memberMatchesLoader } from "../../routes/matches._index";
import { sendDigests, setMatchEmailFrequency } from "./announce.server";
import { hideMatch, listHiddenMatches, unhideMatch } from "./exclusions.server";
import { getMatch, getStoredList, listMatchesForCompany } from "./store.server";
import { syncMatches } from "./sync.server";

process.env.BASE_URL = "https://bridge.example.org";
resetEnv();

/** A listed Vietnamese channel firm, the kind a Chinese cloud firm matches. */
const partner = (profile: Partial<Profile>) =>
  makeListedCompany({ profile: { country: "VN", offers: ["role.distribution", "role.market_access"], needs: ["cloud.iaas"], ...profile } });

let staff: { id: string; email: string };
let sink: Sink;
let sender: Sender;
beforeAll(async () => {
  staff = await makeUser({ role: "staff" });
});
beforeEach(async () => {
  sink = await startSmtpSink();
  sender = smtpSender(sink.url);
});
afterEach(async () => {
  sender.close();
  await sink.close();
});

async function mailsTo(email: string) {
  await drainOutbox({ sender });
  return Promise.all(sink.received.filter((m) => m.to.includes(email)).map((m) => PostalMime.parse(m.raw)));
}

const partnerIds = (companyId: number) => listMatchesForCompany({ companyId })!.matches.map((m) => m.partner.id);
const storedIds = (companyId: number) => getStoredList({ companyId })!.entries.map((e) => e.partnerId);

describe("a match staff hid", () => {
  it("never reaches the firms' lists nor their e-mail, and comes back after undo and a sync", async () => {
    // A Chinese cloud firm: one user hears of new matches at once, one weekly (the default).
    const weekly = await makeVerifiedUser();
    const immediate = await makeVerifiedUser();
    const created = createCompany({
      userId: weekly.id,
      profile: testProfile({
        name: "Lanyun Moderation Cloud",
        country: "CN",
        offers: ["cloud.iaas", "cloud.managed_services"],
        needs: ["role.distribution", "role.market_access"],
      }),
      submit: true,
    });
    if (!created.ok) throw new Error(created.reason);
    const cloud = created.companyId;
    getDb().insert(companyMembers).values({ userId: immediate.id, companyId: cloud, role: "member" }).run();
    setMatchEmailFrequency({ userId: immediate.id, frequency: "immediately" });
    approveProfile({ companyId: cloud, staffUserId: staff.id });
    getDb().delete(outbox).run();
    const saoViet = partner({ name: "Sao Viet Moderation Channels" });
    const mitra = partner({ name: "PT Mitra Moderation", country: "ID" });

    // Hidden before the lists ever held it: no list, no e-mail, from either side.
    expect(hideMatch({ companyId: cloud, partnerId: mitra, staffUserId: staff.id, reason: "Same group of owners" })).toEqual({ ok: true });
    await syncMatches();
    expect(partnerIds(cloud)).toEqual([saoViet]);
    expect(storedIds(cloud)).not.toContain(mitra);
    expect(storedIds(mitra)).not.toContain(cloud);
    expect(getMatch({ companyId: mitra, partnerId: cloud })).toBeNull();
    const atOnce = await mailsTo(immediate.email);
    expect(atOnce).toHaveLength(1);
    expect(atOnce[0].text).toContain("Sao Viet Moderation Channels");
    expect(atOnce[0].text).not.toContain("PT Mitra Moderation");

    // Hidden after a sync listed it and before the weekly user was told: gone from both firms'
    // pages at once, and the digest (run before any sync) does not name it.
    expect(hideMatch({ companyId: saoViet, partnerId: cloud, staffUserId: staff.id, reason: "Under investigation" })).toEqual({ ok: true });
    expect(storedIds(cloud)).toContain(saoViet); // the stored list follows at the next sync
    expect(partnerIds(cloud)).toEqual([]);
    expect(getMatch({ companyId: cloud, partnerId: saoViet })).toBeNull();
    expect(getMatch({ companyId: saoViet, partnerId: cloud })).toBeNull();
    const { cookie } = await createUserSession({ userId: weekly.id });
    const page = await memberMatchesLoader({ request: getRequest("/matches", { cookie: cookie.split(";")[0] }), ...ctx() });
    expect(page.state === "ready" && page.result.matches).toEqual([]);
    expect(sendDigests({ frequency: "weekly" })).toEqual({ emails: 0, matches: 0 });
    expect(await mailsTo(weekly.email)).toHaveLength(0);
    await syncMatches();
    expect(storedIds(cloud)).not.toContain(saoViet);
    expect(storedIds(saoViet)).not.toContain(cloud);

    // Staff see both, newest first, from either firm's side.
    expect(listHiddenMatches({ companyId: cloud })).toEqual([
      expect.objectContaining({
        companyId: cloud,
        partnerId: saoViet,
        partnerName: "Sao Viet Moderation Channels",
        reason: "Under investigation",
        hiddenBy: staff.email,
      }),
      expect.objectContaining({ companyId: cloud, partnerId: mitra, partnerName: "PT Mitra Moderation", reason: "Same group of owners" }),
    ]);
    expect(listHiddenMatches({ companyId: saoViet })).toEqual([
      expect.objectContaining({ companyId: saoViet, companyName: "Sao Viet Moderation Channels", partnerId: cloud, partnerName: "Lanyun Moderation Cloud" }),
    ]);
    expect(listHiddenMatches().filter((h) => [saoViet, mitra].includes(h.partnerId) || [saoViet, mitra].includes(h.companyId))).toHaveLength(2);

    // Undo: back after the next sync.
    expect(unhideMatch({ companyId: cloud, partnerId: saoViet, staffUserId: staff.id })).toEqual({ ok: true });
    expect(unhideMatch({ companyId: cloud, partnerId: mitra, staffUserId: staff.id })).toEqual({ ok: true });
    expect(listHiddenMatches({ companyId: cloud })).toEqual([]);
    await syncMatches();
    expect(partnerIds(cloud).sort()).toEqual([saoViet, mitra].sort());
    expect(getMatch({ companyId: mitra, partnerId: cloud })).not.toBeNull();
    const back = await memberMatchesLoader({ request: getRequest("/matches", { cookie: cookie.split(";")[0] }), ...ctx() });
    expect(back.state === "ready" && back.result.matches.map((m) => m.partner.id).sort()).toEqual([saoViet, mitra].sort());
    // Only now is the formerly hidden partner news for the user who hears at once.
    const later = await mailsTo(immediate.email);
    expect(later).toHaveLength(2);
    expect(later[1].text).toContain("PT Mitra Moderation");
    expect(later[1].text).not.toContain("Sao Viet Moderation Channels");
  });

  it("refuses a company with itself, an unknown company and a pair not hidden", async () => {
    const a = partner({ country: "CN", offers: ["ai.robotics"], needs: ["role.customers"] });
    expect(hideMatch({ companyId: a, partnerId: a, staffUserId: staff.id, reason: "x" })).toEqual({ ok: false, reason: "not_found" });
    expect(hideMatch({ companyId: a, partnerId: 99_999_999, staffUserId: staff.id, reason: "x" })).toEqual({ ok: false, reason: "not_found" });
    expect(unhideMatch({ companyId: a, partnerId: 99_999_999, staffUserId: staff.id })).toEqual({ ok: false, reason: "not_hidden" });
  });
});
