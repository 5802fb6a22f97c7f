// Invitations into a company: an owner invites a colleague, or staff invite the contact of an
// imported profile to claim it. A link works once, before it expires, for an account with the
// invited address. Only the SHA-256 of its token is stored.
import crypto from "node:crypto";
import { and, count, desc, eq, gt, isNull } from "drizzle-orm";
import { companies, companyInvitations, companyMembers, users } from "../../../db/schema";
import { getDb, type DbOrTx } from "~/db.server";
import { queueEmail } from "~/modules/notifications/outbox.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { isCompanySuspended } from "./companies.server";
import { INVITATION_LIMITS, PUBLIC_MAIL_DOMAINS } from "./limits";
import { nowSeconds } from "~/utils/time";

export const INVITATION_DAYS = 14;

const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

function newToken() {
  const token = crypto.randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token) };
}

type InviteResult =
  { ok: true; invitationId: number } | { ok: false; reason: "not_found" | "not_owner" | "already_member" | "already_claimed" | "company_suspended" };

/** Why an owner's invitation was refused; `limit` is the number the message names. */
type InviteColleagueResult =
  | { ok: true; invitationId: number }
  | { ok: false; reason: "not_found" | "not_owner" | "already_member" | "company_suspended" | "self" }
  | { ok: false; reason: "daily_limit"; limit: number }
  | { ok: false; reason: "already_invited"; expiresAt: number }
  | { ok: false; reason: "unreviewed_limit"; limit: number; domain: string | null };

const domainOf = (email: string) => email.slice(email.lastIndexOf("@") + 1).toLowerCase();

/**
 * An owner invites a colleague by e-mail address; the e-mail goes out in the inviter's language.
 * Refused (nothing written, no e-mail) beyond the limits of INVITATION_LIMITS: the firm's
 * invitations in the last 24 hours, an invitation of the firm to that address still open, and,
 * while staff have never approved the firm, more than a few people outside the owner's own
 * e-mail domain. Every count is read from the stored invitations inside the write transaction.
 */
