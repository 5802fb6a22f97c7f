// The introduction workflow: every arrow of the state diagram (docs/design.md) is one
// function here. Each runs in one transaction, which begins IMMEDIATE (db.server.ts makes that
// the default): it takes the write lock before it reads the current state, so two staff deciding
// the same request at once are serialised: the first decision wins and the second reads it and
// is refused with who decided. Each arrow queues its e-mails and (for staff) its audit entry in
// that same transaction. What time moves (expiry, reminders) is upkeep.server.ts; the staff's
// daily digest is digests.server.ts.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { companies, introductionEvents, introductionOutcomes, introductions, users } from "../../../db/schema";
import { getDb, type DbOrTx } from "~/db.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { isStaffRole } from "~/modules/auth/roles";
import { getCompanyIdOfMember, isCompanySuspended, listCompanyMembers } from "~/modules/companies/companies.server";
import { contactChannels, type ContactChannel } from "~/modules/companies/channels.server";
import { taxonomyLabel, type PartnershipTypeCode } from "~/modules/companies/taxonomy";
import { excludePair, isExcluded } from "~/modules/matching/exclusions.server";
import { queueEmail } from "~/modules/notifications/outbox.server";
import { listStaffAlertRecipients } from "~/modules/notifications/preferences.server";
import type { InReaderLanguage } from "~/modules/notifications/templates.server";
import type { EmailCategory, TemplateName, TemplateParams } from "~/modules/notifications/templates.server";
import { OPEN_STATUSES, type IntroductionStatus, type Outcome } from "./labels";
import { getWeeklyCap } from "./settings.server";
import { nowSeconds } from "~/utils/time";

type IntroductionRow = typeof introductions.$inferSelect;

export const DAY = 86400;
/** A request (or an approved introduction) with no answer for this long expires. */
export const EXPIRY_DAYS = 14;
/** Whoever must answer hears this many days before it expires. */
export const EXPIRY_REMINDER_DAYS = 3;
/** Both firms are asked what came of an accepted introduction this long after it. */
export const OUTCOME_REMINDER_DAYS = 21;

/** What a refused transition tells the person who tried it. */
type Refusal =
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "illegal_transition"; status: IntroductionStatus; decidedBy: { name: string; email: string } | null; decidedAt: number | null }
  | { ok: false; reason: "not_your_turn" }
  | { ok: false; reason: "already_answered" }
  // The acting member's firm is suspended: it can do nothing as the firm until staff restore it.
  | { ok: false; reason: "company_suspended" }
  // The other firm is suspended: the introduction is held (nobody accepts it, staff do not
  // approve it, it does not expire) until that firm is restored.
  | { ok: false; reason: "held" };

function companyIdOf(tx: DbOrTx, userId: string): number | null {
  return getCompanyIdOfMember(tx, { userId });
}

export function load(tx: DbOrTx, introductionId: number) {
  return tx.select().from(introductions).where(eq(introductions.id, introductionId)).get() ?? null;
}

function refuse(tx: DbOrTx, row: IntroductionRow): Refusal {
  const decider = row.decidedByUserId
    ? tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, row.decidedByUserId)).get()
    : undefined;
  return { ok: false, reason: "illegal_transition", status: row.status, decidedBy: decider ?? null, decidedAt: row.decidedAt };
}

export function event(
  tx: DbOrTx,
  input: {
    introductionId: number;
    from: IntroductionStatus | null;
    to: IntroductionStatus;
    kind: string;
    actorUserId?: string | null;
    companyId?: number | null;
    note?: string | null;
    at: number;
  },
) {
  tx.insert(introductionEvents)
    .values({
      introductionId: input.introductionId,
      fromStatus: input.from,
      toStatus: input.to,
      kind: input.kind,
      actorUserId: input.actorUserId ?? null,
      companyId: input.companyId ?? null,
      note: input.note ?? null,
      createdAt: input.at,
    })
    .run();
}

/** The state change itself, guarded by the state it was read in (belt and braces inside the lock). */
/** A partnership type in the words of an e-mail's reader. */
export function purposeWords(purpose: string): InReaderLanguage {
  return (_t, locale) => taxonomyLabel("partnershipType", purpose, locale);
}

