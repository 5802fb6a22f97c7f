// The introduction workflow against a real SQLite file: every legal arrow, every illegal one,
// the e-mails each queues (in the recipient's language), the weekly cap, expiry and reminders.
import { and, eq, ne } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import {
  auditLog,
  companies,
  companyMembers,
  introductionEvents,
  introductions,
  matchExclusions,
  outbox,
  settings,
  staffAlertFrequencies,
  users,
} from "../../../db/schema";
import { getDb } from "~/db.server";
import { disableUser } from "~/modules/auth/users.server";
import { restoreCompany, suspendCompany } from "~/modules/companies/moderation.server";
import { makeListedCompany, makeUser, makeVerifiedUser } from "../../../tests/factories";
import { getIntroductionForStaff, getIntroductionForUser, listIntroductionQueue } from "./introductions.server";
import { setWeeklyCap } from "./settings.server";
import {
  acceptIntroduction,
  approveIntroduction,
  declineIntroduction,
  declineIntroductionByFirm,
  EXPIRY_DAYS,
  recordOutcome,
  requestIntroduction,
  startIntroduction,
  withdrawIntroduction,
} from "./workflow.server";
import type { IntroductionStatus } from "./labels";
import { runIntroductionUpkeep } from "./upkeep.server";
import { setEmailPreference, setStaffAlertFrequency, STAFF_DIGEST_HOUR_UTC } from "~/modules/notifications/preferences.server";

const DAY = 86400;
const db = () => getDb();
const row = (id: number) => db().select().from(introductions).where(eq(introductions.id, id)).get()!;
const mails = (template: string) => db().select().from(outbox).where(eq(outbox.template, template)).all();

/** Two listed firms with a verified member each (the target's member reads Chinese), a third firm, and staff. */
async function world() {
  const alice = await makeVerifiedUser({ name: "Alice Wang" });
  const budi = await makeVerifiedUser({ name: "Budi Santoso", locale: "zh" });
  const carol = await makeVerifiedUser({ name: "Carol Tan" });
  const staff = await makeUser({ role: "staff", name: "Staff One" });
  const staff2 = await makeUser({ role: "admin", name: "Staff Two" });
  const a = makeListedCompany({ profile: { name: "蓝云科技", country: "CN" }, members: [alice.id] });
  const b = makeListedCompany({
    profile: {
      name: "PT Nusantara Distribusi",
      localName: "Công ty Nusantara",
      country: "ID",
      contactName: "Budi S.",
      contactEmail: "budi@nusantara.example",
      phone: "0812 3456 7890",
      telegram: "@nusantara_budi",
    },
    members: [budi.id],
  });
  const c = makeListedCompany({ profile: { name: "บริษัท ไทยคลาวด์", country: "TH" }, members: [carol.id] });
  return { alice, budi, carol, staff, staff2, a, b, c };
}

type World = Awaited<ReturnType<typeof world>>;

function ask(w: World, now?: number) {
  const r = requestIntroduction({ userId: w.alice.id, targetCompanyId: w.b, purpose: "distribution", message: "我们想在印尼寻找经销商。", now });
  if (!r.ok) throw new Error(`request refused: ${r.reason}`);
  return r.introductionId;
}

let w: World;
beforeEach(async () => {
  // One database per file: each test starts without the introductions, mail and settings of the
  // others (the audit log is append-only, so assertions on it name their record).
  for (const table of [introductions, outbox, staffAlertFrequencies, matchExclusions, settings]) db().delete(table).run();
  db().update(users).set({ disabledAt: 1 }).where(ne(users.role, "member")).run();
  w = await world();
});

