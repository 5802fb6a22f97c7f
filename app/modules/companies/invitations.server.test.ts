// Invitations on a real SQLite file; the e-mails through the outbox to a real SMTP server.
import crypto from "node:crypto";
import PostalMime from "postal-mime";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, companyInvitations, outbox } from "../../../db/schema";
import { getDb } from "~/db.server";
import { resetEnv } from "~/env.server";
import { drainOutbox, smtpSender } from "~/modules/notifications/delivery.server";
import { makeListedCompany, makeUser } from "../../../tests/factories";
import { startSmtpSink, type Sink } from "../../../tests/smtp-sink";
import { createCompany, getOwnCompany, saveProfile } from "./companies.server";
import { approveProfile } from "./moderation.server";
import { importCompanies } from "./import.server";
import {
  acceptInvitation,
  getInvitation,
  INVITATION_DAYS,
  inviteClaim,
  inviteColleague,
  listOpenInvitations,
  listTeam,
  removeMember,
  revokeInvitation,
  transferOwnership,
} from "./invitations.server";
import { INVITATION_LIMITS } from "./limits";
import { importRowSchema, profileDraftSchema, profileSchema } from "./schemas";

process.env.BASE_URL = "https://bridge.example.org";
resetEnv();

let sink: Sink | undefined;
beforeEach(() => {
  getDb().delete(outbox).run();
});
afterEach(async () => {
  vi.useRealTimers();
  await sink?.close();
  sink = undefined;
});

/** Delivers the outbox to a real SMTP server and returns the token of each link in it. */
async function deliveredTokens() {
  sink = await startSmtpSink();
  const sender = smtpSender(sink.url);
  await drainOutbox({ sender });
  sender.close();
  return Promise.all(
    sink.received.map(async (r) => {
      const mail = await PostalMime.parse(r.raw);
      const token = /\/invite\?token=([A-Za-z0-9_-]+)/.exec(mail.text ?? "")?.[1] ?? "";
      return { to: r.to[0], subject: mail.subject, text: mail.text ?? "", token };
    }),
  );
}

function importedCompany(externalId: string, contactEmail: string, country = "TH") {
  importCompanies({
    rows: [
      importRowSchema.parse({
        externalId,
        name: `Imported ${externalId}`,
        country,
        sectors: ["cloud"],
        offers: ["role.distribution"],
        needs: ["cloud.iaas"],
        contactName: "Somchai Prasert",
        contactEmail,
      }),
    ],
    status: "approved",
  });
  return getDb().select().from(companyInvitations).all().length; // nothing yet
}