export function move(tx: DbOrTx, row: IntroductionRow, set: Partial<IntroductionRow> & { status?: IntroductionStatus }, at: number) {
  const changed = tx
    .update(introductions)
    .set({ ...set, updatedAt: at })
    .where(and(eq(introductions.id, row.id), eq(introductions.status, row.status)))
    .run().changes;
  if (changed !== 1) throw new Error(`introduction ${row.id} changed under a transition`);
}

// ---- names, contacts and recipients ----

type CompanyName = { id: number; name: string; localName: string | null; country: string; visible: boolean; suspended: boolean };

export function companyName(tx: DbOrTx, companyId: number): CompanyName | null {
  const row = tx
    .select({
      id: companies.id,
      name: companies.name,
      localName: companies.localName,
      country: companies.country,
      visible: companies.visible,
      suspendedAt: companies.suspendedAt,
    })
    .from(companies)
    .where(eq(companies.id, companyId))
    .get();
  if (!row) return null;
  const { suspendedAt, ...rest } = row;
  return { ...rest, suspended: suspendedAt !== null };
}

/** An open introduction one of whose firms is suspended is held: no acceptance, approval or expiry. */
export function isHeld(db: DbOrTx, row: Pick<IntroductionRow, "status" | "requesterCompanyId" | "targetCompanyId">) {
  return OPEN_STATUSES.includes(row.status) && (isCompanySuspended(db, row.requesterCompanyId) || isCompanySuspended(db, row.targetCompanyId));
}

export const display = (c: Pick<CompanyName, "name" | "localName">) => (c.localName ? `${c.name} (${c.localName})` : c.name);

/**
 * The person a partner reaches: the profile's contact, or else the firm's first owner; with the
 * profile's phone and messaging handles either way, ready to show.
 */
export function companyContact(tx: DbOrTx, companyId: number): { name: string; email: string; channels: ContactChannel[] } | null {
  const row = tx
    .select({
      name: companies.contactName,
      email: companies.contactEmail,
      phone: companies.phone,
      wechat: companies.wechat,
      whatsapp: companies.whatsapp,
      line: companies.line,
      zalo: companies.zalo,
      telegram: companies.telegram,
    })
    .from(companies)
    .where(eq(companies.id, companyId))
    .get();
  const channels = row ? contactChannels(row) : [];
  if (row?.email) return { name: row.name ?? row.email, email: row.email, channels };
  const owner = listCompanyMembers(tx, { companyId }).find((m) => m.role === "owner") ?? listCompanyMembers(tx, { companyId })[0];
  return owner ? { name: owner.name, email: owner.email, channels } : null;
}

/** One message of any template, as the arrows build it for each recipient. */
type Mail = { [N in TemplateName]: { category: EmailCategory; template: N; params: TemplateParams<N> } }[TemplateName];

/** Every member of a company gets the message, each in their own language; `key` names the event. */
function mailMembers(tx: DbOrTx, companyId: number, key: string, build: (member: { userId: string; name: string; email: string }) => Mail) {
  for (const m of listCompanyMembers(tx, { companyId })) {
    queueEmail(tx, { key: `${key}:${m.userId}`, to: m.email, userId: m.userId, ...build(m) } as Parameters<typeof queueEmail>[1]);
  }
}

/** Each firm of the introduction hears about the other (a firm `only` refuses is left out). */
export function mailBothFirms(
  tx: DbOrTx,
  row: IntroductionRow,
  key: string,
  build: (member: { userId: string; name: string; email: string }, partner: CompanyName) => Mail,
  only: (companyId: number) => boolean = () => true,
) {
  for (const [self, other] of [
    [row.requesterCompanyId, row.targetCompanyId],
    [row.targetCompanyId, row.requesterCompanyId],
  ]) {
    if (!only(self)) continue;
    const partner = companyName(tx, other)!;
    mailMembers(tx, self, key, (m) => build(m, partner));
  }
}

// ---- request (member) and start (staff) ----

type RequestRefusal =
  | { ok: false; reason: "no_company" | "not_listed" | "not_found" | "not_verified" | "declined_before" | "company_suspended" }
  | { ok: false; reason: "already_open"; introductionId: number }
  | { ok: false; reason: "already_accepted"; introductionId: number; acceptedAt: number | null }
  | { ok: false; reason: "weekly_cap"; cap: number };

