// The stored lists on a real SQLite file, changed through the companies module's own functions:
// the triggers queue every change, syncMatches applies it, and every stored list stays equal to
// what a brute-force scan of the listings gives.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { companies, jobs, matchDismissals, matchLists, matchQueue } from "../../../db/schema";
import { getDb, getSqlite } from "~/db.server";
import { createCompany, saveProfile } from "~/modules/companies/companies.server";
import { getListing, insertCompany, writeListing } from "~/modules/companies/listing.server";
import { approveProfile, restoreCompany, suspendCompany } from "~/modules/companies/moderation.server";
import { profileDraftSchema, type Profile } from "~/modules/companies/schemas";
import { makeUser } from "../../../tests/factories";
import { LIST_SHOWN, MatchEngine } from "./engine";
import { toFeatures, type MatchProfile } from "./features";
import { ALGORITHM_VERSION } from "./score";
import { excludePair, listExcludedPairs, removeExclusion } from "./exclusions.server";
import {
  dismissMatch,
  getDismissalNotice,
  getMatch,
  getMatchingStatus,
  getStoredList,
  listDismissedMatches,
  listMatchesForCompany,
  listMatchPage,
  REBUILD_JOB,
  requestRebuild,
  restoreMatch,
  setAseanPairs,
} from "./store.server";
import { syntheticProfile } from "./synthetic";
import { listJobs } from "~/modules/jobs/jobs.server";
import { runDueJobs } from "~/modules/jobs/runner.server";
import { loadProfiles, rebuildJobHandler, resetMatchingCache, syncMatches } from "./sync.server";

let n = 0;
function profile(overrides: Partial<Profile> = {}): Profile {
  n += 1;
  return profileDraftSchema.parse({
    name: `Matching Test Firm ${n}`,
    country: "CN",
    sectors: ["cloud"],
    offers: ["cloud.iaas"],
    needs: ["role.distribution"],
    languages: ["en"],
    contactName: "Secret Contact",
    contactEmail: `secret${n}@contact.example`,
    ...overrides,
  });
}

/** An approved company without users (as an import makes them). */
function listed(overrides: Partial<Profile> = {}): number {
  return getDb().transaction(() => insertCompany({ status: "approved", profile: profile(overrides), published: true }));
}

function fromSynthetic(p: MatchProfile): Partial<Profile> {
  return {
    country: p.country,
    sectors: [...p.sectors],
    offers: [...p.offers],
    needs: [...p.needs],
    partnershipTypes: [...p.partnershipTypes],
    targetMarkets: [...p.targetMarkets],
    languages: [...p.languages],
    size: p.size,
    description: p.description,
  };
}

/** Every stored list equals the brute-force top of the current listings, and every visible firm has one. */
function expectStoredListsExact() {
  const db = getDb();
  const profiles = loadProfiles(getSqlite());
  const rules = { aseanPairs: currentAseanPairs };
  const reference = new MatchEngine(rules);
  for (const p of profiles.values()) reference.load(toFeatures(p));
  for (const [a, b] of listExcludedPairs(db)) reference.exclude(a, b);
  const rows = db.select({ companyId: matchLists.companyId }).from(matchLists).all();
  expect(new Set(rows.map((r) => r.companyId))).toEqual(new Set(profiles.keys()));
  for (const id of profiles.keys()) {
    const stored = getStoredList({ companyId: id })!;
    expect(stored.algorithmVersion).toBe(ALGORITHM_VERSION);
    const want = reference.bruteForce(id, LIST_SHOWN);
    expect(
      stored.entries.map((e) => e.partnerId),
      `list of company ${id}`,
    ).toEqual(want.ids);
    expect(stored.entries.map((e) => e.scoreTenths)).toEqual(want.scores);
    for (const e of stored.entries) expect(e.code).toEqual(reference.encode(id, e.partnerId));
  }
}
let currentAseanPairs = false;

const queued = () => getDb().select().from(matchQueue).all().length;

let staffId: string;
beforeAll(async () => {
  staffId = (await makeUser({ role: "staff" })).id;
});