describe("claiming an imported profile", () => {
  it("staff invite the contact; the link makes the holder of that address the owner, once", async () => {
    const staff = await makeUser({ role: "staff" });
    importedCompany("claim-1", "somchai@siam.example");
    const companyId = getDb()
      .query.companies.findFirst({ where: (c, { eq }) => eq(c.externalId, "claim-1") })
      .sync()!.id;

    expect(inviteClaim({ companyId, staffUserId: staff.id, email: "Somchai@Siam.example", locale: "zh" })).toMatchObject({ ok: true });
    const [mail] = await deliveredTokens();
    expect(mail.to).toBe("somchai@siam.example");
    expect(mail.subject).toBe("在 Bridge 上认领 Imported claim-1 的企业资料");
    expect(mail.text).toContain(`${INVITATION_DAYS} 天内有效`);
    // Only a hash of the token is stored; the outbox copy is blanked once sent.
    const stored = getDb().select().from(companyInvitations).where(eq(companyInvitations.companyId, companyId)).get()!;
    expect(stored.tokenHash).toBe(crypto.createHash("sha256").update(mail.token).digest("hex"));
    expect(JSON.stringify(getDb().select().from(companyInvitations).all())).not.toContain(mail.token);
    expect(
      getDb()
        .select()
        .from(outbox)
        .all()
        .map((r) => r.textBody)
        .join(),
    ).not.toContain(mail.token);

    expect(getInvitation({ token: mail.token })).toMatchObject({
      kind: "claim",
      email: "somchai@siam.example",
      companyName: "Imported claim-1",
      state: "valid",
    });
    const stranger = await makeUser({ email: "someone.else@siam.example" });
    expect(acceptInvitation({ token: mail.token, userId: stranger.id })).toEqual({ ok: false, reason: "wrong_email" });

    const somchai = await makeUser({ email: "somchai@siam.example" });
    expect(acceptInvitation({ token: mail.token, userId: somchai.id })).toEqual({ ok: true, companyId });
    expect(getOwnCompany({ companyId, userId: somchai.id })).toMatchObject({ role: "owner", status: "approved" });
    expect(acceptInvitation({ token: mail.token, userId: somchai.id })).toEqual({ ok: false, reason: "used" });
    expect(getInvitation({ token: mail.token })!.state).toBe("used");

    // A claimed company cannot be invited to be claimed again.
    expect(inviteClaim({ companyId, staffUserId: staff.id, email: "x@siam.example", locale: "en" })).toEqual({ ok: false, reason: "already_claimed" });
  });

  it("an expired or unknown link does nothing", async () => {
    const staff = await makeUser({ role: "staff" });
    importedCompany("claim-2", "late@firm.example");
    const companyId = getDb()
      .query.companies.findFirst({ where: (c, { eq }) => eq(c.externalId, "claim-2") })
      .sync()!.id;
    inviteClaim({ companyId, staffUserId: staff.id, email: "late@firm.example", locale: "en" });
    const [mail] = await deliveredTokens();
    const late = await makeUser({ email: "late@firm.example" });
    vi.useFakeTimers({ now: Date.now() + (INVITATION_DAYS * 86400 + 1) * 1000, toFake: ["Date"] });
    expect(getInvitation({ token: mail.token })!.state).toBe("expired");
    expect(acceptInvitation({ token: mail.token, userId: late.id })).toEqual({ ok: false, reason: "expired" });
    vi.useRealTimers();
    expect(acceptInvitation({ token: "not-a-token", userId: late.id })).toEqual({ ok: false, reason: "invalid" });
    expect(getInvitation({ token: "not-a-token" })).toBeNull();
  });
});

describe("inviting colleagues", () => {
  it("an owner invites by address in their language; the colleague joins as a member", async () => {
    const owner = await makeUser({ name: "张伟", locale: "zh" });
    const created = createCompany({ userId: owner.id, profile: profileDraftSchema.parse({ name: "Colleague Cloud", country: "CN" }), submit: false });
    const companyId = created.ok ? created.companyId : 0;
    expect(inviteColleague({ companyId, inviterUserId: owner.id, email: "li.na@colleague.example" })).toMatchObject({ ok: true });
    expect(listOpenInvitations({ companyId }).map((i) => i.email)).toEqual(["li.na@colleague.example"]);
    const [mail] = await deliveredTokens();
    expect(mail.subject).toBe("张伟邀请您加入 Bridge 上的 Colleague Cloud");

    const colleague = await makeUser({ email: "li.na@colleague.example" });
    expect(acceptInvitation({ token: mail.token, userId: colleague.id })).toEqual({ ok: true, companyId });
    expect(getOwnCompany({ companyId, userId: colleague.id })!.role).toBe("member");
    expect(listOpenInvitations({ companyId })).toEqual([]);

    // Members cannot invite; outsiders get "not found"; someone already in a firm cannot be invited.
    expect(inviteColleague({ companyId, inviterUserId: colleague.id, email: "x@colleague.example" })).toEqual({ ok: false, reason: "not_owner" });
    const outsider = await makeUser();
    expect(inviteColleague({ companyId, inviterUserId: outsider.id, email: "x@colleague.example" })).toEqual({ ok: false, reason: "not_found" });
    expect(inviteColleague({ companyId, inviterUserId: owner.id, email: colleague.email })).toEqual({ ok: false, reason: "already_member" });
  });

  it("a user who joined another company meanwhile cannot accept", async () => {
    const ownerA = await makeUser();
    const a = createCompany({ userId: ownerA.id, profile: profileDraftSchema.parse({ name: "Firm A", country: "CN" }), submit: false });
    expect(inviteColleague({ companyId: a.ok ? a.companyId : 0, inviterUserId: ownerA.id, email: "Busy.Person@Firm-B.example" })).toMatchObject({ ok: true });
    const [mail] = await deliveredTokens();
    const busy = await makeUser({ email: "busy.person@firm-b.example" });
    createCompany({ userId: busy.id, profile: profileDraftSchema.parse({ name: "Firm B", country: "VN" }), submit: false });
    expect(acceptInvitation({ token: mail.token, userId: busy.id })).toEqual({ ok: false, reason: "already_member" });
  });
});