function openIntroductionOfPair(tx: DbOrTx, a: number, b: number) {
  const [low, high] = a < b ? [a, b] : [b, a];
  return (
    tx
      .select({ id: introductions.id })
      .from(introductions)
      .where(and(eq(introductions.pairLow, low), eq(introductions.pairHigh, high), inArray(introductions.status, OPEN_STATUSES)))
      .get() ?? null
  );
}

/** The pair's accepted introduction, if any: the firms already have each other's contacts. */
function acceptedIntroductionOfPair(tx: DbOrTx, a: number, b: number) {
  const [low, high] = a < b ? [a, b] : [b, a];
  return (
    tx
      .select({ id: introductions.id, acceptedAt: introductions.acceptedAt })
      .from(introductions)
      .where(and(eq(introductions.pairLow, low), eq(introductions.pairHigh, high), eq(introductions.status, "accepted")))
      .orderBy(desc(introductions.id))
      .get() ?? null
  );
}

/** The open introduction between a member's company and a partner, if any (for match and company pages). */
export function getOpenIntroductionBetween({ companyId, partnerId }: { companyId: number; partnerId: number }) {
  return openIntroductionOfPair(getDb(), companyId, partnerId);
}

/** Whether one of the two firms declined an introduction to the other before (matching excludes the pair since). */
function declinedBefore(db: DbOrTx, a: number, b: number) {
  return isExcluded(db, { companyId: a, partnerId: b, reason: "introduction_declined" });
}

/** Open requests the company made in the seven days before `now`: what the weekly cap counts. */
function countRecentOpenRequests(db: DbOrTx, { companyId, now }: { companyId: number; now: number }) {
  return db
    .select({ n: sql<number>`count(*)` })
    .from(introductions)
    .where(
      and(
        eq(introductions.requesterCompanyId, companyId),
        eq(introductions.initiatedBy, "member"),
        inArray(introductions.status, OPEN_STATUSES),
        sql`${introductions.createdAt} > ${now - 7 * DAY}`,
      ),
    )
    .get()!.n;
}

/**
 * Whether this member may ask this partner now, and if not why: the one pre-check of
 * requestIntroduction (which runs it in its transaction) and of the page's ask panel
 * (member.server.ts getAskState), so the two never disagree. In this order: no confirmed
 * address, no company, own company suspended, own company not listed, partner not listed or the
 * own firm, one already under way, one accepted (the firms have each other's contacts: asking
 * again would only mail the council twice), declined before, the weekly cap.
 */
export function checkIntroductionRequest(
  db: DbOrTx,
  input: { userId: string; partnerId: number; now: number },
): { ok: true; companyId: number; own: CompanyName; target: CompanyName; cap: number; used: number } | RequestRefusal {
  const user = db.select({ verifiedAt: users.emailVerifiedAt }).from(users).where(eq(users.id, input.userId)).get();
  if (!user?.verifiedAt) return { ok: false, reason: "not_verified" };
  const companyId = companyIdOf(db, input.userId);
  if (companyId === null) return { ok: false, reason: "no_company" };
  const own = companyName(db, companyId);
  if (own?.suspended) return { ok: false, reason: "company_suspended" };
  if (!own?.visible) return { ok: false, reason: "not_listed" };
  const target = companyName(db, input.partnerId);
  if (!target?.visible || target.id === companyId) return { ok: false, reason: "not_found" };
  const open = openIntroductionOfPair(db, companyId, target.id);
  if (open) return { ok: false, reason: "already_open", introductionId: open.id };
  const accepted = acceptedIntroductionOfPair(db, companyId, target.id);
  if (accepted) return { ok: false, reason: "already_accepted", introductionId: accepted.id, acceptedAt: accepted.acceptedAt };
  if (declinedBefore(db, companyId, target.id)) return { ok: false, reason: "declined_before" };
  const cap = getWeeklyCap(db);
  const used = countRecentOpenRequests(db, { companyId, now: input.now });
  if (used >= cap) return { ok: false, reason: "weekly_cap", cap };
  return { ok: true, companyId, own, target, cap, used };
}

