// What pages read of introductions: a firm's own (never another firm's: a stranger gets null, so
// routes answer 404), the staff queue and a staff view of one with both profiles and the match.
// Contact details appear only in `accepted`.
import { and, asc, desc, eq, inArray, isNotNull, ne, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { companies, introductionEvents, introductionOutcomes, introductions, users } from "../../../db/schema";
import { getDb } from "~/db.server";
import { getMembership } from "~/modules/companies/companies.server";
import { getListing } from "~/modules/companies/listing.server";
import type { CountryCode, PartnershipTypeCode } from "~/modules/companies/taxonomy";
import { getMatch } from "~/modules/matching/store.server";
import { OPEN_STATUSES } from "./labels";
import type { IntroductionStatus, Outcome } from "./labels";
import { companyContact, isHeld } from "./workflow.server";

type CompanyLabel = { id: number; name: string; localName: string | null; country: CountryCode };

const requester = alias(companies, "requester");
const target = alias(companies, "target");

const listColumns = {
  id: introductions.id,
  status: introductions.status,
  initiatedBy: introductions.initiatedBy,
  purpose: introductions.purpose,
  createdAt: introductions.createdAt,
  updatedAt: introductions.updatedAt,
  expiresAt: introductions.expiresAt,
  requesterCompanyId: introductions.requesterCompanyId,
  targetCompanyId: introductions.targetCompanyId,
  requesterName: requester.name,
  requesterLocalName: requester.localName,
  requesterCountry: requester.country,
  targetName: target.name,
  targetLocalName: target.localName,
  targetCountry: target.country,
};

type ListRow = {
  id: number;
  status: IntroductionStatus;
  initiatedBy: "member" | "staff";
  purpose: string;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  requesterCompanyId: number;
  targetCompanyId: number;
  requesterName: string;
  requesterLocalName: string | null;
  requesterCountry: string;
  targetName: string;
  targetLocalName: string | null;
  targetCountry: string;
};

const label = (id: number, name: string, localName: string | null, country: string): CompanyLabel => ({ id, name, localName, country: country as CountryCode });

function shape(r: ListRow) {
  return {
    id: r.id,
    status: r.status,
    initiatedBy: r.initiatedBy,
    purpose: r.purpose as PartnershipTypeCode,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    expiresAt: r.expiresAt,
    requester: label(r.requesterCompanyId, r.requesterName, r.requesterLocalName, r.requesterCountry),
    target: label(r.targetCompanyId, r.targetName, r.targetLocalName, r.targetCountry),
  };
}

function baseList() {
  return getDb()
    .select(listColumns)
    .from(introductions)
    .innerJoin(requester, eq(requester.id, introductions.requesterCompanyId))
    .innerJoin(target, eq(target.id, introductions.targetCompanyId));
}

// ---- a firm's view ----

/** The introductions of the user's company, newest first, each with the other firm and which way it goes. */
export function listIntroductionsForUser({ userId }: { userId: string }) {
  const m = getMembership({ userId });
  if (!m) return [];
  return baseList()
    .where(
      or(
        eq(introductions.requesterCompanyId, m.companyId),
        // The other firm hears of a member's request only once the council approved it.
        and(eq(introductions.targetCompanyId, m.companyId), isNotNull(introductions.decidedAt), ne(introductions.status, "declined_by_staff")),
      ),
    )
    .orderBy(desc(introductions.updatedAt), desc(introductions.id))
    .all()
    .map((r) => {
      const row = shape(r as ListRow);
      const outgoing = row.requester.id === m.companyId;
      return {
        ...row,
        direction: row.initiatedBy === "staff" ? ("council" as const) : outgoing ? ("sent" as const) : ("received" as const),
        partner: outgoing ? row.target : row.requester,
      };
    });
}

/** How many introductions wait for the user's firm to answer (for the navigation badge). */
export function countAwaitingAnswer({ userId }: { userId: string }) {
  const m = getMembership({ userId });
  if (!m) return 0;
  return getDb()
    .select({ n: sql<number>`count(*)` })
    .from(introductions)
    .where(
      and(
        eq(introductions.status, "approved"),
        or(
          and(eq(introductions.targetCompanyId, m.companyId), sql`${introductions.targetAcceptedAt} is null`),
          and(eq(introductions.initiatedBy, "staff"), eq(introductions.requesterCompanyId, m.companyId), sql`${introductions.requesterAcceptedAt} is null`),
        ),
      ),
    )
    .get()!.n;
}

const actor = alias(users, "actor");

function history(introductionId: number) {
  return getDb()
    .select({
      id: introductionEvents.id,
      kind: introductionEvents.kind,
      toStatus: introductionEvents.toStatus,
      companyId: introductionEvents.companyId,
      note: introductionEvents.note,
      createdAt: introductionEvents.createdAt,
      actorName: actor.name,
      actorRole: actor.role,
    })
    .from(introductionEvents)
    .leftJoin(actor, eq(actor.id, introductionEvents.actorUserId))
    .where(eq(introductionEvents.introductionId, introductionId))
    .orderBy(asc(introductionEvents.id))
    .all();
}

function outcomes(introductionId: number) {
  return getDb()
    .select({
      id: introductionOutcomes.id,
      outcome: introductionOutcomes.outcome,
      partnershipType: introductionOutcomes.partnershipType,
      note: introductionOutcomes.note,
      companyId: introductionOutcomes.companyId,
      createdAt: introductionOutcomes.createdAt,
      recordedBy: users.name,
    })
    .from(introductionOutcomes)
    .leftJoin(users, eq(users.id, introductionOutcomes.recordedByUserId))
    .where(eq(introductionOutcomes.introductionId, introductionId))
    .orderBy(desc(introductionOutcomes.id))
    .all()
    .map((o) => ({ ...o, outcome: o.outcome as Outcome, partnershipType: o.partnershipType as PartnershipTypeCode | null }));
}

/**
 * One introduction as a member of either firm sees it: null for anyone else. The staff reason
 * reaches the requester only, the other firm's private decline note nobody but staff, and the
 * partner's contact person — and the name of any of its people — only once the introduction is
 * accepted: before that, what the partner's members did is the firm's act ("a member of …").
 * `held`: open while one of the firms is suspended; nobody accepts it until staff restore that
 * firm. A member of a suspended firm can do nothing here and sees no contact.
 */
export function getIntroductionForUser({ introductionId, userId }: { introductionId: number; userId: string }) {
  const m = getMembership({ userId });
  if (!m) return null;
  const db = getDb();
  const row = db.select().from(introductions).where(eq(introductions.id, introductionId)).get();
  if (!row || (row.requesterCompanyId !== m.companyId && row.targetCompanyId !== m.companyId)) return null;
  // A request the council has not approved (or declined) is none of the other firm's business.
  if (row.requesterCompanyId !== m.companyId && (row.decidedAt === null || row.status === "declined_by_staff")) return null;
  const own = m.companyId;
  const partnerId = own === row.requesterCompanyId ? row.targetCompanyId : row.requesterCompanyId;
  const partnerRow = db.select().from(companies).where(eq(companies.id, partnerId)).get()!;
  const listing = getListing(db, { companyId: partnerId });
  const isRequester = own === row.requesterCompanyId;
  const ownAccepted = isRequester ? row.requesterAcceptedAt !== null : row.targetAcceptedAt !== null;
  const mustAnswer = row.status === "approved" && !ownAccepted && (row.initiatedBy === "staff" || !isRequester);
  const held = isHeld(db, row);
  const active = !m.suspended;
  // Only an accepted introduction names the partner's people (as it shares their contact).
  const namesPartnerPeople = row.status === "accepted";
  return {
    id: row.id,
    status: row.status,
    initiatedBy: row.initiatedBy,
    direction: row.initiatedBy === "staff" ? ("council" as const) : isRequester ? ("sent" as const) : ("received" as const),
    purpose: row.purpose as PartnershipTypeCode,
    message: row.message,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    acceptedAt: row.acceptedAt,
    staffReason: isRequester && row.status === "declined_by_staff" ? row.staffReason : null,
    partner: {
      id: partnerId,
      name: partnerRow.name,
      localName: partnerRow.localName,
      country: partnerRow.country as CountryCode,
      city: partnerRow.city,
      website: listing?.website ?? null,
      description: listing?.description ?? null,
      visible: partnerRow.visible,
    },
    partnerAccepted: isRequester ? row.targetAcceptedAt !== null : row.requesterAcceptedAt !== null,
    held,
    contact: row.status === "accepted" && active ? companyContact(db, partnerId) : null,
    can: {
      accept: mustAnswer && active && !held,
      decline: mustAnswer && active,
      withdraw: active && row.initiatedBy === "member" && isRequester && (row.status === "requested" || row.status === "approved"),
      recordOutcome: active && row.status === "accepted",
    },
    events: history(row.id).map(({ actorName, actorRole, note, ...e }) => {
      const byStaff = !!actorRole && actorRole !== "member";
      const byPartner = e.companyId === partnerId;
      return {
        ...e,
        // Members see that "council staff" acted, not which person; the partner firm's person
        // only once accepted; and no firm's private note.
        actor: byStaff || (byPartner && !namesPartnerPeople) ? null : actorName,
        byStaff,
        note: e.kind === "declined_by_staff" && isRequester ? note : null,
      };
    }),
    // Outcomes exist only once accepted; staff who record one are "council staff", unnamed.
    outcomes: outcomes(row.id).map((o) => ({ ...o, recordedBy: o.companyId === null ? null : o.recordedBy })),
  };
}

// ---- the staff view ----

/** Requests waiting for a staff decision, oldest first. */
export function listIntroductionQueue() {
  return baseList()
    .where(eq(introductions.status, "requested"))
    .orderBy(asc(introductions.createdAt), asc(introductions.id))
    .all()
    .map((r) => shape(r as ListRow));
}

const STAFF_INTRO_PAGE_SIZE = 50;

/** Every introduction, newest first, optionally of one state or involving one company. */
export function listIntroductionsForStaff(input: { status?: IntroductionStatus; companyId?: number; page?: number } = {}) {
  const where = and(
    input.status ? eq(introductions.status, input.status) : undefined,
    input.companyId ? or(eq(introductions.requesterCompanyId, input.companyId), eq(introductions.targetCompanyId, input.companyId)) : undefined,
  );
  const page = Math.max(1, input.page ?? 1);
  const total = getDb()
    .select({ n: sql<number>`count(*)` })
    .from(introductions)
    .where(where)
    .get()!.n;
  const rows = baseList()
    .where(where)
    .orderBy(desc(introductions.createdAt), desc(introductions.id))
    .limit(STAFF_INTRO_PAGE_SIZE)
    .offset((page - 1) * STAFF_INTRO_PAGE_SIZE)
    .all()
    .map((r) => shape(r as ListRow));
  return { total, page, pageSize: STAFF_INTRO_PAGE_SIZE, introductions: rows };
}

export function countIntroductionsByStatus(): Record<IntroductionStatus, number> {
  const counts: Record<IntroductionStatus, number> = {
    requested: 0,
    approved: 0,
    declined_by_staff: 0,
    accepted: 0,
    declined_by_target: 0,
    expired: 0,
    withdrawn: 0,
  };
  for (const r of getDb()
    .select({ status: introductions.status, n: sql<number>`count(*)` })
    .from(introductions)
    .groupBy(introductions.status)
    .all())
    counts[r.status] = r.n;
  return counts;
}

function staffProfile(companyId: number) {
  const db = getDb();
  const row = db.select().from(companies).where(eq(companies.id, companyId)).get();
  if (!row) return null;
  return {
    id: row.id,
    externalId: row.externalId,
    visible: row.visible,
    suspended: row.suspendedAt !== null,
    contact: companyContact(db, row.id),
    profile: getListing(db, { companyId: row.id }),
  };
}

/**
 * One introduction for staff: both profiles side by side (with contacts — staff are the council),
 * the match as the requester sees it (score and reasons, or null when the partner is not in
 * its list), the full history with who acted, and the outcomes.
 */
export function getIntroductionForStaff({ introductionId }: { introductionId: number }) {
  const db = getDb();
  const row = db.select().from(introductions).where(eq(introductions.id, introductionId)).get();
  if (!row) return null;
  const decidedBy = row.decidedByUserId
    ? (db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, row.decidedByUserId)).get() ?? null)
    : null;
  return {
    id: row.id,
    status: row.status,
    initiatedBy: row.initiatedBy,
    purpose: row.purpose as PartnershipTypeCode,
    message: row.message,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    decidedAt: row.decidedAt,
    decidedBy,
    staffReason: row.staffReason,
    declineNote: row.declineNote,
    declinedByCompanyId: row.declinedByCompanyId,
    requesterAcceptedAt: row.requesterAcceptedAt,
    targetAcceptedAt: row.targetAcceptedAt,
    acceptedAt: row.acceptedAt,
    held: isHeld(db, row),
    requester: staffProfile(row.requesterCompanyId),
    target: staffProfile(row.targetCompanyId),
    match: getMatch({ companyId: row.requesterCompanyId, partnerId: row.targetCompanyId }),
    reverseMatch: getMatch({ companyId: row.targetCompanyId, partnerId: row.requesterCompanyId }),
    events: history(row.id),
    outcomes: outcomes(row.id),
  };
}

/** A company's introductions under way, by partner (the staff view of its matches links them). */
export function listOpenIntroductionPartners({ companyId }: { companyId: number }) {
  return getDb()
    .select({ id: introductions.id, requester: introductions.requesterCompanyId, target: introductions.targetCompanyId, status: introductions.status })
    .from(introductions)
    .where(
      and(inArray(introductions.status, [...OPEN_STATUSES]), or(eq(introductions.requesterCompanyId, companyId), eq(introductions.targetCompanyId, companyId))),
    )
    .all()
    .map((r) => ({ introductionId: r.id, partnerId: r.requester === companyId ? r.target : r.requester, status: r.status }));
}