describe("stored match lists", () => {
  it("are built for approved companies only, with score, reasons, version and time", async () => {
    const cloud = listed({ country: "CN", offers: ["cloud.iaas"], needs: ["role.distribution"], targetMarkets: ["VN"] });
    const reseller = listed({ country: "VN", sectors: ["cloud", "ecommerce"], offers: ["role.distribution"], needs: ["cloud.iaas"] });
    const owner = await makeUser();
    const pending = createCompany({
      userId: owner.id,
      profile: profile({ country: "TH", offers: ["role.distribution"], needs: ["cloud.iaas"] }),
      submit: true,
    });
    if (!pending.ok) throw new Error(pending.reason);
    const before = Math.floor(Date.now() / 1000);
    const result = await syncMatches();
    expect(result.mode).toBe("rebuild");
    expect(queued()).toBe(0);

    const list = getStoredList({ companyId: cloud })!;
    expect(list.algorithmVersion).toBe(ALGORITHM_VERSION);
    expect(list.computedAt).toBeGreaterThanOrEqual(before);
    expect(list.entries.map((e) => e.partnerId)).toEqual([reseller]);
    expect(getStoredList({ companyId: pending.companyId })).toBeNull();

    const shown = listMatchesForCompany({ companyId: cloud })!;
    expect(shown.matches[0]).toMatchObject({ rank: 1, partner: { id: reseller, country: "VN" } });
    expect(shown.matches[0].score).toBeGreaterThan(50);
    expect(shown.matches[0].reasons).toEqual(
      expect.arrayContaining([
        { kind: "they_offer", tone: "positive", capability: "role.distribution", described: false },
        { kind: "you_offer", tone: "positive", capability: "cloud.iaas", described: false },
        { kind: "in_your_markets", tone: "positive", country: "VN" },
      ]),
    );
    // The same pair, the same score, from the other side.
    expect(getMatch({ companyId: reseller, partnerId: cloud })!.score).toBe(shown.matches[0].score);
    // No contact detail reaches the page data.
    expect(JSON.stringify(shown)).not.toMatch(/secret|contact/i);

    // Approval puts the pending firm into the lists it fits, at the next sync.
    approveProfile({ companyId: pending.companyId, staffUserId: staffId });
    expect(queued()).toBeGreaterThan(0);
    expect((await syncMatches()).mode).toBe("incremental");
    expect(getStoredList({ companyId: cloud })!.entries.map((e) => e.partnerId)).toContain(pending.companyId);
    expectStoredListsExact();
  });

  it("follow every change, suspension and restoration, incrementally and exactly", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 160; i++) ids.push(listed(fromSynthetic(syntheticProfile(i, 11))));
    await syncMatches();
    expectStoredListsExact();
    let seed = 100;
    for (let round = 0; round < 12; round++) {
      const id = ids[(round * 37) % ids.length];
      if (round % 4 === 3) suspendCompany({ companyId: id, staffUserId: staffId });
      else if (round % 4 === 0 && round > 0) restoreCompany({ companyId: ids[((round - 1) * 37) % ids.length], staffUserId: staffId });
      else getDb().transaction(() => writeListing(id, { ...getListing(getDb(), { companyId: id })!, ...fromSynthetic(syntheticProfile(seed++, 5)) }));
      const result = await syncMatches();
      expect(result.mode).toBe("incremental");
      expectStoredListsExact();
    }
  });

  it("read a page at a time: ranks, counts and filters cover the whole list; unlisted partners drop out at once", async () => {
    const firm = listed({ country: "CN", sectors: ["smart_city"], offers: ["smart_city.mobility"], needs: ["role.distribution"], targetMarkets: ["TH", "VN"] });
    for (let i = 0; i < 14; i++) {
      listed({
        country: (["TH", "VN", "ID"] as const)[i % 3],
        sectors: i % 2 ? ["smart_city"] : ["smart_city", "cloud"],
        offers: ["role.distribution"],
        needs: ["smart_city.mobility"],
        partnershipTypes: i % 4 ? ["distribution"] : ["joint_venture"],
      });
    }
    await syncMatches();
    const whole = listMatchesForCompany({ companyId: firm })!;
    expect(whole.matches.length).toBeGreaterThanOrEqual(14);
    const ids = (ms: { partner: { id: number }; rank: number }[]) => ms.map((m) => [m.partner.id, m.rank]);

    // Pages of 5 put together are the whole list, ranks and all; a page past the end is the last.
    const pages = Math.ceil(whole.matches.length / 5);
    const first = listMatchPage({ companyId: firm, page: 1, pageSize: 5 })!;
    expect(first).toMatchObject({ total: whole.total, filtered: whole.matches.length, page: 1, pages });
    const all = [];
    for (let page = 1; page <= pages; page++) all.push(...listMatchPage({ companyId: firm, page, pageSize: 5 })!.matches);
    expect(ids(all)).toEqual(ids(whole.matches));
    expect(all.map((m) => m.score)).toEqual(whole.matches.map((m) => m.score));
    expect(listMatchPage({ companyId: firm, page: pages + 7, pageSize: 5 })!.page).toBe(pages);

    // Filters: the partners of that kind, each keeping its rank in the whole list.
    const partnership = (id: number) => getListing(getDb(), { companyId: id })!.partnershipTypes;
    const thaiJoint = whole.matches.filter((m) => m.partner.country === "TH" && partnership(m.partner.id).includes("joint_venture"));
    const filtered = listMatchPage({ companyId: firm, country: "TH", partnershipType: "joint_venture", page: 1, pageSize: 50 })!;
    expect(thaiJoint.length).toBeGreaterThan(0);
    expect(filtered.filtered).toBe(thaiJoint.length);
    expect(filtered.total).toBe(whole.total);
    expect(ids(filtered.matches)).toEqual(ids(thaiJoint));
    const cloudOnes = whole.matches.filter((m) => m.partner.sectors.includes("cloud"));
    expect(ids(listMatchPage({ companyId: firm, sector: "cloud", page: 1, pageSize: 50 })!.matches)).toEqual(ids(cloudOnes));

    // A partner suspended after the last sync is gone from the very next read, and ranks close up.
    const gone = whole.matches[1].partner.id;
    expect(suspendCompany({ companyId: gone, staffUserId: staffId })).toEqual({ ok: true });
    const after = listMatchPage({ companyId: firm, page: 1, pageSize: 50 })!;
    expect(after.total).toBe(whole.total - 1);
    expect(ids(after.matches)).toEqual(ids(whole.matches.filter((m) => m.partner.id !== gone).map((m, i) => ({ ...m, rank: i + 1 }))));
    restoreCompany({ companyId: gone, staffUserId: staffId });
    await syncMatches();
  });

  it("ignore edits that matching does not read", async () => {
    const id = listed({ country: "MY", offers: ["role.customers"], needs: ["cloud.saas"] });
    await syncMatches();
    const before = getDb().select().from(matchLists).all();
    getDb().transaction(() => writeListing(id, { ...getListing(getDb(), { companyId: id })!, name: "A New Name", website: "https://new.example.my" }));
    const result = await syncMatches();
    expect(result).toMatchObject({ mode: "incremental", lists: 0 });
    expect(getDb().select().from(matchLists).all()).toEqual(before);
  });

  it("follow a member's own edit that goes live at once", async () => {
    const owner = await makeUser();
    const created = createCompany({
      userId: owner.id,
      profile: profile({ country: "ID", offers: ["role.market_access"], needs: ["ai.platform"] }),
      submit: true,
    });
    if (!created.ok) throw new Error();
    approveProfile({ companyId: created.companyId, staffUserId: staffId });
    await syncMatches();
    const listing = getListing(getDb(), { companyId: created.companyId })!;
    // Partnership types and markets are not reviewed again: the change sent is live, and so are the lists.
    saveProfile({ companyId: created.companyId, userId: owner.id, profile: { ...listing, partnershipTypes: ["rnd"], targetMarkets: ["CN"] }, submit: true });
    expect((await syncMatches()).mode).toBe("incremental");
    expectStoredListsExact();
  });
});