/**
 * A member asks for an introduction to another listed firm. Refused when the member has no
 * listed company or no confirmed address, the partner is not listed (or is their own firm), the
 * pair already has one under way or accepted, the partner declined them before, or the company reached the
 * weekly cap. Staff hear of it (at once or in their daily digest).
 */
export function requestIntroduction(input: {
  userId: string;
  targetCompanyId: number;
  purpose: PartnershipTypeCode;
  message: string;
  now?: number;
}): { ok: true; introductionId: number } | RequestRefusal {
  const at = input.now ?? nowSeconds();
  return getDb().transaction((tx) => {
    const check = checkIntroductionRequest(tx, { userId: input.userId, partnerId: input.targetCompanyId, now: at });
    if (!check.ok) return check;
    const { companyId, own, target } = check;
    const [low, high] = companyId < target.id ? [companyId, target.id] : [target.id, companyId];
    const row = tx
      .insert(introductions)
      .values({
        requesterCompanyId: companyId,
        targetCompanyId: target.id,
        pairLow: low,
        pairHigh: high,
        initiatedBy: "member",
        createdByUserId: input.userId,
        purpose: input.purpose,
        message: input.message,
        status: "requested",
        requesterAcceptedAt: at,
        expiresAt: at + EXPIRY_DAYS * DAY,
        createdAt: at,
        updatedAt: at,
      })
      .returning()
      .get();
    event(tx, { introductionId: row.id, from: null, to: "requested", kind: "requested", actorUserId: input.userId, companyId, at });
    for (const s of listStaffAlertRecipients(tx)) {
      if (s.frequency !== "immediately") continue;
      queueEmail(tx, {
        key: `intro-requested:${row.id}:${s.userId}`,
        to: s.email,
        userId: s.userId,
        category: "staff_digest",
        template: "intro_staff_new_request",
        params: { name: s.name, requester: display(own), target: display(target), purpose: purposeWords(input.purpose), introductionId: row.id },
      });
    }
    return { ok: true as const, introductionId: row.id };
  });
}

/**
 * Staff introduce two firms they judge a good fit. No approval step: it goes to both firms at
 * once and is accepted when both accept.
 */
export function startIntroduction(input: {
  staffUserId: string;
  companyId: number;
  partnerId: number;
  purpose: PartnershipTypeCode;
  message: string;
  now?: number;
}): { ok: true; introductionId: number } | { ok: false; reason: "not_staff" | "not_found" } | { ok: false; reason: "already_open"; introductionId: number } {
  const at = input.now ?? nowSeconds();
  return getDb().transaction((tx) => {
    const staff = tx.select({ role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.id, input.staffUserId)).get();
    if (!staff || !isStaffRole(staff.role) || staff.disabledAt) return { ok: false as const, reason: "not_staff" as const };
    const a = companyName(tx, input.companyId);
    const b = companyName(tx, input.partnerId);
    if (!a?.visible || !b?.visible || a.id === b.id) return { ok: false as const, reason: "not_found" as const };
    const open = openIntroductionOfPair(tx, a.id, b.id);
    if (open) return { ok: false as const, reason: "already_open" as const, introductionId: open.id };
    const [low, high] = a.id < b.id ? [a.id, b.id] : [b.id, a.id];
    const row = tx
      .insert(introductions)
      .values({
        requesterCompanyId: a.id,
        targetCompanyId: b.id,
        pairLow: low,
        pairHigh: high,
        initiatedBy: "staff",
        createdByUserId: input.staffUserId,
        purpose: input.purpose,
        message: input.message,
        status: "approved",
        decidedByUserId: input.staffUserId,
        decidedAt: at,
        expiresAt: at + EXPIRY_DAYS * DAY,
        createdAt: at,
        updatedAt: at,
      })
      .returning()
      .get();
    event(tx, { introductionId: row.id, from: null, to: "approved", kind: "started_by_staff", actorUserId: input.staffUserId, at });
    mailBothFirms(tx, row, `intro-started:${row.id}`, (m, partner) => ({
      category: "introductions",
      template: "intro_suggested",
      params: {
        name: m.name,
        partner: display(partner),
        purpose: purposeWords(input.purpose),
        message: input.message,
        introductionId: row.id,
        days: EXPIRY_DAYS,
      },
    }));
    recordAudit(tx, {
      actorUserId: input.staffUserId,
      action: "introduction.start",
      entityType: "introduction",
      entityId: row.id,
      after: { status: "approved", companyId: a.id, partnerId: b.id, purpose: input.purpose },
    });
    return { ok: true as const, introductionId: row.id };
  });
}