// Issue 13: an unreviewed firm's owner sent 25 invitations in a day, 5 of them to one address.
describe("invitation limits", () => {
  const colleagueRows = (companyId: number) => getDb().select().from(companyInvitations).where(eq(companyInvitations.companyId, companyId)).all();
  const outboxCount = () => getDb().select().from(outbox).all().length;

  async function draftFirm(ownerEmail: string) {
    const owner = await makeUser({ email: ownerEmail });
    const created = createCompany({ userId: owner.id, profile: profileDraftSchema.parse({ name: `Draft ${ownerEmail}`, country: "CN" }), submit: false });
    if (!created.ok) throw new Error(created.reason);
    return { owner, companyId: created.companyId };
  }

  async function approvedFirm() {
    const owner = await makeUser({ email: `owner-${Date.now()}-${Math.random().toString(36).slice(2)}@approved.example` });
    return { owner, companyId: makeListedCompany({ members: [owner.id] }) };
  }

  it("the attack: a draft firm sending 25 invitations, 5 to one address, sends 3 and writes nothing for the rest", async () => {
    const { owner, companyId } = await draftFirm("mallory@draft-firm.example");
    const attempts = [...Array(5).fill("victim@target.example"), ...Array.from({ length: 20 }, (_, i) => `person${i}@elsewhere${i}.example`)];
    const results = attempts.map((email) => {
      const before = { rows: colleagueRows(companyId).length, mail: outboxCount() };
      const result = inviteColleague({ companyId, inviterUserId: owner.id, email });
      // A refusal writes nothing and queues no e-mail.
      if (!result.ok) expect({ rows: colleagueRows(companyId).length, mail: outboxCount() }).toEqual(before);
      return result.ok ? "ok" : result.reason;
    });
    expect(results).toEqual(["ok", ...Array(4).fill("already_invited"), "ok", "ok", ...Array(18).fill("unreviewed_limit")]);
    expect(colleagueRows(companyId).map((r) => r.email)).toEqual(["victim@target.example", "person0@elsewhere0.example", "person1@elsewhere1.example"]);
    expect(outboxCount()).toBe(3);
    expect(inviteColleague({ companyId, inviterUserId: owner.id, email: "one.more@elsewhere.example" })).toEqual({
      ok: false,
      reason: "unreviewed_limit",
      limit: INVITATION_LIMITS.unreviewedOtherAddresses,
      domain: "draft-firm.example",
    });
  });

  it("caps a firm at 10 invitations in any 24 hours, counted from the stored rows", async () => {
    const { owner, companyId } = await approvedFirm();
    for (let i = 0; i < INVITATION_LIMITS.perFirmPerDay; i++) {
      expect(inviteColleague({ companyId, inviterUserId: owner.id, email: `daily${i}@team.example` })).toMatchObject({ ok: true });
    }
    const mail = outboxCount();
    expect(inviteColleague({ companyId, inviterUserId: owner.id, email: "eleventh@team.example" })).toEqual({ ok: false, reason: "daily_limit", limit: 10 });
    expect(colleagueRows(companyId)).toHaveLength(10);
    expect(outboxCount()).toBe(mail);
    // Another firm is not affected; a day later the firm may invite again.
    const other = await approvedFirm();
    expect(inviteColleague({ companyId: other.companyId, inviterUserId: other.owner.id, email: "eleventh@team.example" })).toMatchObject({ ok: true });
    vi.useFakeTimers({ now: Date.now() + (86400 + 1) * 1000, toFake: ["Date"] });
    expect(inviteColleague({ companyId, inviterUserId: owner.id, email: "eleventh@team.example" })).toMatchObject({ ok: true });
  });

  it("keeps one open invitation per address: no second link until the first is used or expired", async () => {
    const { owner, companyId } = await approvedFirm();
    const first = inviteColleague({ companyId, inviterUserId: owner.id, email: "once@colleague.example" });
    expect(first).toMatchObject({ ok: true });
    const stored = colleagueRows(companyId)[0];
    expect(inviteColleague({ companyId, inviterUserId: owner.id, email: " Once@Colleague.EXAMPLE " })).toEqual({
      ok: false,
      reason: "already_invited",
      expiresAt: stored.expiresAt,
    });
    expect(colleagueRows(companyId)).toHaveLength(1);
    vi.useFakeTimers({ now: Date.now() + (INVITATION_DAYS * 86400 + 1) * 1000, toFake: ["Date"] });
    expect(inviteColleague({ companyId, inviterUserId: owner.id, email: "once@colleague.example" })).toMatchObject({ ok: true });
    expect(colleagueRows(companyId)).toHaveLength(2);
  });

  it("lets a draft firm invite its own domain, and only 3 other people until staff approve it", async () => {
    const { owner, companyId } = await draftFirm("founder@lanyun-draft.example");
    for (let i = 0; i < 5; i++) {
      expect(inviteColleague({ companyId, inviterUserId: owner.id, email: `colleague${i}@lanyun-draft.example` })).toMatchObject({ ok: true });
    }
    for (const email of ["a@partner.example", "b@gmail.com", "c@qq.com"]) {
      expect(inviteColleague({ companyId, inviterUserId: owner.id, email })).toMatchObject({ ok: true });
    }
    expect(inviteColleague({ companyId, inviterUserId: owner.id, email: "d@partner.example" })).toMatchObject({ ok: false, reason: "unreviewed_limit" });
    // A look-alike of the owner's domain is another domain.
    expect(inviteColleague({ companyId, inviterUserId: owner.id, email: "x@lanyun-draft.example.evil.test" })).toMatchObject({
      ok: false,
      reason: "unreviewed_limit",
    });
    expect(inviteColleague({ companyId, inviterUserId: owner.id, email: "colleague5@lanyun-draft.example" })).toMatchObject({ ok: true });

    // Once staff approved the profile, the limit of other addresses no longer applies.
    const staff = await makeUser({ role: "staff" });
    const complete = profileSchema.parse({
      name: "Draft founder@lanyun-draft.example",
      country: "CN",
      sectors: ["cloud"],
      offers: ["cloud.iaas"],
      needs: ["role.distribution"],
    });
    expect(saveProfile({ companyId, userId: owner.id, profile: complete, submit: true })).toMatchObject({ ok: true });
    expect(inviteColleague({ companyId, inviterUserId: owner.id, email: "d@partner.example" })).toMatchObject({ ok: false, reason: "unreviewed_limit" });
    expect(approveProfile({ companyId, staffUserId: staff.id })).toMatchObject({ ok: true });
    expect(inviteColleague({ companyId, inviterUserId: owner.id, email: "d@partner.example" })).toMatchObject({ ok: true });
  });

  it("treats a public mail domain of the owner as other addresses", async () => {
    const { owner, companyId } = await draftFirm(`someone${Date.now()}@gmail.com`);
    for (const email of ["one@gmail.com", "two@gmail.com", "three@gmail.com"]) {
      expect(inviteColleague({ companyId, inviterUserId: owner.id, email })).toMatchObject({ ok: true });
    }
    expect(inviteColleague({ companyId, inviterUserId: owner.id, email: "four@gmail.com" })).toEqual({
      ok: false,
      reason: "unreviewed_limit",
      limit: 3,
      domain: null,
    });
  });
});