describe("request", () => {
  it("opens a request, records its history and tells staff at once", () => {
    const id = ask(w);
    const r = row(id);
    expect(r).toMatchObject({ status: "requested", requesterCompanyId: w.a, targetCompanyId: w.b, initiatedBy: "member", purpose: "distribution" });
    expect(r.expiresAt - r.createdAt).toBe(EXPIRY_DAYS * DAY);
    expect(
      db()
        .select()
        .from(introductionEvents)
        .where(eq(introductionEvents.introductionId, id))
        .all()
        .map((e) => e.kind),
    ).toEqual(["requested"]);
    const toStaff = mails("intro_staff_new_request").filter((m) => m.key.startsWith(`intro-requested:${id}:`));
    expect(toStaff.map((m) => m.toAddress).sort()).toEqual([w.staff.email, w.staff2.email].sort());
    expect(toStaff[0].textBody).toContain("蓝云科技");
    expect(listIntroductionQueue().map((q) => q.id)).toContain(id);
  });

  it("keeps names in Chinese, Thai and Vietnamese intact", () => {
    const id = ask(w);
    const view = getIntroductionForUser({ introductionId: id, userId: w.alice.id })!;
    expect(view.partner.localName).toBe("Công ty Nusantara");
    expect(view.message).toBe("我们想在印尼寻找经销商。");
  });

  it("refuses a second open request for the same pair, from either side", async () => {
    const id = ask(w);
    expect(requestIntroduction({ userId: w.alice.id, targetCompanyId: w.b, purpose: "supply", message: "again" })).toEqual({
      ok: false,
      reason: "already_open",
      introductionId: id,
    });
    expect(requestIntroduction({ userId: w.budi.id, targetCompanyId: w.a, purpose: "supply", message: "reverse" })).toEqual({
      ok: false,
      reason: "already_open",
      introductionId: id,
    });
    // Once closed, the pair may ask again.
    expect(withdrawIntroduction({ introductionId: id, userId: w.alice.id }).ok).toBe(true);
    expect(requestIntroduction({ userId: w.budi.id, targetCompanyId: w.a, purpose: "supply", message: "now" }).ok).toBe(true);
  });

  it("enforces the weekly cap on open requests, counted over seven days", async () => {
    setWeeklyCap({ cap: 2, staffUserId: w.staff2.id });
    const now = Math.floor(Date.now() / 1000);
    const more = await Promise.all([1, 2, 3].map(() => makeVerifiedUser()));
    const targets = more.map((u, i) => makeListedCompany({ profile: { country: "VN", name: `Target ${i}` }, members: [u.id] }));
    const ok = (t: number, at: number) => requestIntroduction({ userId: w.alice.id, targetCompanyId: t, purpose: "distribution", message: "hi", now: at });
    expect(ok(targets[0], now - 8 * DAY).ok).toBe(true); // older than a week: not counted
    expect(ok(targets[1], now).ok).toBe(true);
    expect(ok(targets[2], now).ok).toBe(true);
    expect(ok(w.b, now)).toEqual({ ok: false, reason: "weekly_cap", cap: 2 });
    // A closed request frees a place.
    const open = db().select().from(introductions).where(eq(introductions.targetCompanyId, targets[2])).get()!;
    withdrawIntroduction({ introductionId: open.id, userId: w.alice.id });
    expect(ok(w.b, now).ok).toBe(true);
  });

  it("refuses unverified members, members without a listed firm, unlisted and own targets", async () => {
    const unverified = await makeUser();
    makeListedCompany({ members: [unverified.id] });
    expect(requestIntroduction({ userId: unverified.id, targetCompanyId: w.b, purpose: "distribution", message: "x" })).toEqual({
      ok: false,
      reason: "not_verified",
    });
    const loner = await makeVerifiedUser();
    expect(requestIntroduction({ userId: loner.id, targetCompanyId: w.b, purpose: "distribution", message: "x" })).toEqual({ ok: false, reason: "no_company" });
    const pendingOwner = await makeVerifiedUser();
    makeListedCompany({ members: [pendingOwner.id], listed: false });
    expect(requestIntroduction({ userId: pendingOwner.id, targetCompanyId: w.b, purpose: "distribution", message: "x" })).toEqual({
      ok: false,
      reason: "not_listed",
    });
    const hidden = makeListedCompany({ listed: false });
    expect(requestIntroduction({ userId: w.alice.id, targetCompanyId: hidden, purpose: "distribution", message: "x" })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(requestIntroduction({ userId: w.alice.id, targetCompanyId: w.a, purpose: "distribution", message: "x" })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(requestIntroduction({ userId: w.alice.id, targetCompanyId: 999999, purpose: "distribution", message: "x" })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(db().select().from(introductions).all()).toHaveLength(0);
  });

  it("tells daily-digest staff once a day instead of at once, and disabled staff never", () => {
    setStaffAlertFrequency({ userId: w.staff.id, frequency: "daily", now: 1 });
    disableUser({ userId: w.staff2.id });
    const id = ask(w);
    expect(mails("intro_staff_new_request").filter((m) => m.key.startsWith(`intro-requested:${id}:`))).toHaveLength(0);
    // An hour after the digest hour (UTC), so that an hour later is still the same digest day,
    // whatever the time the test runs at.
    const soon = new Date(Date.now() + 60_000);
    let now = Date.UTC(soon.getUTCFullYear(), soon.getUTCMonth(), soon.getUTCDate(), STAFF_DIGEST_HOUR_UTC + 1) / 1000;
    if (now * 1000 < soon.getTime()) now += 24 * 3600;
    runIntroductionUpkeep(now);
    const digests = mails("intro_staff_digest");
    expect(digests).toHaveLength(1);
    expect(digests[0].toAddress).toBe(w.staff.email);
    expect(digests[0].textBody).toContain("PT Nusantara Distribusi");
    runIntroductionUpkeep(now + 3600);
    expect(mails("intro_staff_digest")).toHaveLength(1);
    expect(db().select().from(staffAlertFrequencies).where(eq(staffAlertFrequencies.userId, w.staff.id)).get()!.lastDigestAt).toBe(now);
  });
});

describe("staff decisions", () => {
  it("approve: the other firm is asked, in its language, and the action is audited", () => {
    const id = ask(w);
    expect(approveIntroduction({ introductionId: id, staffUserId: w.staff.id })).toEqual({ ok: true });
    expect(row(id)).toMatchObject({ status: "approved", decidedByUserId: w.staff.id });
    const toTarget = mails("intro_for_you");
    expect(toTarget.map((m) => [m.toAddress, m.locale])).toEqual([[w.budi.email, "zh"]]);
    expect(toTarget[0].subject).toContain("希望与贵公司结识");
    expect(toTarget[0].textBody).toContain("我们想在印尼寻找经销商。");
    const audit = db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "introduction.approve"), eq(auditLog.entityId, String(id))))
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: w.staff.id, actorEmail: w.staff.email, before: { status: "requested" }, after: { status: "approved" } });
  });

  it("approve: the requester is told, by e-mail and on the introduction's page, unless it turned introduction e-mail off", async () => {
    const id = ask(w);
    expect(approveIntroduction({ introductionId: id, staffUserId: w.staff.id })).toEqual({ ok: true });
    const toRequester = mails("intro_approved");
    expect(toRequester.map((m) => [m.toAddress, m.locale])).toEqual([[w.alice.email, "en"]]);
    expect(toRequester[0].subject).toBe("The council approved your introduction request to PT Nusantara Distribusi (Công ty Nusantara)");
    expect(toRequester[0].textBody).toContain(`/introductions/${id}`);
    const seen = getIntroductionForUser({ introductionId: id, userId: w.alice.id })!;
    expect(seen.status).toBe("approved");
    expect(seen.events.map((e) => [e.kind, e.byStaff])).toContainEqual(["approved", true]);

    // A second member of the requesting firm who turned introduction e-mail off hears nothing.
    const dan = await makeVerifiedUser({ name: "Dan Lee" });
    db().insert(companyMembers).values({ companyId: w.a, userId: dan.id, role: "member", createdAt: 1 }).run();
    setEmailPreference({ userId: dan.id, category: "introductions", enabled: false });
    const other = requestIntroduction({ userId: w.alice.id, targetCompanyId: w.c, purpose: "distribution", message: "Hello" });
    if (!other.ok) throw new Error(other.reason);
    approveIntroduction({ introductionId: other.introductionId, staffUserId: w.staff.id });
    const second = mails("intro_approved").filter((m) => m.key.startsWith(`intro-approved-requester:${other.introductionId}:`));
    expect(second.map((m) => m.toAddress)).toEqual([w.alice.email]);
  });

  it("decline: the requester reads the reason; the target hears nothing", () => {
    const id = ask(w);
    expect(declineIntroduction({ introductionId: id, staffUserId: w.staff.id, reason: "Please complete your profile first." }).ok).toBe(true);
    expect(row(id)).toMatchObject({ status: "declined_by_staff", staffReason: "Please complete your profile first." });
    const m = mails("intro_declined_by_staff");
    expect(m.map((x) => x.toAddress)).toEqual([w.alice.email]);
    expect(m[0].textBody).toContain("Please complete your profile first.");
    expect(getIntroductionForUser({ introductionId: id, userId: w.alice.id })!.staffReason).toBe("Please complete your profile first.");
    // The target never heard of the request: it cannot open it at all.
    expect(getIntroductionForUser({ introductionId: id, userId: w.budi.id })).toBeNull();
    expect(mails("intro_for_you")).toHaveLength(0);
  });

  it("a second decision is refused and says who decided first", () => {
    const id = ask(w);
    approveIntroduction({ introductionId: id, staffUserId: w.staff.id });
    const second = declineIntroduction({ introductionId: id, staffUserId: w.staff2.id, reason: "no" });
    expect(second).toMatchObject({ ok: false, reason: "illegal_transition", status: "approved", decidedBy: { name: "Staff One", email: w.staff.email } });
    expect(approveIntroduction({ introductionId: id, staffUserId: w.staff2.id })).toMatchObject({ ok: false, reason: "illegal_transition" });
    expect(row(id).status).toBe("approved");
    expect(
      db()
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityId, String(id)))
        .all(),
    ).toHaveLength(1);
  });
});