// ---- staff decisions ----

/** Staff approve a member's request: it goes to the other firm, which has 14 days to answer. */
export function approveIntroduction(input: { introductionId: number; staffUserId: string; now?: number }): { ok: true } | Refusal {
  const at = input.now ?? nowSeconds();
  return getDb().transaction((tx) => {
    const row = load(tx, input.introductionId);
    if (!row) return { ok: false as const, reason: "not_found" as const };
    if (row.status !== "requested") return refuse(tx, row);
    if (isHeld(tx, row)) return { ok: false as const, reason: "held" as const };
    move(tx, row, { status: "approved", decidedByUserId: input.staffUserId, decidedAt: at, expiresAt: at + EXPIRY_DAYS * DAY, expiryReminderSentAt: null }, at);
    event(tx, { introductionId: row.id, from: "requested", to: "approved", kind: "approved", actorUserId: input.staffUserId, at });
    const requester = companyName(tx, row.requesterCompanyId)!;
    mailMembers(tx, row.targetCompanyId, `intro-approved:${row.id}`, (m) => ({
      category: "introductions",
      template: "intro_for_you",
      params: {
        name: m.name,
        requester: display(requester),
        purpose: purposeWords(row.purpose),
        message: row.message,
        introductionId: row.id,
        days: EXPIRY_DAYS,
      },
    }));
    // The requester hears that the request went on, not only later what the other firm answered.
    const target = companyName(tx, row.targetCompanyId)!;
    mailMembers(tx, row.requesterCompanyId, `intro-approved-requester:${row.id}`, (m) => ({
      category: "introductions",
      template: "intro_approved",
      params: { name: m.name, partner: display(target), introductionId: row.id, days: EXPIRY_DAYS },
    }));
    recordAudit(tx, {
      actorUserId: input.staffUserId,
      action: "introduction.approve",
      entityType: "introduction",
      entityId: row.id,
      before: { status: row.status },
      after: { status: "approved" },
    });
    return { ok: true as const };
  });
}

/** Staff decline a member's request, with a reason the requester reads. */
export function declineIntroduction(input: { introductionId: number; staffUserId: string; reason: string; now?: number }): { ok: true } | Refusal {
  const at = input.now ?? nowSeconds();
  return getDb().transaction((tx) => {
    const row = load(tx, input.introductionId);
    if (!row) return { ok: false as const, reason: "not_found" as const };
    if (row.status !== "requested") return refuse(tx, row);
    move(tx, row, { status: "declined_by_staff", decidedByUserId: input.staffUserId, decidedAt: at, staffReason: input.reason, closedAt: at }, at);
    event(tx, {
      introductionId: row.id,
      from: "requested",
      to: "declined_by_staff",
      kind: "declined_by_staff",
      actorUserId: input.staffUserId,
      note: input.reason,
      at,
    });
    const target = companyName(tx, row.targetCompanyId)!;
    mailMembers(tx, row.requesterCompanyId, `intro-declined-staff:${row.id}`, (m) => ({
      category: "introductions",
      template: "intro_declined_by_staff",
      params: { name: m.name, partner: display(target), reason: input.reason, introductionId: row.id },
    }));
    recordAudit(tx, {
      actorUserId: input.staffUserId,
      action: "introduction.decline",
      entityType: "introduction",
      entityId: row.id,
      before: { status: row.status },
      after: { status: "declined_by_staff", reason: input.reason },
    });
    return { ok: true as const };
  });
}

// ---- the firms' answers ----

/**
 * Which side(s) of an approved introduction still answer: the target of a member's request; both
 * firms of one staff started, each until it has accepted.
 */
export function mustAnswer(row: IntroductionRow, companyId: number): "yes" | "answered" | "no" {
  if (row.initiatedBy === "member") {
    if (companyId !== row.targetCompanyId) return "no";
    return row.targetAcceptedAt ? "answered" : "yes";
  }
  if (companyId === row.requesterCompanyId) return row.requesterAcceptedAt ? "answered" : "yes";
  if (companyId === row.targetCompanyId) return row.targetAcceptedAt ? "answered" : "yes";
  return "no";
}