describe("dismissals and exclusions", () => {
  it("'not interested' removes the pair from both lists for good", async () => {
    const a = listed({ country: "CN", offers: ["ai.robotics"], needs: ["role.customers"] });
    const b = listed({ country: "TH", offers: ["role.customers"], needs: ["ai.robotics"] });
    const user = await makeUser();
    await syncMatches();
    expect(getMatch({ companyId: a, partnerId: b })).not.toBeNull();
    expect(dismissMatch({ companyId: a, partnerId: b, userId: user.id })).toEqual({ ok: true });
    // Gone from the page at once, before any sync.
    expect(listMatchesForCompany({ companyId: a })!.matches.map((m) => m.partner.id)).not.toContain(b);
    expect(listMatchesForCompany({ companyId: b })!.matches.map((m) => m.partner.id)).not.toContain(a);
    await syncMatches();
    expect(getStoredList({ companyId: a })!.entries.map((e) => e.partnerId)).not.toContain(b);
    expect(getStoredList({ companyId: b })!.entries.map((e) => e.partnerId)).not.toContain(a);
    // Even after either side changes, and after a full rebuild.
    getDb().transaction(() => writeListing(b, { ...getListing(getDb(), { companyId: b })!, description: "ลูกค้าองค์กร" }));
    await syncMatches({ rebuild: true });
    expect(getStoredList({ companyId: a })!.entries.map((e) => e.partnerId)).not.toContain(b);
    expectStoredListsExact();
    // Only a partner in the company's list can be dismissed.
    expect(dismissMatch({ companyId: a, partnerId: a, userId: user.id })).toEqual({ ok: false, reason: "not_found" });
    expect(getDb().select().from(matchDismissals).where(eq(matchDismissals.companyId, a)).all()).toHaveLength(1);
  });

  it('"not interested" is undone by the firm that said it: the pair returns at the next sync', async () => {
    const a = listed({ country: "CN", offers: ["cloud.iaas"], needs: ["role.distribution"] });
    const b = listed({ country: "ID", name: "PT Restored Partner", offers: ["role.distribution"], needs: ["cloud.iaas"] });
    const c = listed({ country: "VN", offers: ["role.distribution"], needs: ["cloud.iaas"] });
    const user = await makeUser();
    await syncMatches();
    expect(dismissMatch({ companyId: a, partnerId: b, userId: user.id }).ok).toBe(true);
    expect(dismissMatch({ companyId: c, partnerId: a, userId: user.id }).ok).toBe(true);
    await syncMatches();
    expect(listDismissedMatches({ companyId: a })).toEqual([
      { partnerId: b, name: "PT Restored Partner", localName: null, country: "ID", dismissedAt: expect.any(Number) },
    ]);
    // The notice names only a firm this company dismissed.
    expect(getDismissalNotice({ companyId: a, partnerId: b, restored: false })).toEqual({ partnerId: b, name: "PT Restored Partner" });
    expect(getDismissalNotice({ companyId: a, partnerId: c, restored: false })).toBeNull();
    expect(getDismissalNotice({ companyId: a, partnerId: b, restored: true })).toBeNull();

    // Only the firm's own dismissal is its to undo: C's of A stays.
    expect(restoreMatch({ companyId: a, partnerId: c, userId: user.id })).toEqual({ ok: false, reason: "not_found" });
    expect(restoreMatch({ companyId: a, partnerId: b, userId: user.id })).toEqual({ ok: true });
    expect(restoreMatch({ companyId: a, partnerId: b, userId: user.id })).toEqual({ ok: false, reason: "not_found" });
    expect(listDismissedMatches({ companyId: a })).toEqual([]);
    expect(getDismissalNotice({ companyId: a, partnerId: b, restored: true })).toEqual({ partnerId: b, name: "PT Restored Partner" });
    await syncMatches();
    expect(getMatch({ companyId: a, partnerId: b })).not.toBeNull();
    expect(getStoredList({ companyId: b })!.entries.map((e) => e.partnerId)).toContain(a);
    expect(getMatch({ companyId: a, partnerId: c })).toBeNull();
    expectStoredListsExact();
  });

  it("a declined introduction excludes the pair; lifting the exclusion brings it back", async () => {
    const a = listed({ country: "CN", offers: ["ecommerce.logistics"], needs: ["role.infrastructure"] });
    const b = listed({ country: "LA", offers: ["role.infrastructure"], needs: ["ecommerce.logistics"] });
    await syncMatches();
    getDb().transaction((tx) => excludePair(tx, { companyId: b, partnerId: a, reason: "introduction_declined" }));
    await syncMatches();
    expect(getMatch({ companyId: a, partnerId: b })).toBeNull();
    expect(getStoredList({ companyId: b })!.entries.map((e) => e.partnerId)).not.toContain(a);
    getDb().transaction((tx) => removeExclusion(tx, { companyId: a, partnerId: b, reason: "introduction_declined" }));
    await syncMatches();
    expect(getMatch({ companyId: a, partnerId: b })).not.toBeNull();
    expectStoredListsExact();
  });
});