export function inviteColleague(input: { companyId: number; inviterUserId: string; email: string }): InviteColleagueResult {
  const email = input.email.trim().toLowerCase();
  return getDb().transaction((tx): InviteColleagueResult => {
    const inviter = tx
      .select({ role: companyMembers.role, name: users.name, email: users.email, locale: users.locale })
      .from(companyMembers)
      .innerJoin(users, eq(users.id, companyMembers.userId))
      .where(and(eq(companyMembers.userId, input.inviterUserId), eq(companyMembers.companyId, input.companyId)))
      .get();
    if (!inviter) return { ok: false, reason: "not_found" };
    if (inviter.role !== "owner") return { ok: false, reason: "not_owner" };
    // A suspended firm does not grow its team (its members can do nothing as the firm).
    if (isCompanySuspended(tx, input.companyId)) return { ok: false, reason: "company_suspended" };
    if (email === inviter.email.toLowerCase()) return { ok: false, reason: "self" };
    const invitee = tx.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
    if (invitee && tx.select().from(companyMembers).where(eq(companyMembers.userId, invitee.id)).get()) {
      return { ok: false, reason: "already_member" };
    }
    const company = tx.select({ name: companies.name, publishedAt: companies.publishedAt }).from(companies).where(eq(companies.id, input.companyId)).get()!;
    const now = nowSeconds();
    const ofFirm = and(eq(companyInvitations.companyId, input.companyId), eq(companyInvitations.kind, "colleague"));

    const lastDay = tx
      .select({ n: count() })
      .from(companyInvitations)
      .where(and(ofFirm, gt(companyInvitations.createdAt, now - 86400)))
      .get()!.n;
    if (lastDay >= INVITATION_LIMITS.perFirmPerDay) return { ok: false, reason: "daily_limit", limit: INVITATION_LIMITS.perFirmPerDay };

    const open = tx
      .select({ expiresAt: companyInvitations.expiresAt })
      .from(companyInvitations)
      .where(and(ofFirm, eq(companyInvitations.email, email), isNull(companyInvitations.usedAt), gt(companyInvitations.expiresAt, now)))
      .orderBy(desc(companyInvitations.expiresAt))
      .all();
    if (open.length >= INVITATION_LIMITS.openPerAddress) return { ok: false, reason: "already_invited", expiresAt: open[0].expiresAt };

    // Never approved by staff: the owner's own domain (not a public mail service), or a few others.
    if (company.publishedAt === null) {
      const ownDomain = domainOf(inviter.email);
      const own = PUBLIC_MAIL_DOMAINS.has(ownDomain) ? null : ownDomain;
      if (domainOf(email) !== own) {
        const others = new Set(
          tx
            .selectDistinct({ email: companyInvitations.email })
            .from(companyInvitations)
            .where(ofFirm)
            .all()
            .map((r) => r.email)
            .filter((e) => domainOf(e) !== own),
        );
        if (!others.has(email) && others.size >= INVITATION_LIMITS.unreviewedOtherAddresses) {
          return { ok: false, reason: "unreviewed_limit", limit: INVITATION_LIMITS.unreviewedOtherAddresses, domain: own };
        }
      }
    }

    const { token, tokenHash } = newToken();
    const invitation = tx
      .insert(companyInvitations)
      .values({
        tokenHash,
        companyId: input.companyId,
        kind: "colleague",
        email,
        invitedByUserId: input.inviterUserId,
        expiresAt: now + INVITATION_DAYS * 86400,
        createdAt: now,
      })
      .returning({ id: companyInvitations.id })
      .get();
    queueEmail(tx, {
      key: `company-invitation:${invitation.id}`,
      to: email,
      userId: invitee?.id ?? null,
      locale: invitee ? undefined : inviter.locale,
      category: "account",
      template: "company_colleague",
      params: { inviterName: inviter.name, companyName: company.name, email, token, days: INVITATION_DAYS },
    });
    return { ok: true, invitationId: invitation.id };
  });
}

/**
 * Staff invite someone (by default the profile's contact) to claim a company that has no users
 * yet, typically an imported one. `locale` is the language of the e-mail.
 */
export function inviteClaim(input: { companyId: number; staffUserId: string; email: string; locale: string }): InviteResult {
  const email = input.email.trim().toLowerCase();
  return getDb().transaction((tx) => {
    const company = tx.select({ name: companies.name, contactName: companies.contactName }).from(companies).where(eq(companies.id, input.companyId)).get();
    if (!company) return { ok: false as const, reason: "not_found" as const };
    if (tx.select().from(companyMembers).where(eq(companyMembers.companyId, input.companyId)).get()) {
      return { ok: false as const, reason: "already_claimed" as const };
    }
    const { token, tokenHash } = newToken();
    const now = nowSeconds();
    const invitation = tx
      .insert(companyInvitations)
      .values({
        tokenHash,
        companyId: input.companyId,
        kind: "claim",
        email,
        invitedByUserId: input.staffUserId,
        expiresAt: now + INVITATION_DAYS * 86400,
        createdAt: now,
      })
      .returning({ id: companyInvitations.id })
      .get();
    queueEmail(tx, {
      key: `company-invitation:${invitation.id}`,
      to: email,
      locale: input.locale,
      category: "account",
      template: "company_claim",
      params: { name: company.contactName ?? email, companyName: company.name, email, token, days: INVITATION_DAYS },
    });
    return { ok: true as const, invitationId: invitation.id };
  });
}

type InvitationState = "valid" | "used" | "expired";

/** What the invitation page shows before it is accepted, or null for an unknown token. */
export function getInvitation({ token }: { token: string }) {
  const row = getDb()
    .select({
      kind: companyInvitations.kind,
      email: companyInvitations.email,
      expiresAt: companyInvitations.expiresAt,
      usedAt: companyInvitations.usedAt,
      companyName: companies.name,
      companyLocalName: companies.localName,
    })
    .from(companyInvitations)
    .innerJoin(companies, eq(companies.id, companyInvitations.companyId))
    .where(eq(companyInvitations.tokenHash, hashToken(token)))
    .get();
  if (!row) return null;
  const state: InvitationState = row.usedAt !== null ? "used" : row.expiresAt <= nowSeconds() ? "expired" : "valid";
  return { kind: row.kind, email: row.email, companyName: row.companyName, companyLocalName: row.companyLocalName, state };
}