describe("the other firm's answer", () => {
  it("accept: both firms get each other's contacts, which were hidden until then", () => {
    const id = ask(w);
    approveIntroduction({ introductionId: id, staffUserId: w.staff.id });
    expect(getIntroductionForUser({ introductionId: id, userId: w.alice.id })!.contact).toBeNull();
    // Nothing mailed before acceptance carries the phone or the handle.
    for (const m of db().select().from(outbox).all()) {
      expect(m.textBody).not.toContain("3456 7890");
      expect(m.textBody).not.toContain("nusantara_budi");
    }
    expect(acceptIntroduction({ introductionId: id, userId: w.budi.id })).toEqual({ ok: true, status: "accepted" });
    expect(row(id)).toMatchObject({ status: "accepted" });
    expect(getIntroductionForUser({ introductionId: id, userId: w.alice.id })!.contact).toEqual({
      name: "Budi S.",
      email: "budi@nusantara.example",
      channels: [
        { field: "phone", text: "+62 812 3456 7890", href: "tel:+6281234567890" },
        { field: "telegram", text: "@nusantara_budi", href: "https://t.me/nusantara_budi" },
      ],
    });
    expect(getIntroductionForUser({ introductionId: id, userId: w.budi.id })!.contact!.email).toMatch(/@firm-contact\.test$/);
    const accepted = mails("intro_accepted");
    expect(accepted.map((m) => m.toAddress).sort()).toEqual([w.alice.email, w.budi.email].sort());
    expect(accepted.find((m) => m.toAddress === w.alice.email)!.textBody).toContain("budi@nusantara.example");
    expect(accepted.find((m) => m.toAddress === w.alice.email)!.textBody).toContain("Phone: +62 812 3456 7890");
    // Budi reads Chinese; Alice's firm gave no phone, so its mail has no phone line.
    expect(accepted.find((m) => m.toAddress === w.budi.email)!.textBody).not.toContain("电话");
  });

  it("an accepted pair cannot ask again, from either side, and staff are not mailed twice", () => {
    const id = ask(w);
    approveIntroduction({ introductionId: id, staffUserId: w.staff.id });
    expect(acceptIntroduction({ introductionId: id, userId: w.budi.id, now: 1_800_000_000 }).ok).toBe(true);
    const toStaff = mails("intro_staff_new_request").length;
    for (const [userId, targetCompanyId] of [
      [w.alice.id, w.b],
      [w.budi.id, w.a],
    ] as const)
      expect(requestIntroduction({ userId, targetCompanyId, purpose: "supply", message: "again" })).toEqual({
        ok: false,
        reason: "already_accepted",
        introductionId: id,
        acceptedAt: 1_800_000_000,
      });
    expect(mails("intro_staff_new_request")).toHaveLength(toStaff);
    expect(db().select().from(introductions).all()).toHaveLength(1);
    // An outcome recorded since changes nothing.
    expect(recordOutcome({ introductionId: id, userId: w.alice.id, outcome: "met" }).ok).toBe(true);
    expect(requestIntroduction({ userId: w.alice.id, targetCompanyId: w.b, purpose: "supply", message: "again" }).ok).toBe(false);
  });

  it("decline: the pair is excluded from matching and the requester is told", () => {
    const id = ask(w);
    approveIntroduction({ introductionId: id, staffUserId: w.staff.id });
    expect(declineIntroductionByFirm({ introductionId: id, userId: w.budi.id, note: "Not our market" }).ok).toBe(true);
    expect(row(id)).toMatchObject({ status: "declined_by_target", declinedByCompanyId: w.b, declineNote: "Not our market" });
    const [low, high] = [Math.min(w.a, w.b), Math.max(w.a, w.b)];
    expect(
      db()
        .select()
        .from(matchExclusions)
        .where(and(eq(matchExclusions.companyId, low), eq(matchExclusions.partnerId, high)))
        .get()!.reason,
    ).toBe("introduction_declined");
    expect(mails("intro_declined_by_firm").map((m) => m.toAddress)).toEqual([w.alice.email]);
    // The requester never reads the private note, and cannot ask again.
    expect(JSON.stringify(getIntroductionForUser({ introductionId: id, userId: w.alice.id }))).not.toContain("Not our market");
    expect(requestIntroduction({ userId: w.alice.id, targetCompanyId: w.b, purpose: "supply", message: "again" })).toEqual({
      ok: false,
      reason: "declined_before",
    });
  });

  it("only the firm asked may answer; a third firm sees nothing", () => {
    const id = ask(w);
    approveIntroduction({ introductionId: id, staffUserId: w.staff.id });
    expect(acceptIntroduction({ introductionId: id, userId: w.alice.id })).toEqual({ ok: false, reason: "not_your_turn" });
    expect(acceptIntroduction({ introductionId: id, userId: w.carol.id })).toEqual({ ok: false, reason: "not_found" });
    expect(declineIntroductionByFirm({ introductionId: id, userId: w.carol.id })).toEqual({ ok: false, reason: "not_found" });
    expect(withdrawIntroduction({ introductionId: id, userId: w.carol.id })).toEqual({ ok: false, reason: "not_found" });
    expect(recordOutcome({ introductionId: id, userId: w.carol.id, outcome: "met" })).toEqual({ ok: false, reason: "not_found" });
    expect(getIntroductionForUser({ introductionId: id, userId: w.carol.id })).toBeNull();
    expect(withdrawIntroduction({ introductionId: id, userId: w.budi.id })).toEqual({ ok: false, reason: "not_your_turn" });
    expect(row(id).status).toBe("approved");
  });

  it("withdraw after approval tells the firm that was asked", () => {
    const id = ask(w);
    approveIntroduction({ introductionId: id, staffUserId: w.staff.id });
    expect(withdrawIntroduction({ introductionId: id, userId: w.alice.id }).ok).toBe(true);
    expect(row(id).status).toBe("withdrawn");
    expect(mails("intro_withdrawn").map((m) => m.toAddress)).toEqual([w.budi.email]);
  });
});