describe("managing the team", () => {
  async function team() {
    const owner = await makeUser({ name: "Owner Ong" });
    const member = await makeUser({ name: "Member Mai" });
    const companyId = makeListedCompany({ members: [owner.id, member.id] });
    return { owner, member, companyId };
  }
  const auditOf = (companyId: number) =>
    getDb()
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.entityId, String(companyId)))
      .all()
      .map((r) => r.action);

  it("refuses an invitation to the owner's own address, in whatever case it is typed", async () => {
    const { owner, companyId } = await team();
    expect(inviteColleague({ companyId, inviterUserId: owner.id, email: ` ${owner.email.toUpperCase()} ` })).toEqual({ ok: false, reason: "self" });
    expect(listOpenInvitations({ companyId })).toEqual([]);
  });

  it("lets the owner remove a member, never the firm's last owner, and not a member of another firm", async () => {
    const { owner, member, companyId } = await team();
    const stranger = await makeUser();
    makeListedCompany({ members: [stranger.id] });
    expect(removeMember({ companyId, actorUserId: owner.id, memberUserId: stranger.id })).toEqual({ ok: false, reason: "not_found" });
    expect(removeMember({ companyId, actorUserId: member.id, memberUserId: owner.id })).toEqual({ ok: false, reason: "not_owner" });
    expect(removeMember({ companyId, actorUserId: stranger.id, memberUserId: member.id })).toEqual({ ok: false, reason: "not_found" });
    expect(removeMember({ companyId, actorUserId: owner.id, memberUserId: owner.id })).toEqual({ ok: false, reason: "last_owner" });
    expect(removeMember({ companyId, actorUserId: owner.id, memberUserId: member.id })).toEqual({ ok: true });
    expect(listTeam({ companyId }).members.map((m) => m.userId)).toEqual([owner.id]);
    expect(getOwnCompany({ companyId, userId: member.id })).toBeNull();
    expect(auditOf(companyId)).toEqual(["team.remove"]);
  });

  it("hands the owner role to another member, after which the former owner may leave", async () => {
    const { owner, member, companyId } = await team();
    expect(transferOwnership({ companyId, actorUserId: member.id, memberUserId: member.id })).toEqual({ ok: false, reason: "not_owner" });
    expect(transferOwnership({ companyId, actorUserId: owner.id, memberUserId: member.id })).toEqual({ ok: true });
    expect(Object.fromEntries(listTeam({ companyId }).members.map((m) => [m.name, m.role]))).toEqual({ "Owner Ong": "member", "Member Mai": "owner" });
    expect(removeMember({ companyId, actorUserId: owner.id, memberUserId: owner.id })).toEqual({ ok: false, reason: "not_owner" });
    expect(removeMember({ companyId, actorUserId: member.id, memberUserId: owner.id })).toEqual({ ok: true });
    expect(auditOf(companyId)).toEqual(["team.transfer_owner", "team.remove"]);
  });

  it("revokes an open invitation of the firm, whose link then no longer works; another firm's is not found", async () => {
    const { owner, companyId } = await team();
    const other = await team();
    const invited = await makeUser({ email: `invited-${Date.now()}@partner.example` });
    const mine = inviteColleague({ companyId, inviterUserId: owner.id, email: invited.email });
    const theirs = inviteColleague({ companyId: other.companyId, inviterUserId: other.owner.id, email: invited.email });
    if (!mine.ok || !theirs.ok) throw new Error("invitation refused");
    const [mail] = (await deliveredTokens()).filter((m) =>
      m.text.includes(
        getDb()
          .query.companies.findFirst({ where: (c, { eq }) => eq(c.id, companyId) })
          .sync()!.name,
      ),
    );
    expect(revokeInvitation({ companyId, actorUserId: owner.id, invitationId: theirs.invitationId })).toEqual({ ok: false, reason: "not_found" });
    expect(revokeInvitation({ companyId, actorUserId: other.member.id, invitationId: mine.invitationId })).toEqual({ ok: false, reason: "not_found" });
    expect(revokeInvitation({ companyId, actorUserId: owner.id, invitationId: mine.invitationId })).toEqual({ ok: true });
    expect(revokeInvitation({ companyId, actorUserId: owner.id, invitationId: mine.invitationId })).toEqual({ ok: false, reason: "not_found" });
    expect(listOpenInvitations({ companyId })).toEqual([]);
    expect(listOpenInvitations({ companyId: other.companyId })).toHaveLength(1);
    expect(getInvitation({ token: mail.token })?.state).toBe("expired");
    expect(acceptInvitation({ token: mail.token, userId: invited.id })).toEqual({ ok: false, reason: "expired" });
    expect(auditOf(companyId)).toEqual(["team.revoke_invitation"]);
  });
});