type AcceptResult =
  { ok: true; companyId: number } | { ok: false; reason: "invalid" | "used" | "expired" | "wrong_email" | "already_member" | "already_claimed" };

/** The signed-in user takes up an invitation: a claim makes them owner, a colleague a member. */
export function acceptInvitation(input: { token: string; userId: string }): AcceptResult {
  return getDb().transaction((tx) => {
    const invitation = tx
      .select()
      .from(companyInvitations)
      .where(eq(companyInvitations.tokenHash, hashToken(input.token)))
      .get();
    if (!invitation) return { ok: false as const, reason: "invalid" as const };
    if (invitation.usedAt !== null) return { ok: false as const, reason: "used" as const };
    const now = nowSeconds();
    if (invitation.expiresAt <= now) return { ok: false as const, reason: "expired" as const };
    const user = tx.select({ email: users.email }).from(users).where(eq(users.id, input.userId)).get();
    if (!user || user.email !== invitation.email) return { ok: false as const, reason: "wrong_email" as const };
    if (tx.select().from(companyMembers).where(eq(companyMembers.userId, input.userId)).get()) {
      return { ok: false as const, reason: "already_member" as const };
    }
    if (invitation.kind === "claim" && tx.select().from(companyMembers).where(eq(companyMembers.companyId, invitation.companyId)).get()) {
      return { ok: false as const, reason: "already_claimed" as const };
    }
    tx.update(companyInvitations).set({ usedAt: now, usedByUserId: input.userId }).where(eq(companyInvitations.id, invitation.id)).run();
    tx.insert(companyMembers)
      .values({ userId: input.userId, companyId: invitation.companyId, role: invitation.kind === "claim" ? "owner" : "member", createdAt: now })
      .run();
    return { ok: true as const, companyId: invitation.companyId };
  });
}

/** Invitations of a company that can still be used, newest first. */
export function listOpenInvitations({ companyId }: { companyId: number }) {
  return getDb()
    .select({ id: companyInvitations.id, email: companyInvitations.email, kind: companyInvitations.kind, expiresAt: companyInvitations.expiresAt })
    .from(companyInvitations)
    .where(and(eq(companyInvitations.companyId, companyId), isNull(companyInvitations.usedAt), gt(companyInvitations.expiresAt, nowSeconds())))
    .orderBy(desc(companyInvitations.id))
    .all();
}

/** A company's people and the invitations still open: the team page. */
export function listTeam({ companyId }: { companyId: number }) {
  const members = getDb()
    .select({ userId: users.id, name: users.name, email: users.email, role: companyMembers.role })
    .from(companyMembers)
    .innerJoin(users, eq(users.id, companyMembers.userId))
    .where(eq(companyMembers.companyId, companyId))
    .orderBy(companyMembers.createdAt, users.name)
    .all();
  return { members, invitations: listOpenInvitations({ companyId }) };
}

type TeamChangeResult = { ok: true } | { ok: false; reason: "not_found" | "not_owner" | "last_owner" };

/** The acting user's role in the company, read inside the caller's transaction. */
function roleIn(tx: DbOrTx, companyId: number, userId: string) {
  return tx
    .select({ role: companyMembers.role })
    .from(companyMembers)
    .where(and(eq(companyMembers.userId, userId), eq(companyMembers.companyId, companyId)))
    .get()?.role;
}

const ownerCount = (tx: DbOrTx, companyId: number) =>
  tx
    .select({ n: count() })
    .from(companyMembers)
    .where(and(eq(companyMembers.companyId, companyId), eq(companyMembers.role, "owner")))
    .get()!.n;