describe("rules and processes", () => {
  it("ASEAN ↔ ASEAN pairs appear only when staff allow them", async () => {
    const vn = listed({ country: "VN", offers: ["smart_city.energy"], needs: ["role.market_access"] });
    const ph = listed({ country: "PH", offers: ["role.market_access"], needs: ["smart_city.energy"] });
    await syncMatches();
    expect(getMatch({ companyId: vn, partnerId: ph })).toBeNull();
    setAseanPairs({ allowed: true, staffUserId: staffId });
    currentAseanPairs = true;
    expect((await syncMatches()).mode).toBe("rebuild");
    expect(getMatch({ companyId: vn, partnerId: ph })).not.toBeNull();
    expectStoredListsExact();
    setAseanPairs({ allowed: false, staffUserId: staffId });
    currentAseanPairs = false;
    await syncMatches();
    expect(getMatch({ companyId: vn, partnerId: ph })).toBeNull();
    expectStoredListsExact();
  });

  it("a process whose engine is stale reloads it from the stored lists", async () => {
    const a = listed({ country: "CN", offers: ["ai.language"], needs: ["role.rnd"] });
    await syncMatches();
    // Another process syncs: here, the same process with its cache forgotten and seq moved on.
    resetMatchingCache();
    getSqlite().prepare("update match_state set seq = seq + 7 where id = 1").run();
    const b = listed({ country: "TH", offers: ["role.rnd"], needs: ["ai.language"] });
    expect((await syncMatches()).mode).toBe("incremental");
    expect(getMatch({ companyId: a, partnerId: b })).not.toBeNull();
    expectStoredListsExact();
  });

  it("a version change rebuilds every list", async () => {
    getSqlite().prepare("update match_lists set algorithm_version = 'old'").run();
    getSqlite().prepare("update match_state set algorithm_version = 'old' where id = 1").run();
    expect((await syncMatches()).mode).toBe("rebuild");
    expectStoredListsExact();
    expect(getDb().select().from(companies).where(eq(companies.visible, true)).all().length).toBe(getDb().select().from(matchLists).all().length);
  });
});