describe("staff-started introductions", () => {
  it("skip approval, go to both firms and are accepted when both accept", () => {
    const r = startIntroduction({ staffUserId: w.staff.id, companyId: w.a, partnerId: w.b, purpose: "joint_venture", message: "You should meet." });
    if (!r.ok) throw new Error(r.reason);
    expect(row(r.introductionId)).toMatchObject({ status: "approved", initiatedBy: "staff" });
    expect(
      mails("intro_suggested")
        .map((m) => m.toAddress)
        .sort(),
    ).toEqual([w.alice.email, w.budi.email].sort());
    expect(acceptIntroduction({ introductionId: r.introductionId, userId: w.budi.id })).toEqual({ ok: true, status: "approved" });
    expect(acceptIntroduction({ introductionId: r.introductionId, userId: w.budi.id })).toEqual({ ok: false, reason: "already_answered" });
    expect(getIntroductionForUser({ introductionId: r.introductionId, userId: w.budi.id })!.contact).toBeNull();
    expect(acceptIntroduction({ introductionId: r.introductionId, userId: w.alice.id })).toEqual({ ok: true, status: "accepted" });
    expect(getIntroductionForUser({ introductionId: r.introductionId, userId: w.budi.id })!.contact).not.toBeNull();
    expect(
      db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "introduction.start"), eq(auditLog.entityId, String(r.introductionId))))
        .all(),
    ).toHaveLength(1);
    // Neither firm may withdraw what staff started.
    expect(withdrawIntroduction({ introductionId: r.introductionId, userId: w.alice.id }).ok).toBe(false);
  });

  it("either firm may decline; members cannot start them; an open pair is refused", () => {
    const r = startIntroduction({ staffUserId: w.staff.id, companyId: w.a, partnerId: w.c, purpose: "supply", message: "Meet." });
    if (!r.ok) throw new Error(r.reason);
    expect(startIntroduction({ staffUserId: w.staff.id, companyId: w.c, partnerId: w.a, purpose: "supply", message: "Again" })).toMatchObject({
      ok: false,
      reason: "already_open",
    });
    expect(startIntroduction({ staffUserId: w.alice.id, companyId: w.a, partnerId: w.b, purpose: "supply", message: "x" })).toEqual({
      ok: false,
      reason: "not_staff",
    });
    expect(declineIntroductionByFirm({ introductionId: r.introductionId, userId: w.alice.id }).ok).toBe(true);
    expect(mails("intro_declined_by_firm").map((m) => m.toAddress)).toEqual([w.carol.email]);
  });
});

