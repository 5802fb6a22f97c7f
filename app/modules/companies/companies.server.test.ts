// Profiles and moderation on a real SQLite file; e-mails through the outbox to a real SMTP server.
import PostalMime from "postal-mime";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { companies, outbox, sessions } from "../../../db/schema";
import { getDb } from "~/db.server";
import { resetEnv } from "~/env.server";
import { drainOutbox, smtpSender } from "~/modules/notifications/delivery.server";
import { makeUser, signedIn } from "../../../tests/factories";
import { startSmtpSink, type Sink } from "../../../tests/smtp-sink";
import { createCompany, getOwnCompany, saveProfile } from "./companies.server";
import { getListing } from "./listing.server";
import { approveProfile, rejectProfile, restoreCompany, suspendCompany } from "./moderation.server";
import { getCompanyForStaff, listCompaniesForStaff, listReviewQueue } from "./staff-views.server";
import { getCompanyPage, listDirectory } from "./directory.server";
import { inviteColleague } from "./invitations.server";
import { dismissMatch } from "~/modules/matching/store.server";
import { profileDraftSchema, type Profile } from "./schemas";

process.env.BASE_URL = "https://bridge.example.org";
resetEnv();

let n = 0;
function profile(overrides: Partial<Profile> = {}): Profile {
  n += 1;
  return profileDraftSchema.parse({
    name: `Moderation Test Firm ${n}`,
    localName: `测试企业${n}`,
    country: "CN",
    city: "Nanning",
    sectors: ["cloud"],
    offers: ["cloud.iaas"],
    needs: ["role.distribution"],
    description: "A cloud provider looking for distributors.",
    contactName: "Secret Contact",
    contactEmail: `secret${n}@contact.example`,
    ...overrides,
  });
}

async function submittedCompany(overrides: Partial<Profile> = {}, userOverrides: Parameters<typeof makeUser>[0] = {}) {
  const owner = await makeUser(userOverrides);
  const created = createCompany({ userId: owner.id, profile: profile(overrides), submit: true });
  if (!created.ok) throw new Error(created.reason);
  return { owner, companyId: created.companyId };
}

const inDirectory = (companyId: number, name?: string) => listDirectory({ q: name }, 1000).companies.some((c) => c.id === companyId);

let staffId: string;
let sink: Sink | undefined;
beforeEach(async () => {
  staffId ??= (await makeUser({ role: "staff" })).id;
  getDb().delete(outbox).run();
});
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

async function deliver() {
  sink = await startSmtpSink();
  const sender = smtpSender(sink.url);
  await drainOutbox({ sender });
  sender.close();
  return Promise.all(sink.received.map(async (r) => ({ to: r.to, mail: await PostalMime.parse(r.raw) })));
}

describe("a member's profile", () => {
  it("starts as a draft owned by its creator, hidden from everyone else", async () => {
    const owner = await makeUser();
    const created = createCompany({ userId: owner.id, profile: profile({ sectors: [], offers: [], needs: [] }), submit: false });
    expect(created.ok).toBe(true);
    const companyId = created.ok ? created.companyId : 0;
    expect(getOwnCompany({ companyId, userId: owner.id })).toMatchObject({ status: "draft", role: "owner", visible: false, published: false });
    expect(getCompanyPage({ companyId })).toBeNull();
    expect(listReviewQueue().map((c) => c.id)).not.toContain(companyId);
    // One company per user.
    expect(createCompany({ userId: owner.id, profile: profile(), submit: false })).toEqual({ ok: false, reason: "already_member" });
  });

  it("cannot be read or changed by a member of another firm", async () => {
    const { owner, companyId } = await submittedCompany();
    const other = await makeUser();
    createCompany({ userId: other.id, profile: profile(), submit: false });
    expect(getOwnCompany({ companyId, userId: other.id })).toBeNull();
    expect(saveProfile({ companyId, userId: other.id, profile: profile({ name: "Hijacked" }), submit: true })).toEqual({ ok: false, reason: "not_found" });
    expect(getOwnCompany({ companyId, userId: owner.id })!.profile.name).not.toBe("Hijacked");
  });
});