function partyOf(tx: DbOrTx, row: IntroductionRow, userId: string): number | null {
  const companyId = companyIdOf(tx, userId);
  return companyId === row.requesterCompanyId || companyId === row.targetCompanyId ? companyId : null;
}

/**
 * A firm accepts. Once every firm that must answer has, the introduction is accepted and both
 * firms receive each other's contact person and address.
 */
export function acceptIntroduction(input: { introductionId: number; userId: string; now?: number }): { ok: true; status: IntroductionStatus } | Refusal {
  const at = input.now ?? nowSeconds();
  return getDb().transaction((tx) => {
    const row = load(tx, input.introductionId);
    const companyId = row && partyOf(tx, row, input.userId);
    if (!row || companyId === null) return { ok: false as const, reason: "not_found" as const };
    if (isCompanySuspended(tx, companyId)) return { ok: false as const, reason: "company_suspended" as const };
    if (row.status !== "approved") return refuse(tx, row);
    const turn = mustAnswer(row, companyId);
    if (turn === "no") return { ok: false as const, reason: "not_your_turn" as const };
    if (turn === "answered") return { ok: false as const, reason: "already_answered" as const };
    // The other firm is suspended: accepting would hand over (or reach) a suspended firm's contact.
    if (isHeld(tx, row)) return { ok: false as const, reason: "held" as const };
    const side = companyId === row.requesterCompanyId ? { requesterAcceptedAt: at } : { targetAcceptedAt: at };
    const next = { ...row, ...side };
    const complete = next.requesterAcceptedAt !== null && next.targetAcceptedAt !== null;
    if (!complete) {
      move(tx, row, { ...side, answeredByUserId: input.userId }, at);
      event(tx, { introductionId: row.id, from: "approved", to: "approved", kind: "accepted_by_one", actorUserId: input.userId, companyId, at });
      return { ok: true as const, status: "approved" as const };
    }
    move(tx, row, { ...side, status: "accepted", answeredByUserId: input.userId, acceptedAt: at, closedAt: at }, at);
    event(tx, { introductionId: row.id, from: "approved", to: "accepted", kind: "accepted", actorUserId: input.userId, companyId, at });
    mailBothFirms(tx, row, `intro-accepted:${row.id}`, (m, partner) => {
      const contact = companyContact(tx, partner.id);
      return {
        category: "introductions",
        template: "intro_accepted",
        params: {
          name: m.name,
          partner: display(partner),
          contactName: contact?.name ?? "",
          contactEmail: contact?.email ?? "",
          contactPhone: contact?.channels.find((c) => c.field === "phone")?.text ?? "",
          introductionId: row.id,
        },
      };
    });
    return { ok: true as const, status: "accepted" as const };
  });
}

/**
 * A firm declines. The pair never matches again (an exclusion for matching), and the other side
 * hears of it; the firm's note, if any, goes to staff only.
 */
export function declineIntroductionByFirm(input: { introductionId: number; userId: string; note?: string | null; now?: number }): { ok: true } | Refusal {
  const at = input.now ?? nowSeconds();
  return getDb().transaction((tx) => {
    const row = load(tx, input.introductionId);
    const companyId = row && partyOf(tx, row, input.userId);
    if (!row || companyId === null) return { ok: false as const, reason: "not_found" as const };
    if (isCompanySuspended(tx, companyId)) return { ok: false as const, reason: "company_suspended" as const };
    if (row.status !== "approved") return refuse(tx, row);
    const turn = mustAnswer(row, companyId);
    if (turn === "no") return { ok: false as const, reason: "not_your_turn" as const };
    if (turn === "answered") return { ok: false as const, reason: "already_answered" as const };
    // Declining a held introduction stays open to the firm in good standing: no contact changes hands.
    const note = input.note?.trim() || null;
    move(tx, row, { status: "declined_by_target", answeredByUserId: input.userId, declinedByCompanyId: companyId, declineNote: note, closedAt: at }, at);
    event(tx, {
      introductionId: row.id,
      from: "approved",
      to: "declined_by_target",
      kind: "declined_by_target",
      actorUserId: input.userId,
      companyId,
      note,
      at,
    });
    excludePair(tx, { companyId: row.requesterCompanyId, partnerId: row.targetCompanyId, reason: "introduction_declined", userId: input.userId });
    const otherId = companyId === row.requesterCompanyId ? row.targetCompanyId : row.requesterCompanyId;
    const decliner = companyName(tx, companyId)!;
    mailMembers(tx, otherId, `intro-declined-firm:${row.id}`, (m) => ({
      category: "introductions",
      template: "intro_declined_by_firm",
      params: { name: m.name, partner: display(decliner), introductionId: row.id },
    }));
    return { ok: true as const };
  });
}