describe("outcomes", () => {
  it("either firm or staff record what came of an accepted introduction; the latest counts", () => {
    const id = ask(w);
    expect(recordOutcome({ introductionId: id, userId: w.alice.id, outcome: "met" })).toMatchObject({ ok: false, reason: "illegal_transition" });
    approveIntroduction({ introductionId: id, staffUserId: w.staff.id });
    acceptIntroduction({ introductionId: id, userId: w.budi.id });
    expect(recordOutcome({ introductionId: id, userId: w.alice.id, outcome: "met" }).ok).toBe(true);
    expect(recordOutcome({ introductionId: id, userId: w.budi.id, outcome: "agreement_signed" })).toEqual({ ok: false, reason: "partnership_type_required" });
    expect(recordOutcome({ introductionId: id, userId: w.budi.id, outcome: "agreement_signed", partnershipType: "distribution" }).ok).toBe(true);
    expect(recordOutcome({ introductionId: id, userId: w.staff.id, outcome: "negotiating", note: "checked by phone" }).ok).toBe(true);
    const outcomes = getIntroductionForUser({ introductionId: id, userId: w.alice.id })!.outcomes;
    expect(outcomes.map((o) => o.outcome)).toEqual(["negotiating", "agreement_signed", "met"]);
    expect(outcomes[1].partnershipType).toBe("distribution");
    expect(
      db()
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "introduction.outcome"), eq(auditLog.entityId, String(id))))
        .all(),
    ).toHaveLength(1);
  });
});