describe("the rebuild as a job", () => {
  it("staff's request queues one matching.rebuild job; the server's loop queues instead of rebuilding; the job rebuilds on a thread", async () => {
    getDb().delete(jobs).run();
    listed({ country: "CN", offers: ["ai.language"], needs: ["role.rnd"] });
    await syncMatches();
    requestRebuild({ staffUserId: staffId });
    requestRebuild({ staffUserId: staffId });
    expect(listJobs({ kind: REBUILD_JOB }).map((j) => j.state)).toEqual(["queued"]);
    // The server's sync loop: a rebuild is due, and it leaves it to the job.
    expect((await syncMatches({ rebuildAsJob: true })).mode).toBe("none");
    expect(listJobs({ kind: REBUILD_JOB })).toHaveLength(1);
    getSqlite().prepare("update match_state set rebuilt_at = 0 where id = 1").run();
    expect(await runDueJobs({ handlers: { [REBUILD_JOB]: rebuildJobHandler } })).toBe(1);
    const [job] = listJobs({ kind: REBUILD_JOB });
    expect(job).toMatchObject({ state: "done", result: { mode: "rebuild" } });
    expect(getSqlite().prepare("select rebuilt_at from match_state where id = 1").pluck().get()).not.toBe(0);
    expect(getMatchingStatus().rebuildRequestedAt).toBeNull();
    resetMatchingCache();
    expectStoredListsExact();
  });
});