/** The requester takes back a request still open (before or after staff approved it). */
export function withdrawIntroduction(input: { introductionId: number; userId: string; now?: number }): { ok: true } | Refusal {
  const at = input.now ?? nowSeconds();
  return getDb().transaction((tx) => {
    const row = load(tx, input.introductionId);
    const companyId = row && partyOf(tx, row, input.userId);
    if (!row || companyId === null) return { ok: false as const, reason: "not_found" as const };
    if (isCompanySuspended(tx, companyId)) return { ok: false as const, reason: "company_suspended" as const };
    if (row.initiatedBy !== "member" || companyId !== row.requesterCompanyId) return { ok: false as const, reason: "not_your_turn" as const };
    if (!OPEN_STATUSES.includes(row.status)) return refuse(tx, row);
    move(tx, row, { status: "withdrawn", closedAt: at }, at);
    event(tx, { introductionId: row.id, from: row.status, to: "withdrawn", kind: "withdrawn", actorUserId: input.userId, companyId, at });
    if (row.status === "approved") {
      const requester = companyName(tx, row.requesterCompanyId)!;
      mailMembers(tx, row.targetCompanyId, `intro-withdrawn:${row.id}`, (m) => ({
        category: "introductions",
        template: "intro_withdrawn",
        params: { name: m.name, partner: display(requester), introductionId: row.id },
      }));
    }
    return { ok: true as const };
  });
}

// ---- outcomes ----

/**
 * What came of an accepted introduction, recorded by either firm or by staff. Appends: the
 * latest record is the current outcome, the earlier ones its history.
 */
export function recordOutcome(input: {
  introductionId: number;
  userId: string;
  outcome: Outcome;
  partnershipType?: PartnershipTypeCode | null;
  note?: string | null;
  now?: number;
}): { ok: true } | Refusal | { ok: false; reason: "partnership_type_required" } {
  const at = input.now ?? nowSeconds();
  return getDb().transaction((tx) => {
    const row = load(tx, input.introductionId);
    if (!row) return { ok: false as const, reason: "not_found" as const };
    const user = tx.select({ role: users.role }).from(users).where(eq(users.id, input.userId)).get();
    const staff = !!user && isStaffRole(user.role);
    const companyId = staff ? null : partyOf(tx, row, input.userId);
    if (!staff && companyId === null) return { ok: false as const, reason: "not_found" as const };
    if (companyId !== null && isCompanySuspended(tx, companyId)) return { ok: false as const, reason: "company_suspended" as const };
    if (row.status !== "accepted") return refuse(tx, row);
    if (input.outcome === "agreement_signed" && !input.partnershipType) return { ok: false as const, reason: "partnership_type_required" as const };
    const partnershipType = input.outcome === "agreement_signed" ? (input.partnershipType ?? null) : null;
    const note = input.note?.trim() || null;
    const outcome = tx
      .insert(introductionOutcomes)
      .values({ introductionId: row.id, outcome: input.outcome, partnershipType, note, companyId, recordedByUserId: input.userId, createdAt: at })
      .returning({ id: introductionOutcomes.id })
      .get();
    tx.update(introductions).set({ updatedAt: at }).where(eq(introductions.id, row.id)).run();
    if (staff) {
      recordAudit(tx, {
        actorUserId: input.userId,
        action: "introduction.outcome",
        entityType: "introduction",
        entityId: row.id,
        after: { outcomeId: outcome.id, outcome: input.outcome, partnershipType },
      });
    }
    return { ok: true as const };
  });
}