describe("time", () => {
  it("a request with no staff decision expires after 14 days, with a reminder to staff 3 days before", () => {
    const t0 = Math.floor(Date.now() / 1000);
    const id = ask(w, t0);
    runIntroductionUpkeep(t0 + 10 * DAY);
    expect(mails("intro_staff_expiring")).toHaveLength(0);
    runIntroductionUpkeep(t0 + 11 * DAY + 1);
    expect(mails("intro_staff_expiring")).toHaveLength(2);
    runIntroductionUpkeep(t0 + 12 * DAY);
    expect(mails("intro_staff_expiring")).toHaveLength(2);
    expect(row(id).status).toBe("requested");
    runIntroductionUpkeep(t0 + 14 * DAY);
    expect(row(id).status).toBe("expired");
    expect(mails("intro_expired").map((m) => m.toAddress)).toEqual([w.alice.email]);
    expect(approveIntroduction({ introductionId: id, staffUserId: w.staff.id })).toMatchObject({ ok: false, reason: "illegal_transition", status: "expired" });
  });

  it("an approved introduction gets a fresh 14 days, a reminder to the firm asked, then expires for both", () => {
    const t0 = Math.floor(Date.now() / 1000);
    const id = ask(w, t0);
    approveIntroduction({ introductionId: id, staffUserId: w.staff.id, now: t0 + 5 * DAY });
    runIntroductionUpkeep(t0 + 14 * DAY);
    expect(row(id).status).toBe("approved");
    runIntroductionUpkeep(t0 + 17 * DAY);
    expect(mails("intro_expiry_reminder").map((m) => m.toAddress)).toEqual([w.budi.email]);
    runIntroductionUpkeep(t0 + 19 * DAY);
    expect(row(id).status).toBe("expired");
    expect(
      mails("intro_expired")
        .map((m) => m.toAddress)
        .sort(),
    ).toEqual([w.alice.email, w.budi.email].sort());
  });

  it("asks both firms for the outcome three weeks after acceptance, once, unless one was recorded", () => {
    const t0 = Math.floor(Date.now() / 1000);
    const id = ask(w, t0);
    approveIntroduction({ introductionId: id, staffUserId: w.staff.id, now: t0 });
    acceptIntroduction({ introductionId: id, userId: w.budi.id, now: t0 });
    runIntroductionUpkeep(t0 + 20 * DAY);
    expect(mails("intro_outcome_reminder")).toHaveLength(0);
    runIntroductionUpkeep(t0 + 21 * DAY);
    runIntroductionUpkeep(t0 + 22 * DAY);
    expect(
      mails("intro_outcome_reminder")
        .map((m) => m.toAddress)
        .sort(),
    ).toEqual([w.alice.email, w.budi.email].sort());
  });
});