describe("moderation", () => {
  it("submitting puts a profile in the queue; approval lists it and tells each member in their language", async () => {
    const { owner, companyId } = await submittedCompany({ name: "Queue Approve Cloud" }, { locale: "zh", name: "张伟" });
    expect(listReviewQueue().map((c) => c.id)).toContain(companyId);
    expect(inDirectory(companyId)).toBe(false);

    expect(approveProfile({ companyId, staffUserId: staffId })).toMatchObject({ ok: true });
    expect(getOwnCompany({ companyId, userId: owner.id })).toMatchObject({ status: "approved", visible: true });
    expect(inDirectory(companyId, "Queue Approve")).toBe(true);
    expect(listReviewQueue().map((c) => c.id)).not.toContain(companyId);
    expect(approveProfile({ companyId, staffUserId: staffId })).toEqual({ ok: false, reason: "not_pending" });
    expect(getCompanyForStaff({ companyId })!.reviews).toMatchObject([{ decision: "approved" }]);

    const mails = await deliver();
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toEqual([owner.email]);
    expect(mails[0].mail.subject).toBe("Queue Approve Cloud 已在 Bridge 上架");
    expect(mails[0].mail.text).toContain("张伟，您好");
    expect(mails[0].mail.text).toContain(`https://bridge.example.org/companies/${companyId}`);
  });

  it("rejection records the reason, shows it to the firm and e-mails it", async () => {
    const { owner, companyId } = await submittedCompany({ name: "Queue Reject Cloud" }, { locale: "en", name: "Ada" });
    const reason = "Please describe what you offer in more detail — 请补充说明。";
    expect(rejectProfile({ companyId, staffUserId: staffId, reason })).toMatchObject({ ok: true });
    expect(getOwnCompany({ companyId, userId: owner.id })).toMatchObject({ status: "rejected", rejectionReason: reason, visible: false });
    expect(inDirectory(companyId)).toBe(false);
    expect(rejectProfile({ companyId, staffUserId: staffId, reason })).toEqual({ ok: false, reason: "not_pending" });

    const [{ mail }] = await deliver();
    expect(mail.subject).toBe("The profile of Queue Reject Cloud needs changes");
    expect(mail.text).toContain(reason);
    expect(mail.text).toContain(`https://bridge.example.org/companies/${companyId}/edit`);

    // Fixing and resubmitting clears the reason.
    expect(saveProfile({ companyId, userId: owner.id, profile: profile({ name: "Queue Reject Cloud" }), submit: true })).toEqual({
      ok: true,
      outcome: "submitted",
    });
    expect(getOwnCompany({ companyId, userId: owner.id })).toMatchObject({ status: "pending", rejectionReason: null });
  });

  it("a material edit of an approved profile waits for review while the approved version stays listed", async () => {
    const { owner, companyId } = await submittedCompany({ name: "Material Before" });
    approveProfile({ companyId, staffUserId: staffId });
    const edited = { ...getOwnCompany({ companyId, userId: owner.id })!.profile, name: "Material After", offers: ["cloud.saas" as const] };

    expect(saveProfile({ companyId, userId: owner.id, profile: edited, submit: true })).toEqual({ ok: true, outcome: "submitted" });
    const own = getOwnCompany({ companyId, userId: owner.id })!;
    expect(own).toMatchObject({ status: "pending", visible: true, hasUnpublishedChanges: true });
    expect(own.profile.name).toBe("Material After");
    expect(getCompanyPage({ companyId })).toMatchObject({ name: "Material Before", offers: ["cloud.iaas"] });
    expect(inDirectory(companyId, "Material Before")).toBe(true);
    expect(inDirectory(companyId, "Material After")).toBe(false);
    expect(getCompanyForStaff({ companyId })!.changedFields).toEqual(["name", "offers"]);

    // Rejected: the approved version still stands.
    rejectProfile({ companyId, staffUserId: staffId, reason: "Name does not match the registration." });
    expect(getCompanyPage({ companyId })!.name).toBe("Material Before");

    saveProfile({ companyId, userId: owner.id, profile: edited, submit: true });
    approveProfile({ companyId, staffUserId: staffId });
    expect(getCompanyPage({ companyId })).toMatchObject({ name: "Material After", offers: ["cloud.saas"] });
    expect(inDirectory(companyId, "Material After")).toBe(true);
    expect(getOwnCompany({ companyId, userId: owner.id })!.hasUnpublishedChanges).toBe(false);
  });

  it("a submitted edit that leaves name, country, offers and needs alone goes live at once; a saved draft never does", async () => {
    const { owner, companyId } = await submittedCompany({ name: "Minor Edit Firm" });
    approveProfile({ companyId, staffUserId: staffId });
    const current = getOwnCompany({ companyId, userId: owner.id })!.profile;
    const minor = { ...current, description: "Now with 24/7 support.", city: "Guilin" };
    // "Save draft" keeps even a minor change beside the listing, which stays as it was.
    expect(saveProfile({ companyId, userId: owner.id, profile: minor, submit: false })).toEqual({ ok: true, outcome: "savedBesideListing" });
    expect(getCompanyPage({ companyId })).toMatchObject({ city: "Nanning" });
    expect(getOwnCompany({ companyId, userId: owner.id })).toMatchObject({ visible: true, hasUnpublishedChanges: true, profile: { city: "Guilin" } });
    expect(saveProfile({ companyId, userId: owner.id, profile: minor, submit: true })).toEqual({ ok: true, outcome: "published" });
    expect(getCompanyPage({ companyId })).toMatchObject({ description: "Now with 24/7 support.", city: "Guilin" });
    expect(getOwnCompany({ companyId, userId: owner.id })).toMatchObject({ status: "approved", hasUnpublishedChanges: false });

    // Saving a material change as a draft keeps it private, and the listing unchanged.
    expect(saveProfile({ companyId, userId: owner.id, profile: { ...current, country: "SG" }, submit: false })).toEqual({
      ok: true,
      outcome: "savedBesideListing",
    });
    expect(getOwnCompany({ companyId, userId: owner.id })).toMatchObject({ status: "draft", visible: true, hasUnpublishedChanges: true });
    expect(getCompanyPage({ companyId })!.country).toBe("CN");
    expect(listReviewQueue().map((c) => c.id)).not.toContain(companyId);

    // An incomplete profile never goes live, even when no material field changed.
    expect(saveProfile({ companyId, userId: owner.id, profile: { ...current, sectors: [] }, submit: true })).toEqual({ ok: true, outcome: "submitted" });
    expect(getListing(getDb(), { companyId })!.sectors).toEqual(["cloud"]);
  });

  it("carries the phone and handles through a draft, the staff review and approval", async () => {
    const { owner, companyId } = await submittedCompany({ name: "Reach Before", phone: "138 0013 8000", wechat: "reach_before" });
    approveProfile({ companyId, staffUserId: staffId });
    expect(getListing(getDb(), { companyId })).toMatchObject({ phone: "+8613800138000", wechat: "reach_before", telegram: null });
    const current = getOwnCompany({ companyId, userId: owner.id })!.profile;
    const edited = profile({ ...current, name: "Reach After", phone: "+86 139 0000 1234", wechat: null, telegram: "@reach_after" });
    expect(saveProfile({ companyId, userId: owner.id, profile: edited, submit: true })).toEqual({ ok: true, outcome: "submitted" });
    // The change waits beside the listing; staff see which channels changed and what they were.
    const staff = getCompanyForStaff({ companyId })!;
    expect(staff.changedFields).toEqual(["name", "phone", "wechat", "telegram"]);
    expect(staff.profile).toMatchObject({ phone: "+8613900001234", wechat: null, telegram: "reach_after" });
    expect(staff.listing).toMatchObject({ phone: "+8613800138000", wechat: "reach_before" });
    expect(getListing(getDb(), { companyId })!.phone).toBe("+8613800138000");
    approveProfile({ companyId, staffUserId: staffId });
    expect(getListing(getDb(), { companyId })).toMatchObject({ name: "Reach After", phone: "+8613900001234", wechat: null, telegram: "reach_after" });
    // Only a channel changed, and sent: not material, live at once.
    const approved = getOwnCompany({ companyId, userId: owner.id })!.profile;
    expect(saveProfile({ companyId, userId: owner.id, profile: { ...approved, whatsapp: "+8613900001234" }, submit: true })).toEqual({
      ok: true,
      outcome: "published",
    });
    expect(getListing(getDb(), { companyId })!.whatsapp).toBe("+8613900001234");
  });

  it("reads a draft stored before the phone and handles existed as having none", async () => {
    const { owner, companyId } = await submittedCompany({ name: "Old Draft Firm" });
    approveProfile({ companyId, staffUserId: staffId });
    const old = { ...getOwnCompany({ companyId, userId: owner.id })!.profile, name: "Old Draft Firm Renamed" } as Record<string, unknown>;
    for (const field of ["phone", "wechat", "whatsapp", "line", "zalo", "telegram"]) delete old[field];
    getDb().update(companies).set({ draft: old, status: "pending" }).where(eq(companies.id, companyId)).run();
    expect(getOwnCompany({ companyId, userId: owner.id })!.profile).toMatchObject({ name: "Old Draft Firm Renamed", phone: null, telegram: null });
    expect(approveProfile({ companyId, staffUserId: staffId })).toMatchObject({ ok: true });
    expect(getListing(getDb(), { companyId })).toMatchObject({ name: "Old Draft Firm Renamed", phone: null, zalo: null });
  });
});