/**
 * An owner removes a member of their own firm (themself too, unless they are its last owner, so a
 * firm is never left without someone who can manage it). A member of another firm is not found.
 */
export function removeMember(input: { companyId: number; actorUserId: string; memberUserId: string }): TeamChangeResult {
  return getDb().transaction((tx): TeamChangeResult => {
    const actorRole = roleIn(tx, input.companyId, input.actorUserId);
    if (!actorRole) return { ok: false, reason: "not_found" };
    if (actorRole !== "owner") return { ok: false, reason: "not_owner" };
    const role = roleIn(tx, input.companyId, input.memberUserId);
    if (!role) return { ok: false, reason: "not_found" };
    if (role === "owner" && ownerCount(tx, input.companyId) <= 1) return { ok: false, reason: "last_owner" };
    tx.delete(companyMembers)
      .where(and(eq(companyMembers.userId, input.memberUserId), eq(companyMembers.companyId, input.companyId)))
      .run();
    recordAudit(tx, {
      actorUserId: input.actorUserId,
      action: "team.remove",
      entityType: "company",
      entityId: input.companyId,
      before: { userId: input.memberUserId, role },
    });
    return { ok: true };
  });
}

/** An owner withdraws an invitation of their firm that is still open; its link stops working. */
export function revokeInvitation(input: { companyId: number; actorUserId: string; invitationId: number }): TeamChangeResult {
  return getDb().transaction((tx): TeamChangeResult => {
    const actorRole = roleIn(tx, input.companyId, input.actorUserId);
    if (!actorRole) return { ok: false, reason: "not_found" };
    if (actorRole !== "owner") return { ok: false, reason: "not_owner" };
    const now = nowSeconds();
    const invitation = tx
      .select({ id: companyInvitations.id, email: companyInvitations.email })
      .from(companyInvitations)
      .where(
        and(
          eq(companyInvitations.id, input.invitationId),
          eq(companyInvitations.companyId, input.companyId),
          eq(companyInvitations.kind, "colleague"),
          isNull(companyInvitations.usedAt),
          gt(companyInvitations.expiresAt, now),
        ),
      )
      .get();
    if (!invitation) return { ok: false, reason: "not_found" };
    // Expiring it now keeps the row (and the daily count it is part of) while the link stops working.
    tx.update(companyInvitations).set({ expiresAt: now }).where(eq(companyInvitations.id, invitation.id)).run();
    recordAudit(tx, {
      actorUserId: input.actorUserId,
      action: "team.revoke_invitation",
      entityType: "company",
      entityId: input.companyId,
      before: { invitationId: invitation.id, email: invitation.email },
    });
    return { ok: true };
  });
}

/** An owner hands the owner role to another member of the firm and becomes a member. */
export function transferOwnership(input: { companyId: number; actorUserId: string; memberUserId: string }): TeamChangeResult {
  return getDb().transaction((tx): TeamChangeResult => {
    const actorRole = roleIn(tx, input.companyId, input.actorUserId);
    if (!actorRole) return { ok: false, reason: "not_found" };
    if (actorRole !== "owner") return { ok: false, reason: "not_owner" };
    if (input.memberUserId === input.actorUserId) return { ok: false, reason: "not_found" };
    const role = roleIn(tx, input.companyId, input.memberUserId);
    if (!role) return { ok: false, reason: "not_found" };
    const mine = and(eq(companyMembers.userId, input.actorUserId), eq(companyMembers.companyId, input.companyId));
    const theirs = and(eq(companyMembers.userId, input.memberUserId), eq(companyMembers.companyId, input.companyId));
    tx.update(companyMembers).set({ role: "owner" }).where(theirs).run();
    tx.update(companyMembers).set({ role: "member" }).where(mine).run();
    recordAudit(tx, {
      actorUserId: input.actorUserId,
      action: "team.transfer_owner",
      entityType: "company",
      entityId: input.companyId,
      before: { owner: input.actorUserId },
      after: { owner: input.memberUserId },
    });
    return { ok: true };
  });
}