// Every state against every action: exactly the arrows of the diagram succeed.
describe("the transition table", () => {
  const ACTIONS = ["approve", "staffDecline", "accept", "firmDecline", "withdraw", "outcome"] as const;
  type Action = (typeof ACTIONS)[number];
  const LEGAL: Record<IntroductionStatus, Action[]> = {
    requested: ["approve", "staffDecline", "withdraw"],
    approved: ["accept", "firmDecline", "withdraw"],
    declined_by_staff: [],
    accepted: ["outcome"],
    declined_by_target: [],
    expired: [],
    withdrawn: [],
  };

  function inState(status: IntroductionStatus): number {
    const id = ask(w);
    if (status === "requested") return id;
    if (status === "declined_by_staff") return (declineIntroduction({ introductionId: id, staffUserId: w.staff.id, reason: "r" }), id);
    if (status === "withdrawn") return (withdrawIntroduction({ introductionId: id, userId: w.alice.id }), id);
    if (status === "expired") return (runIntroductionUpkeep(row(id).expiresAt), id);
    approveIntroduction({ introductionId: id, staffUserId: w.staff.id });
    if (status === "approved") return id;
    if (status === "accepted") return (acceptIntroduction({ introductionId: id, userId: w.budi.id }), id);
    declineIntroductionByFirm({ introductionId: id, userId: w.budi.id });
    return id;
  }

  function run(action: Action, id: number) {
    switch (action) {
      case "approve":
        return approveIntroduction({ introductionId: id, staffUserId: w.staff2.id });
      case "staffDecline":
        return declineIntroduction({ introductionId: id, staffUserId: w.staff2.id, reason: "r" });
      case "accept":
        return acceptIntroduction({ introductionId: id, userId: w.budi.id });
      case "firmDecline":
        return declineIntroductionByFirm({ introductionId: id, userId: w.budi.id });
      case "withdraw":
        return withdrawIntroduction({ introductionId: id, userId: w.alice.id });
      case "outcome":
        return recordOutcome({ introductionId: id, userId: w.alice.id, outcome: "met" });
    }
  }

  for (const status of Object.keys(LEGAL) as IntroductionStatus[]) {
    for (const action of ACTIONS) {
      const legal = LEGAL[status].includes(action);
      it(`${status} + ${action}: ${legal ? "allowed" : "refused"}`, () => {
        const id = inState(status);
        expect(row(id).status).toBe(status);
        const before = row(id);
        const result = run(action, id);
        expect(result.ok).toBe(legal);
        if (!legal) {
          expect(result).toMatchObject({ reason: "illegal_transition", status });
          expect(row(id)).toEqual(before);
        }
      });
    }
  }
});