describe("suspension", () => {
  it("hides a company everywhere and ends its users' sessions; restoring lists it again", async () => {
    const { user: owner, session } = await signedIn();
    const created = createCompany({ userId: owner.id, profile: profile({ name: "Suspended Cloud" }), submit: true });
    const companyId = created.ok ? created.companyId : 0;
    approveProfile({ companyId, staffUserId: staffId });
    const other = await signedIn();

    expect(suspendCompany({ companyId, staffUserId: staffId })).toEqual({ ok: true });
    expect(getDb().select().from(sessions).where(eq(sessions.id, session.id)).get()).toBeUndefined();
    expect(getDb().select().from(sessions).where(eq(sessions.id, other.session.id)).get()).toBeDefined();
    expect(getCompanyPage({ companyId })).toBeNull();
    expect(inDirectory(companyId, "Suspended Cloud")).toBe(false);
    expect(listCompaniesForStaff({ status: "suspended" }).companies.map((c) => c.id)).toContain(companyId);
    expect(suspendCompany({ companyId, staffUserId: staffId })).toEqual({ ok: false, reason: "already_suspended" });

    expect(restoreCompany({ companyId, staffUserId: staffId })).toEqual({ ok: true });
    expect(getCompanyPage({ companyId })!.name).toBe("Suspended Cloud");
    expect(restoreCompany({ companyId, staffUserId: staffId })).toEqual({ ok: false, reason: "not_suspended" });
  });

  it("a suspended firm's members cannot edit its profile, invite colleagues or dismiss matches, until restored", async () => {
    const { owner, companyId } = await submittedCompany({ name: "Frozen Cloud" });
    approveProfile({ companyId, staffUserId: staffId });
    suspendCompany({ companyId, staffUserId: staffId });
    expect(getOwnCompany({ companyId, userId: owner.id })).toMatchObject({ suspended: true });
    const edited = { ...getListing(getDb(), { companyId })!, city: "Guilin" };
    expect(saveProfile({ companyId, userId: owner.id, profile: edited, submit: false })).toEqual({ ok: false, reason: "company_suspended" });
    expect(getListing(getDb(), { companyId })!.city).toBe("Nanning");
    expect(inviteColleague({ companyId, inviterUserId: owner.id, email: "colleague@frozen.example" })).toEqual({ ok: false, reason: "company_suspended" });
    expect(dismissMatch({ companyId, partnerId: companyId + 1, userId: owner.id })).toEqual({ ok: false, reason: "company_suspended" });
    restoreCompany({ companyId, staffUserId: staffId });
    expect(saveProfile({ companyId, userId: owner.id, profile: edited, submit: true })).toEqual({ ok: true, outcome: "published" });
    expect(inviteColleague({ companyId, inviterUserId: owner.id, email: "colleague@frozen.example" }).ok).toBe(true);
  });

  it("restoring a company that was never approved keeps it hidden", async () => {
    const { companyId } = await submittedCompany();
    suspendCompany({ companyId, staffUserId: staffId });
    restoreCompany({ companyId, staffUserId: staffId });
    expect(getCompanyPage({ companyId })).toBeNull();
  });
});