// Issue 13, point 2: a suspended firm cannot act, and its open introductions are held (neither
// side accepts, staff do not approve) until it is restored. The rule lives here, not in routes.
describe("suspension", () => {
  const suspend = (companyId: number) => expect(suspendCompany({ companyId, staffUserId: w.staff.id }).ok).toBe(true);
  const restore = (companyId: number) => expect(restoreCompany({ companyId, staffUserId: w.staff.id }).ok).toBe(true);

  it("a suspended firm's member can neither ask, accept, decline, withdraw nor record an outcome", () => {
    const open = ask(w);
    approveIntroduction({ introductionId: open, staffUserId: w.staff.id });
    const requested = requestIntroduction({ userId: w.alice.id, targetCompanyId: w.c, purpose: "distribution", message: "m" });
    if (!requested.ok) throw new Error(requested.reason);
    suspend(w.a);
    const refused = { ok: false, reason: "company_suspended" };
    expect(requestIntroduction({ userId: w.alice.id, targetCompanyId: w.c, purpose: "distribution", message: "m" })).toMatchObject({ ok: false });
    expect(withdrawIntroduction({ introductionId: open, userId: w.alice.id })).toEqual(refused);
    expect(withdrawIntroduction({ introductionId: requested.introductionId, userId: w.alice.id })).toEqual(refused);
    restore(w.a);
    suspend(w.b);
    expect(acceptIntroduction({ introductionId: open, userId: w.budi.id })).toEqual(refused);
    expect(declineIntroductionByFirm({ introductionId: open, userId: w.budi.id })).toEqual(refused);
    expect(requestIntroduction({ userId: w.budi.id, targetCompanyId: w.c, purpose: "distribution", message: "m" })).toEqual(refused);
    expect(row(open).status).toBe("approved");
    restore(w.b);
    expect(acceptIntroduction({ introductionId: open, userId: w.budi.id }).ok).toBe(true);
    suspend(w.a);
    expect(recordOutcome({ introductionId: open, userId: w.alice.id, outcome: "met" })).toEqual(refused);
    // Staff record outcomes whatever the firms' standing.
    expect(recordOutcome({ introductionId: open, userId: w.staff.id, outcome: "met" }).ok).toBe(true);
  });

  it("holds an open introduction of a suspended firm: the other firm cannot accept, staff cannot approve, until restored", () => {
    const approvedId = ask(w);
    approveIntroduction({ introductionId: approvedId, staffUserId: w.staff.id });
    suspend(w.a);
    // The firm asked, in good standing, cannot accept: that would hand it a suspended firm's contact.
    expect(acceptIntroduction({ introductionId: approvedId, userId: w.budi.id })).toEqual({ ok: false, reason: "held" });
    const view = getIntroductionForUser({ introductionId: approvedId, userId: w.budi.id })!;
    expect(view).toMatchObject({ held: true, contact: null, can: { accept: false, decline: true } });
    expect(getIntroductionForStaff({ introductionId: approvedId })).toMatchObject({ held: true });
    restore(w.a);
    expect(getIntroductionForUser({ introductionId: approvedId, userId: w.budi.id })).toMatchObject({ held: false, can: { accept: true } });
    expect(acceptIntroduction({ introductionId: approvedId, userId: w.budi.id })).toMatchObject({ ok: true, status: "accepted" });

    // A request waiting for staff, whose target is then suspended: staff cannot approve it meanwhile.
    const requested = requestIntroduction({ userId: w.carol.id, targetCompanyId: w.a, purpose: "distribution", message: "m" });
    if (!requested.ok) throw new Error(requested.reason);
    suspend(w.a);
    expect(approveIntroduction({ introductionId: requested.introductionId, staffUserId: w.staff.id })).toEqual({ ok: false, reason: "held" });
    // Declining stays open to staff and to the firm in good standing (no contact changes hands).
    expect(declineIntroduction({ introductionId: requested.introductionId, staffUserId: w.staff.id, reason: "Firm suspended" }).ok).toBe(true);
  });

  it("a held introduction does not expire while held; restored, it gets the time it was held", () => {
    const t0 = Math.floor(Date.now() / 1000);
    const id = ask(w, t0);
    approveIntroduction({ introductionId: id, staffUserId: w.staff.id, now: t0 });
    const expiresAt = row(id).expiresAt;
    suspend(w.b);
    runIntroductionUpkeep(expiresAt + DAY);
    expect(row(id).status).toBe("approved");
    expect(mails("intro_expiry_reminder")).toHaveLength(0);
    // As if it had been suspended for 20 days: restoring adds those 20 days to the deadline.
    db()
      .update(companies)
      .set({ suspendedAt: Math.floor(Date.now() / 1000) - 20 * DAY })
      .where(eq(companies.id, w.b))
      .run();
    restore(w.b);
    expect(row(id).expiresAt - expiresAt).toBeGreaterThanOrEqual(20 * DAY);
    expect(row(id).expiresAt - expiresAt).toBeLessThan(20 * DAY + 60);
    runIntroductionUpkeep(expiresAt + DAY);
    expect(row(id).status).toBe("approved");
    runIntroductionUpkeep(row(id).expiresAt);
    expect(row(id).status).toBe("expired");
  });
});
